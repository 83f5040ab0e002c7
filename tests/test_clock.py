import numpy as np
import pytest

from sim.clock import (format_clock, kmh_to_mps, mps_to_kmh, parse_clock, parse_time,
                       per_hour_to_per_second, per_second_to_per_hour)


@pytest.mark.parametrize("text, seconds", [("08:30", 30600.0), ("00:00", 0.0),
                                           ("17:05:30", 61530.0), ("07:00:01.2", 25201.2),
                                           ("24:00", 86400.0)])
def test_clock_times_parse_to_seconds_since_midnight(text, seconds):
    assert parse_clock(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["25:00", "8:60", "24:01", "noon", "08-30", ""])
def test_bad_clock_times_are_refused(text):
    with pytest.raises(ValueError, match="time"):
        parse_clock(text)


def test_plain_seconds_and_clock_times_both_parse():
    assert parse_time("30600") == parse_time("08:30") == 30600.0
    with pytest.raises(ValueError):
        parse_time("-5")


def test_format_round_trips_clock_text():
    assert format_clock(30600.0) == "08:30:00"
    assert format_clock(25201.2, decimals=1) == "07:00:01.2"
    assert format_clock(float("nan")) == ""
    assert parse_clock(format_clock(61530.0)) == 61530.0


def test_unit_conversions_invert_each_other():
    assert kmh_to_mps(36.0) == pytest.approx(10.0)
    assert per_hour_to_per_second(1800.0) == pytest.approx(0.5)
    values = np.array([1.0, 50.0, 120.0])
    np.testing.assert_allclose(mps_to_kmh(kmh_to_mps(values)), values)
    np.testing.assert_allclose(per_second_to_per_hour(per_hour_to_per_second(values)), values)
