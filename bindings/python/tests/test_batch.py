"""Batch scoring: score() equals one-by-one assessment, input conversions,
errors, outputs."""

import numpy as np
import pandas as pd
import pytest

import kneepain

COLUMNS = ["age", "sex", "pain_side", "pain_resisted_flexion", "calf_swelling",
           "calf_pain", "trauma", "onset_sudden", "swelling_behind_knee", "pain_downhill",
           "weekly_km", "acwr"]


def cohort(n=300, seed=1):
    """Synthetic cohort with unknowns (NaN/None) in every column."""
    rng = np.random.default_rng(seed)
    f = pd.DataFrame({
        "age": rng.integers(16, 80, n).astype(float),
        "sex": rng.choice(["female", "male", None], n),
        "pain_side": rng.choice(["medial", "lateral", "central", None], n),
        "weekly_km": rng.uniform(0, 120, n).round(1),
        "acwr": rng.uniform(0.5, 2.2, n).round(2),
    })
    for c in COLUMNS:
        if c not in f:
            f[c] = rng.choice([True, False, None], n, p=[0.3, 0.5, 0.2])
    f.loc[rng.random(n) < 0.2, "age"] = np.nan
    f.loc[rng.random(n) < 0.2, "weekly_km"] = np.nan
    return f[COLUMNS]


def evidence_of(row):
    ev = {}
    for k, v in row.items():
        if v is None or (isinstance(v, float) and np.isnan(v)):
            continue
        ev[k] = v.item() if hasattr(v, "item") else v
    return ev


def test_score_equals_assess(model):
    frame = cohort()
    out = kneepain.score(frame, model=model)
    assert list(out.index) == list(frame.index)
    cond_cols = [c for c in out.columns if c.startswith("p_")]
    cause_cols = [c for c in out.columns if c.startswith("cause_")]
    assert len(cond_cols) == len(model.conditions)
    assert len(cause_cols) == len(model.causes)
    np.testing.assert_allclose(out[cond_cols].sum(axis=1), 1.0, atol=1e-9)
    for i in range(0, len(frame), 7):
        r = kneepain.assess({"evidence": evidence_of(frame.iloc[i])}, model)
        probs = {c.id: c.probability for c in r.conditions}
        scores = {c.id: c.score for c in r.causes}
        for c in model.conditions:
            assert out.iloc[i]["p_" + c.id] == pytest.approx(probs[c.id], abs=1e-9)
        for c in model.causes:
            assert out.iloc[i]["cause_" + c.id] == pytest.approx(scores[c.id], abs=1e-9)
        assert out.iloc[i]["triage"] == r.triage.level


def test_score_array_equals_frame(model):
    frame = cohort(100)
    mat, cols, _ = kneepain.to_matrix(frame, model=model)
    assert mat.flags.c_contiguous and mat.dtype == np.float64
    a = kneepain.score(mat, columns=cols, model=model)
    b = kneepain.score(frame, model=model)
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))


def test_score_raw_arrays_and_threads(model):
    frame = cohort(5000, seed=3)
    one = kneepain.score(frame, model=model, as_frame=False)
    many = kneepain.score(frame, model=model, as_frame=False, threads=4)
    assert isinstance(one, kneepain.ScoreResult)
    assert one.conditions.shape == (5000, len(model.conditions))
    assert one.levels.shape == (5000,)
    np.testing.assert_array_equal(one.conditions, many.conditions)
    np.testing.assert_array_equal(one.causes, many.causes)
    np.testing.assert_array_equal(one.levels, many.levels)
    assert set(np.unique(one.levels)) <= set(range(len(kneepain.LEVELS)))


def test_choice_indexes_equal_choice_ids(model):
    f = pd.DataFrame({"sex": ["female", "male", None]})
    g = pd.DataFrame({"sex": [0.0, 1.0, np.nan]})
    pd.testing.assert_frame_equal(kneepain.score(f), kneepain.score(g))
    cat = pd.DataFrame({"sex": pd.Categorical(["female", "male", None])})
    pd.testing.assert_frame_equal(kneepain.score(cat), kneepain.score(g))


def test_nullable_dtypes(model):
    f = pd.DataFrame({"trauma": pd.array([True, None, False], dtype="boolean"),
                      "age": pd.array([30, None, 40], dtype="Int64")})
    g = pd.DataFrame({"trauma": [1.0, np.nan, 0.0], "age": [30.0, np.nan, 40.0]})
    pd.testing.assert_frame_equal(kneepain.score(f), kneepain.score(g))


def test_triage_is_ordered_categorical(model):
    out = kneepain.score(cohort(50))
    assert isinstance(out["triage"].dtype, pd.CategoricalDtype)
    assert out["triage"].cat.ordered
    assert list(out["triage"].cat.categories) == list(kneepain.LEVELS)


def test_red_flag_row_escalates(model):
    f = pd.DataFrame({"cold_pale_foot": [0.0, 1.0]})
    out = kneepain.score(f)
    assert out["triage"].iloc[1] < out["triage"].iloc[0]  # more urgent


def test_score_errors(model):
    with pytest.raises(kneepain.InvalidInput) as ei:
        kneepain.score(pd.DataFrame({"no_such_finding": [1.0]}))
    assert ei.value.code == kneepain.capi.ENOTFOUND
    assert "no_such_finding" in ei.value.message
    with pytest.raises(kneepain.InvalidInput) as ei:
        kneepain.score(pd.DataFrame({"age": [30.0, 31.0, 2000.0]}))
    assert ei.value.code == kneepain.capi.ERANGE
    assert "age" in ei.value.message
    with pytest.raises(kneepain.InvalidInput) as ei:
        kneepain.score(pd.DataFrame({"sex": ["female", "robot"]}))
    assert "robot" in ei.value.message and "row 1" in ei.value.message
    with pytest.raises(kneepain.InvalidInput):
        kneepain.score(np.zeros((3, 2)))  # columns required
    with pytest.raises(kneepain.InvalidInput):
        kneepain.score(np.zeros((3, 2)), columns=["age"])


def test_low_level_buffer_checks(model):
    c = kneepain.capi
    mat = np.zeros((2, 1))
    with pytest.raises(TypeError):
        c.model_score(model._h, np.zeros((2, 1), dtype=np.float32), 2, ["age"], None, None, None)
    with pytest.raises(ValueError):
        c.model_score(model._h, mat, 3, ["age"], None, None, None)
    with pytest.raises(ValueError):
        c.model_score(model._h, mat, 2, ["age"], np.zeros(1), None, None)
    with pytest.raises(TypeError):
        c.model_score(model._h, mat, 2, [1], None, None, None)
    lv = np.full(2, -1, dtype=np.intc)
    c.model_score(model._h, np.full((2, 1), 30.0), 2, ["age"], None, None, lv)
    assert (lv >= 0).all()


def test_empty_frame(model):
    out = kneepain.score(pd.DataFrame({"age": pd.Series([], dtype=float)}))
    assert len(out) == 0
    meta = kneepain.score_meta(model)
    assert list(meta.columns) == list(out.columns)
    assert (meta.dtypes == out.dtypes).all()
