"""Knowledge-base models: loading and introspection.

A :class:`Model` is immutable and may be shared by any number of threads and
sessions.  The C model is reference counted: sessions and reports keep their
own reference, so dropping a Python ``Model`` early is always safe.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple, Union

from . import capi as _c

__all__ = ["Model", "Item", "Finding", "KINDS", "FINDING_TYPES"]

#: Item kinds, in C enum order (kp_kind).
KINDS: Tuple[str, ...] = ("finding", "cause", "condition", "remedy", "rule")
#: Finding value types, in C enum order (kp_type).
FINDING_TYPES: Tuple[str, ...] = ("bool", "number", "choice")


@dataclass(frozen=True)
class Item:
    """A model item: a cause, condition, remedy or triage rule.

    Attributes:
        id: stable snake_case ID.
        text: display text (name; a rule's advice) in the model's default locale.
        kind: ``"cause"``, ``"condition"``, ``"remedy"`` or ``"rule"``.
        index: position in model order (the column order of batch outputs).
    """

    id: str
    text: str
    kind: str
    index: int


@dataclass(frozen=True)
class Finding(Item):
    """A finding (a question the runner answers, or a derived figure).

    Attributes:
        type: ``"bool"``, ``"number"`` or ``"choice"``.
        range: ``(min, max)`` of valid values (bool: 0..1; choice: 0..n-1).
        choices: choice IDs of a choice finding (empty otherwise).
        derived: True when derived from the training log or pain diary.
    """

    type: str = "bool"
    range: Tuple[float, float] = (0.0, 1.0)
    choices: Tuple[str, ...] = field(default_factory=tuple)
    derived: bool = False


class Model:
    """An immutable knowledge base (findings, causes, conditions, rules,
    remedies, texts).  Thread-safe; share one instance freely.

    Create with :meth:`Model.default`, :meth:`Model.load` or
    :meth:`Model.from_string`; never directly.
    """

    _default: Optional["Model"] = None
    _default_lock = threading.Lock()

    def __init__(self, handle: "_c.Model", origin: str = "", path: Optional[str] = None) -> None:
        self._h = handle
        self._origin = origin
        self._path = path
        self._cache: Dict[str, object] = {}

    def __reduce__(self):
        """Pickle by reference (for multiprocessing and dask workers): the
        default model, or a model file reloaded from the same path."""
        if self._origin == "<default>":
            return (Model.default, ())
        if self._path is not None:
            return (Model.load, (self._path,))
        raise TypeError("a Model made by from_string() cannot be pickled; use Model.load()")

    # -- construction -------------------------------------------------------

    @classmethod
    def default(cls) -> "Model":
        """The default model compiled into the library (one shared instance)."""
        with cls._default_lock:
            if cls._default is None:
                cls._default = cls(_c.model_default(), "<default>")
            return cls._default

    @classmethod
    def load(cls, path: Union[str, "os.PathLike[str]"]) -> "Model":
        """Load and validate a model file.

        Raises:
            FileError: the file cannot be read.
            InvalidInput: malformed JSON (message gives path:line:column).
            ModelError: invalid content (message gives the JSON path).
        """
        p = os.fspath(path)
        return cls(_c.model_load_file(p), p, os.path.abspath(p))

    @classmethod
    def from_string(cls, data: Union[str, bytes], name: Optional[str] = None) -> "Model":
        """Load a model from JSON text; ``name`` is used in error messages."""
        return cls(_c.model_load_buffer(data, name), name or "<string>")

    # -- identity -------------------------------------------------------------

    @property
    def id(self) -> str:
        """Model ID."""
        return _c.model_id(self._h)

    @property
    def version(self) -> str:
        """Model version string."""
        return _c.model_version(self._h)

    @property
    def sha256(self) -> str:
        """Lowercase hex SHA-256 of the model's canonical JSON."""
        return _c.model_sha256(self._h)

    @property
    def locales(self) -> List[str]:
        """Locales with texts, the default first."""
        return [_c.model_locale(self._h, i) for i in range(_c.model_locale_count(self._h))]

    # -- items ----------------------------------------------------------------

    def _items(self, kind: int) -> list:
        key = KINDS[kind]
        got = self._cache.get(key)
        if got is None:
            h = self._h
            n = _c.model_count(h, kind)
            if kind == _c.KIND_FINDING:
                got = [self._finding(i) for i in range(n)]
            else:
                got = [Item(_c.model_item_id(h, kind, i), _c.model_item_text(h, kind, i, None) or "",
                            key, i) for i in range(n)]
            self._cache[key] = got
        return list(got)  # type: ignore[arg-type]

    def _finding(self, i: int) -> Finding:
        h = self._h
        ftype = FINDING_TYPES[_c.model_finding_type(h, i)]
        lo, hi = _c.model_finding_range(h, i)
        nch = _c.model_finding_choice_count(h, i)
        return Finding(
            id=_c.model_item_id(h, _c.KIND_FINDING, i),
            text=_c.model_item_text(h, _c.KIND_FINDING, i, None) or "",
            kind="finding", index=i, type=ftype, range=(lo, hi),
            choices=tuple(_c.model_finding_choice_id(h, i, j) for j in range(nch)),
            derived=bool(_c.model_finding_is_derived(h, i)),
        )

    @property
    def findings(self) -> List[Finding]:
        """All findings (questions and derived figures), in model order."""
        return self._items(_c.KIND_FINDING)

    @property
    def causes(self) -> List[Item]:
        """Contributing causes, in model order (batch ``cause_*`` columns)."""
        return self._items(_c.KIND_CAUSE)

    @property
    def conditions(self) -> List[Item]:
        """Conditions, in model order (batch ``p_*`` columns)."""
        return self._items(_c.KIND_CONDITION)

    @property
    def remedies(self) -> List[Item]:
        """Remedies, in model order."""
        return self._items(_c.KIND_REMEDY)

    @property
    def rules(self) -> List[Item]:
        """Triage rules, in model order (text = the rule's advice)."""
        return self._items(_c.KIND_RULE)

    def finding(self, finding_id: str) -> Finding:
        """The finding with this ID.

        Raises:
            InvalidInput: unknown ID (KP_ENOTFOUND).
        """
        by_id = self._finding_map()
        f = by_id.get(finding_id)
        if f is None:
            # Let the C library produce the canonical error.
            _c.model_find(self._h, _c.KIND_FINDING, finding_id)
            return self.findings[_c.model_find(self._h, _c.KIND_FINDING, finding_id)]
        return f

    def _finding_map(self) -> Dict[str, Finding]:
        m = self._cache.get("finding_map")
        if m is None:
            m = {f.id: f for f in self.findings}
            self._cache["finding_map"] = m
        return m  # type: ignore[return-value]

    def text(self, kind: str, item_id: str, locale: Optional[str] = None) -> str:
        """Display text of an item in ``locale`` (None = model default)."""
        k = KINDS.index(kind)
        i = _c.model_find(self._h, k, item_id)
        return _c.model_item_text(self._h, k, i, locale) or ""

    def __repr__(self) -> str:
        return (f"<kneepain.Model {self.id} {self.version} "
                f"({len(self.findings)} findings, {len(self.causes)} causes, "
                f"{len(self.conditions)} conditions)>")
