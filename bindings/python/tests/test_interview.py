"""Adaptive interview, "what would change the triage" and session restore
(kneepain.Interview, Report.triage_changes, Session.restore)."""

import gc
import json
import os

import pytest

import kneepain

TOP_SRCDIR = os.environ.get("KP_TOP_SRCDIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def default_model_doc():
    with open(os.path.join(TOP_SRCDIR, "models", "default.json"), encoding="utf-8") as f:
        return json.load(f)


def model_without_pool_access():
    """A newer default model without the finding ``pool_access`` (and the
    remedy variant that mentions it)."""
    d = default_model_doc()
    d["findings"] = [f for f in d["findings"] if f["id"] != "pool_access"]
    for r in d["remedies"]:
        if "variants" in r:
            r["variants"] = [v for v in r["variants"] if "pool_access" not in json.dumps(v.get("when"))]
    d["version"] = "99.0.0"
    return kneepain.Model.from_string(json.dumps(d), "default-99.0.0")


def dont_know_all(iv):
    seen = []
    for q in iv:
        seen.append(q.finding)
        before = iv.asked
        iv.dont_know(q.finding)
        assert iv.asked == before + 1
    return seen


# -- running an interview -----------------------------------------------------


def test_runs_to_a_stop_with_dont_know(model):
    iv = kneepain.Interview()
    assert iv.asked == 0 and iv.budget is None and iv.remaining is None
    seen = dont_know_all(iv)
    assert len(seen) == len(set(seen)) >= 10       # each proposed once
    assert iv.asked == len(seen)
    findings = model._finding_map()
    assert seen[0] == "cold_pale_foot"              # screens first, most urgent first
    assert not any(findings[f].derived for f in seen)
    assert iv.next() is None
    r = iv.assess()
    assert r.should_stop and r.stop_reason == "nothing_useful"
    assert r.next_question is None
    assert sorted(iv.state["dont_know"]) == sorted(seen)
    assert iv.state["asked"] == []
    assert len(iv.session.evidence) == 0            # "don't know" leaves findings unknown


def test_question_carries_the_finding(model):
    iv = kneepain.Interview(kneepain.Session(model))
    q = iv.next()
    f = model.finding(q.finding)
    assert (q.type, q.choices, q.range, q.text) == (f.type, f.choices, f.range, f.text)
    assert str(q) == q.text
    r = iv.assess()
    assert r.next_question.finding == q.finding
    assert r.next_question.text == q.text
    assert r.next_question.kind == "screen"
    assert r.next_question.rationale
    assert q.finding in r.next_question.asked_with
    assert r.stop_reason == "none" and not r.should_stop


def test_question_text_follows_session_locale(model):
    s = kneepain.Session(model, locale="de", third_person=True)
    iv = s.interview()
    q = iv.next()
    assert q.text == iv.assess().next_question.text
    assert q.text != model.finding(q.finding).text
    iv.exclude(q.finding)
    iv.answer_many({f.id: kneepain.DONT_KNOW for f in model.findings
                    if f.id != "sex" and not f.derived and f.id != q.finding})
    q = iv.next()
    assert q.finding == "sex" and q.type == "choice"
    assert q.choice_texts == tuple(
        kneepain.capi.model_finding_choice_text(model._h, model.finding("sex").index, j, "de", 1)
        for j in range(2))
    assert q.text == iv.assess().next_question.text


def test_budget_stops_after_n():
    iv = kneepain.Session().interview(budget=3)
    assert iv.budget == 3 and iv.remaining == 3
    seen = dont_know_all(iv)
    assert len(seen) == 3 and iv.asked == 3 and iv.remaining == 0
    assert iv.next() is None
    r = iv.assess()
    assert r.should_stop and r.stop_reason == "budget"
    assert r.next_question is None
    # The session alone (no budget) still has questions.
    assert iv.session.assess().next_question is not None


def test_budget_zero_asks_nothing():
    iv = kneepain.Interview(budget=0)
    assert iv.next() is None
    assert iv.assess().stop_reason == "budget"


def test_exclusion_is_respected():
    iv = kneepain.Interview()
    iv.exclude("cold_pale_foot")
    iv.exclude("age")
    assert iv.next().finding == "breathless_or_chest_pain"
    assert iv.assess().next_question.finding == "breathless_or_chest_pain"
    seen = dont_know_all(iv)
    assert "cold_pale_foot" not in seen and "age" not in seen
    assert sorted(iv.state["excluded"]) == ["age", "cold_pale_foot"]
    iv.exclude("cold_pale_foot", False)             # allowed again
    assert iv.next().finding == "cold_pale_foot"


def test_cost_changes_the_choice():
    def first_non_screen(iv):
        for q in iv:
            if not iv.assess().next_question.kind == "screen":
                return q.finding
            iv.answer(q.finding, False)
        return None

    plain = kneepain.Interview()
    best = first_non_screen(plain)
    assert best is not None
    costly = kneepain.Interview()
    costly.set_cost(best, 1000.0)
    assert first_non_screen(costly) != best
    assert costly.state["costs"] == {best: 1000.0}


@pytest.mark.parametrize("finding,level", [("cold_pale_foot", "emergency_ambulance"),
                                           ("calf_swelling", "consultation_24")])
def test_red_flag_stops(finding, level):
    iv = kneepain.Interview()
    iv.answer(finding, True)
    assert iv.next() is None
    r = iv.assess()
    assert r.should_stop and r.stop_reason == "red_flag"
    assert r.level == level and r.triage.rank <= kneepain.LEVELS.index("consultation_24")
    assert any(reason.red_flag for reason in r.triage.reasons)
    # Plain reports and interviews that do not stop on red flags go on
    # asking, except in an emergency: an emergency report asks nothing more.
    emergency = level.startswith("emergency")
    want = "emergency" if emergency else "none"
    assert iv.session.assess().stop_reason == want
    assert (iv.session.assess().next_question is None) == emergency
    go_on = kneepain.Interview(iv.session, stop_on_red_flag=False)
    assert (go_on.next() is None) == emergency
    assert go_on.assess().stop_reason == want


def test_answer_types(model):
    np = pytest.importorskip("numpy")
    s = kneepain.Session(model)
    iv = s.interview()
    iv.answer("trauma", True)
    iv.answer("onset_sudden", 0)
    iv.answer("age", 34)
    iv.answer("pain_now", np.float64(4.5))
    iv.answer("sex", "female")
    iv.answer("pain_side", 1)                       # choice by index
    iv.answer("calf_pain", np.bool_(True))
    iv.answer("cold_pale_foot", kneepain.DONT_KNOW)
    iv.answer("knee_locked", None)                  # None = don't know too
    assert dict(s.evidence) == {"trauma": True, "onset_sudden": False, "age": 34.0,
                                "pain_now": 4.5, "sex": "female", "pain_side": "lateral",
                                "calf_pain": True}
    assert iv.asked == 9
    iv.answer("age", 35)                            # re-answering is not counted twice
    assert iv.asked == 9 and s.evidence["age"] == 35
    assert sorted(iv.state["asked"]) == sorted(s.evidence)
    assert sorted(iv.state["dont_know"]) == ["cold_pale_foot", "knee_locked"]
    assert repr(kneepain.DONT_KNOW) == "kneepain.DONT_KNOW"


def test_run_with_a_script():
    script = {"cold_pale_foot": False, "breathless_or_chest_pain": False, "trauma": True,
              "visible_deformity": True}
    asked = []

    def ask(q):
        asked.append(q.finding)
        return script.get(q.finding, kneepain.DONT_KNOW)

    iv = kneepain.Interview(budget=30)
    r = iv.run(ask)
    assert r.should_stop
    assert iv.asked == len(asked) == len(set(asked))
    assert asked[:2] == ["cold_pale_foot", "breathless_or_chest_pain"]
    assert asked[-1] == "visible_deformity"         # trauma + deformity: an emergency, stop
    assert r.stop_reason == "red_flag" and r.level == "emergency"


def test_loop_without_answer_raises_state_error():
    iv = kneepain.Interview()
    with pytest.raises(kneepain.StateError, match="cold_pale_foot"):
        for _ in iv:
            pass                                    # forgot to answer
    # break and iterate again is fine
    for q in iv:
        iv.answer(q.finding, False)
        break
    assert next(iter(iv)).finding != "cold_pale_foot"


# -- errors -----------------------------------------------------------------


@pytest.mark.parametrize("call", [
    lambda iv: iv.answer("no_such_finding", True),
    lambda iv: iv.answer("no_such_finding", 3.0),
    lambda iv: iv.answer("no_such_finding", "x"),
    lambda iv: iv.dont_know("no_such_finding"),
    lambda iv: iv.answer("no_such_finding", kneepain.DONT_KNOW),
    lambda iv: iv.exclude("no_such_finding"),
    lambda iv: iv.set_cost("no_such_finding", 2.0),
])
def test_unknown_finding_is_named(call):
    iv = kneepain.Interview()
    with pytest.raises(kneepain.InvalidInput) as e:
        call(iv)
    assert "no_such_finding" in str(e.value)
    assert e.value.code_name == "KP_ENOTFOUND"
    assert isinstance(e.value, ValueError)
    assert iv.asked == 0


@pytest.mark.parametrize("finding,value,code", [
    ("age", 500, "KP_ERANGE"), ("age", "old", "KP_ETYPE"), ("trauma", 2, "KP_ETYPE"),
    ("sex", "other", "KP_ENOTFOUND"), ("age", float("nan"), "KP_ERANGE"),
    ("age", object(), "KP_ETYPE"),
])
def test_bad_answer_is_named_and_not_counted(finding, value, code):
    iv = kneepain.Interview()
    with pytest.raises(kneepain.InvalidInput) as e:
        iv.answer(finding, value)
    assert finding in str(e.value) and e.value.code_name == code
    assert iv.asked == 0 and finding not in iv.session.evidence


def test_bad_options():
    with pytest.raises(kneepain.InvalidInput, match="triage_weight"):
        kneepain.Interview(triage_weight=-1)
    with pytest.raises(kneepain.InvalidInput, match="budget"):
        kneepain.Interview(budget=-2)
    with pytest.raises(kneepain.InvalidInput, match="min_gain"):
        kneepain.Interview(min_gain=-0.5)
    with pytest.raises(kneepain.InvalidInput, match="cost"):
        kneepain.Interview().set_cost("age", 0)


# -- lifetime -----------------------------------------------------------------


def test_interview_keeps_its_session_alive():
    s = kneepain.Session()
    s.evidence["age"] = 40
    iv = kneepain.Interview(s, budget=5)
    del s
    gc.collect()
    iv.answer("trauma", True)
    assert iv.session.evidence["age"] == 40
    assert iv.asked == 1 and iv.assess().level
    dont_know_all(iv)
    assert iv.assess().stop_reason == "budget"


def test_drop_in_any_order():
    for first in ("interview", "session", "report"):
        s = kneepain.Session()
        iv = s.interview()
        iv.answer("trauma", True)
        objs = {"session": s, "interview": iv, "report": iv.assess()}
        del s, iv
        expected = objs["report"].to_json()
        del objs[first]
        gc.collect()
        if "interview" in objs:
            assert objs["interview"].assess().to_json() == expected
        if "report" in objs:
            assert objs["report"].to_json() == expected
        del objs
        gc.collect()


def test_close():
    s = kneepain.Session()
    with s.interview() as iv:
        iv.answer("trauma", True)
    assert iv.closed and "closed" in repr(iv)
    with pytest.raises(kneepain.StateError):
        iv.next()
    assert s.evidence["trauma"] is True            # the session stays
    iv2 = s.interview()
    s.close()
    assert iv2.closed
    with pytest.raises(kneepain.StateError, match="session is closed"):
        iv2.answer("age", 30)
    del iv2
    gc.collect()


def test_interview_on_closed_session():
    s = kneepain.Session()
    s.close()
    with pytest.raises(kneepain.StateError):
        kneepain.Interview(s)


# -- saving and restoring -------------------------------------------------------


def make_interview(model=None):
    iv = kneepain.Interview(kneepain.Session(model), budget=12, triage_weight=0.5,
                            min_gain=0.02, stop_on_red_flag=False)
    iv.exclude("calf_swelling")
    iv.set_cost("age", 3.0)
    iv.answer("cold_pale_foot", False)
    iv.dont_know("breathless_or_chest_pain")
    iv.answer("pain_side", "lateral")
    iv.answer("pool_access", True)
    iv.answer("age", 34)
    return iv


def test_interview_round_trip():
    iv = make_interview()
    saved = iv.to_json()
    back = kneepain.Interview.restore(saved)
    info = back.restore_info
    assert info is back.session.restore_info
    assert info.dropped == () and not info.model_changed
    assert info.saved_model_id == iv.model.id
    assert info.saved_model_version == iv.model.version
    assert back.asked == iv.asked == 5
    assert back.budget == 12 and back.remaining == 7
    assert back.state == iv.state
    assert dict(back.session.evidence) == dict(iv.session.evidence)
    assert back.to_json() == saved
    assert back.next() == iv.next()
    assert back.assess().to_json() == iv.assess().to_json()
    # also from a dict
    assert kneepain.Interview.restore(json.loads(saved)).asked == 5


def test_session_round_trip(doc):
    s = kneepain.Session.from_json(doc)
    assert s.restore_info is None
    back = kneepain.Session.restore(s.to_json())
    assert back.restore_info.dropped == () and not back.restore_info.model_changed
    assert back.to_json() == s.to_json()
    assert back.assess().to_json() == s.assess().to_json()
    # A saved interview restores as a plain session too.
    assert dict(kneepain.Session.restore(make_interview().to_json()).evidence) == \
        dict(make_interview().session.evidence)


def test_restore_under_a_newer_model():
    saved = make_interview().to_json()
    newer = model_without_pool_access()
    back = kneepain.Interview.restore(saved, newer)
    info = back.restore_info
    assert info.model_changed
    assert (info.saved_model_id, info.saved_model_version) == \
        ("kneepain-default", kneepain.Model.default().version)
    assert "pool_access" in info.dropped_findings
    assert set(info.dropped) == {kneepain.DroppedAnswer("pool_access", "unknown finding")}
    assert back.model is newer
    assert "pool_access" not in dict(back.session.evidence)
    assert back.session.evidence["pain_side"] == "lateral"
    assert back.asked == 4                          # pool_access is no longer counted
    assert "pool_access" not in back.state["asked"]

    s = kneepain.Session.restore(saved, newer)
    assert s.restore_info.dropped == (("pool_access", "unknown finding"),)
    assert s.restore_info.model_changed
    assert dict(s.evidence) == {"cold_pale_foot": False, "pain_side": "lateral", "age": 34.0}
    # A plain load refuses the same document.
    with pytest.raises(kneepain.InvalidInput, match="pool_access"):
        kneepain.Session.from_json(saved, newer)


def test_restore_lists_every_reason(model):
    doc = {"model": {"id": "kneepain-default", "version": "0.9.0"},
           "evidence": {"age": 500, "sex": "other", "trauma": 3.5, "gone_finding": True,
                        "pain_side": "medial"}}
    s = kneepain.Session.restore(doc, model)
    info = s.restore_info
    assert info.model_changed and info.saved_model_version == "0.9.0"
    assert dict(info.dropped) == {"age": "out of range", "sex": "unknown choice",
                                  "trauma": "type changed", "gone_finding": "unknown finding"}
    assert dict(s.evidence) == {"pain_side": "medial"}
    with pytest.raises(kneepain.InvalidInput):
        kneepain.Session.from_json(doc, model)
    with pytest.raises(kneepain.InvalidInput):
        kneepain.Session.restore("{not json", model)
    nameless = kneepain.Session.restore({"evidence": {}}, model).restore_info
    assert nameless.saved_model_id is None and nameless.saved_model_version is None


def test_restored_objects_free_in_any_order():
    saved = make_interview().to_json()
    for drop_session_first in (True, False):
        iv = kneepain.Interview.restore(saved)
        s = iv.session
        if drop_session_first:
            del s
            gc.collect()
            assert iv.asked == 5
            del iv
        else:
            del iv
            gc.collect()
            assert s.evidence["age"] == 34
            del s
        gc.collect()


def test_assess_equals_the_json_path():
    iv = make_interview()
    assert iv.assess().to_json() == kneepain.assess_json(iv.to_json())
    with_changes = json.loads(kneepain.assess_json(
        json.dumps({**iv.to_dict(), "interview": {**iv.state, "triage_changes": True}})))
    assert with_changes == json.loads(iv.assess().to_json(triage_changes=True))


# -- what would change the triage -----------------------------------------------


def test_triage_changes_on_a_fresh_session(model):
    s = kneepain.Session(model)
    r = s.assess()
    assert r.level == "self_care"
    changes = r.triage_changes()
    raises = r.triage_changes("raise")
    assert raises and raises == changes            # nothing answered: nothing to lower
    assert r.triage_changes("lower") == []
    assert all(c.direction == "raise" and c.rank < r.triage.rank for c in raises)
    assert [c.rank for c in raises] == sorted(c.rank for c in raises)
    assert raises[0].level == "emergency_ambulance" and raises[0].rule == "acute_limb_ischaemia"
    assert raises[0].answers == (kneepain.TriageChangeAnswer("cold_pale_foot", True, "= yes"),)
    assert {c.rule for c in raises} <= {rule.id for rule in model.rules}
    # Same content as the JSON section.
    section = json.loads(r.to_json(triage_changes=True))["triage_changes"]
    assert [(c.direction, c.level, c.rule, c.text, [list(a) for a in c.answers]) for c in changes] \
        == [(e["direction"], e["level"], e["rule"], e["text"],
             [[a["finding"], a["value"], a["test"]] for a in e["answers"]]) for e in section]
    with pytest.raises(ValueError):
        r.triage_changes("up")


def test_applying_a_raise_entry_reaches_its_level(model):
    r = kneepain.Session(model).assess()
    for change in r.triage_changes("raise"):
        s = kneepain.Session(model)
        s.evidence.update(change.evidence)
        after = s.assess()
        assert after.level == change.level, change
        if change.rule is not None:
            assert change.rule in [reason.rule for reason in after.triage.reasons]


def test_values_have_the_finding_type(model):
    findings = model._finding_map()
    r = kneepain.Session(model).assess()
    types = {"bool": bool, "number": float, "choice": str}
    seen = set()
    for change in r.triage_changes():
        for a in change.answers:
            ftype = findings[a.finding].type
            assert type(a.value) is types[ftype], a
            if ftype == "choice":
                assert a.value in findings[a.finding].choices
            seen.add(ftype)
    assert seen == {"bool", "number", "choice"}
    age = [a for c in r.triage_changes() for a in c.answers if a.finding == "age"]
    assert age and age[0].value >= 55 and age[0].test == ">= 55"


def test_lower_entries_lower_the_triage(model):
    s = kneepain.Session(model)
    s.evidence.update(trauma=True, cannot_bear_weight=True, age=30)
    r = s.assess()
    assert r.level == "emergency"
    lowers = r.triage_changes("lower")
    assert lowers
    for change in lowers:
        assert change.rule is None and change.rank > r.triage.rank
        assert set(change.evidence) <= set(s.evidence)  # changes given answers only
        t = kneepain.Session.from_json(s.to_dict(), model)
        t.evidence.update(change.evidence)
        assert t.assess().level == change.level
    # Answering the question a raise entry names, through the interview.
    iv = kneepain.Interview(s)
    top = r.triage_changes("raise")[0]
    iv.answer_many(top.evidence)
    assert iv.assess().level == top.level == "emergency_ambulance"
    assert iv.assess().stop_reason == "red_flag"


def test_triage_changes_are_cached_and_independent():
    s = kneepain.Session()
    r = s.assess()
    first = r.triage_changes()
    s.evidence["cold_pale_foot"] = True
    assert r.triage_changes() == first             # the report does not change
    first.clear()
    assert r.triage_changes()                      # callers get a copy


def test_public_names():
    for name in ("Interview", "Question", "DONT_KNOW", "TriageChange", "TriageChangeAnswer",
                 "RestoreInfo", "DroppedAnswer", "STOP_REASONS"):
        assert name in kneepain.__all__
    assert kneepain.STOP_REASONS == ("none", "nothing_useful", "budget", "red_flag", "emergency")
    import pydoc
    text = pydoc.render_doc(kneepain.Interview, renderer=pydoc.plaintext)
    for word in ("budget", "dont_know", "restore", "DONT_KNOW", "thread"):
        assert word in text, word


def test_shared_by_mistake_across_threads_is_serialised(model):
    import threading
    iv = kneepain.Interview(kneepain.Session(model))
    bools = [f.id for f in model.findings if f.type == "bool" and not f.derived]
    errors = []

    def work(part):
        try:
            for _ in range(20):
                for f in part:
                    iv.answer(f, False)
                    iv.next()
                    iv.session.evidence.get("age")
                iv.assess()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(bools[i::4],)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert iv.asked == len(bools)
    assert all(iv.session.evidence[f] is False for f in bools)
