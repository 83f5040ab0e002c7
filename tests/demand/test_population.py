"""The synthetic population: sizes, households and modes as the scenario states them."""

import numpy as np
import pytest

from sim.demand.population import group_sizes
from sim.demand.roles import Role
from sim.scenario import GROUPS
from sim.scenario.codes import Group, Mode


def test_group_sizes_sum_to_the_people_in_their_shares():
    sizes = group_sizes(1001, [0.5, 0.25, 0.25])
    assert sizes.sum() == 1001 and sizes.tolist() in ([501, 250, 250], [500, 251, 250],
                                                     [500, 250, 251])


def test_groups_and_roles_follow_the_shares(day_of):
    day = day_of("baseline_8to5")
    people, settings = day.population, day.scenario.settings
    n = len(people)
    for g, name in enumerate(GROUPS):
        assert np.sum(people.group == g) == pytest.approx(n * settings.groups[name].share,
                                                          abs=1)
    school = people.group == Group.SCHOOL
    teachers = np.mean(people.role[school] == Role.TEACHER)
    assert teachers == pytest.approx(settings.population.teacher_share, abs=0.02)


def test_households_share_a_home_and_a_school(day_of):
    people = day_of("baseline_8to5").population
    escorted = np.flatnonzero(people.escort >= 0)
    escort = people.escort[escorted]
    assert np.all(people.role[escorted] == Role.PUPIL)
    assert np.all(people.child[escort] == escorted)
    assert np.all(people.home[escorted] == people.home[escort])
    assert np.all(people.mode[escorted] == people.mode[escort])
    grandparents = np.flatnonzero(people.role == Role.GRANDPARENT)
    assert np.all(people.place[grandparents] == people.place[people.child[grandparents]])


def test_escort_shares_are_kept(day_of):
    day = day_of("baseline_8to5")
    people, escort = day.population, day.scenario.settings.population.escort
    pupils = people.role == Role.PUPIL
    by_grandparent = np.isin(people.escort, np.flatnonzero(people.role == Role.GRANDPARENT))
    assert np.mean(people.escort[pupils] < 0) == pytest.approx(escort["alone"], abs=0.03)
    assert np.mean(by_grandparent[pupils]) == pytest.approx(escort["grandparent"], abs=0.03)


def test_nobody_walks_farther_than_the_longest_walk(day_of):
    day = day_of("baseline_8to5")
    people, limit_m = day.population, day.scenario.settings.population.walk_max_km * 1000
    walkers = (people.mode == Mode.WALK) & (people.escort < 0)
    assert walkers.any()
    assert np.all(day.city.skims.distance_m[people.home[walkers], people.place[walkers]]
                  <= limit_m)


def test_pupils_attend_schools_nearer_than_workplaces(day_of):
    day = day_of("baseline_8to5")
    people, distance = day.population, day.city.skims.distance_m
    pupils, workers = people.role == Role.PUPIL, people.group == Group.ENTERPRISE
    assert (distance[people.home[pupils], people.place[pupils]].mean()
            < distance[people.home[workers], people.place[workers]].mean())
