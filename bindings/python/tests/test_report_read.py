"""Report objects are read from the C report (kneepain.capi.report_objects),
never through JSON: every value must equal the report JSON's, for every
vignette case and the example document."""

import dataclasses
import glob
import json
import math
import os

import pytest

import kneepain
from kneepain import report as R

from conftest import TOP_SRCDIR


def _inputs():
    cases = []
    for path in sorted(glob.glob(os.path.join(TOP_SRCDIR, "tests", "vignettes", "*.json"))):
        with open(path, encoding="utf-8") as f:
            for v in json.load(f)["vignettes"]:
                cases.append(pytest.param(v["input"], id=f"{os.path.basename(path)}:{v['id']}"))
    with open(os.path.join(TOP_SRCDIR, "examples", "assessment.json"), encoding="utf-8") as f:
        cases.append(pytest.param(json.load(f), id="examples/assessment.json"))
    return cases


def same(a, b, where):
    """a (read through C accessors) equals b (parsed JSON): same types, same
    strings, numbers to 1e-12 relative."""
    if dataclasses.is_dataclass(a) and isinstance(b, dict):
        fields(a, b, where)
    elif isinstance(b, float) and not isinstance(a, bool):
        assert isinstance(a, float), f"{where}: {a!r} is not a float like {b!r}"
        assert math.isclose(a, b, rel_tol=1e-12, abs_tol=0.0) or a == b, f"{where}: {a!r} != {b!r}"
    elif isinstance(b, dict):
        assert isinstance(a, dict) and set(a) == set(b), f"{where}: keys {sorted(a)} != {sorted(b)}"
        for k in b:
            same(a[k], b[k], f"{where}.{k}")
    elif isinstance(b, list):
        assert isinstance(a, list) and len(a) == len(b), f"{where}: {a!r} != {b!r}"
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, f"{where}[{i}]")
    else:
        assert type(a) is type(b) and a == b, f"{where}: {a!r} != {b!r}"


def fields(obj, doc, where):
    """Every dataclass field of obj against the JSON member of the same name
    (a member the JSON omits must hold the field's default)."""
    for f in dataclasses.fields(obj):
        if f.name in doc:
            same(getattr(obj, f.name), doc[f.name], f"{where}.{f.name}")
        else:
            default = f.default if f.default is not dataclasses.MISSING else f.default_factory()
            assert getattr(obj, f.name) == default, f"{where}.{f.name}: not in the JSON"


@pytest.mark.parametrize("doc", _inputs())
def test_objects_equal_json(doc):
    report = kneepain.assess(doc)
    d = json.loads(report.to_json())
    t = report.triage
    fields(t, d["triage"], "triage")
    assert [type(r) for r in t.reasons] == [R.TriageReason] * len(d["triage"]["reasons"])
    for i, r in enumerate(t.reasons):
        fields(r, d["triage"]["reasons"][i], f"triage.reasons[{i}]")
    for name, cls in (("causes", R.CauseScore), ("conditions", R.ConditionProbability),
                      ("plan", R.PlanItem)):
        objs = getattr(report, name)
        assert len(objs) == len(d[name]), name
        for i, o in enumerate(objs):
            assert type(o) is cls
            fields(o, d[name][i], f"{name}[{i}]")
    q = report.next_question
    if d["next_question"] is None:
        assert q is None
    else:
        fields(q, d["next_question"], "next_question")
    assert report.conditions_note == d["conditions_note"]
    same(report.pain_trend, d["pain_trend"], "pain_trend")
    same(report.warnings, d["warnings"], "warnings")


def test_cases_cover_every_section():
    """The vignettes exercise what the comparison checks: flagged conditions
    with a note, superseded reasons, answered and derived evidence, doses,
    cautions, questions in a group, and reports without a question."""
    seen = set()
    for p in _inputs():
        r = kneepain.assess(p.values[0])
        seen.add("note" if r.conditions_note else "no note")
        seen.update("superseded" for x in r.triage.reasons if x.superseded)
        seen.update(e["origin"] for c in r.causes for e in c.evidence)
        seen.update(type(e["value"]).__name__ for c in r.causes for e in c.evidence)
        seen.update("dose" for p_ in r.plan if p_.dose)
        seen.update("caution" for p_ in r.plan if p_.cautions)
        q = r.next_question
        seen.add("no question" if q is None else ("group" if q.group else "no group"))
    assert {"note", "no note", "superseded", "answered", "derived", "bool", "float",
            "dose", "caution", "no question", "group"} <= seen, seen


def test_objects_do_not_go_through_json(monkeypatch):
    """Reading every section must not serialise the report."""
    report = kneepain.assess({"evidence": {"age": 40, "calf_swelling": True}})

    def refuse(*a, **k):
        raise AssertionError("report serialised to JSON")

    monkeypatch.setattr(R._c, "report_to_json", refuse)
    report.triage, report.causes, report.conditions, report.plan
    report.next_question, report.conditions_note, report.pain_trend, report.warnings
    assert report.triage.reasons


def test_lists_are_new_objects_are_shared():
    """Each read returns a new list; the objects in it are read once."""
    report = kneepain.assess({"evidence": {"age": 40}})
    a, b = report.conditions, report.conditions
    assert a is not b and a == b and a[0] is b[0]
    a.clear()
    assert report.conditions == b
