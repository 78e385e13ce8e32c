"""kneepain - decision support for runners with pain behind the knee.

Python binding of libkneepain (offline, embeddable).  It scores the
contributing causes, ranks likely conditions, decides how urgently to see a
professional (triage), builds a dosed remedy plan and proposes the next most
useful question, explaining every number.  Education and decision support,
never a diagnosis.

Quick start::

    import kneepain
    report = kneepain.assess({"evidence": {"age": 34, "pain_side": "lateral",
                                           "pain_resisted_flexion": True}})
    report.triage.level, report.conditions[0], report.plan

    with kneepain.Session() as s:          # one runner, step by step
        s.evidence["age"] = 34
        s.add_runs(runs_frame)             # DataFrame or list of dicts
        s.import_file("activities.csv")    # Strava / Garmin export
        print(s.assess())

    kneepain.score(cohort_frame)           # many runners, in C, no Python loop

Adaptive interview, "what would change the triage" and save/restore::

    with kneepain.Interview(budget=10) as iv:      # or session.interview(...)
        for q in iv:                               # until it should stop
            iv.answer(q.finding, ask(q.text))      # value, or kneepain.DONT_KNOW
        report = iv.assess()                       # report.stop_reason
        saved = iv.to_json()                       # resume: Interview.restore(saved)
    report.triage_changes()                        # [TriageChange(direction="raise", ...)]

Main names: :func:`assess`, :func:`score`, :class:`Model`, :class:`Session`,
:class:`Interview`, :class:`Report`, :class:`Error` and its subclasses.

Thread-safety: a :class:`Model` may be shared by any number of threads; a
:class:`Session`, :class:`Interview` or :class:`Report` by one thread at a
time (an interview shares its session's lock).  The GIL is
released while C assesses, parses, reads files or scores a batch.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional, Union

from . import capi as _c
from ._convert import dumps as _dumps
from ._errors import (CODE_NAMES, Error, FileError, InternalError, InvalidInput,
                      ModelError, OutOfMemory, StateError)
from .batch import ScoreResult, score, score_meta, to_matrix
from .model import FINDING_TYPES, KINDS, Finding, Item, Model
from .interview import DONT_KNOW, Interview, Question
from .report import (LEVELS, STOP_REASONS, CauseScore, ConditionProbability, NextQuestion,
                     PlanItem, Report, Triage, TriageChange, TriageChangeAnswer, TriageReason)
from .session import DroppedAnswer, Evidence, RestoreInfo, Session

__all__ = [
    "assess", "assess_json", "score", "score_meta", "to_matrix", "version",
    "Model", "Session", "Report", "Evidence", "Item", "Finding",
    "Triage", "TriageReason", "CauseScore", "ConditionProbability", "PlanItem",
    "NextQuestion", "ScoreResult", "LEVELS", "KINDS", "FINDING_TYPES", "CODE_NAMES",
    "Interview", "Question", "DONT_KNOW", "TriageChange", "TriageChangeAnswer",
    "RestoreInfo", "DroppedAnswer", "STOP_REASONS",
    "Error", "InvalidInput", "ModelError", "FileError", "OutOfMemory", "StateError",
    "InternalError", "__version__",
]

#: Version of the loaded C library ("MAJOR.MINOR.PATCH").
__version__: str = _c.version_string()


def version() -> str:
    """Run-time version of libkneepain ("MAJOR.MINOR.PATCH")."""
    return _c.version_string()


_ETYPE = -5  # KP_ETYPE

def assess(input: Union[Mapping[str, Any], str, bytes, None] = None,
           model: Optional[Model] = None, *, evidence: Optional[Mapping[str, Any]] = None) -> Report:
    """Assess one runner from an input document.

    Args:
        input: the assessment input document (doc/input-format.md): a dict with
            ``as_of``, ``evidence``, ``runs``, ``shoes``, ``pain_diary``,
            ``options``, or the same as JSON text.  Dates may be
            ``datetime.date``; numpy scalars are accepted.
        model: the model (default: :meth:`Model.default`).
        evidence: shorthand for ``{"evidence": evidence}`` (merged into input).

    Returns:
        the :class:`Report`.

    Raises:
        InvalidInput: unknown key or finding, wrong type, out of range,
            malformed JSON; the message names the field (``runs[3].date``).
    """
    m = model if model is not None else Model.default()
    if evidence is not None:
        if not isinstance(evidence, Mapping):
            raise InvalidInput(_ETYPE, f"evidence: expected a mapping, got {type(evidence).__name__}")
        if input is not None and not isinstance(input, Mapping):
            raise InvalidInput(_ETYPE, "input: evidence= needs the input as a mapping, "
                               f"got {type(input).__name__}")
        doc = dict(input or {})
        base = doc.get("evidence", {})
        if not isinstance(base, Mapping):
            raise InvalidInput(_ETYPE, f"evidence: expected a mapping, got {type(base).__name__}")
        doc["evidence"] = {**base, **evidence}
        input = doc
    if input is None:
        input = {}
    text = input if isinstance(input, (str, bytes)) else _dumps(input)
    session = _c.session_from_json(m._h, text)
    return Report(_c.session_assess(session))


def assess_json(input: Union[str, bytes, Mapping[str, Any]], model: Optional[Model] = None,
                pretty: bool = False) -> str:
    """JSON in, JSON out: the report document for an input document, made
    entirely in C (kp_assess_json)."""
    m = model if model is not None else Model.default()
    text = input if isinstance(input, (str, bytes)) else _dumps(input)
    return _c.assess_json(m._h, text, _c.JSON_PRETTY if pretty else 0)
