"""Assessment reports.

A :class:`Report` wraps the C report.  Its document form (``to_dict()``,
``to_json()``) is exactly the library's ``kneepain-report/1`` JSON; the
attributes hold the same values, read from the C report in one call on
first use (never through JSON), except :attr:`Report.training_load`, which
is read from the document.
A report is independent of the session it came from and of later changes to
it.  Like the C object it may be read by one thread at a time.
"""

from __future__ import annotations

import html
import json
import threading
from dataclasses import dataclass, field
from typing import Any, Dict, List, NamedTuple, Optional, Tuple, Union

from . import capi as _c

__all__ = [
    "Report", "Triage", "TriageReason", "CauseScore", "ConditionProbability",
    "PlanItem", "NextQuestion", "TriageChange", "TriageChangeAnswer", "LEVELS",
    "STOP_REASONS",
]

#: Triage levels, most urgent first (index = C kp_level).
LEVELS = tuple(_c.level_id(i) for i in range(_c.LEVEL_COUNT))

#: Values of :attr:`Report.stop_reason` (doc/interview.md, "Stopping rule").
STOP_REASONS: Tuple[str, ...] = ("none", "nothing_useful", "budget", "red_flag", "emergency")


@dataclass(frozen=True)
class TriageReason:
    """A triage rule that fired: its ID, the level it asks for, advice text,
    the findings that triggered it, whether it is a red flag and the cited
    source.  ``superseded`` is True in an emergency report for a rule less
    urgent than the report's level: ``text`` is then "get the emergency help
    first", not the rule's own advice."""

    rule: str = ""
    level: str = ""
    text: str = ""
    superseded: bool = False
    findings: List[str] = field(default_factory=list)
    red_flag: bool = False
    source: str = ""
    evidence_level: str = ""
    cite: str = ""


@dataclass(frozen=True)
class Triage:
    """How urgently to see a professional.

    Attributes:
        level: one of :data:`LEVELS` (``"self_care"`` ... ``"emergency_ambulance"``).
        text: what the level means for the runner.
        reasons: the rules that fired.
        provisional: True while a warning sign that could make the level more
            urgent was not checked (an interview stopped early).
        unchecked: those finding IDs, most urgent first.
    """

    level: str
    text: str = ""
    reasons: List[TriageReason] = field(default_factory=list)
    provisional: bool = False
    unchecked: List[str] = field(default_factory=list)

    @property
    def rank(self) -> int:
        """0 = most urgent (emergency_ambulance) ... 4 = self_care."""
        return LEVELS.index(self.level)


