"""GC safety: objects freed in any order never crash or corrupt (models are
reference counted in C)."""

import gc
import itertools

import kneepain


def make_all(doc):
    m = kneepain.Model.load(kneepain_model_path())
    s = kneepain.Session.from_json(doc, m)
    r = s.assess()
    return {"model": m, "session": s, "report": r}


def kneepain_model_path():
    import os
    return os.path.join(os.environ.get("KP_TOP_SRCDIR", "."), "models", "default.json")


def test_drop_in_every_order(doc):
    expected = kneepain.assess(doc).to_json()
    for order in itertools.permutations(["model", "session", "report"]):
        objs = make_all(doc)
        report = objs["report"]
        for name in order:
            if name != "report":
                del objs[name]
                gc.collect()
                # what is left still works
                assert report.to_json() == expected
        del objs
        del report
        gc.collect()


def test_session_outlives_model(doc):
    m = kneepain.Model.load(kneepain_model_path())
    s = kneepain.Session(m)
    del m
    s.model = None  # drop the Python reference too: C keeps its own
    gc.collect()
    r = s.assess()
    del s
    gc.collect()
    assert r.triage.level in kneepain.LEVELS


def test_closed_session_keeps_report(doc):
    s = kneepain.Session.from_json(doc)
    r = s.assess()
    s.close()
    del s
    gc.collect()
    assert r.to_dict()["schema"] == "kneepain-report/1"


def test_many_objects_churn(doc):
    m = kneepain.Model.default()
    for _ in range(200):
        s = kneepain.Session.from_json(doc, m)
        r = s.assess()
        del s
        _ = r.causes
    gc.collect()


def test_low_level_handles_collected(doc):
    c = kneepain.capi
    h = c.model_default()
    s = c.session_new(h)
    del h
    gc.collect()
    r = c.session_assess(s)
    del s
    gc.collect()
    assert c.report_level(r) >= 0
    del r
    gc.collect()
