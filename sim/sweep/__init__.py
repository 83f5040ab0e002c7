"""Parameter sweeps: a design of scenario variants x seeds, run and stored so none is lost."""

from .design import design_points
from .spec import Parameter, SweepSpec, read_spec, sweep_spec
from .store import run_key
from .runner import sweep

__all__ = ["Parameter", "SweepSpec", "design_points", "read_spec", "run_key", "sweep",
           "sweep_spec"]