@dataclass(frozen=True)
class CauseScore:
    """A contributing cause with its display name, score (0..1), logit
    (= bias + sum of effects) and the evidence behind it (list of
    ``{"finding", "value", "effect", "origin"}`` dicts, effects in logit space)."""

    id: str
    score: float
    name: str = ""
    logit: float = 0.0
    bias: float = 0.0
    evidence: List[Dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class ConditionProbability:
    """A condition with its display name, posterior probability, whether it
    must not be missed, the fired red-flag rules that rank it first
    (``flagged_by``; empty when it is ranked by probability), the answered
    findings that support or conflict with it and the per-finding weights of
    evidence."""

    id: str
    probability: float
    name: str = ""
    must_not_miss: bool = False
    flagged_by: List[str] = field(default_factory=list)
    supporting: List[Any] = field(default_factory=list)
    conflicting: List[Any] = field(default_factory=list)
    log_prior: float = 0.0
    weights: List[Dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class PlanItem:
    """One remedy of the plan: its ID, name, explained text, dose (e.g.
    ``{"minutes": 15}``) with the source of each number, the
    causes/conditions it answers, and cautions (the texts of its
    contraindications that are still unanswered)."""

    remedy: str
    name: str = ""
    text: str = ""
    dose: Dict[str, Any] = field(default_factory=dict)
    dose_sources: Dict[str, Any] = field(default_factory=dict)
    because: List[str] = field(default_factory=list)
    cautions: List[str] = field(default_factory=list)


@dataclass(frozen=True)
class NextQuestion:
    """The most informative finding to ask next (doc/interview.md section 1).

    Attributes:
        finding: the finding ID to ask.
        text: the question in the report's locale.
        type: ``"bool"``, ``"number"`` or ``"choice"``.
        information_gain: ``gain(f)`` in nats (``gain_conditions +
            triage_weight * gain_triage``).
        reason: ``"screen"`` or ``"information_gain"`` (the coarser, older
            form of ``kind``).
        group: the model group of the question ("" when none).
        kind: ``"screen"`` (red-flag screening, asked first), ``"triage"``,
            ``"separates"`` (tells two likely conditions apart) or
            ``"information"``.
        rationale: why it is asked, one sentence in the report's locale.
        rationale_conditions: the conditions behind the rationale (0-2 IDs).
        rationale_rule: the most urgent triage rule some answer would fire on
            its own (None when no answer changes the level alone).
        asked_with: questions to show together with this one (same group,
            this one first; empty when it stands alone).
        gain_conditions: expected entropy reduction of the condition
            posterior (nats).
        gain_triage: entropy of the triage level after the answer (nats).
        cost: the cost the gain was divided by.
    """

    finding: str
    text: str = ""
    type: str = ""
    information_gain: float = 0.0
    reason: str = ""
    group: str = ""
    kind: str = ""
    rationale: str = ""
    rationale_conditions: List[str] = field(default_factory=list)
    rationale_rule: Optional[str] = None
    asked_with: List[str] = field(default_factory=list)
    gain_conditions: float = 0.0
    gain_triage: float = 0.0
    cost: float = 1.0


class TriageChangeAnswer(NamedTuple):
    """One answer of a :class:`TriageChange`.

    Attributes:
        finding: the finding ID.
        value: an example value that satisfies the rule, as the natural
            Python type of the finding: ``bool`` for yes/no findings, the
            choice ID (``str``) for choice findings, ``float`` for numbers
            (thresholds are preferred, e.g. ``55.0`` for ``age >= 55``).
            It can be passed as is to ``session.evidence[finding] = value``
            or :meth:`Interview.answer`.
        test: the condition as text: ``"= yes"``, ``">= 55"``,
            ``"in medial, lateral"``, ``"> 10 and <= 30"``.
    """

    finding: str
    value: Union[bool, str, float]
    test: str


@dataclass(frozen=True)
class TriageChange:
    """One way the triage level could change (doc/interview.md section 2).

    Attributes:
        direction: ``"raise"`` (these still-unknown answers would make a
            more urgent rule fire) or ``"lower"`` (changing these given
            answers would make the triage less urgent).
        level: the resulting level, one of :data:`LEVELS`.
        rule: the rule that would fire (raise), None for lower entries.
        text: the rule's advice (raise) or the new level's text (lower), in
            the report's locale.
        answers: the answers, as :class:`TriageChangeAnswer`
            ``(finding, value, test)`` tuples.
    """

    direction: str
    level: str
    rule: Optional[str] = None
    text: str = ""
    answers: Tuple[TriageChangeAnswer, ...] = ()

    @property
    def rank(self) -> int:
        """0 = most urgent (emergency_ambulance) ... 4 = self_care."""
        return LEVELS.index(self.level)

    @property
    def evidence(self) -> Dict[str, Any]:
        """The answers as a ``{finding: value}`` dict, ready for
        ``session.evidence.update(...)``."""
        return {a.finding: a.value for a in self.answers}


def _answer_value(v: Any) -> Any:
    # The C JSON writes bools as true/false and choices as their ID; numbers
    # may come out as JSON integers: make them floats.
    return float(v) if isinstance(v, int) and not isinstance(v, bool) else v


def _triage_change(d: Dict[str, Any]) -> TriageChange:
    return TriageChange(
        direction=d.get("direction", ""), level=d.get("level", ""), rule=d.get("rule"),
        text=d.get("text") or "",
        answers=tuple(TriageChangeAnswer(a["finding"], _answer_value(a.get("value")),
                                         a.get("test") or "")
                      for a in d.get("answers") or ()))


#: The classes kneepain.capi.report_objects() fills, in its order.
_OBJECT_TYPES = (Triage, TriageReason, CauseScore, ConditionProbability, PlanItem, NextQuestion)


class Report:
    """The result of an assessment.  Obtain from :func:`kneepain.assess` or
    :meth:`kneepain.Session.assess`.

    Triage, causes, conditions, plan and next question are read from the C
    report in one call on first use and kept (the objects are shared by
    later reads: treat them as read-only); ``level``, ``receipt`` and the
    other scalars read the C report directly.  Only ``training_load`` (and
    ``to_dict()``/``to_json()``) go through the report JSON.
    """

    __slots__ = ("_h", "_doc", "_objs", "_lock", "_changes", "__weakref__")

    def __init__(self, handle: "_c.Report") -> None:
        self._h = handle
        self._doc: Optional[Dict[str, Any]] = None
        self._objs: Optional[Tuple[Any, ...]] = None
        self._changes: Optional[Tuple[TriageChange, ...]] = None
        self._lock = threading.Lock()

    # -- document -------------------------------------------------------------

    def to_json(self, pretty: bool = False, triage_changes: bool = False) -> str:
        """The report as ``kneepain-report/1`` JSON text (from the C library).

        Args:
            pretty: indent the JSON.
            triage_changes: add the ``"triage_changes"`` section (the
                :meth:`triage_changes` analysis, KP_JSON_TRIAGE_CHANGES).
        """
        flags = (_c.JSON_PRETTY if pretty else 0) | (_c.JSON_TRIAGE_CHANGES if triage_changes else 0)
        return _c.report_to_json(self._h, flags)

    def _d(self) -> Dict[str, Any]:
        doc = self._doc
        if doc is None:
            with self._lock:
                if self._doc is None:
                    self._doc = json.loads(self.to_json())
                doc = self._doc
        return doc

    def _o(self) -> Tuple[Any, ...]:
        """(triage, causes, conditions, plan, next_question, conditions_note),
        read from the C report once."""
        objs = self._objs
        if objs is None:
            with self._lock:
                if self._objs is None:
                    self._objs = _c.report_objects(self._h, _OBJECT_TYPES)
                objs = self._objs
        return objs

    def to_dict(self) -> Dict[str, Any]:
        """The report document as a new dict (safe to modify)."""
        return json.loads(self.to_json())

    # -- attributes -----------------------------------------------------------

    @property
    def level(self) -> str:
        """Triage level ID (fast path: no JSON)."""
        return LEVELS[_c.report_level(self._h)]

    @property
    def triage(self) -> Triage:
        """Triage level and the rules that fired."""
        return self._o()[0]

    @property
    def provisional(self) -> bool:
        """True while a screening finding that could raise the triage level is
        unknown: the triage is not final (fast path: no JSON)."""
        return bool(_c.report_triage_provisional(self._h))

    @property
    def unchecked(self) -> List[str]:
        """The unchecked warning-sign finding IDs, most urgent first."""
        n = _c.report_triage_unchecked_count(self._h)
        return [_c.report_triage_unchecked(self._h, i) for i in range(n)]

    @property
    def causes(self) -> List[CauseScore]:
        """Contributing causes, highest score first."""
        return list(self._o()[1])

    @property
    def conditions(self) -> List[ConditionProbability]:
        """Conditions, most probable first (probabilities sum to 1), except
        that must-not-miss conditions named by a fired red-flag rule
        (non-empty ``flagged_by``) come first; see :attr:`conditions_note`."""
        return list(self._o()[2])

    @property
    def conditions_note(self) -> Optional[str]:
        """Why flagged conditions come first (their place is about not
        missing them, not about how likely they are); None when none is."""
        return self._o()[5]

    @property
    def plan(self) -> List[PlanItem]:
        """Remedy plan in order; the last item is the safety net."""
        return list(self._o()[3])

    @property
    def next_question(self) -> Optional[NextQuestion]:
        """The next most useful question, or None when nothing useful is left."""
        return self._o()[4]

    @property
    def should_stop(self) -> bool:
        """True when nothing more should be asked (then :attr:`next_question`
        is None); see :attr:`stop_reason`."""
        return bool(_c.report_should_stop(self._h))

    @property
    def stop_reason(self) -> str:
        """Why to stop asking, one of :data:`STOP_REASONS`: ``"none"`` (a
        question is proposed), ``"nothing_useful"`` (no question gains enough),
        ``"budget"`` (the interview's budget is used up), ``"red_flag"`` (an
        interview that stops on red flags saw one; show the advice at once) or
        ``"emergency"`` (the triage is an emergency: nothing more is asked)."""
        return _c.report_stop_reason(self._h)

    def triage_changes(self, direction: Optional[str] = None) -> List[TriageChange]:
        """What would change the triage (doc/interview.md section 2).

        "raise" entries are the smallest sets of still-unknown answers that
        would make a more urgent rule fire; "lower" entries the smallest
        changes to given answers that would make the triage less urgent.
        Raises come first, most urgent first; then lowers, least urgent
        first; then by number of answers.  Every entry is sound: applying its
        :attr:`TriageChange.evidence` to the session and assessing again gives
        (at least) its level.  Computed in C on first call, then cached.

        Args:
            direction: ``"raise"`` or ``"lower"`` to keep only those entries
                (None = all).
        """
        if direction not in (None, "raise", "lower"):
            raise ValueError(f"direction: expected 'raise', 'lower' or None, got {direction!r}")
        changes = self._changes
        if changes is None:
            with self._lock:
                if self._changes is None:
                    w = _c.report_triage_changes(self._h)
                    self._changes = tuple(_triage_change(d) for d in json.loads(_c.whatif_to_json(w)))
                changes = self._changes
        return [c for c in changes if direction is None or c.direction == direction]

    @property
    def training_load(self) -> Dict[str, Any]:
        """Training-load figures (weekly_km, acwr_ewma, shoe_km, ...); None = undefined."""
        return dict(self._d().get("training_load") or {})

    @property
    def pain_trend(self) -> Dict[str, Any]:
        """Pain-diary trend: ``{"status": ..., "advice": ...}``."""
        return {"status": _c.report_pain_trend(self._h),
                "advice": _c.report_pain_trend_advice(self._h),
                "next_run": _c.report_pain_trend_next_run(self._h)}

    @property
    def warnings(self) -> List[str]:
        """Skipped import rows and notes on figures not used as evidence."""
        return [_c.report_warning(self._h, i) for i in range(_c.report_warning_count(self._h))]

    @property
    def disclaimer(self) -> str:
        """Decision support, not a diagnosis."""
        return _c.report_disclaimer(self._h)

    @property
    def receipt(self) -> str:
        """SHA-256 over engine version, model hash and the normalised input."""
        return _c.report_receipt(self._h)

    def load_metric(self, name: str) -> Optional[float]:
        """One training-load figure by name; None when undefined.

        Raises:
            InvalidInput: unknown name (KP_ENOTFOUND).
        """
        defined, value = _c.report_load_metric(self._h, name)
        return value if defined else None

    # -- display --------------------------------------------------------------

    def __repr__(self) -> str:
        d = self._d()
        parts = [f"triage={d.get('triage', {}).get('level', self.level)}"]
        conds = d.get("conditions") or []
        if conds:
            top = ", ".join(f"{c['id']} {c['probability']:.2f}" for c in conds[:3])
            parts.append(f"conditions=[{top}]")
        causes = d.get("causes") or []
        if causes:
            top = ", ".join(f"{c['id']} {c['score']:.2f}" for c in causes[:3])
            parts.append(f"causes=[{top}]")
        plan = d.get("plan") or []
        if plan:
            parts.append("plan=[" + ", ".join(p.get("remedy", "?") for p in plan) + "]")
        q = d.get("next_question")
        parts.append(f"next_question={q.get('finding') if q else None}")
        return "<kneepain.Report " + " ".join(parts) + ">"

    def _repr_html_(self) -> str:
        """Notebook display: triage, top conditions and causes, plan."""
        d = self._d()
        e = html.escape
        t = d.get("triage") or {}
        rows = [f"<p><b>Triage:</b> {e(str(t.get('level', self.level)))}</p>"]
        reasons = t.get("reasons") or []
        if reasons:
            rows.append("<ul>" + "".join(
                f"<li>{e(str(r.get('rule', '')))}: {e(str(r.get('text', '')))}</li>"
                for r in reasons) + "</ul>")

        def table(title: str, items: List[Dict[str, Any]], key: str, val: str) -> str:
            body = "".join(
                f"<tr><td>{e(str(i.get(key, '')))}</td><td>{float(i.get(val, 0.0)):.3f}</td></tr>"
                for i in items)
            return (f"<table><thead><tr><th>{e(title)}</th><th>{e(val)}</th></tr></thead>"
                    f"<tbody>{body}</tbody></table>")

        rows.append(table("condition", (d.get("conditions") or [])[:5], "id", "probability"))
        rows.append(table("cause", d.get("causes") or [], "id", "score"))
        plan = d.get("plan") or []
        if plan:
            rows.append("<ol>" + "".join(
                f"<li><b>{e(str(p.get('remedy', '')))}</b>: {e(str(p.get('text', '')))}</li>"
                for p in plan) + "</ol>")
        q = d.get("next_question")
        if q:
            rows.append(f"<p><b>Next question:</b> {e(str(q.get('text') or q.get('finding')))}</p>")
        rows.append(f"<p><small>{e(str(d.get('disclaimer', '')))}</small></p>")
        return "<div class='kneepain-report'>" + "".join(rows) + "</div>"
