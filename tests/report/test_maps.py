"""The congestion maps: speed against free flow weighted by vehicle, the busiest morning
hour, and every map drawn in both languages with no glyph missing."""

import warnings

import numpy as np
import pytest
from PIL import Image

from sim.compare.comparison import LATE_BINS_MIN, Comparison, RunCurves
from sim.network.generators import corridor
from sim.report import maps
from sim.scenario import GROUPS

EDGES_S = np.arange(5 * 3600.0, 24 * 3600.0 + 1, 300.0)
SEVEN_S = 7 * 3600.0


def _curves(entries: dict, speeds: dict, morning: float = 100.0) -> RunCurves:
    """A run on the 3-link corridor: `entries` and `speeds` by (link, interval); vehicles
    on the road peaking at 08:00 (`morning`) and at 17:00 (three times as many)."""
    times = np.arange(5 * 3600.0, 24 * 3600.0, 60.0)
    load = (morning * np.exp(-((times - 8 * 3600) / 1800) ** 2)
            + 3 * morning * np.exp(-((times - 17 * 3600) / 1800) ** 2))
    count = np.zeros((3, EDGES_S.size - 1), dtype=np.int32)
    speed = np.full((3, EDGES_S.size - 1), np.nan, dtype=np.float32)
    for cell, n in entries.items():
        count[cell], speed[cell] = n, speeds[cell]
    return RunCurves(times_s=times, road_load_pcu=load, bridge_ids=np.array(["A>B"]),
                     interval_edges_s=EDGES_S, bridge_inflow_pcu_h=np.zeros((1, count.shape[1])),
                     bridge_capacity_pcu_h=np.array([1800.0]),
                     commute_counts=np.zeros((len(GROUPS), 180), dtype=np.int64),
                     late_counts=np.zeros((len(GROUPS), LATE_BINS_MIN.size - 1), dtype=np.int64),
                     link_entries=count, link_speed_kmh=speed, corridor_links=np.array([0]),
                     corridor_km=np.array([0.0, 1.0]), corridor_bridge="A>B",
                     relative_gap=np.zeros(0), adaptation_stop="")


def _comparison() -> Comparison:
    """Two schedules on the corridor (free speed 60 km/h), two seeds each. At 07:00 and
    07:05 link 0 carries 10 vehicles at 30 km/h in seed 1 and 30 at 60 km/h in seed 2;
    the second schedule runs link 0 at free speed, ten minutes later."""
    first = 2 * 12  # interval of 07:00 (5-minute intervals from 05:00)
    base = [_curves({(0, first): 10}, {(0, first): 30.0}),
            _curves({(0, first + 1): 30}, {(0, first + 1): 60.0})]
    later = [_curves({(0, first + 2): 40}, {(0, first + 2): 60.0}, morning=80.0)] * 2
    return Comparison(names=["base", "later"], seeds=[1, 2],
                      values={"delay_pcu_h": np.ones((2, 2))}, curves=[base, later],
                      titles={"en": ["Base day", "Later day"], "zh": ["现行", "推迟"]},
                      network=corridor(3))


def test_speed_against_free_flow_is_weighted_by_vehicle_over_seeds_and_intervals():
    # 40 vehicles took 10/30 + 30/60 = 0.833 h per km: 48 km/h, 0.8 of 60 km/h
    ratio = maps.speed_ratio(_comparison(), 0, SEVEN_S, SEVEN_S + 600)
    assert ratio[0] == pytest.approx(0.8)
    assert np.isnan(ratio[1:]).all()  # no vehicle entered: no speed, not free flow
    assert np.isnan(maps.speed_ratio(_comparison(), 0, SEVEN_S + 600, SEVEN_S + 900)[0])


def test_the_morning_peak_is_the_busiest_hour_before_noon():
    # the evening peak is three times higher, but the map is of the morning
    assert maps.morning_peak_s(_comparison(), 0) == 7.5 * 3600


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_map_is_drawn_with_no_glyph_missing(tmp_path, language):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        paths = maps.draw_maps(_comparison(), language, tmp_path)
    assert [p.name for p in paths] == [*maps.MAPS, maps.ANIMATION]
    for path in paths[:-1]:
        assert path.stat().st_size > 20_000
    with Image.open(paths[-1]) as animation:  # 07:00 to 07:15: one 15-minute frame
        assert animation.n_frames == 1
