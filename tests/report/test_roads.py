"""What a reader calls a road: by its name and heading, else by its link id."""

from sim.network.generators import corridor
from sim.network.shaoyang import stylised_shaoyang
from sim.report.roads import heading, link_label, road_names


def test_a_bridge_is_called_by_its_name_and_heading_in_either_language():
    network = stylised_shaoyang()
    assert link_label(network, "2_4>2_5", "en") == "West Zi Bridge, northbound"
    assert link_label(network, "2_5>2_4", "zh") == "资江西桥（南向）"
    assert link_label(network, "8_3>9_3", "en") == "North Shao Bridge, eastbound"


def test_an_unnamed_link_or_a_missing_network_gives_the_link_id():
    network = stylised_shaoyang()
    assert link_label(network, "0_2>1_2", "en") == "0_2>1_2"  # a street, y = -2.5 km
    assert link_label(None, "2_4>2_5", "en") == "2_4>2_5"
    assert link_label(network, "no>such", "zh") == "no>such"


def test_a_network_without_name_columns_has_no_names():
    network = corridor(3)
    assert list(road_names(network, "zh")) == ["", "", ""]
    assert heading(network, 0) == "east"  # x grows along the corridor
