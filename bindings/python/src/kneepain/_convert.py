"""Conversions between Python values and the library's JSON documents."""

from __future__ import annotations

import datetime as _dt
import json
import math
from typing import Any, Mapping, Set

from . import capi as _c
from ._errors import InvalidInput

__all__ = ["dumps", "date_str", "is_missing", "number", "whole"]

_EINVAL = -3
_ETYPE = -5
_ERANGE = -6

#: The library refuses documents nested deeper (kp_limits.max_json_depth).
MAX_DEPTH = _c.DEFAULT_MAX_JSON_DEPTH
#: json_int_t (int64): the library's JSON integers.
_INT_MIN, _INT_MAX = -(2 ** 63), 2 ** 63 - 1


def _child(path: str, key: Any) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def _plain(value: Any, path: str, depth: int, active: Set[int]) -> Any:
    """value as plain JSON data (dict, list, str, int, float, bool, None),
    checked the way the library would check the document, but naming the
    field: cycles, nesting, integer range, NaN, types."""
    where = path or "input"
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, int):
        if not _INT_MIN <= value <= _INT_MAX:
            raise InvalidInput(_ERANGE, f"{where}: a {value.bit_length()}-bit integer is outside "
                               "the 64-bit range")
        return int(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidInput(_ERANGE, f"{where}: NaN or infinite number")
        return value
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (Mapping, list, tuple)):
        if depth >= MAX_DEPTH:
            raise InvalidInput(_ERANGE, f"{where}: nested deeper than {MAX_DEPTH} levels "
                               "(kp_limits.max_json_depth)")
        if id(value) in active:
            raise InvalidInput(_EINVAL, f"{where}: circular reference (the value contains itself)")
        active.add(id(value))
        try:
            if isinstance(value, Mapping):
                out = {}
                for k, v in value.items():
                    if not isinstance(k, str):
                        raise InvalidInput(_ETYPE, f"{where}: key {k!r} is not a string")
                    out[k] = _plain(v, _child(path, k), depth + 1, active)
                return out
            return [_plain(v, _child(path, i), depth + 1, active) for i, v in enumerate(value)]
        finally:
            active.discard(id(value))
    item = getattr(value, "item", None)  # numpy / pandas scalars
    if item is not None and getattr(value, "ndim", 0) == 0:
        return _plain(item(), path, depth, active)
    tolist = getattr(value, "tolist", None)  # numpy arrays, pandas series
    if tolist is not None:
        return _plain(tolist(), path, depth, active)
    if is_missing(value):
        return None
    raise InvalidInput(_ETYPE, f"{where}: {type(value).__name__} is not a JSON value")


def dumps(doc: Any) -> str:
    """Serialise an input document (a mapping) to compact JSON.

    Raises InvalidInput naming the field for what the library would refuse
    or what JSON cannot hold: a document that is not a mapping, a circular
    reference, nesting deeper than the library's limit, integers outside
    64 bits, NaN and infinities, keys that are not strings.
    """
    if not isinstance(doc, Mapping):
        raise InvalidInput(_ETYPE, f"input: expected a mapping (dict), got {type(doc).__name__}")
    return json.dumps(_plain(doc, "", 0, set()), allow_nan=False, separators=(",", ":"))


def number(value: Any, field: str) -> float:
    """value as a float for a C double argument (None/NaN/NA stay NaN);
    InvalidInput naming the field instead of TypeError/OverflowError."""
    if is_missing(value):
        return math.nan
    try:
        return float(value)
    except OverflowError:
        raise InvalidInput(_ERANGE, f"{field}: {type(value).__name__} too large for a number") from None
    except (TypeError, ValueError):
        raise InvalidInput(_ETYPE, f"{field}: expected a number, got {value!r}") from None


def whole(value: Any, field: str, lo: int, hi: int) -> int:
    """value as an int in [lo, hi] for a C integer argument; InvalidInput
    naming the field otherwise (never wrapped, never OverflowError)."""
    if isinstance(value, bool) or not isinstance(value, int):
        index = getattr(value, "__index__", None)
        if index is None:
            raise InvalidInput(_ETYPE, f"{field}: expected a whole number, got {value!r}")
        value = index()
    if not lo <= value <= hi:
        raise InvalidInput(_ERANGE, f"{field}: must be from {lo} to {hi}")
    return int(value)


def date_str(value: Any) -> str:
    """A date as "YYYY-MM-DD" (str passed through, date/datetime/Timestamp formatted)."""
    if isinstance(value, str):
        return value
    strftime = getattr(value, "strftime", None)
    if strftime is not None:
        return strftime("%Y-%m-%d")
    raise InvalidInput(_EINVAL, f"date: expected 'YYYY-MM-DD', a date or a Timestamp, got {value!r}")


def is_missing(value: Any) -> bool:
    """True for None, NaN, pandas NA/NaT."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    try:
        return bool(value != value)  # NaN, NaT
    except (TypeError, ValueError):
        return type(value).__name__ in ("NAType", "NaTType")
