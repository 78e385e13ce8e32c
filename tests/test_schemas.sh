#!/bin/sh
# Shipped documents against doc/input.schema.json and doc/report.schema.json
# (TAP, see validate_documents.py).  Needs a Python with jsonschema
# (Debian: python3-jsonschema, in .ci/packages); skips without one.
py=${PYTHON:-/usr/bin/python3}
if ! "$py" -c 'import jsonschema' >/dev/null 2>&1; then
  echo "1..0 # SKIP no jsonschema module for ${py}"
  exit 0
fi
exec "$py" "$top_srcdir/tests/validate_documents.py" "$top_srcdir" "$KNEEPAIN"
