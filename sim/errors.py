"""Errors raised on bad input: each names the file, the line and the field at fault."""

from __future__ import annotations

from pathlib import Path


class InputError(ValueError):
    """A user-supplied file or value is wrong; the message says where and what is allowed.

    Parameters
    ----------
    message : what is wrong and what would be allowed.
    file : the file at fault, if any.
    line : the line as an editor numbers it (the header of a table is line 1), if the
        fault is on one line.
    field : the column or key at fault, if any.
    """

    def __init__(self, message: str, *, file: str | Path | None = None,
                 line: int | None = None, field: str | None = None):
        self.file = None if file is None else str(file)
        self.line = line
        self.field = field
        self.reason = message
        where = []
        if self.file is not None:
            where.append(self.file)
        if line is not None:
            where.append(f"line {line}")
        if field is not None:
            where.append(f"field '{field}'")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


class NetworkError(InputError):
    """A network (GMNS files or arrays) is not usable."""


class DemandError(InputError):
    """A trip table or demand specification is not usable."""


class ScenarioError(InputError):
    """A scenario (TOML file or value in it) is not usable; `field` is its dotted key."""


class InputWarning(UserWarning):
    """Input that is used, but not as written (for instance a link given room for one
    vehicle); the command line prints it as one line."""
