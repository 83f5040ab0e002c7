"""Each person's hours: which schedule they keep, shifted by their employer, and lunch.

A schedule applies to a group, possibly only at workplaces in some zones and
only for the share who comply; the others keep `otherwise`. Employers' hours
spread by `flex_min`. Whether a worker goes home at noon follows the lunch
break's length (`population.lunch_home`): the same uniform draw is compared with
the share, so a longer break only ever adds people going home.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..scenario import GROUPS, Settings
from ..scenario.codes import Group
from ..scenario.schedules import WorkSchedule
from .roles import Role

FLEX_STEP_S = 300.0


@dataclass(frozen=True)
class Workdays:
    """Hours per person, seconds since midnight (NaN where a person has none).

    Attributes
    ----------
    start_s, end_s : (n,) float64 first period's start, last period's end.
    lunch_out_s, lunch_in_s : (n,) float64 end of the first period and start of the
        second (NaN for a day without a break).
    lunch_home : (n,) bool goes home at noon.
    complies : (n,) bool keeps the scenario's `periods` (False: `otherwise`).
    """

    start_s: np.ndarray
    end_s: np.ndarray
    lunch_out_s: np.ndarray
    lunch_in_s: np.ndarray
    lunch_home: np.ndarray
    complies: np.ndarray


def _times(day: WorkSchedule) -> np.ndarray:
    """(start, end, lunch_out, lunch_in) of a working day."""
    has_break = len(day.periods_s) > 1
    return np.array([day.start_s, day.end_s, day.periods_s[0][1] if has_break else np.nan,
                     day.periods_s[1][0] if has_break else np.nan])


def lunch_home_share(break_s: np.ndarray, break_min_s: list[float],
                     share: list[float]) -> np.ndarray:
    """Share going home at noon for each break length (s); linear, constant past the ends."""
    return np.where(np.isfinite(break_s),
                    np.interp(np.nan_to_num(break_s), break_min_s, share), 0.0)


def assign_workdays(settings: Settings, city, group: np.ndarray, role: np.ndarray,
                    place: np.ndarray, rng: np.random.Generator) -> Workdays:
    """Hours of every person from the scenario's schedules (see the module docstring)."""
    n = group.size
    flex_draw, comply_draw, lunch_draw = rng.random(n), rng.random(n), rng.random(n)
    times = np.full((n, 4), np.nan)
    complies = np.zeros(n, dtype=bool)
    school = Group.SCHOOL
    for name, schedule in settings.schedules.items():
        g = Group.of(name)
        members = (group == g) | ((role == Role.GRANDPARENT) & (g == school))
        applies = members.copy()
        if schedule.zones_column is not None:
            zone = city.nodes_where(schedule.zones_column, schedule.zones_values,
                                    f"schedules.{name}.zones_column")
            applies &= zone[place]
        keeps = applies & (comply_draw < schedule.compliance)
        times[keeps] = _times(schedule.periods)
        if schedule.otherwise is not None:
            times[members & ~keeps] = _times(schedule.otherwise)
        complies |= keeps
        flex = settings.groups[name].flex_s
        shifted = members & (role == Role.WORKER)
        times[shifted] += (np.round((flex_draw[shifted] - 0.5) * flex / FLEX_STEP_S)
                           * FLEX_STEP_S)[:, None]
    may_go_home = np.array([settings.groups[g].lunch_home for g in GROUPS])[group]
    may_go_home &= (role != Role.PUPIL) & (role != Role.GRANDPARENT)
    lunch = settings.population.lunch_home
    share = lunch_home_share(times[:, 3] - times[:, 2], lunch.break_s, lunch.share)
    return Workdays(start_s=times[:, 0], end_s=times[:, 1], lunch_out_s=times[:, 2],
                    lunch_in_s=times[:, 3], lunch_home=may_go_home & (lunch_draw < share),
                    complies=complies)
