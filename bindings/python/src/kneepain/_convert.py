"""Conversions between Python values and the library's JSON documents."""

from __future__ import annotations

import datetime as _dt
import json
import math
from typing import Any

from ._errors import InvalidInput

__all__ = ["dumps", "date_str", "is_missing"]

_EINVAL = -3
_ERANGE = -6


def _default(obj: Any) -> Any:
    """json.dumps hook: dates, numpy scalars and arrays, pandas NA."""
    if isinstance(obj, (_dt.date, _dt.datetime)):
        return obj.strftime("%Y-%m-%d")
    item = getattr(obj, "item", None)  # numpy / pandas scalars
    if item is not None and getattr(obj, "ndim", 0) == 0:
        return item()
    tolist = getattr(obj, "tolist", None)
    if tolist is not None:
        return tolist()
    if is_missing(obj):
        return None
    raise TypeError(f"{type(obj).__name__} is not JSON serialisable")


def dumps(doc: Any) -> str:
    """Serialise an input document to compact JSON.

    NaN and infinities are rejected (the library treats them as out of
    range) with InvalidInput instead of producing invalid JSON.
    """
    try:
        return json.dumps(doc, default=_default, allow_nan=False,
                          separators=(",", ":"))
    except ValueError as exc:
        raise InvalidInput(_ERANGE, f"input: NaN or infinite number ({exc})") from None
    except TypeError as exc:
        raise InvalidInput(_EINVAL, f"input: {exc}") from None


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
