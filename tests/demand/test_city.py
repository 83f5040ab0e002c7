"""Building the city: the network a scenario names, the columns it needs, its sample."""

import numpy as np
import pytest

from sim.demand.city import build_city
from sim.errors import InputWarning, ScenarioError
from sim.network.shaoyang import bridge_links
from sim.scenario import load_scenario

from ..conftest import SHAOYANG

BASELINE = SHAOYANG / "baseline_8to5.toml"


def test_a_sample_meets_a_road_scaled_with_it():
    full = build_city(load_scenario(BASELINE))
    tenth = build_city(load_scenario(BASELINE, {"simulation.scale": 0.1}))
    assert tenth.network.capacity_vps == pytest.approx(0.1 * full.network.capacity_vps)
    assert tenth.network.storage_veh == pytest.approx(0.1 * full.network.storage_veh)
    assert full.bridge_links.tolist() == bridge_links(full.network).tolist()
    assert len(full.bridge_links) == 14  # 4 bridges over the Zi, 3 over the Shao, both ways


def test_scale_too_small_for_a_link_to_hold_a_car_is_an_error():
    with pytest.raises(ScenarioError, match="at least") as caught:
        build_city(load_scenario(BASELINE, {"simulation.scale": 0.001}))
    assert caught.value.field == "simulation.scale"


def test_the_storage_floor_keeps_room_for_one_vehicle_in_a_small_sample():
    full = build_city(load_scenario(BASELINE)).network
    scenario = load_scenario(BASELINE, {"simulation.scale": 0.001,
                                        "network.storage_floor": True})
    short = int(np.sum(full.storage_veh * 0.001 < 1.0))
    with pytest.warns(InputWarning, match=f"{short:,} links would hold less than one"):
        sample = build_city(scenario).network
    kept = full.storage_veh * 0.001 >= 1.0
    assert sample.storage_veh[~kept] == pytest.approx(1.0)
    assert sample.storage_veh[kept] == pytest.approx(0.001 * full.storage_veh[kept])


def test_missing_network_folder_is_named(tmp_path):
    path = tmp_path / "elsewhere.toml"
    path.write_text(f'extends = "{BASELINE.as_posix()}"\n[network]\ngmns = "roads"\n')
    with pytest.raises(ScenarioError, match="network folder not found") as caught:
        build_city(load_scenario(path))
    assert caught.value.field == "network.gmns"


def test_missing_node_column_is_named():
    scenario = load_scenario(BASELINE, {"groups.office.work_weight": "ministries"})
    with pytest.raises(ScenarioError, match="'ministries' not found") as caught:
        build_city(scenario)
    assert caught.value.field == "groups.office.work_weight"


def test_generated_city_takes_its_parameters(tmp_path):
    path = tmp_path / "one_bridge_less.toml"
    path.write_text(f'extends = "{BASELINE.as_posix()}"\n[network]\nsource = "shaoyang"\n'
                    '[network.shaoyang]\nclosed_zi_bridges_km = [5]\n'
                    '[network.shaoyang.road_classes.bridge]\nlanes = 3\n')
    generated = build_city(load_scenario(path)).network
    files = build_city(load_scenario(BASELINE)).network
    assert (np.sum(generated.link_extra["crossing"] == "zi")
            == np.sum(files.link_extra["crossing"] == "zi") - 2)
    bridge_class = generated.link_extra["facility_type"] == "bridge"
    assert bridge_class.sum() == 10 and np.all(generated.lanes[bridge_class] == 3)
    assert np.all(files.lanes[files.link_extra["facility_type"] == "bridge"] == 2)


def test_generated_city_parameters_are_checked(tmp_path):
    path = tmp_path / "no_bridge.toml"
    path.write_text(f'extends = "{BASELINE.as_posix()}"\n[network]\nsource = "shaoyang"\n'
                    '[network.shaoyang]\nclosed_zi_bridges_km = [3]\n')
    with pytest.raises(ScenarioError, match="bridges over the Zi are at") as caught:
        build_city(load_scenario(path))
    assert caught.value.field == "network.shaoyang"


def test_a_link_changed_by_its_id_keeps_its_capacity_per_lane():
    base = build_city(load_scenario(BASELINE))
    narrowed = build_city(load_scenario(BASELINE,
                                        {"network.links.8_3>9_3.lanes": 1,
                                         "network.links.9_3>8_3.free_speed_kmh": 30}))
    ids = list(np.asarray(base.network.link_id).astype(str))
    i, j = ids.index("8_3>9_3"), ids.index("9_3>8_3")
    assert narrowed.network.lanes[i] == 1 and base.network.lanes[i] == 2
    assert np.isclose(narrowed.network.capacity_vps[i], base.network.capacity_vps[i] / 2)
    assert np.isclose(narrowed.network.storage_veh[i], base.network.storage_veh[i] / 2)
    assert np.isclose(narrowed.network.free_speed_mps[j], 30 / 3.6)
    others = np.setdiff1d(np.arange(len(ids)), [i, j])
    assert np.array_equal(narrowed.network.capacity_vps[others], base.network.capacity_vps[others])


def test_an_unknown_link_id_names_the_field():
    with pytest.raises(ScenarioError, match="no link 'bridge_3'") as caught:
        build_city(load_scenario(BASELINE, {"network.links.bridge_3.lanes": 1}))
    assert caught.value.field == "network.links.bridge_3"
