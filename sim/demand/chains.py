"""Activity chains as a table of legs, each scheduled (a clock time) or chained.

A leg departs at ``max(not_before_s, arrival of the previous leg + dwell_s)``:
a scheduled leg has a clock time in `not_before_s` (and the shortest possible
dwell), a chained leg only a dwell. Until departure-time choice exists, a leg
with a target time is planned to leave at the target minus its free-flow time
minus the person's buffer. Escorted pupils ride with their escort: their legs
are passengers of the escort's legs (`rides_with`) and load no road of their own.

The chains (see docs/scenarios.md for the story they tell):
- worker, teacher: home -> work [-> home -> work at noon] -> home;
- parent: home -> school (drop-off, by the bell or in time for work, whichever is
  earlier, not before the gate opens) -> work [lunch] -> school (pickup, from the
  end of work; a child left after the school ends waits in care) -> home;
- grandparent: home -> school -> home, and again in the afternoon;
- pupil alone: home -> school -> home; errand: home -> errand -> home.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np

from ..clock import format_clock, kmh_to_mps
from ..errors import ScenarioError
from ..scenario import MODES, Scenario, Settings
from ..scenario.codes import Code, Group, Mode
from .city import City
from .population import Population
from .roles import NO_ONE, Role


class Purpose(Code):
    """What a leg goes to (Legs.purpose): the activity at its destination."""

    WORK = 0
    SCHOOL = 1
    DROP_OFF = 2
    PICKUP = 3
    LUNCH = 4
    HOME = 5
    ERRAND = 6


PURPOSES = Purpose.keys()
ANY_TIME = -np.inf
TURNAROUND_S = 60.0  # assumed: the least time between arriving and leaving again, where no
# dwell is planned (a lunch at home cut short by lateness); never below a tick, which the
# hand-over from road to household needs, so a finer tick does not change a day


class Order(IntEnum):
    """Where a leg stands in its person's chain; legs sort by (person, order)."""

    MORNING = 0  # the first leg: to work, school, a drop-off or an errand
    AFTER_MORNING = 1  # the next: a parent on to work; anyone else back home
    LUNCH_OUT = 2  # home at noon
    LUNCH_BACK = 3  # back to work after lunch
    PICKUP = 4  # to school to pick a child up
    AFTER_PICKUP = 5  # home with the child
    EVENING = 6  # home from work


ORDERS = len(Order) + 1  # more than the legs of any chain: (person, order) as one key


@dataclass(frozen=True)
class Legs:
    """One row per planned leg, ordered by person then by time of day.

    Attributes
    ----------
    person : (m,) int64 who travels.
    purpose : (m,) int8 index into PURPOSES (the activity at the destination).
    origin, destination : (m,) int64 node indices.
    mode : (m,) int8 index into MODES.
    pcu : (m,) float64 road load (0 for walkers and passengers).
    not_before_s : (m,) float64 earliest departure, s (-inf for a chained leg).
    dwell_s : (m,) float64 least time after the previous leg's arrival, s.
    target_s : (m,) float64 time the leg should arrive by (NaN if none), s.
    free_flow_s : (m,) float64 travel time on empty roads, s.
    on_road : (m,) bool loaded onto the road (False: walking, within one zone, passenger).
    previous, next : (m,) int64 neighbouring legs of the same person (-1 if none).
    rides_with : (m,) int64 the escort's leg a pupil rides in (-1 if none).
    holder : (m,) int8 index into GROUPS of the timetable that releases the leg.
    """

    person: np.ndarray
    purpose: np.ndarray
    origin: np.ndarray
    destination: np.ndarray
    mode: np.ndarray
    pcu: np.ndarray
    not_before_s: np.ndarray
    dwell_s: np.ndarray
    target_s: np.ndarray
    free_flow_s: np.ndarray
    on_road: np.ndarray
    previous: np.ndarray
    next: np.ndarray
    rides_with: np.ndarray
    holder: np.ndarray

    def __len__(self) -> int:
        return len(self.person)


def _column(value, n: int) -> np.ndarray:
    return np.broadcast_to(np.asarray(value, dtype=np.float64), n)


