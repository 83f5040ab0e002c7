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


def _cell(value) -> str:
    if isinstance(value, (float, np.floating)):
        if not np.isfinite(value):
            return ""
        return f"{value:.3f}".rstrip("0").rstrip(".")
    return str(value)


def write_csv(path: str | Path, columns: dict[str, np.ndarray]) -> Path:
    """Write equal-length columns as a CSV with a header; NaN becomes an empty cell."""
    path = Path(path)
    names = list(columns)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        for row in zip(*(columns[name].tolist() if hasattr(columns[name], "tolist")
                         else columns[name] for name in names)):
            writer.writerow([_cell(value) for value in row])
    return path


def write_json(path: str | Path, data: dict) -> Path:
    """Write a dict as indented JSON (numpy scalars become plain numbers)."""
    path = Path(path)
    path.write_text(json.dumps(data, indent=2, default=lambda x: x.item()) + "\n",
                    encoding="utf-8")
    return path
