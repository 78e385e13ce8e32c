"""make check entry: execute examples/python/cohort.ipynb headless with
nbclient (exit 77 = skip when nbclient/ipykernel/matplotlib are missing)."""

import os
import sys

try:
    import matplotlib  # noqa: F401
    import nbclient
    import nbformat
    import ipykernel  # noqa: F401
except ImportError as exc:
    print("SKIP:", exc)
    sys.exit(77)

top = os.environ.get("KP_TOP_SRCDIR") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
path = os.path.join(top, "examples", "python", "cohort.ipynb")
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
nb = nbformat.read(path, as_version=4)
client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                 resources={"metadata": {"path": os.path.dirname(path)}})
client.execute()
errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
          if o.get("output_type") == "error"]
print(f"executed {sum(c.cell_type == 'code' for c in nb.cells)} code cells, {len(errors)} errors")
for o in errors:
    print(o.get("ename"), o.get("evalue"))
    print("\n".join(o.get("traceback", [])))
if os.environ.get("KP_NOTEBOOK_OUT"):
    nbformat.write(nb, os.environ["KP_NOTEBOOK_OUT"])
sys.exit(1 if errors else 0)
