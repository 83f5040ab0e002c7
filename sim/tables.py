"""CSV and JSON tables in and out, with errors that name the file, line and field."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import InputError

ROWS_PER_BLOCK = 65_536
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", re.ASCII)
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+", re.ASCII)


@dataclass(frozen=True)
class Table:
    """A CSV file's header (stripped names) and rows (stripped cells by column name).

    `lines[i]` is the line on which row i starts, as an editor numbers it (the
    header is line 1).
    """

    path: Path
    header: list[str]
    rows: list[dict[str, str]]
    lines: list[int]


def parse_number(text: str) -> float:
    """A finite number written in ASCII digits with a decimal point; ValueError saying
    what is wrong otherwise (a decimal comma, other digits, NaN or infinity)."""
    text = text.strip()
    if _DECIMAL_COMMA.fullmatch(text):
        raise ValueError(f"{text!r} has a decimal comma; write {text.replace(',', '.')!r}")
    if not _NUMBER.fullmatch(text):
        raise ValueError(f"{text!r} is not a number; write digits 0-9 with a decimal point")
    value = float(text)
    if not np.isfinite(value):
        raise ValueError(f"{text!r} is too large")
    return value


def _decode(data: bytes, path: Path, error: type[InputError]) -> str:
    """Text of a file saved as UTF-8 (with or without a BOM), UTF-16 with a BOM, or GBK
    (GB 18030), the default of Chinese spreadsheets."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    first = None
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as problem:
            first = problem.start if first is None else first
    raise error("is neither UTF-8 nor GBK text; save it as CSV UTF-8", file=path,
                line=data[:first].count(b"\n") + 1)


def _records(text: str, path: Path, error: type[InputError]) -> list[tuple[int, list[str]]]:
    """(line, cells) of every non-blank record, cells stripped."""
    if "\0" in text:
        line = text[:text.index("\0")].count("\n") + 1
        raise error("holds a NUL byte; is it a CSV file?", file=path, line=line)
    reader = csv.reader(io.StringIO(text, newline=""))
    records, start = [], 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                records.append((start, [cell.strip() for cell in cells]))
            start = reader.line_num + 1
    except csv.Error as problem:
        raise error(f"not a readable CSV file: {problem}", file=path,
                    line=reader.line_num) from None
    return records


def _header(cells: list[str], path: Path, error: type[InputError]) -> list[str]:
    if len(cells) == 1 and any(mark in cells[0] for mark in (";", "\t")):
        raise error("fields are separated by ';' or tabs; save it with commas", file=path,
                    line=1)
    seen: set[str] = set()
    for name in cells:
        if name and name in seen:
            raise error("column appears twice", file=path, line=1, field=name)
        seen.add(name)
    return cells


def read_csv(path: str | Path, required: tuple[str, ...], error: type[InputError] = InputError,
             needs: str | None = None, *, allow_empty: bool = False) -> Table:
    """A CSV file as a Table; every problem is an `error` naming the file, line and field.

    Refused: a missing file or required column (`needs` words the message), a file
    with no rows (unless `allow_empty`), a column named twice, a row with more
    fields than the header, NUL bytes, and text that is neither UTF-8 nor GBK.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise error("file not found", file=path) from None
    except OSError as problem:
        raise error(f"cannot be read: {problem.strerror}", file=path) from None
    records = _records(_decode(data, path, error), path, error)
    if not records:
        raise error("is empty; it needs a header line and rows", file=path, line=1)
    header = _header(records[0][1], path, error)
    missing = [name for name in required if name not in header]
    if missing:
        raise error(f"missing column; {needs or 'the file needs ' + ', '.join(required)}",
                    file=path, field=missing[0])
    rows, lines = [], []
    for line, cells in records[1:]:
        if len(cells) > len(header):
            raise error(f"has {len(cells)} fields but the header has {len(header)}; is a "
                        "decimal comma or an unquoted comma splitting a value?", file=path,
                        line=line)
        rows.append(dict(zip(header, cells + [""] * (len(header) - len(cells)))))
        lines.append(line)
    if not rows and not allow_empty:
        raise error("has a header but no rows", file=path, line=records[0][0] + 1)
    return Table(path, header, rows, lines)


def number_column(table: Table, name: str, error: type[InputError] = InputError,
                  empty: float | None = None) -> np.ndarray:
    """(n,) float64 values of a column (`empty` for an empty cell, else an error); an
    `error` names the file, line and column of the first cell that is not a number."""
    values = np.empty(len(table.rows))
    for i, (row, line) in enumerate(zip(table.rows, table.lines)):
        if row[name] == "" and empty is not None:
            values[i] = empty
            continue
        try:
            values[i] = parse_number(row[name])
        except ValueError as problem:
            raise error(str(problem), file=table.path, line=line, field=name) from None
    return values


def _float_text(value: float, decimals: int) -> str:
    if value != value or value in (float("inf"), float("-inf")):
        return ""
    return f"{value:.{decimals}f}".rstrip("0").rstrip(".")


def _column_text(values, decimals: int = 3) -> list[str]:
    """Cells of one column: floats to `decimals` without trailing zeros, NaN empty."""
    array = np.asarray(values)
    if array.dtype.kind == "f":
        return [_float_text(x, decimals) for x in array.tolist()]
    cells = [str(x) for x in array.tolist()]
    if any(("," in c or '"' in c or "\n" in c) for c in cells):
        cells = ['"' + c.replace('"', '""') + '"' if ("," in c or '"' in c or "\n" in c) else c
                 for c in cells]
    return cells


def write_csv(path: str | Path, columns: dict[str, np.ndarray], decimals: int = 3) -> Path:
    """Write equal-length columns as a CSV with a header; floats to `decimals` places,
    NaN as an empty cell. Rows are formatted a block at a time, so the text of a
    large table is never held whole."""
    path = Path(path)
    n_rows = len(next(iter(columns.values()))) if columns else 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        handle.write(",".join(columns) + "\n")
        for start in range(0, n_rows, ROWS_PER_BLOCK):
            block = slice(start, start + ROWS_PER_BLOCK)
            text = [_column_text(values[block], decimals) for values in columns.values()]
            handle.writelines(",".join(row) + "\n" for row in zip(*text))
    return path


def write_json(path: str | Path, data: dict) -> Path:
    """Write a dict as indented JSON (numpy scalars become plain numbers)."""
    path = Path(path)
    path.write_text(json.dumps(data, indent=2, default=lambda x: x.item()) + "\n",
                    encoding="utf-8")
    return path
