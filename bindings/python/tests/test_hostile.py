"""Hostile values from Python: every one is the library's own exception
(InvalidInput with the C code) naming the field, never a RecursionError,
OverflowError or TypeError, and never a string that C would cut at a NUL."""

import pytest

import kneepain
from kneepain import capi


def raises(code, field, f, *args, **kw):
    with pytest.raises(kneepain.InvalidInput) as ei:
        f(*args, **kw)
    assert ei.value.code == code, ei.value
    assert ei.value.message.startswith(field), ei.value.message
    return ei.value


def nested(levels):
    """{"runs": [[...]]} with `levels` containers in all."""
    doc = {"runs": []}
    cur = doc["runs"]
    for _ in range(levels - 2):
        cur.append([])
        cur = cur[0]
    return doc


@pytest.mark.parametrize("call", [kneepain.assess, kneepain.assess_json,
                                  lambda d: kneepain.Session().load(d)])
def test_circular_document(call):
    ev = {"age": 30}
    ev["self"] = ev
    e = raises(capi.EINVAL, "evidence.self: circular reference", call, {"evidence": ev})
    assert "NaN" not in e.message
    runs = []
    runs.append(runs)
    raises(capi.EINVAL, "runs[0]: circular reference", call, {"runs": runs})


def test_too_deep_document():
    raises(capi.ERANGE, "runs[0][0]", kneepain.assess, nested(100000))
    e = raises(capi.ERANGE, "runs", kneepain.assess, nested(capi.DEFAULT_MAX_JSON_DEPTH + 1))
    assert "nested deeper than" in e.message
    # the same limit as the library's own parser: one level less is only a
    # schema error
    raises(capi.ETYPE, "runs[0]", kneepain.assess, nested(capi.DEFAULT_MAX_JSON_DEPTH))


def test_huge_integers():
    raises(capi.ERANGE, "evidence.age", kneepain.assess, {"evidence": {"age": 10 ** 400}})
    raises(capi.ERANGE, "runs[0].distance_km", kneepain.assess,
           {"runs": [{"date": "2026-10-01", "distance_km": 2 ** 64}]})
    s = kneepain.Session()
    raises(capi.ERANGE, "run.distance_km", s.add_run, "2026-10-01", 10 ** 400)
    raises(capi.ERANGE, "evidence.age", s.evidence.__setitem__, "age", 10 ** 400)
    raises(capi.ERANGE, "shoes.start_km", s.add_shoe, "a", 10 ** 400)
    raises(capi.ERANGE, "budget", kneepain.Interview, budget=10 ** 30)
    assert s.run_count == 0


@pytest.mark.parametrize("doc,field", [
    ([1, 2], "input"), (5, "input"), ({"evidence": {1: True}}, "evidence"),
    ({"evidence": {"age": {1, 2}}}, "evidence.age"), ({"runs": [object()]}, "runs[0]"),
])
def test_not_a_mapping_or_json_value(doc, field):
    raises(capi.ETYPE, field, kneepain.assess, doc)


def test_evidence_keyword_not_a_mapping():
    raises(capi.ETYPE, "evidence", kneepain.assess, evidence=[("age", 3)])
    raises(capi.ETYPE, "input", kneepain.assess, [1], evidence={"age": 3})
    raises(capi.ETYPE, "evidence", kneepain.assess, {"evidence": [1]}, evidence={"age": 3})


def test_embedded_nul_is_refused(tmp_path):
    raises(capi.EINVAL, "path: contains a NUL", kneepain.Model.load, "default.json\x00junk")
    s = kneepain.Session()
    raises(capi.EINVAL, "finding: contains a NUL", s.evidence.__setitem__, "age\x00junk", 30)
    raises(capi.EINVAL, "gear: contains a NUL", s.add_shoe, "shoe-a\x00junk", 10)
    # a log file whose name continues after a NUL is not the shorter name
    (tmp_path / "log.csv").write_text("date,distance_km\n2026-10-01,5\n")
    raises(capi.EINVAL, "path: contains a NUL", s.import_file, str(tmp_path / "log.csv") + "\x00x")


def test_valid_values_still_pass():
    r = kneepain.assess({"evidence": {"age": 2 ** 6}, "runs": [{"date": "2026-10-01",
                                                               "distance_km": 5}]})
    assert r.level
    doc = nested(capi.DEFAULT_MAX_JSON_DEPTH - 1)
    assert kneepain._convert.dumps(doc)
