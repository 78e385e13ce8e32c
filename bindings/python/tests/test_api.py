"""Package surface: version, model introspection, assess(), Report."""

import json

import pytest

import kneepain


def test_version_matches_c():
    assert kneepain.__version__ == kneepain.version()
    assert kneepain.__version__.count(".") == 2
    assert list(kneepain.capi.version()) == list(int(x) for x in kneepain.__version__.split("."))


def test_public_names_have_docstrings():
    for name in kneepain.__all__:
        obj = getattr(kneepain, name)
        if callable(obj) and not name.startswith("_"):
            assert obj.__doc__, name
    assert "assess" in kneepain.__doc__


def test_model_default_is_shared(model):
    assert kneepain.Model.default() is model
    assert model.id and model.version
    assert len(model.sha256) == 64
    assert model.locales and model.locales[0]


def test_model_introspection(model):
    findings = {f.id: f for f in model.findings}
    assert {"age", "sex", "pain_side", "calf_swelling"} <= set(findings)
    assert findings["age"].type == "number"
    assert findings["age"].range[0] <= 34 <= findings["age"].range[1]
    assert findings["sex"].type == "choice"
    assert set(findings["sex"].choices) == {"female", "male"}
    assert findings["calf_swelling"].type == "bool"
    assert findings["weekly_km"].derived
    assert not findings["age"].derived
    causes = [c.id for c in model.causes]
    assert {"overuse", "muscle_imbalance", "running_technique", "inadequate_shoes",
            "previous_injury"} <= set(causes)
    assert "dvt" in [c.id for c in model.conditions]
    assert "see_professional" in [r.id for r in model.remedies]
    assert all(i.text for i in model.conditions)
    assert [c.index for c in model.causes] == list(range(len(causes)))
    assert model.finding("pain_side").choices == findings["pain_side"].choices
    assert "findings" in repr(model)


def test_model_finding_unknown(model):
    with pytest.raises(kneepain.InvalidInput) as ei:
        model.finding("no_such_finding")
    assert ei.value.code == kneepain.capi.ENOTFOUND


def test_model_text_locale(model):
    en = model.text("condition", "dvt")
    assert en
    if "de" in model.locales:
        assert model.text("condition", "dvt", "de")


def test_assess_document(doc):
    r = kneepain.assess(doc)
    assert isinstance(r, kneepain.Report)
    assert r.triage.level in kneepain.LEVELS
    assert r.level == r.triage.level
    probs = [c.probability for c in r.conditions]
    assert probs == sorted(probs, reverse=True)
    assert abs(sum(probs) - 1.0) < 1e-6
    scores = [c.score for c in r.causes]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert r.plan and r.plan[-1].remedy == "see_professional"
    assert r.next_question is None or r.next_question.finding
    assert "weekly_km" in r.training_load
    assert r.disclaimer
    assert len(r.receipt) == 64


def test_assess_evidence_shorthand():
    a = kneepain.assess(evidence={"age": 40, "pain_downhill": True})
    b = kneepain.assess({"evidence": {"age": 40, "pain_downhill": True}})
    assert a.to_json() == b.to_json()


def test_assess_json_text(doc):
    text = json.dumps(doc)
    assert kneepain.assess(text).to_json() == kneepain.assess(doc).to_json()
    out = json.loads(kneepain.assess_json(doc))
    assert out["schema"] == "kneepain-report/1"


def test_assess_accepts_dates_and_numpy(doc):
    np = pytest.importorskip("numpy")
    import datetime as dt
    d2 = dict(doc)
    d2["as_of"] = dt.date(2026, 11, 1)
    d2["evidence"] = dict(doc["evidence"], age=np.int64(34))
    assert kneepain.assess(d2).to_json() == kneepain.assess(doc).to_json()


def test_report_repr_and_html(doc):
    r = kneepain.assess(doc)
    text = repr(r)
    assert text.startswith("<kneepain.Report triage=")
    assert r.conditions[0].id in text
    html = r._repr_html_()
    assert "<table>" in html and r.conditions[0].id in html
    assert "<script" not in html


def test_report_to_dict_is_a_copy(doc):
    r = kneepain.assess(doc)
    d = r.to_dict()
    d["triage"]["level"] = "changed"
    assert r.to_dict()["triage"]["level"] != "changed"
    assert r.triage.level != "changed"


def test_report_load_metric(doc):
    r = kneepain.assess(doc)
    assert r.load_metric("weekly_km") == pytest.approx(r.training_load["weekly_km"])
    with pytest.raises(kneepain.InvalidInput):
        r.load_metric("no_such_metric")


def test_help_is_useful():
    import pydoc
    text = pydoc.render_doc(kneepain, renderer=pydoc.plaintext)
    for word in ("assess", "score", "Session", "Thread-safety"):
        assert word in text


def test_model_pickles_by_reference(model, tmp_path):
    import os
    import pickle
    assert pickle.loads(pickle.dumps(model)) is model
    path = os.path.join(os.environ.get("KP_TOP_SRCDIR", "."), "models", "default.json")
    loaded = kneepain.Model.load(path)
    again = pickle.loads(pickle.dumps(loaded))
    assert again.sha256 == loaded.sha256


def test_every_public_method_has_a_docstring():
    import inspect
    missing = []
    for name in kneepain.__all__:
        obj = getattr(kneepain, name)
        if not inspect.isclass(obj):
            continue
        for attr, member in vars(obj).items():
            if attr.startswith("_") or not (callable(member) or isinstance(member, (property, classmethod))):
                continue
            if not inspect.getdoc(getattr(obj, attr)):
                missing.append(f"{name}.{attr}")
    assert not missing, missing


def test_provisional_triage():
    r = kneepain.assess(evidence={"pain_now": 3})
    assert r.level == "self_care"
    assert r.provisional is True
    assert r.unchecked and all(isinstance(f, str) for f in r.unchecked)
    assert "breathless_or_chest_pain" in r.unchecked
    assert r.triage.provisional and r.triage.unchecked == r.unchecked
    assert r.to_dict()["triage"]["unchecked"] == r.unchecked
    # an ambulance-level sign leaves nothing more urgent to check
    a = kneepain.assess(evidence={"breathless_or_chest_pain": True})
    assert a.level == "emergency_ambulance"
    assert a.provisional is False and a.unchecked == []


def test_emergency_supersedes_less_urgent_reasons():
    r = kneepain.assess(evidence={"cold_pale_foot": True, "calf_swelling": True})
    assert r.level == "emergency_ambulance"
    flags = {x.rule: x.superseded for x in r.triage.reasons}
    assert flags.pop("acute_limb_ischaemia") is False
    assert flags and all(flags.values())
    assert all("24 hours" not in x.text for x in r.triage.reasons if x.superseded)
    c = kneepain.assess(evidence={"calf_swelling": True})
    assert not any(x.superseded for x in c.triage.reasons)
