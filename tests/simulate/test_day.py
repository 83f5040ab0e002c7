"""A simulated day: chains kept, everyone accounted for, the road's rules respected."""

import numpy as np
import pytest

from sim.demand.chains import PURPOSES
from sim.demand.roles import Role
from sim.kpis.metrics import day_kpis, road_load_pcu
from sim.scenario import load_scenario
from sim.simulate.day import DONE, NOT_STARTED, UNFINISHED, simulate_day
from sim.traffic.invariants import check_invariants
from sim.traffic.series import link_series

from ..conftest import SHAOYANG

DROP_OFF, PICKUP, LUNCH, WORK = (PURPOSES.index(p) for p in ("drop_off", "pickup", "lunch",
                                                             "work"))


def test_parent_work_leg_departs_after_school_arrival_plus_dwell(day_of):
    day = day_of("baseline_8to5")
    legs = day.legs
    drop = np.flatnonzero((legs.purpose == DROP_OFF) & (day.status == DONE)
                          & (day.population.role[legs.person] == Role.WORKER))
    assert drop.size > 50
    work = legs.next[drop]
    assert np.all(legs.purpose[work] == WORK)
    dwell = day.scenario.settings.population.drop_off_dwell_s
    np.testing.assert_allclose(day.departure_s[work], day.arrival_s[drop] + dwell)


def test_every_leg_leaves_after_its_time_and_the_previous_arrival(day_of):
    day = day_of("baseline_8to5")
    legs = day.legs
    own = (legs.rides_with < 0) & np.isfinite(day.departure_s)
    assert np.all(day.departure_s[own] >= legs.not_before_s[own] - 1e-9)
    chained = own & (legs.previous >= 0)
    before = legs.previous[chained]
    assert np.all(day.departure_s[chained] >= day.arrival_s[before] + legs.dwell_s[chained]
                  - 1e-9)
    assert np.all(day.arrival_s[own & (day.status == DONE)]
                  >= day.departure_s[own & (day.status == DONE)])


def test_parent_whose_hours_forbid_pickup_sends_the_child_to_care(day_of):
    day = day_of("baseline_8to5")
    legs, school_end = day.legs, day.scenario.settings.schedules["school"].periods.end_s
    pickup = np.flatnonzero((legs.purpose == PICKUP) & (day.status == DONE)
                            & (day.population.role[legs.person] == Role.WORKER))
    work_end = day.population.workday.end_s[legs.person[pickup]]
    forbidden = work_end + legs.free_flow_s[pickup] > school_end
    assert forbidden.all()  # offices and enterprises end after 16:30
    assert np.all(day.care_s[pickup] > 0)
    np.testing.assert_allclose(day.care_s[pickup], day.arrival_s[pickup] - school_end)


def test_parent_who_can_reach_school_in_time_leaves_no_child_in_care(day_of):
    late_school = {"schedules.school.periods": ["08:20-12:00", "14:00-19:30"]}
    day = day_of("baseline_8to5", **late_school)
    legs = day.legs
    pickup = np.flatnonzero((legs.purpose == PICKUP) & (day.status == DONE)
                            & (day.population.role[legs.person] == Role.WORKER))
    on_time = day.arrival_s[pickup] <= legs.target_s[pickup]
    assert on_time.mean() > 0.9
    assert np.all(day.care_s[pickup[on_time]] == 0)
    assert np.all(day.care_s[pickup[~on_time]] > 0)


def test_grandparents_fetch_children_at_the_end_of_school(day_of):
    day = day_of("baseline_8to5")
    legs = day.legs
    pickup = np.flatnonzero((legs.purpose == PICKUP)
                            & (day.population.role[legs.person] == Role.GRANDPARENT))
    home = legs.next[pickup]
    school_end = day.scenario.settings.schedules["school"].periods.end_s
    assert np.all(day.departure_s[home] >= school_end)


