"""Sessions: one runner's evidence, training log, shoes and pain diary.

Like the C object, a session is meant for one thread at a time; the Python
wrapper also serialises its own calls with a lock, so sharing one by mistake
cannot corrupt it.  Different sessions may be used concurrently (they may
share one :class:`~kneepain.Model`).
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from typing import (TYPE_CHECKING, Any, Dict, Iterable, Iterator, List, Mapping,
                    MutableMapping, NamedTuple, Optional, Tuple, Union)

from . import capi as _c
from ._convert import date_str, dumps, is_missing, number
from ._errors import StateError
from .model import Model
from .report import Report

if TYPE_CHECKING:  # pragma: no cover
    from .interview import Interview

__all__ = ["Session", "Evidence", "RestoreInfo", "DroppedAnswer", "RUN_COLUMNS",
           "LOAD_UNITS", "IMPORT_FORMATS"]

#: Columns read by :meth:`Session.add_runs` (``date`` and ``distance_km`` required).
RUN_COLUMNS = ("date", "distance_km", "duration_min", "rpe", "gear", "elevation_gain_m")
#: Training-load units (kp_load_unit order).
LOAD_UNITS = ("distance", "duration", "srpe")
#: Training-log formats (kp_import_format order).
# kp_import_format values, in enum order (include/kneepain.h)
IMPORT_FORMATS = ("auto", "strava", "garmin", "plain", "fit", "gpx", "tcx")

_NAN = float("nan")
_ESTATE = -11




def _doc_text(document: Union[str, bytes, Mapping[str, Any]]) -> Union[str, bytes]:
    return document if isinstance(document, (str, bytes)) else dumps(document)


class DroppedAnswer(NamedTuple):
    """A saved answer that no longer maps onto the model it was restored on.

    Attributes:
        finding: the finding ID as saved.
        reason: ``"unknown finding"`` (the ID is gone; also for IDs in an
            interview's lists and costs), ``"unknown choice"``, ``"type
            changed"`` or ``"out of range"`` (outside the new ``min..max``).
    """

    finding: str
    reason: str


@dataclass(frozen=True)
class RestoreInfo:
    """What happened when a saved session or interview was restored
    (:meth:`Session.restore`, :meth:`Interview.restore`).

    Attributes:
        saved_model_id: model ID the document was saved with (None when it
            did not say).
        saved_model_version: model version it was saved with (None when it
            did not say).
        model_changed: True when that differs from the model restored onto.
        dropped: the answers that no longer map (everything else was
            restored).
    """

    saved_model_id: Optional[str] = None
    saved_model_version: Optional[str] = None
    model_changed: bool = False
    dropped: Tuple[DroppedAnswer, ...] = ()

    @classmethod
    def _from_handle(cls, r: "_c.Restore") -> "RestoreInfo":
        return cls(
            saved_model_id=_c.restore_saved_model_id(r),
            saved_model_version=_c.restore_saved_model_version(r),
            model_changed=bool(_c.restore_model_changed(r)),
            dropped=tuple(DroppedAnswer(_c.restore_dropped_finding(r, i),
                                        _c.restore_dropped_reason(r, i))
                          for i in range(_c.restore_dropped_count(r))))

    @property
    def dropped_findings(self) -> List[str]:
        """The finding IDs of :attr:`dropped`."""
        return [d.finding for d in self.dropped]


class Evidence(MutableMapping):
    """The session's answered findings as a mutable mapping.

    ``ev["age"] = 34`` answers a finding (bool, number or choice ID by the
    finding's type), ``ev["age"]`` reads it back (``KeyError`` when unknown),
    ``del ev["age"]`` makes it unknown again, ``ev["age"] = None`` too.
    Invalid values raise :class:`~kneepain.InvalidInput` naming the finding.
    """

    __slots__ = ("_s",)

    def __init__(self, session: "Session") -> None:
        self._s = session

    def __setitem__(self, finding: str, value: Any) -> None:
        s = self._s
        if value is None:
            with s._lock:
                _c.session_unset(s._handle(), finding)
            return
        info = s.model._finding_map().get(finding)
        ftype = info.type if info is not None else None
        with s._lock:
            h = s._handle()
            if isinstance(value, str):
                _c.session_set_choice(h, finding, value)
            elif ftype == "bool" or (ftype is None and isinstance(value, bool)):
                if isinstance(value, (bool, int)) and value in (0, 1):
                    _c.session_set_bool(h, finding, int(bool(value)))
                else:  # let the library report the type error
                    _c.session_set_number(h, finding, number(value, f"evidence.{finding}"))
            elif ftype == "choice" and isinstance(value, int) and not isinstance(value, bool) \
                    and 0 <= value < len(info.choices):
                _c.session_set_choice(h, finding, info.choices[value])
            elif isinstance(value, bool):
                _c.session_set_bool(h, finding, int(value))
            else:
                _c.session_set_number(h, finding, number(value, f"evidence.{finding}"))

    def __getitem__(self, finding: str) -> Any:
        s = self._s
        with s._lock:
            answered, value = _c.session_get(s._handle(), finding)
        if not answered:
            raise KeyError(finding)
        info = s.model._finding_map().get(finding)
        if info is None or info.type == "number":
            return value
        if info.type == "bool":
            return bool(value)
        return info.choices[int(value)]

    def __delitem__(self, finding: str) -> None:
        self[finding]  # KeyError when unknown
        self[finding] = None

    def __iter__(self) -> Iterator[str]:
        s = self._s
        ids = [f.id for f in s.model.findings]
        with s._lock:
            h = s._handle()
            answered = [i for i in ids if _c.session_get(h, i)[0]]
        return iter(answered)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __repr__(self) -> str:
        return "Evidence(" + repr(dict(self.items())) + ")"


class Session:
    """One runner's assessment state.  Use as a context manager to free the C
    session deterministically::

        with kneepain.Session() as s:
            s.evidence.update(age=34, pain_side="lateral")
            s.add_runs(runs_frame)
            report = s.assess()

    Args:
        model: the knowledge base (default: :meth:`Model.default`).
        locale: text locale (None = model default).
        max_plan_items: plan length limit (0 = model default).
        load_unit: ``"distance"`` (km), ``"duration"`` (min) or ``"srpe"``.
        third_person: texts address a carer.
        as_of: assessment date (``"YYYY-MM-DD"`` or a date; None = last run).

    Attributes:
        model: the :class:`~kneepain.Model`.
        restore_info: a :class:`RestoreInfo` for a session made by
            :meth:`restore` (or :meth:`Interview.restore`), else None.
    """

    def __init__(self, model: Optional[Model] = None, *, locale: Optional[str] = None,
                 max_plan_items: int = 0, load_unit: str = "distance",
                 third_person: bool = False, as_of: Any = None,
                 _handle: Optional["_c.Session"] = None) -> None:
        self.model = model if model is not None else Model.default()
        self._lock = threading.RLock()
        self._h: Optional[_c.Session] = _handle if _handle is not None else _c.session_new(self.model._h)
        self._evidence = Evidence(self)
        # (locale, third_person) for texts the wrapper looks up itself; None =
        # not known yet (read from the session document on first use).
        self._text_opts: Optional[Tuple[Optional[str], bool]] = None
        self.restore_info: Optional[RestoreInfo] = None
        if locale is not None or max_plan_items or load_unit != "distance" or third_person:
            self.set_options(locale=locale, max_plan_items=max_plan_items,
                             load_unit=load_unit, third_person=third_person)
        if as_of is not None:
            self.as_of = as_of

    # -- construction from documents -----------------------------------------

    @classmethod
    def from_json(cls, document: Union[str, bytes, Mapping[str, Any]],
                  model: Optional[Model] = None) -> "Session":
        """A session from an assessment input document (dict or JSON text).

        Raises:
            InvalidInput: the message names the field, e.g. ``runs[3].distance_km``.
        """
        model = model if model is not None else Model.default()
        return cls(model, _handle=_c.session_from_json(model._h, _doc_text(document)))

    @classmethod
    def restore(cls, document: Union[str, bytes, Mapping[str, Any]],
                model: Optional[Model] = None) -> "Session":
        """Resume a saved session (:meth:`to_json` or :meth:`Interview.to_json`
        output, dict or JSON text), possibly under a newer model version.

        Unlike :meth:`from_json`, answers that no longer map onto ``model``
        (unknown finding or choice, changed type, out of the new range) are
        dropped instead of failing; the new session's :attr:`restore_info`
        lists them with the model the document was saved with::

            s = kneepain.Session.restore(saved_text)
            for finding, reason in s.restore_info.dropped:
                print("please answer again:", finding, reason)

        An ``"interview"`` member is ignored (use :meth:`Interview.restore`).

        Raises:
            InvalidInput: malformed JSON, or invalid runs, diary or options
                (validated exactly as for a fresh input document).
        """
        model = model if model is not None else Model.default()
        handle, info = _c.session_restore_json(model._h, _doc_text(document))
        s = cls(model, _handle=handle)
        s.restore_info = RestoreInfo._from_handle(info)
        return s

    def load(self, document: Union[str, bytes, Mapping[str, Any]]) -> None:
        """Replace the whole content with an input document (unchanged on error)."""
        text = _doc_text(document)
        with self._lock:
            _c.session_load_json(self._handle(), text)
            self._text_opts = None

    def to_json(self) -> str:
        """The session as an input document (JSON text) that resumes it."""
        with self._lock:
            return _c.session_to_json(self._handle())

    def to_dict(self) -> Dict[str, Any]:
        """The session as an input document (dict)."""
        return json.loads(self.to_json())

    # -- lifetime -------------------------------------------------------------

    def _handle(self) -> "_c.Session":
        h = self._h
        if h is None:
            raise StateError(_ESTATE, "session: already closed")
        return h

    def close(self) -> None:
        """Free the C session now (reports made from it stay valid).  An
        :class:`~kneepain.Interview` on the session keeps the C session until
        the interview is freed, but refuses further use (StateError)."""
        with self._lock:
            self._h = None

    @property
    def closed(self) -> bool:
        """True after :meth:`close`."""
        return self._h is None

    def __enter__(self) -> "Session":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- evidence and options -------------------------------------------------

    @property
    def evidence(self) -> Evidence:
        """Answered findings as a mutable mapping (see :class:`Evidence`)."""
        return self._evidence

    @evidence.setter
    def evidence(self, values: Mapping[str, Any]) -> None:
        """Replace all answers (runs, shoes and diary are kept)."""
        for k in list(self._evidence):
            del self._evidence[k]
        self._evidence.update(values)

    def set_options(self, *, locale: Optional[str] = None, max_plan_items: int = 0,
                    load_unit: str = "distance", third_person: bool = False) -> None:
        """Set the assessment options (see the class arguments)."""
        unit = LOAD_UNITS.index(load_unit) if load_unit in LOAD_UNITS else -1
        with self._lock:
            _c.session_set_options(self._handle(), locale, int(max_plan_items), unit,
                                   int(bool(third_person)))
            self._text_opts = (locale, bool(third_person))

    def _text_options(self) -> Tuple[Optional[str], bool]:
        """(locale, third_person) of the session's options (cached)."""
        opts = self._text_opts
        if opts is None:
            with self._lock:
                o = json.loads(_c.session_to_json(self._handle())).get("options") or {}
                opts = self._text_opts = (o.get("locale") or None, bool(o.get("third_person")))
        return opts

    @property
    def as_of(self) -> None:
        """Write-only: the assessment date (None = the last logged run's date)."""
        raise AttributeError("as_of is write-only (see to_dict()['as_of'])")

    @as_of.setter
    def as_of(self, date: Any) -> None:
        with self._lock:
            _c.session_set_as_of(self._handle(), None if date is None else date_str(date))

    def clear(self) -> None:
        """Forget evidence, runs, shoes, diary and warnings (options kept)."""
        with self._lock:
            _c.session_clear(self._handle())

    # -- training log ---------------------------------------------------------

    def add_run(self, date: Any, distance_km: float, duration_min: float = _NAN,
                rpe: float = _NAN, gear: Optional[str] = None,
                elevation_gain_m: float = _NAN) -> None:
        """Add one run (optional values NaN/None when unknown)."""
        with self._lock:
            _c.session_add_run(self._handle(), date_str(date), number(distance_km, "run.distance_km"),
                               number(duration_min, "run.duration_min"), number(rpe, "run.rpe"),
                               None if is_missing(gear) else str(gear),
                               number(elevation_gain_m, "run.elevation_gain_m"))

    def add_runs(self, runs: Any) -> int:
        """Add many runs from an iterable of dicts or a pandas DataFrame with
        the columns of :data:`RUN_COLUMNS` (``date``, ``distance_km`` required).
        Returns the number of runs added.  On an error the runs before the
        offending one stay added; the message gives its position.
        """
        rows: Iterable[Dict[str, Any]]
        if hasattr(runs, "to_dict") and hasattr(runs, "columns"):
            frame = runs
            if "date" in frame.columns and hasattr(frame["date"], "dt"):
                frame = frame.assign(date=frame["date"].dt.strftime("%Y-%m-%d"))
            keep = [c for c in RUN_COLUMNS if c in frame.columns]
            rows = frame[keep].to_dict("records")
        else:
            rows = runs
        n = 0
        for i, r in enumerate(rows):
            try:
                self.add_run(r["date"], r["distance_km"], r.get("duration_min", _NAN),
                             r.get("rpe", _NAN), r.get("gear"), r.get("elevation_gain_m", _NAN))
            except KeyError as exc:
                raise KeyError(f"runs[{i}]: missing {exc.args[0]!r}") from None
            except Exception as exc:
                if hasattr(exc, "message"):
                    exc.message = f"runs[{i}]: {exc.message}"  # type: ignore[attr-defined]
                    exc.args = (exc.message,)
                raise
            n += 1
        return n

    def add_shoe(self, gear: str, start_km: float = 0.0) -> None:
        """Declare a shoe with the distance it had before the log started."""
        with self._lock:
            _c.session_add_shoe(self._handle(), gear, number(start_km, "shoes.start_km"))

    def add_pain(self, date: Any, during: Optional[float] = None,
                 after: Optional[float] = None, next_morning: Optional[float] = None) -> None:
        """Add a pain-diary entry (0..10 during, after, next morning; None = not recorded)."""
        with self._lock:
            _c.session_add_pain(self._handle(), date_str(date), number(during, "pain_diary.during"),
                                number(after, "pain_diary.after"),
                                number(next_morning, "pain_diary.next_morning"))

    def import_file(self, path: Union[str, "os.PathLike[str]"], format: str = "auto",
                    miles: bool = False) -> List[str]:
        """Import a training log: CSV (Strava activities.csv, Garmin, plain)
        or a watch file (FIT, GPX, TCX, any of them gzip-compressed).
        Returns the warnings for skipped rows (``"file:line: reason"``)."""
        fmt = IMPORT_FORMATS.index(format) if format in IMPORT_FORMATS else -1
        with self._lock:
            _c.session_import_file(self._handle(), os.fspath(path), fmt, int(bool(miles)))
        return self.warnings

    def import_text(self, data: Union[str, bytes], name: Optional[str] = None,
                    format: str = "auto", miles: bool = False) -> List[str]:
        """As :meth:`import_file` from CSV text already in memory."""
        fmt = IMPORT_FORMATS.index(format) if format in IMPORT_FORMATS else -1
        with self._lock:
            _c.session_import_buffer(self._handle(), data, name, fmt, int(bool(miles)))
        return self.warnings

    @property
    def run_count(self) -> int:
        """Number of runs in the log."""
        with self._lock:
            return _c.session_run_count(self._handle())

    @property
    def warnings(self) -> List[str]:
        """Import warnings (skipped rows)."""
        with self._lock:
            h = self._handle()
            return [_c.session_warning(h, i) for i in range(_c.session_warning_count(h))]

    # -- assessment -----------------------------------------------------------

    def assess(self) -> Report:
        """Assess the session (the GIL is released while C works)."""
        with self._lock:
            return Report(_c.session_assess(self._handle()))

    def interview(self, *, budget: Optional[int] = None, triage_weight: float = 1.0,
                  min_gain: Optional[float] = None,
                  stop_on_red_flag: bool = True) -> "Interview":
        """Start an adaptive :class:`~kneepain.Interview` on this session
        (same arguments as the class).  The interview keeps the session alive
        and shares its lock."""
        from .interview import Interview
        return Interview(self, budget=budget, triage_weight=triage_weight,
                         min_gain=min_gain, stop_on_red_flag=stop_on_red_flag)

    def __repr__(self) -> str:
        if self._h is None:
            return "<kneepain.Session closed>"
        return (f"<kneepain.Session model={self.model.id} answered={len(self._evidence)} "
                f"runs={self.run_count}>")


