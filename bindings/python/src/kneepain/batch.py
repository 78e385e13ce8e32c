"""Batch scoring of cohorts with kp_model_score: no per-row Python loop.

The input is turned column by column (vectorised) into one C-contiguous
float64 matrix (NaN = unknown, booleans 0/1, choices as the choice index),
scored in C with the GIL released, and returned as a pandas DataFrame
(or numpy arrays).  Requires numpy; pandas for DataFrame input/output.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any, List, NamedTuple, Optional, Sequence

from . import capi as _c
from ._errors import InvalidInput
from .model import Model
from .report import LEVELS

__all__ = ["score", "score_meta", "to_matrix", "ScoreResult"]

_EINVAL = -3
_ENOTFOUND = -4


class ScoreResult(NamedTuple):
    """Raw batch output (``score(..., as_frame=False)``).

    Attributes:
        conditions: rows x len(condition_ids) probabilities (float64).
        causes: rows x len(cause_ids) scores (float64).
        levels: rows triage levels (int32, index into :data:`kneepain.LEVELS`).
        condition_ids, cause_ids: column IDs in model order.
    """

    conditions: Any
    causes: Any
    levels: Any
    condition_ids: List[str]
    cause_ids: List[str]


def _column_values(series: Any, finding: Any, np: Any, pd: Any) -> Any:
    """One frame column as float64 (vectorised; choices mapped to indexes)."""
    name = series.name
    dtype = series.dtype
    types = pd.api.types
    numeric = types.is_numeric_dtype(dtype) and not isinstance(dtype, pd.CategoricalDtype)
    if finding is not None and finding.type == "choice" and not numeric:
        values = series.astype("object")
        cat = pd.Categorical(values, categories=list(finding.choices))
        codes = np.asarray(cat.codes, dtype=np.float64)
        bad = (codes < 0) & values.notna().to_numpy()
        if bad.any():
            pos = int(np.argmax(bad))
            raise InvalidInput(_ENOTFOUND, (
                f"column '{name}', row {pos}: unknown choice {values.iloc[pos]!r} "
                f"(choices: {', '.join(finding.choices)})"))
        codes[codes < 0] = np.nan
        return codes
    try:
        if types.is_bool_dtype(dtype) or (not numeric and finding is not None
                                          and finding.type == "bool"):
            return series.astype("boolean").to_numpy(dtype=np.float64, na_value=np.nan)
        if numeric and isinstance(dtype, np.dtype):
            return series.to_numpy(dtype=np.float64)
        if not numeric:
            series = pd.to_numeric(series, errors="raise")
        return series.astype("Float64").to_numpy(dtype=np.float64, na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(_EINVAL, f"column '{name}': {exc}") from None


def to_matrix(data: Any, columns: Optional[Sequence[str]] = None,
              model: Optional[Model] = None):
    """The C-contiguous float64 matrix and column list that :func:`score`
    passes to C.  Returns ``(matrix, columns, index)`` (index None for arrays)."""
    import numpy as np

    model = model if model is not None else Model.default()
    if hasattr(data, "columns") and hasattr(data, "iloc"):
        import pandas as pd

        cols = list(data.columns) if columns is None else list(columns)
        for c in cols:
            if not isinstance(c, str):
                raise InvalidInput(_EINVAL, f"column {c!r}: names must be finding IDs (str)")
        fmap = model._finding_map()
        mat = np.empty((len(data), len(cols)), dtype=np.float64)
        for j, c in enumerate(cols):
            if c not in data.columns:
                raise InvalidInput(_ENOTFOUND, f"column '{c}': not in the frame")
            mat[:, j] = _column_values(data[c], fmap.get(c), np, pd)
        return mat, cols, data.index
    if columns is None:
        raise InvalidInput(_EINVAL, "columns: required for array input (finding IDs)")
    cols = list(columns)
    mat = np.ascontiguousarray(data, dtype=np.float64)
    if mat.ndim == 1 and len(cols) == 1:
        mat = mat.reshape(-1, 1)
    if mat.ndim != 2 or mat.shape[1] != len(cols):
        raise InvalidInput(_EINVAL, f"matrix: shape {mat.shape} does not match {len(cols)} columns")
    return mat, cols, None


def score(data: Any, columns: Optional[Sequence[str]] = None, model: Optional[Model] = None,
          *, as_frame: bool = True, threads: int = 1) -> Any:
    """Score many cases in C.

    Args:
        data: a pandas DataFrame (one column per finding; choices as choice
            IDs or indexes; NaN/None = unknown) or a 2-D array-like of floats.
        columns: finding IDs of the columns to use (required for arrays;
            default: every column of the frame, which must all be findings).
        model: the model (default: :meth:`Model.default`).
        as_frame: return a DataFrame (``p_<condition>``, ``cause_<cause>``,
            ``triage`` ordered categorical, input index kept); False returns
            a :class:`ScoreResult` of numpy arrays.
        threads: split the rows over this many threads (the GIL is released
            while C scores).

    Raises:
        InvalidInput: unknown column or choice, or a cell out of range (the
            message names row and column).
    """
    import numpy as np

    model = model if model is not None else Model.default()
    mat, cols, index = to_matrix(data, columns, model)
    rows = mat.shape[0]
    cond_ids = [c.id for c in model.conditions]
    cause_ids = [c.id for c in model.causes]
    conds = np.empty((rows, len(cond_ids)), dtype=np.float64)
    causes = np.empty((rows, len(cause_ids)), dtype=np.float64)
    levels = np.empty(rows, dtype=np.intc)
    h = model._h
    threads = max(1, min(int(threads), rows // 1024 or 1))
    if threads == 1:
        _c.model_score(h, mat, rows, cols, conds, causes, levels)
    else:
        bounds = np.linspace(0, rows, threads + 1).astype(int)

        def run(k: int) -> None:
            a, b = bounds[k], bounds[k + 1]
            _c.model_score(h, mat[a:b], int(b - a), cols, conds[a:b], causes[a:b], levels[a:b])

        with ThreadPoolExecutor(threads) as pool:
            for f in [pool.submit(run, k) for k in range(threads)]:
                f.result()
    if not as_frame:
        return ScoreResult(conds, causes, levels, cond_ids, cause_ids)
    return _frame(conds, causes, levels, cond_ids, cause_ids, index)


def _frame(conds: Any, causes: Any, levels: Any, cond_ids: List[str], cause_ids: List[str],
           index: Any) -> Any:
    import numpy as np
    import pandas as pd

    out = {}
    for j, cid in enumerate(cond_ids):
        out["p_" + cid] = conds[:, j]
    for j, cid in enumerate(cause_ids):
        out["cause_" + cid] = causes[:, j]
    out["triage"] = pd.Categorical.from_codes(levels.astype(np.int8),
                                              categories=list(LEVELS), ordered=True)
    return pd.DataFrame(out, index=index)


def score_meta(model: Optional[Model] = None) -> Any:
    """An empty DataFrame with the columns and dtypes :func:`score` returns
    (the ``meta=`` of ``dask.dataframe.map_partitions``)."""
    import numpy as np

    model = model if model is not None else Model.default()
    cond_ids = [c.id for c in model.conditions]
    cause_ids = [c.id for c in model.causes]
    return _frame(np.empty((0, len(cond_ids))), np.empty((0, len(cause_ids))),
                  np.empty(0, dtype=np.intc), cond_ids, cause_ids, None)
