"""A synthetic population, drawn at once as arrays: who lives where, works where and when.

Every random draw comes from its own stream of the scenario's seed and none
depends on the schedules, so two scenarios with the same seed have the same
people, homes, workplaces and modes (common random numbers): only the hours,
and who complies or goes home at noon (thresholds on the same draws), differ.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..clock import METRES_PER_KM
from ..errors import ScenarioError
from ..scenario import ESCORTS, GROUPS, MODES, Scenario, Settings
from ..scenario.codes import Group, Mode
from .city import City
from .roles import NO_ONE, Role
from .workdays import Workdays, assign_workdays

# One random stream per draw, spawned from the seed in this order, so a draw can change
# without moving the others and every scenario sharing a seed draws the same people.
STREAMS = ("home",  # where each person lives
           "place",  # where each works, studies or runs an errand
           "mode",  # how each travels
           "role",  # which of the school group teach
           "escort",  # how each pupil gets to school
           "match",  # which parent or grandparent escorts which pupil
           "workday",  # flexible start, compliance with a new schedule, lunch at home
           "errand",  # when each errand starts and how long it takes
           "buffer",  # each person's margin before the target time
           "linger")  # how long each stays after work or school ends


@dataclass(frozen=True)
class Population:
    """People as parallel arrays, one entry per person (ids are positions).

    Attributes
    ----------
    group, role, mode : (n,) int8 indices into GROUPS, ROLES and MODES.
    home, place : (n,) int64 home node and activity node (work, school or errand).
    workday : hours of each person (school hours for pupils and grandparents).
    buffer_s : (n,) float64 personal margin before a target time, s.
    linger_s : (n,) float64 how long after work or school ends the person leaves, s.
    escort : (n,) int64 for an escorted pupil, who takes them; else -1.
    child : (n,) int64 for an escorting parent or grandparent, the pupil; else -1.
    errand_s, errand_dwell_s : (n,) float64 errand departure and length (NaN if none).
    """

    group: np.ndarray
    role: np.ndarray
    mode: np.ndarray
    home: np.ndarray
    place: np.ndarray
    workday: Workdays
    buffer_s: np.ndarray
    linger_s: np.ndarray
    escort: np.ndarray
    child: np.ndarray
    errand_s: np.ndarray
    errand_dwell_s: np.ndarray

    def __len__(self) -> int:
        return len(self.group)


def group_sizes(people: int, shares: list[float]) -> np.ndarray:
    """Whole numbers summing to `people` in the given shares (largest remainder)."""
    exact = people * np.asarray(shares, dtype=np.float64)
    sizes = np.floor(exact).astype(np.int64)
    order = np.argsort(-(exact - sizes), kind="stable")
    sizes[order[:people - sizes.sum()]] += 1
    return sizes


def _streams(seed: int) -> dict[str, np.random.Generator]:
    children = np.random.SeedSequence(seed).spawn(len(STREAMS))
    return {name: np.random.default_rng(child) for name, child in zip(STREAMS, children)}


def _draw_categories(rng: np.random.Generator, shares: list[float], n: int) -> np.ndarray:
    """(n,) int8 category indices drawn with the given shares."""
    cumulative = np.cumsum(shares)
    return np.minimum(np.searchsorted(cumulative / cumulative[-1], rng.random(n), side="right"),
                      len(shares) - 1).astype(np.int8)


def choose_places(rng: np.random.Generator, home: np.ndarray, weight: np.ndarray,
                  distance_m: np.ndarray, decay_km: float) -> np.ndarray:
    """(n,) int64 destinations drawn with weight x exp(-distance / decay) from each home."""
    place = np.empty(home.size, dtype=np.int64)
    attraction = weight[None, :] * np.exp(-distance_m / (decay_km * METRES_PER_KM))
    for node in np.unique(home):
        members = np.flatnonzero(home == node)
        row = attraction[node]
        place[members] = rng.choice(row.size, size=members.size, p=row / row.sum())
    return place


def _roles(sizes: np.ndarray, teacher_share: float, escort_share: list[float],
           streams: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    group = np.repeat(np.arange(len(GROUPS), dtype=np.int8), sizes)
    role = np.full(group.size, Role.WORKER, dtype=np.int8)
    school = np.flatnonzero(group == Group.SCHOOL)
    is_teacher = streams["role"].random(school.size) < teacher_share
    role[school] = np.where(is_teacher, Role.TEACHER, Role.PUPIL)
    role[group == Group.BACKGROUND] = Role.ERRAND
    escort_kind = np.full(group.size, -1, dtype=np.int8)
    pupils = np.flatnonzero(role == Role.PUPIL)
    escort_kind[pupils] = _draw_categories(streams["escort"], escort_share, pupils.size)
    return group, role, escort_kind


def _match(streams: dict, pupils: np.ndarray, candidates: np.ndarray, field: str,
           who: str) -> np.ndarray:
    if candidates.size < pupils.size:
        raise ScenarioError(f"{pupils.size:,} pupils need a {who} but only "
                            f"{candidates.size:,} people can be one", field=field)
    return streams["match"].choice(candidates, size=pupils.size, replace=False)


def _households(settings: Settings, group, role, escort_kind, home, streams) -> tuple:
    """Pair escorted pupils with a parent or a grandparent; they share a home."""
    escort = np.full(group.size, NO_ONE, dtype=np.int64)
    child = np.full(group.size, NO_ONE, dtype=np.int64)
    parent_groups = [Group.of(g) for g in settings.population.parent_groups]
    kinds = {"parent": np.flatnonzero((role == Role.WORKER) & np.isin(group, parent_groups)),
             "grandparent": np.flatnonzero(role == Role.ERRAND)}
    for kind, candidates in kinds.items():
        pupils = np.flatnonzero(escort_kind == ESCORTS.index(kind))
        adults = _match(streams, pupils, candidates, f"population.escort.{kind}", kind)
        escort[pupils], child[adults] = adults, pupils
        home[pupils] = home[adults]
    role[(role == Role.ERRAND) & (child >= 0)] = Role.GRANDPARENT
    return escort, child


def _modes(settings: Settings, group, role, streams) -> np.ndarray:
    mode = np.empty(group.size, dtype=np.int8)
    for g, name in enumerate(GROUPS):
        members = np.flatnonzero(group == g)
        shares = [settings.groups[name].modes[m] for m in MODES]
        mode[members] = _draw_categories(streams["mode"], shares, members.size)
    grandparents = np.flatnonzero(role == Role.GRANDPARENT)
    shares = [settings.population.grandparent_modes[m] for m in MODES]
    mode[grandparents] = _draw_categories(streams["mode"], shares, grandparents.size)
    return mode


def _no_long_walks(settings: Settings, city: City, mode, home, place, escort) -> np.ndarray:
    """Walkers farther than `walk_max_km` from their activity take the bus; escorted
    pupils travel as their escort does."""
    too_far = city.skims.distance_m[home, place] > settings.population.walk_max_km * 1000
    mode[(mode == Mode.WALK) & too_far] = Mode.BUS
    escorted = escort >= 0
    mode[escorted] = mode[escort[escorted]]
    return mode


def _places(settings: Settings, city: City, group, role, child, home, streams) -> np.ndarray:
    """Workplaces, schools (pupils near home) and errand places; grandparents go to school."""
    place = np.empty(group.size, dtype=np.int64)
    population, distance = settings.population, city.skims.distance_m
    for g, name in enumerate(GROUPS):
        weight = city.weights[settings.groups[name].work_weight]
        for pupils in (False, True):
            members = np.flatnonzero((group == g) & (role != Role.GRANDPARENT)
                                     & ((role == Role.PUPIL) == pupils))
            decay = population.school_decay_km if pupils else population.trip_decay_km
            place[members] = choose_places(streams["place"], home[members], weight, distance,
                                           decay)
    grandparents = np.flatnonzero(role == Role.GRANDPARENT)
    place[grandparents] = place[child[grandparents]]
    return place


def _errands(settings: Settings, role: np.ndarray, streams: dict) -> tuple[np.ndarray, np.ndarray]:
    """Departure and length of each errand, from the hourly profile (NaN for others)."""
    background = settings.groups["background"]
    rng, errands = streams["errand"], np.flatnonzero(role == Role.ERRAND)
    hour = _draw_categories(rng, background.errand_hours, errands.size).astype(np.float64)
    departure = np.full(role.size, np.nan)
    dwell = np.full(role.size, np.nan)
    departure[errands] = (hour + rng.random(errands.size)) * 3600.0
    dwell[errands] = rng.uniform(*background.errand_dwell_s, size=errands.size)
    return departure, dwell


def _margins(settings: Settings, group, role, rng, field: str) -> np.ndarray:
    """Per-person draws in the range of each group's BehaviourSettings `field`; pupils and their
    grandparents use the school group's range, errands none."""
    margin = np.zeros(group.size)
    draw = rng.random(group.size)
    school = Group.SCHOOL
    for name, behaviour in settings.behaviour.items():
        g = Group.of(name)
        members = (((group == g) & (role != Role.GRANDPARENT))
                   | ((role == Role.GRANDPARENT) & (g == school)))
        low, high = getattr(behaviour, field)
        margin[members] = low + (high - low) * draw[members]
    return margin


