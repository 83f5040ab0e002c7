"""The output policy: staggersim replaces only folders it wrote, refuses the user's own
unless forced, never writes where a run's inputs are, and leaves no scratch behind."""

import hashlib
import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sim.cli import main
from sim.errors import InputError
from sim.output import MARKER, OutputFolder, atomic_file

from .conftest import SCENARIOS, SHAOYANG

ROOT = Path(__file__).resolve().parents[1]


def _fingerprint(folder: Path) -> dict[str, str]:
    """Every file under `folder` (hidden ones too) with the SHA-256 of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _write(folder: Path, name: str) -> Path:
    with OutputFolder.claim(folder).writing() as scratch:
        (scratch / name).write_text(name)
    return folder


def test_a_new_folder_gets_the_marker_and_no_scratch_is_left(tmp_path):
    folder = _write(tmp_path / "out", "a.txt")
    marker = json.loads((folder / MARKER).read_text())
    assert marker["written_by"] == "staggersim" and marker["version"] and marker["created"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_folder_staggersim_wrote_is_replaced_whole(tmp_path):
    folder = _write(tmp_path / "out", "first.txt")
    _write(folder, "second.txt")
    assert sorted(p.name for p in folder.iterdir()) == sorted([MARKER, "second.txt"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_the_user_s_folder_is_refused_then_kept_under_force(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="did not write and it is not empty"):
        OutputFolder.claim(folder)
    with OutputFolder.claim(folder, force=True).writing() as scratch:
        (scratch / "notes.txt").write_text("replaced")
        (scratch / "result.txt").write_text("new")
    assert (folder / "result.txt").read_text() == "new"
    assert not (folder / MARKER).exists(), "the folder stays the user's, not ours to replace"
    (folder / "keep.txt").write_text("kept")
    with OutputFolder.claim(folder, force=True).writing() as scratch:
        (scratch / "result.txt").write_text("again")
    assert (folder / "keep.txt").read_text() == "kept"


def test_an_empty_folder_becomes_ours(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    _write(folder, "a.txt")
    assert (folder / MARKER).is_file() and (folder / "a.txt").is_file()


@pytest.mark.parametrize("target", ["file.txt", ".", "..", "/"])
def test_files_and_folders_holding_inputs_are_refused_even_forced(tmp_path, monkeypatch,
                                                                  target):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "file.txt").write_text("x")
    (tmp_path / "input.toml").write_text("x")
    with pytest.raises(InputError):
        OutputFolder.claim(target, inputs=[tmp_path / "input.toml"], force=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt", "input.toml"]


def test_a_failed_write_leaves_the_old_output_and_no_scratch(tmp_path):
    folder = _write(tmp_path / "out", "first.txt")
    with pytest.raises(RuntimeError):
        with OutputFolder.claim(folder).writing() as scratch:
            (scratch / "half.txt").write_text("half")
            raise RuntimeError("the run failed")
    assert sorted(p.name for p in folder.iterdir()) == sorted([MARKER, "first.txt"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def _copy_inputs(tmp_path: Path) -> Path:
    inputs = tmp_path / "inputs"
    shutil.copytree(SHAOYANG, inputs)
    shutil.copytree(SCENARIOS / "validation" / "d1_bottleneck", inputs / "d1")
    (inputs / "sweep.toml").write_text(
        'base = "proposal_9to5.toml"\n[parameters."schedules.office.compliance"]\n'
        "values = [0.5, 1.0]\n", encoding="utf-8")
    return inputs


@pytest.mark.parametrize("command", [
    ["run", "{i}/baseline_8to5.toml", "-o", "{i}"],
    ["run", "{i}/baseline_8to5.toml", "-o", "{i}/network", "--force"],
    ["compare", "{i}/baseline_8to5.toml", "{i}/proposal_9to5.toml", "-o", "{i}", "--force"],
    ["trips", "{i}/d1", "{i}/d1/demand.csv", "-o", "{i}/d1"],
    ["trips", "{i}/d1", "{i}/d1/demand.csv", "-o", "{i}", "--force"],
    ["sweep", "{i}/sweep.toml", "-o", "{i}", "--force"],
    ["run", "{i}/baseline_8to5.toml", "-o", "{i}/network/map.png", "--force"],
])
def test_no_input_changes_when_the_output_points_at_the_inputs(tmp_path, capsys, command):
    inputs = _copy_inputs(tmp_path)
    before = _fingerprint(tmp_path)
    assert main([part.format(i=inputs) for part in command]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and ("holds an input" in err or "is a file" in err)
    assert _fingerprint(tmp_path) == before


def test_ctrl_c_prints_one_line_exits_130_and_leaves_nothing(tmp_path):
    script = Path(sys.executable).with_name("staggersim")
    process = subprocess.Popen(
        [str(script), "run", str(SHAOYANG / "baseline_8to5.toml"), "--scale", "1", "-o",
         str(tmp_path / "out"), "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, cwd=ROOT)
    time.sleep(4.0)  # past the imports, well inside a full-scale day
    assert process.poll() is None, "the run ended before it could be interrupted"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err.strip().splitlines() == ["staggersim: interrupted; nothing was left half-written"]
    assert list(tmp_path.iterdir()) == []


def test_a_file_written_in_place_leaves_no_scratch_when_it_fails(tmp_path):
    target = tmp_path / "results.csv"
    target.write_text("old")
    with pytest.raises(KeyboardInterrupt):
        with atomic_file(target) as scratch:
            scratch.write_text("half")
            raise KeyboardInterrupt
    assert [p.name for p in tmp_path.iterdir()] == ["results.csv"]
    assert target.read_text() == "old"
    with atomic_file(target) as scratch:
        scratch.write_text("new")
    assert [p.name for p in tmp_path.iterdir()] == ["results.csv"]
    assert target.read_text() == "new"
