"""Working days as data: the periods a group works, e.g. 09:00-12:00 and 13:00-17:00.

The schedules the proposal compares differ in when the day starts and ends and in
how long the lunch break is; a long break sends many people home at noon, adding
two rush hours. A schedule is stated in clock text and held in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..clock import SECONDS_PER_HOUR, format_clock, parse_period


@dataclass(frozen=True)
class WorkSchedule:
    """Work periods of one day, in order and not overlapping.

    Attributes
    ----------
    periods_s : ((start_s, end_s), ...) seconds since midnight.
    """

    periods_s: tuple[tuple[float, float], ...]

    def __post_init__(self):
        for (_, end), (start, _) in zip(self.periods_s, self.periods_s[1:]):
            if start < end:
                raise ValueError(f"periods must be in order and not overlap: "
                                 f"{format_clock(start)[:5]} starts before "
                                 f"{format_clock(end)[:5]} ends")

    @classmethod
    def from_text(cls, periods: list[str]) -> "WorkSchedule":
        """Parse ["08:00-12:00", "14:00-17:00"]; ValueError says what is wrong."""
        if not isinstance(periods, list) or not periods or not all(
                isinstance(p, str) for p in periods):
            raise ValueError(f'{periods!r} is not allowed; use a non-empty list of periods '
                             f'like ["09:00-12:00", "13:00-17:00"]')
        return cls(tuple(parse_period(text) for text in periods))

    @property
    def start_s(self) -> float:
        """When the working day starts."""
        return self.periods_s[0][0]

    @property
    def end_s(self) -> float:
        """When the working day ends."""
        return self.periods_s[-1][1]

    @property
    def lunch_break_s(self) -> float:
        """The gap between the first two periods (0 for a day without a break)."""
        return self.periods_s[1][0] - self.periods_s[0][1] if len(self.periods_s) > 1 else 0.0

    @property
    def hours_worked(self) -> float:
        """Total working time, hours."""
        return sum(end - start for start, end in self.periods_s) / SECONDS_PER_HOUR

    def __str__(self) -> str:
        return " + ".join(f"{format_clock(a)[:5]}-{format_clock(b)[:5]}" for a, b in self.periods_s)
