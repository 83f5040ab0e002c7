"""The notebooks run from top to bottom at a small scale, and are stored without outputs."""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from .conftest import TEST_SCALE

pytestmark = pytest.mark.integration  # whole runs of the city

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def _with_parameters(path: Path, replacements: dict[str, str]):
    notebook = nbformat.read(path, as_version=4)
    cell = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    for old, new in replacements.items():
        assert old in cell.source, f"{path.name}: parameter line {old!r} not found"
        cell.source = cell.source.replace(old, new)
    return notebook


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_notebook_is_stored_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


def test_compare_notebook_runs_at_small_scale(tmp_path):
    notebook = _with_parameters(NOTEBOOKS / "01_compare_schedules.ipynb", {
        "SEEDS = [1, 2, 3]": "SEEDS = [1, 2]",
        "SCALE = 0.25": f"SCALE = {TEST_SCALE}",
        "DAYS = None": "DAYS = 0",
        'OUT = "out/notebook_01"': f"OUT = {str(tmp_path)!r}"})
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    assert (tmp_path / "briefing.pdf").stat().st_size > 50_000
    printed = "".join(output.get("text", "") for cell in notebook.cells
                      for output in cell.get("outputs", []))
    assert "proposal_9to5" in printed and "pcu-h" in printed


def test_sweep_notebook_runs_at_small_scale(tmp_path):
    notebook = _with_parameters(NOTEBOOKS / "02_sweep_sensitivity.ipynb", {
        "SCALE = 0.1": f"SCALE = {TEST_SCALE}",
        "N = 16": "N = 4",
        "DAYS = None": "DAYS = 0",
        'OUT = "out/notebook_02"': f"OUT = {str(tmp_path)!r}"})
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    assert (tmp_path / "sensitivity.csv").is_file() and (tmp_path / "tornado_1.png").is_file()
