"""Fuel, CO2, exposure, the evening and delay in money, from the day's link traversals."""

import numpy as np

from sim.kpis.impacts import (
    bridge_congested_min,
    evening_h,
    exposure_km,
    fuel_l,
    link_free_flow_s,
    traversals,
)
from sim.scenario.codes import Mode


def test_fuel_is_k1_per_km_plus_k2_per_hour_of_the_petrol_modes(day_of):
    day = day_of("baseline_8to5", **{"impacts.fuel_l_per_km": 0.05,
                                     "impacts.idle_fuel_l_per_h": 0.9})
    crossed = traversals(day)
    petrol = np.isin(crossed.mode, [Mode.CAR, Mode.BUS])
    km = crossed.pcu * day.city.network.length_m[crossed.link] / 1000.0
    hours = crossed.pcu * (crossed.exit_s - crossed.entry_s) / 3600.0
    assert np.isclose(fuel_l(day, crossed), 0.05 * km[petrol].sum() + 0.9 * hours[petrol].sum())
    assert 0 < fuel_l(day, crossed) < 0.3 * km.sum()  # never more than 30 L/100 km


def test_traversals_cover_every_finished_vehicle_km(day_of):
    day = day_of("baseline_8to5")
    crossed = traversals(day)
    km = crossed.pcu * day.city.network.length_m[crossed.link] / 1000.0
    from sim.kpis.metrics import road_totals
    assert np.isclose(km.sum(), road_totals(day)["vehicle_km_pcu"], rtol=0.01)
    # no vehicle crosses a link faster than its free flow
    assert np.all(crossed.speed_ratio(link_free_flow_s(day)) <= 1.0 + 1e-9)


def test_exposure_grows_with_the_congestion_threshold(day_of):
    day = day_of("baseline_8to5")
    crossed = traversals(day)
    strict = exposure_km(day_of("baseline_8to5", **{"impacts.congested_speed_ratio": 0.2}),
                         crossed)
    loose = exposure_km(day, crossed)
    assert 0 <= strict["congested_pcu_km"] <= loose["congested_pcu_km"]
    assert loose["near_schools_at_bells_pcu_km"] > 0


def test_bridge_congested_minutes_fit_the_day(day_of):
    from sim.traffic.series import link_series
    day = day_of("baseline_8to5")
    settings = day.scenario.settings.simulation
    series = link_series(day.traffic, day.city.network, 300.0, settings.start_s,
                         settings.end_s, by_pcu=True)
    minutes = bridge_congested_min(day, traversals(day), series)
    assert minutes.shape == day.city.bridge_links.shape
    assert np.all(minutes >= 0) and np.all(minutes <= (settings.end_s - settings.start_s) / 60)
    assert np.all(minutes % 5 == 0)  # whole 5-minute intervals


def test_evening_is_what_is_left_after_the_last_trip_home(day_of):
    day = day_of("baseline_8to5")
    evening = evening_h(day)
    # offices end at 17:00: home some minutes later, so a little under 22:00 - 17:00
    assert 4.0 < evening["office"] < 5.0
    later = evening_h(day_of("baseline_8to5", **{"impacts.evening_end": "23:00"}))
    assert np.isclose(later["office"] - evening["office"], 1.0, atol=0.05)
