"""Adaptive interviews: ask the most useful question next, within a budget.

An :class:`Interview` leads the conversation with one runner: it proposes
the next question (red-flag screening first, then the question with the
highest expected information gain per cost), records answers including
"don't know", respects a question budget, per-question costs and findings
the app cannot ask, and says when to stop (doc/interview.md)::

    with kneepain.Interview(budget=10) as iv:
        for q in iv:                       # stops on should_stop
            iv.answer(q.finding, ask_the_runner(q))   # or kneepain.DONT_KNOW
        report = iv.assess()               # report.stop_reason: why it stopped

An interview works on a :class:`~kneepain.Session` (its answers are the
session's evidence) and keeps that session alive.  It shares the session's
lock, so interview and session calls are serialised; like the C objects,
both are meant for one thread at a time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterator, Mapping, Optional, Tuple, Union

from . import capi as _c
from ._convert import number, whole
from ._errors import InvalidInput, StateError
from .model import Finding, Model
from .report import Report
from .session import RestoreInfo, Session, _doc_text

__all__ = ["Interview", "Question", "DONT_KNOW"]

_ERANGE = -6
_LONG_MAX = 2 ** 63 - 1  # the C budget is a long
_ESTATE = -11


class _DontKnow:
    """The "don't know" answer (:data:`kneepain.DONT_KNOW`)."""

    __slots__ = ()
    _instance: Optional["_DontKnow"] = None

    def __new__(cls) -> "_DontKnow":
        if cls._instance is None:
            cls._instance = object.__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "kneepain.DONT_KNOW"

    def __reduce__(self) -> str:
        return "DONT_KNOW"


#: Answer value meaning "don't know": the finding stays unknown, is not
#: proposed again and the question counts against the budget.  ``None`` means
#: the same to :meth:`Interview.answer`.
DONT_KNOW = _DontKnow()


@dataclass(frozen=True)
class Question:
    """A question proposed by :meth:`Interview.next`.

    Attributes:
        finding: the finding ID; answer with ``interview.answer(finding, value)``.
        text: the question in the session's locale (third person when the
            session's options say so).
        type: ``"bool"`` (answer True/False), ``"number"`` (a number within
            ``range``) or ``"choice"`` (one of ``choices``, or its index).
        choices: choice IDs of a choice question (empty otherwise).
        choice_texts: answer labels of the choices in the session's locale.
        range: ``(min, max)`` of valid values.
    """

    finding: str
    text: str = ""
    type: str = "bool"
    choices: Tuple[str, ...] = ()
    choice_texts: Tuple[str, ...] = ()
    range: Tuple[float, float] = (0.0, 1.0)

    def __str__(self) -> str:
        return self.text or self.finding


def _scalar(value: Any) -> Any:
    """numpy / pandas scalars -> Python scalars."""
    item = getattr(value, "item", None)
    if item is not None and getattr(value, "ndim", None) == 0:
        return item()
    return value


class Interview:
    """An adaptive interview on a session (doc/interview.md section 3).

    Args:
        session: the :class:`~kneepain.Session` to work on (None = a new
            session on the default model).  The interview keeps a reference
            to it, so the session lives as long as the interview.
        budget: ask at most this many questions ("don't know" answers
            count); None = no limit.
        triage_weight: weight (>= 0) of the information about the triage
            level against the information about the conditions; 0 = the pure
            condition-entropy objective.
        min_gain: stop when the best question gains less than this (nats);
            None = the model's ``min_information_gain`` setting.
        stop_on_red_flag: stop as soon as a red-flag rule fired (show the
            urgent advice at once).

    Use :meth:`next` (or iterate) for the next :class:`Question`,
    :meth:`answer` / :meth:`dont_know` to record answers, :meth:`assess` for
    the full report with the interview's question and stopping rule, and
    :meth:`to_json` / :meth:`restore` to save and resume.  As a context
    manager, leaving the block frees the C interview (not the session).

    Thread-safety: like its session, an interview is for one thread at a
    time; it shares the session's lock, so interview and session calls made
    from several threads by mistake are serialised, never corrupted.

    Attributes:
        session: the :class:`~kneepain.Session` the interview works on.
        restore_info: a :class:`~kneepain.RestoreInfo` for an interview made
            by :meth:`restore`, else None.

    Raises:
        InvalidInput: negative budget or min_gain, negative triage weight.
    """

    def __init__(self, session: Optional[Session] = None, *, budget: Optional[int] = None,
                 triage_weight: float = 1.0, min_gain: Optional[float] = None,
                 stop_on_red_flag: bool = True) -> None:
        session = session if session is not None else Session()
        if budget is not None:
            budget = whole(budget, "budget", 0, _LONG_MAX)
        if min_gain is not None and not number(min_gain, "min_gain") >= 0:
            raise InvalidInput(_ERANGE, f"min_gain: must be >= 0 or None, got {min_gain!r}")
        weight = number(triage_weight, "triage_weight")
        with session._lock:
            sh = session._handle()
            h = _c.interview_new(sh, -1 if budget is None else budget, weight,
                                 -1.0 if min_gain is None else float(min_gain),
                                 int(bool(stop_on_red_flag)))
        self._init(session, sh, h, budget)

    def _init(self, session: Session, sh: "_c.Session", h: "_c.Interview",
              budget: Optional[int]) -> None:
        self.session = session
        self._budget = budget
        self._lock = session._lock
        # The C interview borrows the C session: hold the session handle as
        # long as the interview handle (even when session.close() is called).
        self._sh: Optional[_c.Session] = sh
        self._h: Optional[_c.Interview] = h
        self.restore_info: Optional[RestoreInfo] = None

    # -- saving and restoring -------------------------------------------------

    @classmethod
    def restore(cls, document: Union[str, bytes, Mapping[str, Any]],
                model: Optional[Model] = None) -> "Interview":
        """Resume a saved interview (:meth:`to_json` output, dict or JSON
        text) on ``model`` (default: :meth:`Model.default`), which may be a
        newer model version than the one it was saved with.

        The session, options, costs, exclusions and asked findings are
        restored; answers (and interview entries) that no longer map are
        dropped and listed in :attr:`restore_info` (also set on
        ``interview.session``).  A plain session document (no
        ``"interview"`` member) gives an interview with default options.

        Raises:
            InvalidInput: malformed JSON or invalid content that is not an
                answer (validated as a fresh input document).
        """
        model = model if model is not None else Model.default()
        h, sh, info = _c.interview_restore_json(model._h, _doc_text(document))
        session = Session(model, _handle=sh)
        iv = cls.__new__(cls)
        b = json.loads(_c.interview_to_json(h)).get("interview", {}).get("budget", -1)
        iv._init(session, sh, h, None if b is None or b < 0 else int(b))
        iv.restore_info = session.restore_info = RestoreInfo._from_handle(info)
        return iv

    def to_json(self) -> str:
        """Save the interview: the session document (as
        :meth:`Session.to_json`) plus an ``"interview"`` member with the
        options, cost overrides, exclusions and the findings asked.  The text
        is also a valid input document for :func:`kneepain.assess_json`
        (which then answers under the interview)."""
        with self._lock:
            return _c.interview_to_json(self._handle())

    def to_dict(self) -> Dict[str, Any]:
        """:meth:`to_json` as a dict."""
        return json.loads(self.to_json())

    @property
    def state(self) -> Dict[str, Any]:
        """The interview's own state as saved (a new dict): ``budget``
        (-1 = none), ``triage_weight``, ``min_gain`` (-1 = the model's),
        ``stop_on_red_flag``, ``costs`` (overrides), ``excluded``, ``asked``
        (answered findings) and ``dont_know``."""
        return dict(self.to_dict().get("interview") or {})

    # -- lifetime -------------------------------------------------------------

    def _handle(self) -> "_c.Interview":
        h = self._h
        if h is None:
            raise StateError(_ESTATE, "interview: already closed")
        if self.session.closed:
            raise StateError(_ESTATE, "interview: its session is closed")
        return h

    def close(self) -> None:
        """Free the C interview now (the session and its answers stay)."""
        with self._lock:
            self._h = None  # the interview first: it borrows the session
            self._sh = None

    @property
    def closed(self) -> bool:
        """True after :meth:`close` (or once the session was closed)."""
        return self._h is None or self.session.closed

    def __enter__(self) -> "Interview":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        # Free the C interview before the session handle it borrows.
        self._h = None

    # -- settings -------------------------------------------------------------

    @property
    def model(self) -> Model:
        """The session's model."""
        return self.session.model

    def set_cost(self, finding: str, cost: float) -> None:
        """Cost of asking ``finding`` (> 0; its gain is divided by it),
        overriding the model's, e.g. 3 for a question that needs a
        measurement.

        Raises:
            InvalidInput: unknown finding, cost not a finite number > 0.
        """
        with self._lock:
            _c.interview_set_cost(self._handle(), finding, number(cost, f"cost of {finding}"))

    def exclude(self, finding: str, excluded: bool = True) -> None:
        """Never propose ``finding`` (e.g. one the app cannot ask), or allow
        it again with ``excluded=False``.

        Raises:
            InvalidInput: unknown finding.
        """
        with self._lock:
            _c.interview_exclude(self._handle(), finding, int(bool(excluded)))

    # -- questions ------------------------------------------------------------

    def next(self) -> Optional[Question]:
        """The next question under the interview's budget, costs and
        exclusions, or None when the interview should stop (see
        :meth:`assess` for why).  Cheap: builds no report."""
        with self._lock:
            finding = _c.interview_next(self._handle())
        return None if finding is None else self._question(finding)

    def __iter__(self) -> Iterator[Question]:
        """Yield the next question until the interview should stop.

        Answer each question inside the loop (:meth:`answer`,
        :meth:`dont_know`, :meth:`exclude`, or set it on the session): when the
        same question would be proposed again with nothing answered in
        between, the loop raises :class:`~kneepain.StateError` instead of
        looping forever.  ``break`` is fine; iterate again to continue.
        """
        last: Optional[Tuple[str, int]] = None
        while True:
            q = self.next()
            if q is None:
                return
            asked = self.asked
            if last is not None and last == (q.finding, asked):
                raise StateError(_ESTATE, f"interview: question '{q.finding}' was not answered "
                                 "inside the loop (answer, dont_know or exclude it)")
            last = (q.finding, asked)
            yield q

    def _question(self, finding: str) -> Question:
        m = self.model
        f: Finding = m.finding(finding)
        locale, third = self.session._text_options()
        if locale is None and not third:
            text = f.text
        else:
            loc = locale or (m.locales[0] if m.locales else "")
            if third:  # question texts: "<lang>-3p" > "<lang>" > default
                loc = loc.replace("_", "-").split("-")[0] + "-3p"
            text = _c.model_item_text(m._h, _c.KIND_FINDING, f.index, loc) or f.text
        labels = tuple(_c.model_finding_choice_text(m._h, f.index, j, locale, int(third)) or c
                       for j, c in enumerate(f.choices))
        return Question(finding=f.id, text=text, type=f.type, choices=f.choices,
                        choice_texts=labels, range=f.range)

    # -- answers --------------------------------------------------------------

    def answer(self, finding: str, value: Any) -> None:
        """Record an answer and count one question against the budget.

        ``value`` by the finding's type: bool findings take True/False (or
        1/0); choice findings the choice ID or its index; number findings a
        number.  ``None`` or :data:`DONT_KNOW` answers "don't know" (as
        :meth:`dont_know`).  numpy scalars are accepted.  Answering a finding
        again replaces the answer without counting it twice.

        Raises:
            InvalidInput: unknown finding or choice, wrong type, out of range;
                the message names the finding (``evidence.age: ...``).
                Nothing is counted on error.
        """
        value = _scalar(value)
        if value is None or value is DONT_KNOW:
            self.dont_know(finding)
            return
        info = self.model._finding_map().get(finding)
        ftype = info.type if info is not None else None
        with self._lock:
            h = self._handle()
            if isinstance(value, str):
                _c.interview_answer_choice(h, finding, value)
            elif ftype == "bool" or (ftype is None and isinstance(value, bool)):
                if isinstance(value, (bool, int)) and value in (0, 1):
                    _c.interview_answer_bool(h, finding, int(bool(value)))
                else:  # let the library report the type error
                    _c.interview_answer_number(h, finding, self._float(finding, value))
            elif ftype == "choice" and isinstance(value, int) and not isinstance(value, bool) \
                    and info is not None and 0 <= value < len(info.choices):
                _c.interview_answer_choice(h, finding, info.choices[value])
            elif isinstance(value, bool):
                _c.interview_answer_bool(h, finding, int(value))
            else:
                _c.interview_answer_number(h, finding, self._float(finding, value))

    @staticmethod
    def _float(finding: str, value: Any) -> float:
        return number(value, f"evidence.{finding}")

    def answer_many(self, answers: Mapping[str, Any]) -> None:
        """:meth:`answer` each ``{finding: value}`` in order (e.g. a group of
        questions shown on one screen, ``report.next_question.asked_with``).
        Stops at the first error; the answers before it stay recorded."""
        for finding, value in answers.items():
            self.answer(finding, value)

    def dont_know(self, finding: str) -> None:
        """Answer "don't know": the finding stays unknown, is not proposed
        again and the question counts against the budget.

        Raises:
            InvalidInput: unknown finding.
        """
        with self._lock:
            _c.interview_answer_unknown(self._handle(), finding)

    @property
    def asked(self) -> int:
        """Questions answered so far, "don't know" included."""
        with self._lock:
            return _c.interview_asked_count(self._handle())

    @property
    def budget(self) -> Optional[int]:
        """The question budget (None = no limit)."""
        return self._budget

    @property
    def remaining(self) -> Optional[int]:
        """Questions left in the budget (None = no limit)."""
        b = self.budget
        return None if b is None else max(0, b - self.asked)

    # -- assessment -----------------------------------------------------------

    def assess(self) -> Report:
        """Assess the session like :meth:`Session.assess`, with the next
        question, rationale, group and stopping rule chosen under the
        interview's budget, costs and exclusions (``report.next_question``,
        ``report.should_stop``, ``report.stop_reason``)."""
        with self._lock:
            return Report(_c.interview_assess(self._handle()))

    def run(self, ask: Callable[[Question], Any]) -> Report:
        """Run the interview to its stop: ``ask(question)`` returns the answer
        value (as for :meth:`answer`; None or :data:`DONT_KNOW` = don't know).
        Returns :meth:`assess`.  Exceptions from ``ask`` propagate (the
        answers so far stay recorded)."""
        for q in self:
            self.answer(q.finding, ask(q))
        return self.assess()

    def __repr__(self) -> str:
        if self.closed:
            return "<kneepain.Interview closed>"
        b = self.budget
        return (f"<kneepain.Interview model={self.model.id} asked={self.asked}"
                f" budget={'none' if b is None else b}>")
