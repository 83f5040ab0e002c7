"""Who keeps which hours: compliance, zones, employers' spread and lunch at home."""

import numpy as np

from sim.demand.roles import Role
from sim.demand.workdays import FLEX_STEP_S, lunch_home_share
from sim.scenario.codes import Group

OFFICE = Group.OFFICE


def test_lunch_home_share_is_linear_between_break_lengths_and_flat_beyond():
    share = lunch_home_share(np.array([1800.0, 3600, 5400, 7200, 9999, np.nan]),
                             [3600.0, 7200.0], [0.1, 0.5])
    np.testing.assert_allclose(share, [0.1, 0.1, 0.3, 0.5, 0.5, 0.0])


def test_schedule_applies_only_outside_the_core(day_of):
    day = day_of("outside_core_first")
    people = day.population
    office = people.group == OFFICE
    core = day.city.nodes_where("core", ["1"], "test")[people.place]
    # each start shifts by up to half the spread, rounded to the nearest 5-minute step:
    # 14.2 min, so 15 at most, and the core's hours and the others' do not overlap
    half_flex_s = day.scenario.settings.groups["office"].flex_s / 2 + FLEX_STEP_S / 2
    start_s = people.workday.start_s
    assert np.all(np.abs(start_s[office & core] - 8 * 3600.0) <= half_flex_s)
    assert np.all(np.abs(start_s[office & ~core] - 9 * 3600.0) <= half_flex_s)


def test_complying_offices_are_nested_as_compliance_grows(day_of):
    keep = {"schedules.office.otherwise": ["08:00-12:00", "14:00-17:00"]}
    low = day_of("proposal_9to5", **{"schedules.office.compliance": 0.3, **keep})
    high = day_of("proposal_9to5", **{"schedules.office.compliance": 0.6, **keep})
    office = low.population.group == OFFICE
    low_keeps, high_keeps = low.population.workday.complies, high.population.workday.complies
    assert np.all(high_keeps[low_keeps])
    assert 0.2 < low_keeps[office].mean() < 0.4 and 0.5 < high_keeps[office].mean() < 0.7


def test_employers_spread_start_times_in_five_minute_steps(day_of):
    day = day_of("baseline_8to5")
    people, flex_s = day.population, day.scenario.settings.groups["enterprise"].flex_s
    workers = (people.group == Group.ENTERPRISE) & (people.role == Role.WORKER)
    shift = people.workday.start_s[workers] - 8 * 3600.0
    assert np.all(shift % 300 == 0) and np.abs(shift).max() <= flex_s / 2 + FLEX_STEP_S / 2
    assert len(np.unique(shift)) > 5
    office_s = people.workday.start_s[people.group == OFFICE] - 8 * 3600.0
    assert np.abs(office_s).max() <= (day.scenario.settings.groups["office"].flex_s / 2
                                      + FLEX_STEP_S / 2)  # rounded to the nearest step


def test_a_longer_lunch_break_only_adds_people_going_home(day_of):
    short, long = day_of("proposal_9to5"), day_of("baseline_8to5")
    office = short.population.group == OFFICE
    goes_short = short.population.workday.lunch_home & office
    goes_long = long.population.workday.lunch_home & office
    assert np.all(goes_long[goes_short]) and goes_long.sum() > goes_short.sum()
