"""Error mapping: C status codes -> kneepain.Error subclasses with the code
and the C message naming the field."""

import json

import pytest

import kneepain
from kneepain import capi


@pytest.mark.parametrize("code,cls,builtin", [
    (capi.EINVAL, kneepain.InvalidInput, ValueError),
    (capi.ENOTFOUND, kneepain.InvalidInput, ValueError),
    (capi.ETYPE, kneepain.InvalidInput, ValueError),
    (capi.ERANGE, kneepain.InvalidInput, ValueError),
    (capi.EPARSE, kneepain.InvalidInput, ValueError),
    (capi.EFORMAT, kneepain.InvalidInput, ValueError),
    (capi.EVERSION, kneepain.InvalidInput, ValueError),
    (capi.EMODEL, kneepain.ModelError, kneepain.Error),
    (capi.EIO, kneepain.FileError, OSError),
    (capi.ENOMEM, kneepain.OutOfMemory, MemoryError),
    (capi.ESTATE, kneepain.StateError, kneepain.Error),
    (capi.ERROR, kneepain.InternalError, kneepain.Error),
])
def test_family_table(code, cls, builtin):
    e = kneepain._errors.from_status(code, "field: message")
    assert type(e) is cls
    assert isinstance(e, kneepain.Error) and isinstance(e, builtin)
    assert e.code == code and e.code_name == kneepain.CODE_NAMES[code]
    assert str(e) == f"field: message [{e.code_name}]"


def test_code_names_match_c():
    for code, name in kneepain.CODE_NAMES.items():
        assert getattr(capi, name[3:]) == code


def test_unknown_finding_in_document():
    with pytest.raises(kneepain.InvalidInput) as ei:
        kneepain.assess({"evidence": {"no_such_finding": True}})
    assert ei.value.code == capi.ENOTFOUND
    assert "no_such_finding" in ei.value.message


def test_unknown_key_in_document():
    with pytest.raises(kneepain.InvalidInput):
        kneepain.assess({"evidense": {}})


def test_wrong_type_names_field():
    with pytest.raises(kneepain.InvalidInput) as ei:
        kneepain.assess({"evidence": {"age": "thirty"}})
    assert ei.value.code == capi.ETYPE
    assert "age" in ei.value.message


def test_range_names_run_index():
    runs = [{"date": "2026-10-0%d" % (i + 1), "distance_km": 5.0} for i in range(4)]
    runs[3]["distance_km"] = 5000.0
    with pytest.raises(kneepain.InvalidInput) as ei:
        kneepain.assess({"runs": runs})
    assert ei.value.code == capi.ERANGE
    assert "runs[3]" in ei.value.message and "distance_km" in ei.value.message


def test_malformed_json_position():
    with pytest.raises(kneepain.InvalidInput) as ei:
        kneepain.assess('{"evidence": {"age": 34,}}')
    assert ei.value.code == capi.EPARSE
    assert ":" in ei.value.message


def test_nan_is_rejected_before_c():
    with pytest.raises(kneepain.InvalidInput) as ei:
        kneepain.assess({"evidence": {"age": float("nan")}})
    assert ei.value.code == capi.ERANGE


def test_model_load_errors(tmp_path):
    with pytest.raises(kneepain.FileError) as ei:
        kneepain.Model.load(tmp_path / "none.json")
    assert ei.value.code == capi.EIO
    assert "none.json" in ei.value.message
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": ')
    with pytest.raises(kneepain.InvalidInput) as ei:
        kneepain.Model.load(bad)
    assert ei.value.code == capi.EPARSE
    invalid = tmp_path / "invalid.json"
    invalid.write_text(json.dumps({"format": "kneepain-model/1", "id": 5}))
    with pytest.raises(kneepain.ModelError) as ei:
        kneepain.Model.load(invalid)
    assert ei.value.code == capi.EMODEL


def test_model_from_string_roundtrip():
    import os
    top = os.environ.get("KP_TOP_SRCDIR")
    if not top:
        pytest.skip("KP_TOP_SRCDIR not set")
    path = os.path.join(top, "models", "default.json")
    m = kneepain.Model.load(path)
    with open(path, "rb") as f:
        m2 = kneepain.Model.from_string(f.read(), "default.json")
    assert m.sha256 == m2.sha256 == kneepain.Model.default().sha256


def test_errors_are_picklable():
    import pickle
    e = kneepain._errors.from_status(capi.ERANGE, "age: out of range")
    e2 = pickle.loads(pickle.dumps(e))
    assert type(e2) is type(e) and e2.code == e.code and e2.message == e.message


def test_c_error_does_not_leak_into_next_call():
    with pytest.raises(kneepain.InvalidInput):
        kneepain.assess({"evidence": {"age": -5}})
    assert kneepain.assess({"evidence": {"age": 5 + 20}}).triage.level
