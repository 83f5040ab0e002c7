"""Errors raised on bad input: each names the file, the row and the field at fault."""

from __future__ import annotations

from pathlib import Path


class InputError(ValueError):
    """A user-supplied file or value is wrong; the message says where and what is allowed.

    Parameters
    ----------
    message : what is wrong and what would be allowed.
    file : the file at fault, if any.
    row : 1-based data row (the header is row 0), if the fault is in one row.
    field : the column or key at fault, if any.
    """

    def __init__(self, message: str, *, file: str | Path | None = None,
                 row: int | None = None, field: str | None = None):
        self.file = None if file is None else str(file)
        self.row = row
        self.field = field
        self.reason = message
        where = []
        if self.file is not None:
            where.append(self.file)
        if row is not None:
            where.append(f"row {row}")
        if field is not None:
            where.append(f"field '{field}'")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


class NetworkError(InputError):
    """A network (GMNS files or arrays) is not usable."""


class DemandError(InputError):
    """A trip table or demand specification is not usable."""


class ScenarioError(InputError):
    """A scenario (TOML file or value in it) is not usable; `field` is its dotted key."""
