"""Batch-score a large synthetic cohort with dask.dataframe on a local cluster.

Each partition of the cohort is generated where it is scored (dd.from_map),
so the same script scales to a multi-machine dask cluster: replace
LocalCluster by the address of a scheduler.  kneepain.score runs in C with
the GIL released; every worker process loads its own copy of the default
model.  The script checks that the distributed result equals scoring the
whole cohort in this process, then prints the throughput.

    python3 cohort_dask.py [--rows N] [--partitions P] [--workers W]
"""

import argparse
import sys
import time

import dask.dataframe as dd
import numpy as np
import pandas as pd
from distributed import Client, LocalCluster

import kneepain

BOOL_FINDINGS = {
    "pain_resisted_flexion": 0.4, "pain_downhill": 0.3, "trauma": 0.08,
    "onset_sudden": 0.1, "calf_pain": 0.15, "calf_swelling": 0.04,
    "swelling_behind_knee": 0.1, "mechanical_symptoms": 0.06, "overstriding": 0.3,
    "numbness_tingling": 0.05, "cold_pale_foot": 0.002, "prior_hamstring_strain": 0.2,
}


def make_partition(part: int, rows: int) -> pd.DataFrame:
    """Synthetic runners of partition `part` (deterministic; NaN/None = unknown)."""
    rng = np.random.default_rng(1000 + part)
    frame = pd.DataFrame({
        "age": rng.integers(16, 80, rows).astype(float),
        "sex": rng.choice(["female", "male", None], rows, p=[0.45, 0.45, 0.1]),
        "pain_side": rng.choice(["medial", "lateral", "central", None], rows),
        "weekly_km": rng.gamma(4, 8, rows).clip(0, 300).round(1),
        "acwr": rng.lognormal(0, 0.3, rows).clip(0, 10).round(2),
        "shoe_km": rng.uniform(0, 1500, rows).round(0),
        "cadence_spm": rng.normal(168, 8, rows).clip(100, 250).round(0),
    }, index=pd.RangeIndex(part * rows, (part + 1) * rows))
    for finding, p in BOOL_FINDINGS.items():
        answered = rng.random(rows) < 0.85
        frame[finding] = np.where(answered, (rng.random(rows) < p).astype(float), np.nan)
    return frame


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000, help="cohort size")
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    per_part = -(-args.rows // args.partitions)
    meta = make_partition(0, 0)

    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster):
        cohort = dd.from_map(make_partition, range(args.partitions), rows=per_part, meta=meta,
                             divisions=[i * per_part for i in range(args.partitions)]
                             + [args.partitions * per_part - 1])
        scored = cohort.map_partitions(kneepain.score, meta=kneepain.score_meta())
        t0 = time.perf_counter()
        distributed = scored.compute()
        t_dask = time.perf_counter() - t0

    whole = pd.concat([make_partition(i, per_part) for i in range(args.partitions)])
    t0 = time.perf_counter()
    single = kneepain.score(whole)
    t_single = time.perf_counter() - t0
    pd.testing.assert_frame_equal(distributed, single)

    n = len(single)
    print(f"{n:,} runners in {args.partitions} partitions on {args.workers} workers: "
          f"dask {t_dask:.2f} s (incl. generation), single process {t_single:.2f} s "
          f"({n / t_single:,.0f} rows/s); results identical")
    print(single["triage"].value_counts().reindex(kneepain.LEVELS).to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
