"""Building the city: the network a scenario names, the columns it needs, its sample."""

import pytest

from sim.city import build_city
from sim.errors import ScenarioError
from sim.network.shaoyang import bridge_links
from sim.scenario import load_scenario

from .conftest import SHAOYANG

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
