"""One file per finished run, written atomically and named by what the run was.

A run's key is the SHA-256 of its whole scenario (the merged TOML values after
the sweep's values), its seed and the model's version: the same run always
has the same key, so a sweep started again skips what is already stored, and
a run is stored once whatever the worker or the order. A file is written to a
temporary name in the same folder and renamed into place (atomic on POSIX),
so a sweep killed at any moment leaves whole records or none.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from ..output import atomic_file
from ..version import __version__

RUNS = "runs"


def run_key(scenario_raw: dict, seed: int) -> str:
    """The run's key: 16 hex digits of SHA-256 over scenario, seed and model version."""
    text = json.dumps({"scenario": scenario_raw, "seed": seed, "version": __version__},
                      sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def record_path(folder: Path, key: str) -> Path:
    return folder / RUNS / f"{key}.json"


def write_record(folder: Path, key: str, record: dict) -> Path:
    """Write a run's record atomically (temporary file, fsync, rename)."""
    path = record_path(folder, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(path) as scratch, scratch.open("w", encoding="utf-8") as handle:
        json.dump(record, handle, sort_keys=True)
        handle.flush()
        os.fsync(handle.fileno())
    return path


def read_record(folder: Path, key: str) -> dict | None:
    """The stored record of a run, or None if it has not finished."""
    path = record_path(folder, key)
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))
