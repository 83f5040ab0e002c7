import pytest

from sim.clock import parse_clock
from sim.scenario.schedules import WorkSchedule


@pytest.mark.parametrize("periods, start, end, lunch_h, worked_h", [
    (["08:00-12:00", "14:00-17:00"], "08:00", "17:00", 2.0, 7.0),
    (["09:00-12:00", "13:00-17:00"], "09:00", "17:00", 1.0, 7.0),
    (["08:30-12:00", "13:30-17:00"], "08:30", "17:00", 1.5, 7.0),
    (["08:00-12:00", "14:30-17:30"], "08:00", "17:30", 2.5, 7.0),
    (["09:00-17:00"], "09:00", "17:00", 0.0, 8.0),
])
def test_schedules_of_the_proposal_read_as_stated(periods, start, end, lunch_h, worked_h):
    schedule = WorkSchedule.from_text(periods)
    assert schedule.start_s == parse_clock(start) and schedule.end_s == parse_clock(end)
    assert schedule.lunch_break_s == lunch_h * 3600
    assert schedule.hours_worked == worked_h
    assert str(schedule) == " + ".join(periods)


@pytest.mark.parametrize("periods, message", [
    (["25:00-26:00"], "not a valid time"),
    (["12:00-09:00"], "ends before it starts"),
    (["09:00-12:00", "11:00-17:00"], "not overlap"),
    (["13:00-17:00", "09:00-12:00"], "not overlap"),
    (["9 to 5"], "not a period"),
    ([], "non-empty list"),
    ("09:00-17:00", "non-empty list"),
])
def test_bad_schedules_say_what_is_wrong(periods, message):
    with pytest.raises(ValueError, match=message):
        WorkSchedule.from_text(periods)