def draw_population(scenario: Scenario, city: City) -> Population:
    """Draw the scenario's people at its scale and seed.

    Raises ScenarioError if households cannot be formed (too few parents or
    grandparents for the pupils the escort shares ask for).
    """
    settings = scenario.settings
    people = int(round(settings.population.people * settings.simulation.scale))
    if people < 1:
        raise ScenarioError("population.people x scale rounds to no one", field="simulation.scale")
    streams = _streams(settings.simulation.seed)
    sizes = group_sizes(people, [settings.groups[g].share for g in GROUPS])
    escort_share = [settings.population.escort[e] for e in ESCORTS]
    group, role, escort_kind = _roles(sizes, settings.population.teacher_share,
                                      escort_share, streams)
    home_weight = city.weights[settings.population.home_weight]
    home = streams["home"].choice(home_weight.size, size=people, p=home_weight / home_weight.sum())
    escort, child = _households(settings, group, role, escort_kind, home, streams)
    place = _places(settings, city, group, role, child, home, streams)
    mode = _no_long_walks(settings, city, _modes(settings, group, role, streams), home, place,
                          escort)
    workday = assign_workdays(settings, city, group, role, place, streams["workday"])
    errand_s, errand_dwell_s = _errands(settings, role, streams)
    return Population(group=group, role=role, mode=mode, home=home.astype(np.int64),
                      place=place, workday=workday,
                      buffer_s=_margins(settings, group, role, streams["buffer"],
                                        "arrival_buffer_s"),
                      linger_s=_margins(settings, group, role, streams["linger"], "leave_after_s"),
                      escort=escort,
                      child=child, errand_s=errand_s, errand_dwell_s=errand_dwell_s)
