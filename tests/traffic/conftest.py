"""Every kernel run in the tests goes through `load`, which checks the invariants."""

import numpy as np
import pytest

from sim.traffic.invariants import check_invariants
from sim.traffic.loading import load_vehicles


def load_checked(network, route_ptr, route_links, departure_s, **options):
    result = load_vehicles(network, route_ptr, route_links, departure_s, **options)
    problems = check_invariants(result, network)
    assert problems == [], problems
    return result


@pytest.fixture
def load():
    return load_checked


@pytest.fixture
def rng():
    return np.random.default_rng(12345)
