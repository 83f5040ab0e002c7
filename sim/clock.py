"""Time and unit conversions: the one place where human units meet SI.

Inside the model every time is seconds since midnight, every length metres,
every speed metres per second and every flow vehicles per second. Planners
write "08:30", km/h and veh/h/lane; those are converted here and nowhere else.
"""

from __future__ import annotations

import re

import numpy as np

SECONDS_PER_MINUTE = 60.0
SECONDS_PER_HOUR = 3600.0
SECONDS_PER_DAY = 86400.0
METRES_PER_KM = 1000.0
KG_PER_TONNE = 1000.0

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?$", re.ASCII)
_SECONDS = re.compile(r"^(0|[1-9]\d{0,5})(\.\d+)?$", re.ASCII)


def parse_clock(text: str) -> float:
    """Seconds since midnight of a clock time "HH:MM", "HH:MM:SS" or "HH:MM:SS.f".

    Hours run from 0 to 23, or 24:00:00 exactly for the end of the day.
    Raises ValueError naming the text and the accepted forms.
    """
    match = _CLOCK.match(text.strip())
    if match is None:
        raise ValueError(f"{text!r} is not a clock time; use HH:MM, HH:MM:SS or HH:MM:SS.f")
    hours, minutes = int(match.group(1)), int(match.group(2))
    seconds = int(match.group(3) or 0) + float(match.group(4) or 0.0)
    if minutes > 59 or seconds >= 60 or hours > 24 or (hours == 24 and (minutes or seconds)):
        raise ValueError(f"{text!r} is not a valid time of day (00:00 to 24:00:00)")
    return hours * SECONDS_PER_HOUR + minutes * 60.0 + seconds


def parse_time(text: str) -> float:
    """Seconds since midnight from a clock time (see `parse_clock`) or a plain number of
    seconds from 0 to 86400 ("27000", "27000.5"; no sign, exponent or leading zero).

    Raises ValueError naming the text and the accepted forms.
    """
    text = text.strip()
    if _SECONDS.match(text):
        seconds = float(text)
        if seconds > SECONDS_PER_DAY:
            raise ValueError(f"{text!r} is after the end of the day (86400 s, 24:00)")
        return seconds
    try:
        return parse_clock(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a time; use HH:MM, HH:MM:SS, HH:MM:SS.f or "
                         "seconds since midnight (0 to 86400)") from None


def parse_period(text: str) -> tuple[float, float]:
    """(start, end) seconds since midnight of a period "HH:MM-HH:MM" (end after start)."""
    parts = text.split("-")
    if len(parts) != 2:
        raise ValueError(f"{text!r} is not a period; use HH:MM-HH:MM, for example 09:00-12:00")
    start, end = parse_clock(parts[0]), parse_clock(parts[1])
    if not end > start:
        raise ValueError(f"{text!r} ends before it starts")
    return start, end


def format_clock(seconds: float, decimals: int = 0) -> str:
    """"HH:MM:SS" (or "HH:MM:SS.f" with `decimals`) of seconds since midnight; "" for NaN."""
    if not np.isfinite(seconds):
        return ""
    scale = 10 ** decimals
    ticks = int(round(seconds * scale))
    whole, fraction = divmod(ticks, scale)
    text = f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
    return f"{text}.{fraction:0{decimals}d}" if decimals else text


def kmh_to_mps(speed_kmh):
    """Speed in m/s from km/h (scalars or arrays)."""
    return np.asarray(speed_kmh, dtype=np.float64) * (METRES_PER_KM / SECONDS_PER_HOUR)


def mps_to_kmh(speed_mps):
    """Speed in km/h from m/s."""
    return np.asarray(speed_mps, dtype=np.float64) * (SECONDS_PER_HOUR / METRES_PER_KM)


def per_hour_to_per_second(flow_per_h):
    """Flow in veh/s from veh/h (per lane or per link alike)."""
    return np.asarray(flow_per_h, dtype=np.float64) / SECONDS_PER_HOUR


def per_second_to_per_hour(flow_per_s):
    """Flow in veh/h from veh/s."""
    return np.asarray(flow_per_s, dtype=np.float64) * SECONDS_PER_HOUR


LENGTH_TO_METRES = {"m": 1.0, "meter": 1.0, "meters": 1.0, "metre": 1.0, "metres": 1.0,
                    "km": 1000.0, "kilometer": 1000.0, "kilometers": 1000.0,
                    "kilometre": 1000.0, "kilometres": 1000.0,
                    "mi": 1609.344, "mile": 1609.344, "miles": 1609.344,
                    "ft": 0.3048, "foot": 0.3048, "feet": 0.3048}
SPEED_TO_MPS = {"km/h": 1000.0 / 3600.0, "kph": 1000.0 / 3600.0, "kmph": 1000.0 / 3600.0,
                "mph": 1609.344 / 3600.0, "m/s": 1.0, "mps": 1.0}
