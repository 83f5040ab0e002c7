"""Output folders: claimed before any work, written whole or not at all.

The policy users rely on (``docs/errors.md``):

1. Every folder staggersim creates holds a marker, ``MARKER``, saying what wrote
   it, when and with which version. Such a folder is replaced whole by the next
   run that writes there.
2. A non-empty folder without the marker belongs to the user: it is refused,
   naming the folder, unless ``force`` is given; then the outputs are moved into
   it, replacing only entries of the same names, and the rest is kept.
3. A folder that holds an input of the run (by resolved path), or a path that is
   an existing file, is refused even with ``force``.
4. Outputs are written into a hidden scratch folder beside the target and moved
   into place only when complete. On success, failure or Ctrl-C no scratch or
   renamed-aside folder is left behind.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .version import __version__

MARKER = ".staggersim-output.json"


def _is_within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


@dataclass(frozen=True)
class OutputFolder:
    """A checked output folder (see the module docstring); build it with `claim`.

    Attributes
    ----------
    path : the resolved folder.
    force : write into a non-empty folder staggersim did not write, keeping its other
        entries.
    what : the command writing it, recorded in the marker.
    """

    path: Path
    force: bool = False
    what: str = "staggersim"

    @classmethod
    def claim(cls, target: str | Path, *, inputs: Iterable[str | Path] = (),
              force: bool = False, what: str = "staggersim") -> "OutputFolder":
        """Check `target` against the policy before any work; InputError if refused."""
        given = str(target)
        if given.strip() == "":
            raise InputError("the output folder is empty text; give a folder name",
                             field="-o")
        path = Path(target).expanduser().resolve()
        if path.parent == path:
            raise InputError(f"{given} is the root of the file system; give a folder of "
                             "its own", field="-o")
        for source in inputs:
            source_path = Path(source).expanduser().resolve()
            if _is_within(source_path, path):
                raise InputError(f"{given} holds an input of this run ({source_path}); "
                                 "give another output folder", field="-o")
        if path.exists() and not path.is_dir():
            raise InputError(f"{given} is a file, not a folder; give a folder", field="-o")
        folder = cls(path, force, what)
        if path.is_dir() and not folder.is_ours() and any(path.iterdir()) and not force:
            raise InputError(f"{given} is a folder staggersim did not write and it is not "
                             "empty; give a new or empty folder, or --force to write into "
                             "it (its other files are kept)", field="-o")
        return folder

    def is_ours(self) -> bool:
        """Whether the folder exists and holds staggersim's marker."""
        return (self.path / MARKER).is_file()

    def _mkdir(self, folder: Path, **options) -> None:
        """Make `folder` (for this output); InputError naming the output if it cannot be."""
        try:
            folder.mkdir(**options)
        except OSError as error:
            raise InputError(f"cannot write {self.path}: {error.strerror}",
                             field="-o") from None

    def _scratch(self) -> Path:
        self._mkdir(self.path.parent, parents=True, exist_ok=True)
        scratch = self.path.with_name(f".{self.path.name}.partial-{os.getpid()}")
        shutil.rmtree(scratch, ignore_errors=True)
        self._mkdir(scratch)
        write_marker(scratch, self.what)
        return scratch

    @contextmanager
    def writing(self) -> Iterator[Path]:
        """Yield a scratch folder that becomes the output only if the block completes."""
        scratch = self._scratch()
        try:
            yield scratch
            self._move_into_place(scratch)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    def _move_into_place(self, scratch: Path) -> None:
        if not self.path.exists():
            scratch.rename(self.path)
        elif self.is_ours():
            old = self.path.with_name(f".{self.path.name}.old-{os.getpid()}")
            self.path.rename(old)
            try:
                scratch.rename(self.path)
            finally:
                shutil.rmtree(old, ignore_errors=True)
        else:  # empty, or the user's own with --force: move entries in, keep the rest
            empty = not any(self.path.iterdir())
            for entry in scratch.iterdir():
                if entry.name == MARKER and not empty:
                    continue
                _replace(entry, self.path / entry.name)

    @contextmanager
    def store(self) -> Iterator[Path]:
        """The folder itself, created with the marker if new, for outputs written a
        file at a time (the sweep's resumable store); a new store that failed before
        holding anything is removed."""
        self._mkdir(self.path.parent, parents=True, exist_ok=True)
        new = not self.path.exists() or not any(self.path.iterdir())
        self._mkdir(self.path, exist_ok=True)
        if new:
            write_marker(self.path, self.what)
        try:
            yield self.path
        except BaseException:
            if new and [p.name for p in self.path.iterdir()] == [MARKER]:
                shutil.rmtree(self.path)  # nothing stored: no store is left behind
            raise


@contextmanager
def atomic_file(path: str | Path) -> Iterator[Path]:
    """Yield a scratch path beside `path` that replaces it only if the block completes;
    the scratch is removed whatever happens (failure, Ctrl-C)."""
    path = Path(path)
    scratch = path.with_name(f".{path.name}.partial-{os.getpid()}")
    try:
        yield scratch
        os.replace(scratch, path)
    finally:
        scratch.unlink(missing_ok=True)


def _replace(source: Path, target: Path) -> None:
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    source.replace(target)


def write_marker(folder: Path, what: str) -> Path:
    """Write the marker that makes `folder` staggersim's to replace."""
    path = folder / MARKER
    path.write_text(json.dumps({"written_by": "staggersim", "command": what,
                                "version": __version__,
                                "created": time.strftime("%Y-%m-%dT%H:%M:%S%z")},
                               indent=2) + "\n", encoding="utf-8")
    return path


@contextmanager
def atomic_directory(target: str | Path, *, inputs: Iterable[str | Path] = (),
                     force: bool = False, what: str = "staggersim") -> Iterator[Path]:
    """`OutputFolder.claim(...).writing()` in one call."""
    with OutputFolder.claim(target, inputs=inputs, force=force, what=what).writing() as folder:
        yield folder
