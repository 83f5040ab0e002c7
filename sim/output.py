"""Writing results: whole-or-nothing output folders and plain CSV/JSON tables."""

from __future__ import annotations

import csv
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np


@contextmanager
def atomic_directory(target: str | Path) -> Iterator[Path]:
    """Yield a scratch folder that becomes `target` only if the block completes.

    On error the scratch folder is removed and an existing `target` is left as it
    was, so a folder named `target` is always a complete output.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = target.with_name(f".{target.name}.partial-{os.getpid()}")
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    try:
        yield scratch
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    scratch.rename(target)
    shutil.rmtree(old, ignore_errors=True)


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
