"""Candidate arrivals: walked back along the route, merged, grouped and cut into parts."""

import numpy as np
import pytest

from sim.behaviour.choices import arrival_choices
from sim.behaviour.departures import choosable_legs
from sim.behaviour.experienced import experienced_times
from sim.behaviour.levels import PLACED_ARRIVALS, SLOT_S
from sim.behaviour.prices import drawn_departures
from sim.behaviour.walks import PARTS_PER_GROUP, SPLIT_HELD_S
from sim.traffic.kernel import free_flow_steps


def _choosers(day_of):
    day = day_of("vickrey_single", **{"simulation.scale": 0.1})
    leg, onward = choosable_legs(day.plan)
    tau = free_flow_steps(day.city.network, day.traffic.dt_s) * day.traffic.dt_s
    return day, leg, onward, tau


def _passes(choices) -> np.ndarray:
    """(rows x width, link-minutes) the share of each candidate's vehicle leaving each
    link-minute, dense: the loads of each candidate taken alone."""
    k, width = choices.cost_s.shape
    rows = []
    for candidate in range(k * width):
        alone = np.zeros(k * width)
        alone[candidate] = 1.0
        rows.append(choices.load_pcu(alone.reshape(k, width)))
    return np.array(rows)


def test_choices_count_back_from_the_arrival_at_free_flow_and_merge_identical_people(day_of):
    day, leg, onward, tau = _choosers(day_of)
    settings = day.scenario.settings.equilibrium
    [choices] = arrival_choices(day.plan, leg, onward, day.plan.routes, tau, settings)
    assert choices.cost_s.shape[0] == 1 and choices.count[0] == leg.size
    route = day.plan.routes.route(day.plan.route_of_leg[leg[0]])
    arrival = day.legs.target_s[leg[0]] + np.arange(-settings.window_s[0],
                                                    settings.window_s[1] + 1, 60.0)
    column = np.arange(arrival.size)
    assert np.allclose(choices.free_departure_s(0 * column, column), arrival - tau[route].sum())
    # each candidate leaves every link of the route once, the last in the arrival's minute
    start = day.scenario.settings.simulation.start_s
    passes = _passes(choices)
    assert np.array_equal(passes.sum(axis=1), np.full(arrival.size, route.size))
    last = passes[:, route[-1] * choices.n_slots:(route[-1] + 1) * choices.n_slots]
    assert np.array_equal(np.argmax(last, axis=1), (arrival - start) // 60)


def test_a_day_with_a_queue_downstream_places_the_links_before_it_earlier(day_of):
    day, leg, onward, tau = _choosers(day_of)
    settings, simulation = day.scenario.settings.equilibrium, day.scenario.settings.simulation
    times = experienced_times(day.traffic, day.city.network, simulation.start_s,
                              simulation.end_s, SLOT_S)
    [free] = arrival_choices(day.plan, leg, onward, day.plan.routes, tau, settings)
    [placed] = arrival_choices(day.plan, leg, onward, day.plan.routes, tau, settings,
                               placed_by=times)
    # the route is O -> M -> A -> B (the bottleneck) -> D, and the day as planned queues
    # on M -> A, which the bottleneck lets out at its capacity
    route = day.plan.routes.route(day.plan.route_of_leg[leg[0]])
    n = free.n_slots

    def minute_leaving(choices, link):
        return np.argmax(_passes(choices)[:, link * n:(link + 1) * n], axis=1)

    earlier = minute_leaving(free, route[0]) - minute_leaving(placed, route[0])
    assert np.all(earlier >= 0) and earlier.max() >= 2
    # one walk per PLACED_ARRIVALS candidates, placed from the middle one and moved a
    # minute per candidate. Held longer than SPLIT_HELD_S, the vehicle is split between
    # the two minutes around the time it leaves the link, in proportion: its shares
    # there sum to one and their mean minute is that time; held less, it is rounded
    shares = _passes(placed)[:, route[0] * n:(route[0] + 1) * n]
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)
    held_long = []
    for first in range(0, placed.n_arrivals, PLACED_ARRIVALS):
        run = np.arange(first, min(first + PLACED_ARRIVALS, placed.n_arrivals))
        middle = run[min(PLACED_ARRIVALS // 2, run.size - 1)]
        arrival = day.legs.target_s[leg[0]] + middle * 60.0 - settings.window_s[0]
        left_first = arrival
        for link in route[:0:-1]:  # walked back from the arrival to the end of the first link
            left_first = times.entered_s(np.array(link), left_first)
        minute = (left_first - simulation.start_s) / 60 + run - middle
        held_long.append(arrival - tau[route[1:]].sum() - left_first > SPLIT_HELD_S)
        if held_long[-1]:
            np.testing.assert_allclose(shares[run] @ np.arange(n), minute)
        else:
            assert np.array_equal(np.argmax(shares[run], axis=1), np.floor(minute + 0.5))
    assert any(held_long) and not all(held_long)
    # the queue's link, the bottleneck and the link after it are left as at free flow:
    # nothing queues downstream of them
    for link in route[1:]:
        assert np.array_equal(minute_leaving(free, link), minute_leaving(placed, link))
    # what a candidate costs does not change: free-flow time plus the priced queueing
    np.testing.assert_array_equal(placed.cost_s, free.cost_s)
    np.testing.assert_array_equal(placed.first_arrival_s, free.first_arrival_s)
    np.testing.assert_array_equal(placed.lead_s, free.lead_s)


def test_only_travellers_offered_another_route_may_draw_it(day_of):
    day, leg, onward, tau = _choosers(day_of)
    offered = np.arange(leg.size) % 2 == 0
    groups = arrival_choices(day.plan, leg, onward, day.plan.routes, tau,
                             day.scenario.settings.equilibrium, day.plan.routes, offered)
    narrow, wide = groups
    assert narrow.cost_s.shape == (1, narrow.n_arrivals)
    assert wide.cost_s.shape == (1, 2 * wide.n_arrivals)
    assert np.array_equal(np.sort(wide.traveller), np.flatnonzero(offered))
    n = narrow.n_links * narrow.n_slots
    _, by_other = drawn_departures(groups, np.zeros(n), 30.0, np.random.default_rng(6))
    assert not by_other[~offered].any()
    # the same route offered twice: half of those offered draw it
    assert np.mean(by_other[offered]) == pytest.approx(0.5, abs=0.1)


def test_parts_of_a_group_hold_its_rows_travellers_and_walks_once_each(day_of):
    day = day_of("baseline_8to5")
    leg, onward = choosable_legs(day.plan)
    tau = free_flow_steps(day.city.network, day.traffic.dt_s) * day.traffic.dt_s
    [choices] = arrival_choices(day.plan, leg, onward, day.plan.routes, tau,
                                day.scenario.settings.equilibrium)
    assert choices.count.size < leg.size  # some travellers share a row
    # only travellers whose walks are the same share a row: the same links, not only
    # the same minutes (a grid has many routes of one length)
    route = day.plan.route_of_leg[leg[choices.traveller]]
    links_by_row = {}
    for row, taken in zip(choices.row, route, strict=True):
        links_by_row.setdefault(row, set()).add(
            tuple(day.plan.routes.route(taken)) if taken >= 0 else ())
    assert all(len(links) == 1 for links in links_by_row.values())
    parts = choices.split()
    assert len(parts) == PARTS_PER_GROUP and sum(p.count.size for p in parts) == choices.count.size
    # each part holds the group's own walks of its rows, not a copy of them
    for part, walks in zip(parts, choices.parts, strict=True):
        [own] = part.parts
        assert own is walks and own[0].walks.shape[0] == part.count.size
    assert np.array_equal(np.sort(np.concatenate([p.traveller for p in parts])),
                          np.sort(choices.traveller))
    delay = np.random.default_rng(7).random(choices.n_links * choices.n_slots) * 120.0
    whole, expected = choices.shares(delay, 30.0)
    assert np.allclose(np.vstack([p.shares(delay, 30.0)[0] for p in parts]), whole)
    assert np.allclose(np.concatenate([p.shares(delay, 30.0)[1] for p in parts]), expected)
    for part in parts:
        assert np.array_equal(part.count, np.bincount(part.row, minlength=part.count.size))
