"""People adapt: generalised cost, experienced travel times, departure-time choice."""

from .experienced import ExperiencedTimes, experienced_times

__all__ = ["ExperiencedTimes", "experienced_times"]
