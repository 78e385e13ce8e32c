"""Benchmark of the Python binding (`make bench-python`).

1. Batch: rows/s of kneepain.score on a 20-finding frame, split into the C
   scorer alone (kp_model_score on ready buffers), the array API and the
   DataFrame API (conversion included), one thread and all cores.
2. Per call: kneepain.assess(dict) and Session.assess() against the same C
   calls made directly through the low-level module (kneepain.capi), so the
   difference is the package layer's overhead (JSON encoding, Report object,
   locking); and Session.assess() followed by reading the whole report
   (triage with its reasons, every cause, condition and plan item, the next
   question), read from the C report (the package's way) and, for
   comparison, by parsing the report JSON into the same objects.

Every figure is a median: of 5 runs (batch) or of interleaved rounds (per
call), so that a shared machine's load spreads over all paths alike.

    python3 bench_python.py [--rows N] [--calls N]
"""

import argparse
import dataclasses
import json
import os
import statistics
import time

import numpy as np
import pandas as pd

import kneepain
from kneepain import capi
from kneepain.report import _OBJECT_TYPES as _TYPES


def median(fn, repeat=5):
    """Median wall time of `repeat` runs of fn() (seconds)."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def read_all(report):
    """Read the whole report as a caller would: triage and its reasons,
    every cause, condition and plan item with their fields, the next
    question.  Returns a value that depends on all of them."""
    n = 0
    t = report.triage
    n += len(t.level) + len(t.reasons) + len(t.unchecked)
    for r in t.reasons:
        n += len(r.rule) + len(r.findings)
    for c in report.causes:
        n += len(c.id) + len(c.evidence) + int(c.score > 0.5)
    for c in report.conditions:
        n += len(c.id) + len(c.supporting) + len(c.weights) + int(c.probability > 0.5)
    for p in report.plan:
        n += len(p.remedy) + len(p.dose) + len(p.because)
    q = report.next_question
    return n + (len(q.finding) if q else 0)


def _obj(cls, d):
    names = cls.__dataclass_fields__
    return cls(**{k: v for k, v in d.items() if k in names})


def read_all_json(report):
    """read_all() on objects made from the report JSON (the way the package
    read reports before it read the C report: serialise, parse, build)."""
    from kneepain import report as R
    d = json.loads(report.to_json())
    t = d["triage"]
    triage = R.Triage(level=t["level"], text=t["text"],
                      reasons=[_obj(R.TriageReason, r) for r in t["reasons"]],
                      provisional=t["provisional"], unchecked=t["unchecked"])
    q = d["next_question"]
    view = type("JsonReport", (), {})()
    view.triage = triage
    view.causes = [_obj(R.CauseScore, c) for c in d["causes"]]
    view.conditions = [_obj(R.ConditionProbability, c) for c in d["conditions"]]
    view.plan = [_obj(R.PlanItem, p) for p in d["plan"]]
    view.next_question = _obj(R.NextQuestion, q) if q else None
    return read_all(view)


def frame20(model, rows, seed=0):
    """A 20-finding cohort: 16 questionnaire booleans, age, sex, pain_side,
    weekly_km; about 20% unknown cells."""
    rng = np.random.default_rng(seed)
    bools = [f.id for f in model.findings if f.type == "bool" and not f.derived][:16]
    data = {"age": rng.integers(16, 80, rows).astype(float),
            "sex": rng.choice(["female", "male"], rows),
            "pain_side": rng.choice(["medial", "lateral", "central"], rows),
            "weekly_km": rng.gamma(4, 8, rows).clip(0, 300)}
    for b in bools:
        data[b] = np.where(rng.random(rows) < 0.8, (rng.random(rows) < 0.2).astype(float), np.nan)
    return pd.DataFrame(data)


def bench_batch(model, rows):
    frame = frame20(model, rows)
    mat, cols, _ = kneepain.to_matrix(frame, model=model)
    conds = np.empty((rows, len(model.conditions)))
    causes = np.empty((rows, len(model.causes)))
    levels = np.empty(rows, dtype=np.intc)
    ncpu = os.cpu_count() or 1
    res = {
        "C kp_model_score (1 thread)": median(lambda: capi.model_score(
            model._h, mat, rows, cols, conds, causes, levels)),
        "score(array) (1 thread)": median(lambda: kneepain.score(mat, cols, model, as_frame=False)),
        "score(DataFrame) -> DataFrame (1 thread)": median(lambda: kneepain.score(frame, model=model)),
        f"score(DataFrame) -> DataFrame ({ncpu} threads)": median(
            lambda: kneepain.score(frame, model=model, threads=ncpu)),
        "to_matrix(DataFrame) only": median(lambda: kneepain.to_matrix(frame, model=model)),
    }
    print(f"batch, {rows:,} rows x {len(cols)} findings")
    for name, t in res.items():
        print(f"  {name:44s} {rows / t:>12,.0f} rows/s  ({t * 1e3:8.1f} ms)")
    return res


def bench_calls(model, calls, rounds=20, runs=0):
    doc = {"as_of": "2026-11-01",
           "evidence": {"age": 34, "sex": "female", "pain_side": "lateral",
                        "pain_resisted_flexion": True, "calf_swelling": False,
                        "pain_downhill": True},
           "runs": [{"date": f"2026-10-{d:02d}", "distance_km": 8.0} for d in range(1, 1 + 2 * runs, 2)]}
    text = json.dumps(doc, separators=(",", ":")).encode()
    h = model._h

    def c_assess():
        for _ in range(calls):
            capi.session_assess(capi.session_from_json(h, text))

    def py_assess():
        for _ in range(calls):
            kneepain.assess(doc, model)

    hs = capi.session_from_json(h, text)
    s = kneepain.Session.from_json(doc, model)

    def c_session():
        for _ in range(calls):
            capi.session_assess(hs)

    def py_session():
        for _ in range(calls):
            s.assess()

    def c_read():
        for _ in range(calls):
            r = capi.session_assess(hs)
            capi.report_objects(r, _TYPES)

    def py_read():
        for _ in range(calls):
            read_all(s.assess())

    def py_read_json():
        for _ in range(calls):
            read_all_json(s.assess())

    def swig_call():
        for _ in range(calls):
            capi.report_level  # attribute lookup baseline
            capi.version_string()

    def dumps_only():
        for _ in range(calls):
            json.dumps(doc, separators=(",", ":"))

    # Interleave short rounds and take each path's median round: on a busy
    # machine this compares the paths under the same conditions.
    fns = [("C from_json+assess", c_assess), ("kneepain.assess(dict)", py_assess),
           ("C session_assess", c_session), ("Session.assess()", py_session),
           ("C assess+report_objects", c_read), ("assess+read", py_read),
           ("assess+read via JSON", py_read_json),
           ("one SWIG call", swig_call), ("json.dumps(input)", dumps_only)]
    rounds_t = {k: [] for k, _ in fns}
    for _ in range(rounds):
        for k, f in fns:
            rounds_t[k].append(median(f, 1) / calls * 1e6)
    t = {k: statistics.median(v) for k, v in rounds_t.items()}
    r = kneepain.Session.from_json(doc, model).assess()
    assert read_all(r) == read_all_json(r), "the two read paths disagree"
    print(f"per call, 6 answers + {runs} runs, median of {rounds} interleaved rounds "
          f"of {calls:,} calls (microseconds)")
    print(f"  C (via capi) session_from_json + session_assess {t['C from_json+assess']:8.2f}")
    print(f"  kneepain.assess(dict)                           {t['kneepain.assess(dict)']:8.2f}"
          f"   overhead {t['kneepain.assess(dict)'] - t['C from_json+assess']:+.2f}")
    print(f"  C (via capi) session_assess                     {t['C session_assess']:8.2f}")
    print(f"  Session.assess()                                {t['Session.assess()']:8.2f}"
          f"   overhead {t['Session.assess()'] - t['C session_assess']:+.2f}")
    print(f"  C (via capi) session_assess + report_objects    {t['C assess+report_objects']:8.2f}")
    print(f"  Session.assess() + read whole report            {t['assess+read']:8.2f}"
          f"   {t['assess+read'] / t['assess+read via JSON']:.2f}x the JSON read")
    print(f"  Session.assess() + read whole report via JSON   {t['assess+read via JSON']:8.2f}")
    print(f"  a trivial SWIG call (version_string)            {t['one SWIG call']:8.2f}")
    print(f"  json.dumps of the input document                {t['json.dumps(input)']:8.2f}")
    return t


def main():
    ap = argparse.ArgumentParser(description="kneepain Python binding benchmark")
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--calls", type=int, default=500)
    args = ap.parse_args()
    model = kneepain.Model.default()
    print(f"kneepain {kneepain.__version__}, model {model.id} {model.version}, "
          f"numpy {np.__version__}, pandas {pd.__version__}")
    bench_batch(model, args.rows)
    bench_calls(model, args.calls, runs=0)
    bench_calls(model, args.calls, runs=15)


if __name__ == "__main__":
    main()
