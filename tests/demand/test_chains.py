"""Legs: ordered per person, linked, planned back from their targets."""

import numpy as np

from sim.demand.chains import Purpose

WORK = Purpose.WORK


def test_legs_are_ordered_and_linked_per_person(day_of):
    legs = day_of("baseline_8to5").legs
    assert np.all(np.diff(legs.person) >= 0)
    linked = legs.next >= 0
    assert np.all(legs.previous[legs.next[linked]] == np.flatnonzero(linked))
    assert np.all(legs.person[legs.next[linked]] == legs.person[linked])
    assert np.all(legs.destination[linked] == legs.origin[legs.next[linked]])


def test_first_work_leg_is_planned_back_from_the_start_of_work(day_of):
    day = day_of("baseline_8to5")
    legs, people = day.legs, day.population
    first = (legs.previous < 0) & (legs.purpose == WORK)
    who = legs.person[first]
    planned = people.workday.start_s[who] - legs.free_flow_s[first] - people.buffer_s[who]
    np.testing.assert_allclose(legs.not_before_s[first], planned)
    np.testing.assert_allclose(legs.target_s[first], people.workday.start_s[who])


def test_passengers_load_no_road_and_walkers_neither(day_of):
    legs = day_of("baseline_8to5").legs
    assert np.all(legs.pcu[legs.rides_with >= 0] == 0)
    assert not np.any(legs.on_road & (legs.pcu == 0))
    assert np.all(legs.person[legs.rides_with[legs.rides_with >= 0]]
                  != legs.person[legs.rides_with >= 0])
