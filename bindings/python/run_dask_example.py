"""make check entry: run examples/python/cohort_dask.py on a small local
cluster (exit 77 = skip when dask or distributed are missing)."""

import os
import subprocess
import sys

try:
    import dask.dataframe  # noqa: F401
    import distributed  # noqa: F401
except ImportError as exc:
    print("SKIP:", exc)
    sys.exit(77)

top = os.environ.get("KP_TOP_SRCDIR") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
script = os.path.join(top, "examples", "python", "cohort_dask.py")
sys.exit(subprocess.call([sys.executable, script, "--rows", "200000", "--partitions", "4",
                          "--workers", "2"]))
