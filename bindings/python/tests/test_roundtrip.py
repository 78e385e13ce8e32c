"""Round trip: the binding's report JSON is the C library's report JSON."""

import json

import kneepain


def test_to_json_equals_c_assess_json(doc):
    r = kneepain.assess(doc)
    c_text = kneepain.capi.assess_json(kneepain.Model.default()._h, json.dumps(doc), 0)
    assert r.to_json() == c_text
    assert r.to_dict() == json.loads(c_text)


def test_pretty_json_same_document(doc):
    r = kneepain.assess(doc)
    pretty = r.to_json(pretty=True)
    assert "\n  " in pretty
    assert json.loads(pretty) == r.to_dict()
    assert kneepain.assess_json(doc, pretty=True) == pretty


def test_attributes_mirror_document(doc):
    r = kneepain.assess(doc)
    d = r.to_dict()
    assert d["schema"] == "kneepain-report/1"
    assert r.triage.level == d["triage"]["level"]
    assert [c.id for c in r.causes] == [c["id"] for c in d["causes"]]
    assert [c.score for c in r.causes] == [c["score"] for c in d["causes"]]
    assert [c.id for c in r.conditions] == [c["id"] for c in d["conditions"]]
    assert [p.remedy for p in r.plan] == [p["remedy"] for p in d["plan"]]
    nq = d.get("next_question")
    assert (r.next_question is None) == (nq is None)
    if nq:
        assert r.next_question.finding == nq["finding"]
    assert r.training_load == d["training_load"]
    assert r.receipt == d["receipt"]


def test_report_from_session_json_roundtrip(doc):
    s = kneepain.Session.from_json(doc)
    again = kneepain.Session.from_json(s.to_json())
    assert s.assess().to_json() == again.assess().to_json()
    assert s.assess().receipt == kneepain.assess(doc).receipt
