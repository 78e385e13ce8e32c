"""Session: evidence mapping, runs, shoes, pain diary, import, options."""

import math
import os

import pytest

import kneepain
from conftest import TOP_SRCDIR


def test_context_manager_closes(model):
    with kneepain.Session(model) as s:
        s.evidence["age"] = 30
        assert not s.closed
    assert s.closed
    with pytest.raises(kneepain.StateError):
        s.assess()
    assert "closed" in repr(s)


def test_evidence_mapping(model):
    with kneepain.Session(model) as s:
        ev = s.evidence
        assert len(ev) == 0 and dict(ev) == {}
        ev["age"] = 34
        ev["sex"] = "female"
        ev["pain_side"] = 1  # choice by index
        ev["calf_swelling"] = False
        ev["pain_downhill"] = True
        assert ev["age"] == 34.0
        assert ev["sex"] == "female"
        assert ev["pain_side"] == model.finding("pain_side").choices[1]
        assert ev["calf_swelling"] is False
        assert ev["pain_downhill"] is True
        assert set(ev) == {"age", "sex", "pain_side", "calf_swelling", "pain_downhill"}
        assert len(ev) == 5
        del ev["age"]
        assert "age" not in ev
        with pytest.raises(KeyError):
            ev["age"]
        with pytest.raises(KeyError):
            del ev["age"]
        ev["sex"] = None
        assert "sex" not in ev
        ev.update(age=50, bilateral=False)
        assert ev.get("age") == 50.0
        assert "Evidence(" in repr(ev)


def test_evidence_setter_replaces(model):
    with kneepain.Session(model) as s:
        s.evidence = {"age": 20, "trauma": True}
        s.evidence = {"age": 21}
        assert dict(s.evidence) == {"age": 21.0}


def test_evidence_errors_name_the_finding(model):
    with kneepain.Session(model) as s:
        with pytest.raises(kneepain.InvalidInput) as ei:
            s.evidence["no_such_finding"] = True
        assert ei.value.code == kneepain.capi.ENOTFOUND
        assert "no_such_finding" in str(ei.value)
        with pytest.raises(kneepain.InvalidInput) as ei:
            s.evidence["age"] = 1000
        assert ei.value.code == kneepain.capi.ERANGE
        assert "age" in str(ei.value)
        with pytest.raises(kneepain.InvalidInput) as ei:
            s.evidence["age"] = "old"
        assert ei.value.code == kneepain.capi.ETYPE
        with pytest.raises(kneepain.InvalidInput) as ei:
            s.evidence["sex"] = "unknown_choice"
        assert ei.value.code == kneepain.capi.ENOTFOUND
        with pytest.raises(kneepain.InvalidInput):
            s.evidence["age"] = math.nan
        assert dict(s.evidence) == {}


def test_session_equals_document(doc, model):
    with kneepain.Session(model, locale="en", max_plan_items=6, as_of="2026-11-01") as s:
        s.evidence.update(doc["evidence"])
        assert s.add_runs(doc["runs"]) == 3
        assert s.run_count == 3
        s.add_shoe("shoe-a", 300)
        p = doc["pain_diary"][0]
        s.add_pain(p["date"], p["during"], p["after"], p["next_morning"])
        via_session = s.assess()
    via_doc = kneepain.assess(doc, model)
    assert via_session.to_dict() == via_doc.to_dict()


def test_add_runs_dataframe(doc, model):
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(doc["runs"])
    frame["date"] = pd.to_datetime(frame["date"])
    with kneepain.Session(model) as a, kneepain.Session(model) as b:
        a.add_runs(frame)
        b.add_runs(doc["runs"])
        assert a.run_count == b.run_count == len(frame)
        assert a.to_dict()["runs"] == b.to_dict()["runs"]


def test_add_runs_error_names_position(model):
    with kneepain.Session(model) as s:
        with pytest.raises(kneepain.InvalidInput) as ei:
            s.add_runs([{"date": "2026-10-01", "distance_km": 5},
                        {"date": "2026-10-02", "distance_km": -3}])
        assert "runs[1]" in str(ei.value)
        assert ei.value.code == kneepain.capi.ERANGE
        with pytest.raises(KeyError):
            s.add_runs([{"date": "2026-10-01"}])