def test_lunch_trips_vanish_when_the_break_is_one_hour_and_the_share_says_so(day_of):
    none_at_one_hour = {"population.lunch_home.break_min": [60, 120],
                        "population.lunch_home.share": [0.0, 0.5]}
    office = 0
    for name, expected in (("baseline_8to5", True), ("proposal_9to5", False)):
        day = day_of(name, **none_at_one_hour)
        lunch = (day.legs.purpose == LUNCH) & (day.population.group[day.legs.person] == office)
        assert lunch.any() == expected, name


def test_every_planned_leg_is_made_or_reported(day_of):
    day = day_of("baseline_8to5", **{"simulation.end": "17:30"})
    legs, status = day.legs, day.status
    assert (status == UNFINISHED).any() and (status == NOT_STARTED).any()
    assert np.all(np.isfinite(day.arrival_s) == (status == DONE))
    assert np.all(np.isfinite(day.departure_s) == (status != NOT_STARTED))
    after_failure = legs.next[(status != DONE) & (legs.next >= 0) & (legs.rides_with < 0)]
    assert np.all(status[after_failure] == NOT_STARTED)
    on_road = legs.on_road & (status != NOT_STARTED)
    end_s = day.scenario.settings.simulation.end_s
    assert on_road.sum() == np.sum(day.traffic.departure_s < end_s)


def test_traffic_of_the_day_keeps_the_road_rules(day_of):
    day = day_of("baseline_8to5")
    assert check_invariants(day.traffic, day.city.network) == []


def test_results_do_not_depend_on_the_tick(day_of):
    coarse, fine = day_of("baseline_8to5"), day_of("baseline_8to5", **{"simulation.tick_s": 30.0})
    np.testing.assert_array_equal(coarse.departure_s, fine.departure_s)
    np.testing.assert_array_equal(coarse.arrival_s, fine.arrival_s)


def test_scenarios_with_one_seed_share_their_people(day_of):
    base, proposal = day_of("baseline_8to5"), day_of("proposal_9to5")
    for name in ("group", "role", "mode", "home", "place", "escort"):
        np.testing.assert_array_equal(getattr(base.population, name),
                                      getattr(proposal.population, name))


@pytest.mark.parametrize("name", ["baseline_8to5", "proposal_9to5"])
def test_most_of_the_day_is_done(day_of, name):
    day = day_of(name)
    assert np.mean(day.status == DONE) > 0.999


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason=(
    "a known fault, found when the calibrated baseline was shipped: a reduced sample "
    "overstates the calibrated city's congestion (seed 1, fixed departures: a quarter gives "
    "7,320 pcu-h per full city against 5,642, offices' commute 17.9 against 16.3 min; "
    "docs/results.md, `python benchmarks/bench_scale.py --levels`). Mend the scaling, then "
    "drop this mark."))
def test_a_quarter_sample_meets_full_scale_congestion():
    figures = []
    for scale in (0.25, 1.0):
        day = simulate_day(load_scenario(SHAOYANG / "baseline_8to5.toml",
                                         {"simulation.scale": scale}))
        series = link_series(day.traffic, day.city.network, 300.0, by_pcu=True)
        figures.append(day_kpis(day, series))
    quarter, full = figures
    times_s, full_load = road_load_pcu(day)
    minutes = [[int(t[:2]) * 60 + int(t[3:]) for t in k["daily_peaks"]] for k in figures]
    assert len(minutes[0]) == len(minutes[1])
    for quarter_min, full_min in zip(*minutes):
        # the evening peak is a plateau (17:10-18:00) on which the highest minute may
        # fall anywhere: then the full day's load at the sample's peak is its peak's
        at = [np.searchsorted(times_s, 60.0 * m) for m in (quarter_min, full_min)]
        assert (abs(quarter_min - full_min) <= 5
                or full_load[at[0]] >= 0.95 * full_load[at[1]]), (quarter_min, full_min)
    for group in ("office", "enterprise", "school"):
        assert quarter["groups"][group]["commute_mean_min"] == pytest.approx(
            full["groups"][group]["commute_mean_min"], rel=0.05)
        assert quarter["groups"][group]["lateness_share"] == pytest.approx(
            full["groups"][group]["lateness_share"], abs=0.02)
    assert 4 * quarter["delay_pcu_h"] == pytest.approx(full["delay_pcu_h"], rel=0.1)