class _Planner:
    """Collects legs role by role, then orders and links them."""

    def __init__(self, population: Population, city: City, settings: Settings):
        self.people, self.city, self.settings = population, city, settings
        self.walk_speed_mps = float(kmh_to_mps(settings.population.walk_speed_kmh))
        self.turnaround_s = max(TURNAROUND_S, settings.simulation.tick_s)
        self.parts: list[dict] = []

    def free_flow_s(self, origin, destination, mode) -> np.ndarray:
        """(n,) float64 free-flow time of trips by mode; walkers at walking speed."""
        skims, same = self.city.skims, origin == destination
        distance = np.where(same, skims.local_distance_m[origin],
                            skims.distance_m[origin, destination])
        road = np.where(same, distance / np.maximum(skims.local_speed_mps[origin], 1e-9),
                        skims.time_s[origin, destination])
        return np.where(mode == Mode.WALK, distance / self.walk_speed_mps, road)

    def leave_for(self, who, origin, destination, target) -> np.ndarray:
        """Planned departure: target - free-flow time - the person's buffer."""
        ff = self.free_flow_s(origin, destination, self.people.mode[who])
        return target - ff - self.people.buffer_s[who]

    def add(self, who, order: Order, purpose: Purpose, origin, destination, *,
            not_before=ANY_TIME,
            dwell=None, target=np.nan, rides=None) -> None:
        """Legs number `order` of persons `who`; `rides` = (escort, escort's order)."""
        n = who.size
        escort, escort_order = rides if rides is not None else (np.full(n, NO_ONE), -1)
        self.parts.append({
            "person": who, "order": np.full(n, order),
            "purpose": np.full(n, purpose),
            "origin": origin, "destination": destination,
            "not_before_s": _column(not_before, n),
            "dwell_s": _column(self.turnaround_s if dwell is None else dwell, n),
            "target_s": _column(target, n), "escort": escort,
            "escort_order": np.full(n, escort_order)})

    def workers(self, who) -> None:
        """Home -> work [-> home -> work at noon] -> home, for workers without a child."""
        p, day = self.people, self.people.workday
        home, work = p.home[who], p.place[who]
        self.add(who, Order.MORNING, Purpose.WORK, home, work, target=day.start_s[who],
                 not_before=self.leave_for(who, home, work, day.start_s[who]))
        self.lunch(who)
        self.add(who, Order.EVENING, Purpose.HOME, work, home,
                 not_before=day.end_s[who] + p.linger_s[who])

    def lunch(self, who) -> None:
        p, day = self.people, self.people.workday
        who = who[day.lunch_home[who]]
        home, work = p.home[who], p.place[who]
        self.add(who, Order.LUNCH_OUT, Purpose.LUNCH, work, home,
                 not_before=day.lunch_out_s[who] + p.linger_s[who])
        self.add(who, Order.LUNCH_BACK, Purpose.WORK, home, work, target=day.lunch_in_s[who],
                 not_before=self.leave_for(who, home, work, day.lunch_in_s[who]))

    def parents(self, who) -> None:
        """Drop the child off on the way to work; pick them up after work."""
        p, day, population = self.people, self.people.workday, self.settings.population
        child = p.child[who]
        home, work, school = p.home[who], p.place[who], p.place[child]
        bell, school_end = day.start_s[child], day.end_s[child]
        drop_dwell, pickup_dwell = population.drop_off_dwell_s, population.pickup_dwell_s
        onward = self.free_flow_s(school, work, p.mode[who])
        drop_by = np.clip(day.start_s[who] - drop_dwell - onward,
                          bell - population.gate_opens_s, bell)
        self.add(who, Order.MORNING, Purpose.DROP_OFF, home, school, target=bell,
                 not_before=self.leave_for(who, home, school, drop_by))
        self.add(who, Order.AFTER_MORNING, Purpose.WORK, school, work, dwell=drop_dwell,
                 target=day.start_s[who])
        self.lunch(who)
        self.add(who, Order.PICKUP, Purpose.PICKUP, work, school,
                 not_before=day.end_s[who] + p.linger_s[who],
                 target=school_end)
        self.add(who, Order.AFTER_PICKUP, Purpose.HOME, school, home,
                 not_before=school_end + pickup_dwell,
                 dwell=pickup_dwell)
        self.add(child, Order.MORNING, Purpose.SCHOOL, home, school, target=bell,
                 rides=(who, Order.MORNING))
        self.add(child, Order.AFTER_MORNING, Purpose.HOME, school, home,
                 rides=(who, Order.AFTER_PICKUP))

    def grandparents(self, who) -> None:
        """Take the child to school and back, morning and afternoon."""
        p, day, population = self.people, self.people.workday, self.settings.population
        child = p.child[who]
        home, school = p.home[who], p.place[who]
        bell, school_end = day.start_s[who], day.end_s[who]
        pickup_dwell = population.pickup_dwell_s
        self.add(who, Order.MORNING, Purpose.DROP_OFF, home, school, target=bell,
                 not_before=self.leave_for(who, home, school, bell))
        self.add(who, Order.AFTER_MORNING, Purpose.HOME, school, home,
                 dwell=population.drop_off_dwell_s)
        self.add(who, Order.PICKUP, Purpose.PICKUP, home, school, target=school_end,
                 not_before=self.leave_for(who, home, school, school_end))
        self.add(who, Order.AFTER_PICKUP, Purpose.HOME, school, home,
                 not_before=school_end + pickup_dwell,
                 dwell=pickup_dwell)
        self.add(child, Order.MORNING, Purpose.SCHOOL, home, school, target=bell,
                 rides=(who, Order.MORNING))
        self.add(child, Order.AFTER_MORNING, Purpose.HOME, school, home,
                 rides=(who, Order.AFTER_PICKUP))

    def pupils_alone(self, who) -> None:
        p, day = self.people, self.people.workday
        home, school = p.home[who], p.place[who]
        self.add(who, Order.MORNING, Purpose.SCHOOL, home, school, target=day.start_s[who],
                 not_before=self.leave_for(who, home, school, day.start_s[who]))
        self.add(who, Order.AFTER_MORNING, Purpose.HOME, school, home,
                 not_before=day.end_s[who] + p.linger_s[who])

    def errands(self, who) -> None:
        p = self.people
        self.add(who, Order.MORNING, Purpose.ERRAND, p.home[who], p.place[who],
                 not_before=p.errand_s[who])
        self.add(who, Order.AFTER_MORNING, Purpose.HOME, p.place[who], p.home[who],
                 dwell=p.errand_dwell_s[who])

    def table(self) -> dict[str, np.ndarray]:
        """All legs, ordered by person then order, with neighbours and escorts resolved."""
        cols = {k: np.concatenate([part[k] for part in self.parts]) for k in self.parts[0]}
        sort = np.lexsort((cols["order"], cols["person"]))
        cols = {k: v[sort] for k, v in cols.items()}
        person = cols["person"]
        same_as_next = person[1:] == person[:-1]
        index = np.arange(person.size)
        cols["previous"] = np.r_[NO_ONE, np.where(same_as_next, index[:-1], NO_ONE)]
        cols["next"] = np.r_[np.where(same_as_next, index[1:], NO_ONE), NO_ONE]
        key = person * ORDERS + cols["order"]
        riding = cols["escort"] >= 0
        cols["rides_with"] = np.full(person.size, NO_ONE)
        cols["rides_with"][riding] = np.searchsorted(
            key, cols["escort"][riding] * ORDERS + cols["escort_order"][riding])
        return cols