def test_bad_date(model):
    with kneepain.Session(model) as s:
        with pytest.raises(kneepain.InvalidInput) as ei:
            s.add_run("2026-13-45", 5.0)
        assert ei.value.code == kneepain.capi.EPARSE


def test_import_strava(model, strava_csv):
    with kneepain.Session(model) as s:
        warnings = s.import_file(strava_csv)
        assert isinstance(warnings, list)
        assert s.run_count > 50
        r = s.assess()
        assert r.training_load["weekly_km"] > 0
        shoes = r.training_load.get("shoe_km") or {}
        assert "Pegasus 39" in shoes


def test_import_watch_files(model):
    logs = os.path.join(TOP_SRCDIR, "tests", "fixtures", "logs")
    with kneepain.Session(model) as s:
        warnings = s.import_file(os.path.join(logs, "watch_run.gpx"), format="gpx")
        assert s.run_count == 1
        assert any("Cycling" in w for w in warnings)
        s.import_file(os.path.join(logs, "watch_run.tcx"))
        s.import_file(os.path.join(logs, "watch_run.fit"), format="fit")
        assert s.run_count == 3
        with pytest.raises(kneepain.InvalidInput) as ei:
            s.import_file(os.path.join(logs, "watch_run.tcx"), format="gpx")
        assert ei.value.code == kneepain.capi.EFORMAT
        assert s.run_count == 3


def test_import_text_equals_file(model, strava_csv):
    with open(strava_csv, "rb") as f:
        data = f.read()
    with kneepain.Session(model) as a, kneepain.Session(model) as b:
        a.import_file(strava_csv)
        b.import_text(data, name="mem.csv")
        assert a.assess().to_dict()["training_load"] == b.assess().to_dict()["training_load"]


def test_import_errors(model, tmp_path):
    with kneepain.Session(model) as s:
        with pytest.raises(kneepain.FileError) as ei:
            s.import_file(tmp_path / "missing.csv")
        assert ei.value.code == kneepain.capi.EIO
        assert isinstance(ei.value, OSError)
        bad = tmp_path / "bad.csv"
        bad.write_text("foo,bar\n1,2\n")
        with pytest.raises(kneepain.InvalidInput) as ei:
            s.import_file(bad)
        assert ei.value.code == kneepain.capi.EFORMAT


def test_options_and_clear(model):
    with kneepain.Session(model, max_plan_items=2) as s:
        s.evidence["age"] = 30
        r = s.assess()
        assert len(r.plan) <= 3
        s.clear()
        assert dict(s.evidence) == {}
        with pytest.raises(kneepain.InvalidInput):
            s.set_options(load_unit="furlongs")


def test_to_json_resumes(doc, model):
    s1 = kneepain.Session.from_json(doc, model)
    text = s1.to_json()
    s2 = kneepain.Session(model)
    s2.load(s1.to_dict())
    assert s2.to_json() == text
    assert s1.assess().to_json() == s2.assess().to_json()


def test_document_interview_member_is_honoured(doc):
    """assess(), Session.load() and assess_json() give one answer for a
    document with an "interview" member (here: no question left)."""
    import json
    d = dict(doc, interview={"budget": 0})
    r = kneepain.assess(d)
    assert r.should_stop and r.stop_reason == "budget"
    s = kneepain.Session()
    s.load(d)
    r2 = s.assess()
    via_c = json.loads(kneepain.assess_json(d))
    assert via_c["should_stop"] is True and via_c["stop_reason"] == "budget"
    assert r2.should_stop and r2.stop_reason == r.stop_reason
    assert r.receipt == r2.receipt == via_c["receipt"]
    assert r.level == via_c["triage"]["level"]
    # the member is what stops it: without it a question is asked
    assert not kneepain.assess(doc).should_stop
