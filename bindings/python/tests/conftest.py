"""Shared fixtures for the kneepain pytest suite (run from the build tree by
run_pytest.py with PYTHONPATH pointing at the staged package)."""

import os

import pytest

import kneepain

TOP_SRCDIR = os.environ.get("KP_TOP_SRCDIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", "..", ".."))


@pytest.fixture(scope="session")
def model():
    """The default model."""
    return kneepain.Model.default()


@pytest.fixture
def doc():
    """A complete assessment input document (doc/input-format.md)."""
    return {
        "as_of": "2026-11-01",
        "evidence": {"age": 34, "sex": "female", "pain_side": "lateral",
                     "pain_resisted_flexion": True, "calf_swelling": False},
        "runs": [
            {"date": "2026-10-20", "distance_km": 6.0},
            {"date": "2026-10-23", "distance_km": 8.0, "duration_min": 45, "rpe": 5,
             "gear": "shoe-a", "elevation_gain_m": 120},
            {"date": "2026-10-30", "distance_km": 16.0, "gear": "shoe-a"},
        ],
        "shoes": [{"gear": "shoe-a", "start_km": 300}],
        "pain_diary": [{"date": "2026-10-31", "during": 3, "after": 4, "next_morning": 1}],
        "options": {"locale": "en", "max_plan_items": 6},
    }


@pytest.fixture
def strava_csv():
    """The synthetic Strava export shipped with the examples."""
    return os.path.join(TOP_SRCDIR, "examples", "python", "strava_activities.csv")
