"""make check entry: run the pytest suite in tests/ (exit 77 = skip when
pytest is not installed for this interpreter)."""

import os
import sys

try:
    import pytest
except ImportError:
    print("SKIP: pytest is not installed for", sys.executable)
    sys.exit(77)

here = os.environ.get("KP_PY_SRCDIR") or os.path.dirname(os.path.abspath(__file__))
sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", "-W", "error::pytest.PytestUnraisableExceptionWarning",
                      os.path.join(here, "tests")]))
