"""CSV and JSON tables in and out, with errors that name the file, row and field."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np

from .errors import InputError


def read_csv(path: str | Path, required: tuple[str, ...], error: type[InputError] = InputError,
             needs: str | None = None) -> tuple[list[str], list[dict]]:
    """Header (stripped names) and rows of a CSV file; a missing file or column is an error.

    `needs` words the missing-column message (default: the required columns).
    """
    path = Path(path)
    if not path.is_file():
        raise error("file not found", file=path)
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = [name.strip() for name in (reader.fieldnames or [])]
        reader.fieldnames = header
        missing = [name for name in required if name not in header]
        if missing:
            raise error(f"missing column; {needs or 'the file needs ' + ', '.join(required)}",
                        file=path, field=missing[0])
        return header, list(reader)


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
    NaN as an empty cell."""
    path = Path(path)
    text = [_column_text(values, decimals) for values in columns.values()]
    with path.open("w", newline="", encoding="utf-8") as handle:
        handle.write(",".join(columns) + "\n")
        for row in zip(*text):
            handle.write(",".join(row) + "\n")
    return path


def write_json(path: str | Path, data: dict) -> Path:
    """Write a dict as indented JSON (numpy scalars become plain numbers)."""
    path = Path(path)
    path.write_text(json.dumps(data, indent=2, default=lambda x: x.item()) + "\n",
                    encoding="utf-8")
    return path
