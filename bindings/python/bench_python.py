"""Benchmark of the Python binding (`make bench-python`).

1. Batch: rows/s of kneepain.score on a 20-finding frame, split into the C
   scorer alone (kp_model_score on ready buffers), the array API and the
   DataFrame API (conversion included), one thread and all cores.
2. Per call: kneepain.assess(dict) and Session.assess() against the same C
   calls made directly through the low-level module (kneepain.capi), so the
   difference is the package layer's overhead (JSON encoding, Report object,
   locking).

    python3 bench_python.py [--rows N] [--calls N]
"""

import argparse
import json
import os
import time

import numpy as np
import pandas as pd

import kneepain
from kneepain import capi


def best(fn, repeat=5):
    """Best wall time of `repeat` runs of fn() (seconds)."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


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
        "C kp_model_score (1 thread)": best(lambda: capi.model_score(
            model._h, mat, rows, cols, conds, causes, levels)),
        "score(array) (1 thread)": best(lambda: kneepain.score(mat, cols, model, as_frame=False)),
        "score(DataFrame) -> DataFrame (1 thread)": best(lambda: kneepain.score(frame, model=model)),
        f"score(DataFrame) -> DataFrame ({ncpu} threads)": best(
            lambda: kneepain.score(frame, model=model, threads=ncpu)),
        "to_matrix(DataFrame) only": best(lambda: kneepain.to_matrix(frame, model=model)),
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

    def swig_call():
        for _ in range(calls):
            capi.report_level  # attribute lookup baseline
            capi.version_string()

    def dumps_only():
        for _ in range(calls):
            json.dumps(doc, separators=(",", ":"))

    # Interleave short rounds and keep each path's best round: on a busy
    # machine this compares the paths under the same conditions.
    fns = [("C from_json+assess", c_assess), ("kneepain.assess(dict)", py_assess),
           ("C session_assess", c_session), ("Session.assess()", py_session),
           ("one SWIG call", swig_call), ("json.dumps(input)", dumps_only)]
    t = {k: float("inf") for k, _ in fns}
    for _ in range(rounds):
        for k, f in fns:
            t[k] = min(t[k], best(f, 1) / calls * 1e6)
    print(f"per call, 6 answers + {runs} runs, best of {rounds} interleaved rounds "
          f"of {calls:,} calls (microseconds)")
    print(f"  C (via capi) session_from_json + session_assess {t['C from_json+assess']:8.2f}")
    print(f"  kneepain.assess(dict)                           {t['kneepain.assess(dict)']:8.2f}"
          f"   overhead {t['kneepain.assess(dict)'] - t['C from_json+assess']:+.2f}")
    print(f"  C (via capi) session_assess                     {t['C session_assess']:8.2f}")
    print(f"  Session.assess()                                {t['Session.assess()']:8.2f}"
          f"   overhead {t['Session.assess()'] - t['C session_assess']:+.2f}")
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
