"""Days and a comparison of the stylised city at a small scale, simulated once per test
session."""

from functools import lru_cache
from pathlib import Path

import pytest

from sim.compare.comparison import Comparison, run_comparison
from sim.scenario import load_scenario
from sim.simulate.day import Day, simulate_day

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
SHAOYANG = SCENARIOS / "shaoyang"
TEST_SCALE = 0.02


@lru_cache(maxsize=None)
def _day(name: str, overrides: tuple) -> Day:
    values = {"simulation.scale": TEST_SCALE,
              **{k: list(v) if isinstance(v, tuple) else v for k, v in overrides}}
    found = sorted(SCENARIOS.rglob(f"{name}.toml"))
    return simulate_day(load_scenario(found[0], values))


@pytest.fixture(scope="session")
def day_of():
    """day_of("baseline_8to5", **{"dotted.field": value}) -> a simulated Day (cached)."""
    def simulate(name: str, **overrides) -> Day:
        return _day(name, tuple(sorted((k, tuple(v) if isinstance(v, list) else v)
                                       for k, v in overrides.items())))
    return simulate


@pytest.fixture(scope="session")
def city_comparison() -> Comparison:
    """The baseline and 9-to-5, seeds 1 and 2, adapted for one day (enough to draw
    every figure, the adaptation's too)."""
    return run_comparison([SHAOYANG / "baseline_8to5.toml", SHAOYANG / "proposal_9to5.toml"],
                          [1, 2],
                          overrides={"simulation.scale": TEST_SCALE, "equilibrium.iterations": 1},
                          workers=2)
