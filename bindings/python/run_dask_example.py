"""make check entry: run examples/python/cohort_dask.py (exit 77 = skip when
dask or distributed are missing)."""

import os
import runpy
import sys

try:
    import dask.dataframe  # noqa: F401
    import distributed  # noqa: F401
except ImportError as exc:
    print("SKIP:", exc)
    sys.exit(77)

top = os.environ.get("KP_TOP_SRCDIR") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
sys.argv = ["cohort_dask.py", "--rows", "200000", "--workers", "2"]
runpy.run_path(os.path.join(top, "examples", "python", "cohort_dask.py"), run_name="__main__")
