"""Exceptions raised by kneepain, one class per family of C status codes.

Every failing C call raises a subclass of :class:`Error` carrying the C
status code (``.code``, e.g. ``-4``), its name (``.code_name``, e.g.
``"KP_ENOTFOUND"``) and the library's message, which names the offending
field (``"runs[3].distance_km: ..."``) and, for files, ``file:line:column``.

=================  ==========================================================
class              C codes
=================  ==========================================================
InvalidInput       KP_EINVAL, KP_ENOTFOUND, KP_ETYPE, KP_ERANGE, KP_EPARSE,
                   KP_EFORMAT, KP_EVERSION (also a :class:`ValueError`)
ModelError         KP_EMODEL
FileError          KP_EIO (also an :class:`OSError`)
OutOfMemory        KP_ENOMEM (also a :class:`MemoryError`)
StateError         KP_ESTATE
InternalError      KP_ERROR and unknown codes
=================  ==========================================================
"""

from __future__ import annotations

from typing import Dict, Type

__all__ = [
    "Error", "InvalidInput", "ModelError", "FileError", "OutOfMemory",
    "StateError", "InternalError", "CODE_NAMES", "from_status",
]

#: C status code -> its macro name.
CODE_NAMES: Dict[int, str] = {
    0: "KP_OK", -1: "KP_ERROR", -2: "KP_ENOMEM", -3: "KP_EINVAL",
    -4: "KP_ENOTFOUND", -5: "KP_ETYPE", -6: "KP_ERANGE", -7: "KP_EPARSE",
    -8: "KP_EMODEL", -9: "KP_EIO", -10: "KP_EVERSION", -11: "KP_ESTATE",
    -12: "KP_EFORMAT",
}


class Error(Exception):
    """Base class of every error libkneepain reports.

    Attributes:
        code: the C status code (negative int, e.g. -4).
        code_name: its name, e.g. ``"KP_ENOTFOUND"``.
        message: the C message naming the offending field.
    """

    def __init__(self, code: int, message: str) -> None:
        Exception.__init__(self, message)
        self.code = int(code)
        self.code_name = CODE_NAMES.get(self.code, "KP_E?")
        self.message = message

    def __str__(self) -> str:
        return f"{self.message} [{self.code_name}]"

    def __reduce__(self):
        return (type(self), (self.code, self.message))


class InvalidInput(Error, ValueError):
    """Invalid input: unknown ID, wrong type, out of range, malformed JSON/CSV,
    unrecognised file format or bad argument."""


class ModelError(Error):
    """A model file is well-formed JSON but not a valid model (KP_EMODEL)."""


class FileError(Error, OSError):
    """A file could not be opened or read (KP_EIO)."""

    def __init__(self, code: int, message: str) -> None:
        Error.__init__(self, code, message)

    def __str__(self) -> str:
        return Error.__str__(self)


class OutOfMemory(Error, MemoryError):
    """The library ran out of memory (KP_ENOMEM)."""


class StateError(Error):
    """The call is not valid in the object's current state (KP_ESTATE)."""


class InternalError(Error):
    """Unexpected internal failure (KP_ERROR) or an unknown code."""


_FAMILY: Dict[int, Type[Error]] = {
    -1: InternalError, -2: OutOfMemory, -3: InvalidInput, -4: InvalidInput,
    -5: InvalidInput, -6: InvalidInput, -7: InvalidInput, -8: ModelError,
    -9: FileError, -10: InvalidInput, -11: StateError, -12: InvalidInput,
}


def from_status(code: int, message: str) -> Error:
    """Build the exception for a C status code (called by the C wrapper)."""
    return _FAMILY.get(int(code), InternalError)(code, message)