def plan_legs(scenario: Scenario, population: Population, city: City) -> Legs:
    """Every leg of everyone's day (see the module docstring).

    Raises ScenarioError if a leg would leave before `simulation.start`.
    """
    settings, p = scenario.settings, population
    planner = _Planner(population, city, settings)
    has_child = p.child >= 0
    planner.workers(np.flatnonzero(((p.role == Role.WORKER) & ~has_child)
                                   | (p.role == Role.TEACHER)))
    planner.parents(np.flatnonzero((p.role == Role.WORKER) & has_child))
    planner.grandparents(np.flatnonzero(p.role == Role.GRANDPARENT))
    planner.pupils_alone(np.flatnonzero((p.role == Role.PUPIL) & (p.escort < 0)))
    planner.errands(np.flatnonzero(p.role == Role.ERRAND))
    cols = planner.table()
    person, rides = cols["person"], cols["rides_with"]
    mode = p.mode[person]
    passenger = rides >= 0
    pcu = np.array([settings.population.pcu[m] for m in MODES])[mode]
    pcu[passenger] = 0.0
    free_flow = planner.free_flow_s(cols["origin"], cols["destination"], mode)
    holder = p.group[person].copy()
    holder[p.role[person] == Role.GRANDPARENT] = Group.SCHOOL
    legs = Legs(person=person, purpose=cols["purpose"].astype(np.int8), origin=cols["origin"],
                destination=cols["destination"], mode=mode, pcu=pcu,
                not_before_s=cols["not_before_s"], dwell_s=cols["dwell_s"],
                target_s=cols["target_s"], free_flow_s=free_flow,
                on_road=(pcu > 0) & (cols["origin"] != cols["destination"]),
                previous=cols["previous"], next=cols["next"], rides_with=rides, holder=holder)
    _check_start(legs, settings.simulation.start_s)
    return legs


def _check_start(legs: Legs, start_s: float) -> None:
    first = (legs.previous < 0) & (legs.rides_with < 0)
    early = first & (legs.not_before_s < start_s)
    if early.any():
        raise ScenarioError(f"{int(early.sum()):,} legs would leave before the day starts "
                            f"(earliest {format_clock(legs.not_before_s[early].min())}); set "
                            f"an earlier start", field="simulation.start")
