"""The SimPy processes on a hand-made day: legs released on time, chained on arrival."""

import numpy as np
import pytest

from sim.demand.chains import PURPOSES, Legs, Purpose
from sim.network import grid, shortest_paths
from sim.simulate.engine import run_processes
from sim.traffic.kernel import LinkTransmission

NO = -1
START, END, TICK = 6 * 3600.0, 12 * 3600.0, 60.0


def hand_made_legs() -> Legs:
    """Person 0 drives 0 -> 3 at 07:00, then back after 10 min; person 1 walks 1 -> 2 at
    07:30, then drives 2 -> 0 at 09:00 (a clock time later than arrival + dwell)."""
    person = np.array([0, 0, 1, 1])
    return Legs(
        person=person, purpose=np.array([PURPOSES.index(p) for p in
                                         ("work", "home", "errand", "home")], dtype=np.int8),
        origin=np.array([0, 3, 1, 2]), destination=np.array([3, 0, 2, 0]),
        mode=np.array([0, 0, 3, 0], dtype=np.int8), pcu=np.array([1.0, 1.0, 0.0, 1.0]),
        not_before_s=np.array([7 * 3600.0, -np.inf, 7.5 * 3600, 9 * 3600]),
        dwell_s=np.array([0.0, 600.0, 0.0, 60.0]), target_s=np.full(4, np.nan),
        free_flow_s=np.array([216.0, 216.0, 800.0, 144.0]),
        on_road=np.array([True, True, False, True]),
        previous=np.array([NO, 0, NO, 2]), next=np.array([1, NO, 3, NO]),
        rides_with=np.full(4, NO), holder=np.array([0, 0, 4, 4], dtype=np.int8))


def run(legs: Legs, ticks: list | None = None) -> dict:
    network = grid(1, 4, spacing_km=1.0, free_speed_kmh=50.0)
    on_road = np.flatnonzero(legs.on_road)
    routes = shortest_paths(network, legs.origin[on_road], legs.destination[on_road])
    route_of_leg = np.full(len(legs), NO)
    route_of_leg[on_road] = np.arange(on_road.size)
    kernel = LinkTransmission(network, dt_s=2.0)
    return run_processes(kernel, legs, routes, route_of_leg, start_s=START, end_s=END,
                         tick_s=TICK, on_tick=None if ticks is None else ticks.append)


def test_legs_leave_at_their_clock_time_or_after_arrival_plus_dwell():
    outcome = run(hand_made_legs())
    departure, arrival = outcome["departure_s"], outcome["arrival_s"]
    assert departure[0] == 7 * 3600
    assert arrival[0] == pytest.approx(7 * 3600 + 216, abs=2.0)  # 3 links of 72 s
    assert departure[1] == arrival[0] + 600
    assert departure[2] == 7.5 * 3600 and arrival[2] == 7.5 * 3600 + 800
    assert departure[3] == 9 * 3600
    assert np.isfinite(arrival).all()


def test_the_road_sleeps_while_nothing_is_on_it():
    ticks: list[float] = []
    run(hand_made_legs(), ticks)
    # busy from 07:00 to about 07:15, one walk ending at 07:43, 09:00 to 09:03
    assert len(ticks) < 40
    assert all(t % TICK == 0 for t in ticks)


def test_a_late_pickup_logs_the_child_s_wait():
    legs = hand_made_legs()
    purpose = legs.purpose.copy()
    purpose[0] = Purpose.PICKUP
    target = legs.target_s.copy()
    target[0] = 7 * 3600 + 100
    late = Legs(**{**legs.__dict__, "purpose": purpose, "target_s": target})
    outcome = run(late)
    assert outcome["care_s"][0] == pytest.approx(outcome["arrival_s"][0] - target[0])
    assert np.all(outcome["care_s"][1:] == 0)
