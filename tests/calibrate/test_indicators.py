"""The indicators as their publishers define them, moving the way the city's fields move
them."""

import pytest

from sim.calibrate.indicators import (
    commutes_within_5km_share,
    evening_delay_index,
    morning_delay_index,
    peak_delay_index,
)

pytestmark = pytest.mark.integration  # whole days of the city

WIDER = "network.facility_types.arterial.capacity_factor"


def test_the_delay_index_is_at_least_free_flow_and_falls_as_arteries_widen(day_of):
    today = day_of("baseline_8to5")
    wider = day_of("baseline_8to5", **{WIDER: 3.0})
    for index in (peak_delay_index, morning_delay_index, evening_delay_index):
        assert index(today) >= 1.0 and index(wider) >= 1.0
    assert peak_delay_index(wider) < peak_delay_index(today)
    # the peak index pools both peaks' trips, so it lies between the two
    low, high = sorted((morning_delay_index(today), evening_delay_index(today)))
    assert low <= peak_delay_index(today) <= high


def test_more_commutes_stay_within_5_km_when_people_work_nearer_home(day_of):
    near = day_of("baseline_8to5", **{"population.trip_decay_km": 1.0})
    far = day_of("baseline_8to5", **{"population.trip_decay_km": 8.0})
    assert 0.0 < commutes_within_5km_share(far) < commutes_within_5km_share(near) <= 1.0
