dnl Python binding detection (owned by bindings/python).  Defines WITH_PYTHON.
AM_CONDITIONAL([WITH_PYTHON], [false])
