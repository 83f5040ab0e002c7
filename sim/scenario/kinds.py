"""Kinds of scenario value: each checks a TOML value and converts it to model units.

A kind is a function from the raw TOML value to the value the model uses
(seconds, metres, shares) that raises ValueError saying what is allowed. The
human units of a field ("08:30", minutes, km/h) are converted here, once.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..clock import parse_clock
from .schedules import WorkSchedule


@dataclass(frozen=True)
class Kind:
    """How to read one field: `convert` turns the TOML value into model units.

    Attributes
    ----------
    allowed : what the field accepts, in words (shown in errors and the docs).
    convert : raw value -> model value; raises ValueError when not allowed.
    """

    allowed: str
    convert: Callable[[Any], Any]


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{value!r} is not a number")
    try:
        x = float(value)
    except OverflowError:
        raise ValueError(f"{value!r} is too large") from None
    if not math.isfinite(x):
        raise ValueError(f"{value!r} is not a finite number")
    return x


def number(low: float | None = None, high: float | None = None, *, open_low: bool = False,
           factor: float = 1.0) -> Kind:
    """A number in [low, high] (or (low, high] with `open_low`), times `factor`."""
    bounds = (f"{'>' if open_low else '>='} {low:g}" if low is not None else "",
              f"<= {high:g}" if high is not None else "")
    allowed = "a number " + " and ".join(b for b in bounds if b) if any(bounds) else "a number"

    def convert(value):
        x = _number(value)
        if low is not None and (x < low or (open_low and x == low)):
            raise ValueError(f"{value!r} is out of range; allowed: {allowed}")
        if high is not None and x > high:
            raise ValueError(f"{value!r} is out of range; allowed: {allowed}")
        return x * factor
    return Kind(allowed.strip(), convert)


SHARE = number(0.0, 1.0)
MINUTES = number(0.0, 1440.0, factor=60.0)


def integer(low: int, high: int | None = None) -> Kind:
    """A whole number in [low, high]."""
    allowed = f"a whole number >= {low}" + (f" and <= {high:,}" if high is not None else "")

    def convert(value):
        if (isinstance(value, bool) or not isinstance(value, int) or value < low
                or (high is not None and value > high)):
            raise ValueError(f"{value!r} is not allowed; use {allowed}")
        return value
    return Kind(allowed, convert)


def text() -> Kind:
    """Any string."""
    def convert(value):
        if not isinstance(value, str) or "\0" in value:
            raise ValueError(f"{value!r} is not text")
        return value
    return Kind("text", convert)


def choice(*options: str) -> Kind:
    """One of the given strings."""
    allowed = "one of " + ", ".join(f'"{o}"' for o in options)

    def convert(value):
        if value not in options:
            raise ValueError(f"{value!r} is not allowed; use {allowed}")
        return value
    return Kind(allowed, convert)


def boolean() -> Kind:
    """true or false."""
    def convert(value):
        if not isinstance(value, bool):
            raise ValueError(f"{value!r} is not allowed; use true or false")
        return value
    return Kind("true or false", convert)


def clock() -> Kind:
    """A clock time "HH:MM" -> seconds since midnight."""
    def convert(value):
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not a clock time; use \"HH:MM\" from 00:00 to 24:00")
        return parse_clock(value)
    return Kind('a clock time "HH:MM" (00:00 to 24:00)', convert)


def periods() -> Kind:
    """Work periods ["HH:MM-HH:MM", ...], in order and not overlapping -> a WorkSchedule."""
    return Kind('a list of periods "HH:MM-HH:MM", in order and not overlapping',
                WorkSchedule.from_text)


def numbers(item: Kind, *, length: int | None = None, increasing: bool = False) -> Kind:
    """A list of values of kind `item` (of a fixed `length`, strictly increasing if asked)."""
    size = f"{length} " if length else ""
    order = ", strictly increasing" if increasing else ""
    allowed = f"a list of {size}values, each {item.allowed}{order}"

    def convert(value):
        if not isinstance(value, list) or not value or (length and len(value) != length):
            raise ValueError(f"{value!r} is not allowed; use {allowed}")
        out = [item.convert(v) for v in value]
        if increasing and any(b <= a for a, b in zip(out, out[1:])):
            raise ValueError(f"{value!r} is not strictly increasing")
        return out
    return Kind(allowed, convert)


def words() -> Kind:
    """A list of strings."""
    def convert(value):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"{value!r} is not allowed; use a list of text values")
        return list(value)
    return Kind("a list of text values", convert)
