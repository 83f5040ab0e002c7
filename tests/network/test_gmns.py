"""GMNS files: round trip, units and clear errors for bad networks."""

import numpy as np
import pytest

from sim.errors import NetworkError
from sim.network import grid, read_gmns, write_gmns


def _write(folder, nodes, links, config=None):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "node.csv").write_text(nodes)
    (folder / "link.csv").write_text(links)
    if config is not None:
        (folder / "config.csv").write_text(config)
    return folder


NODES = "node_id,x_coord,y_coord,zone_id\n1,0,0,z1\n2,1,0,\n3,2,0,z3\n"
LINKS = ("link_id,from_node_id,to_node_id,directed,length,lanes,free_speed,capacity,name\n"
         "a,1,2,true,1.5,2,60,1800,Main St\n"
         "b,2,3,,0.5,1,30,900,Bridge\n")


def test_round_trip_keeps_every_array_and_extra_column(tmp_path):
    original = read_gmns(_write(tmp_path / "in", NODES, LINKS))
    again = read_gmns(write_gmns(original, tmp_path / "out"))
    for name in ("length_m", "lanes", "free_speed_mps", "capacity_vps", "jam_density_vpm",
                 "node_x", "node_y"):
        np.testing.assert_allclose(getattr(again, name), getattr(original, name))
    for name in ("from_node", "to_node", "link_id", "node_id", "node_zone"):
        np.testing.assert_array_equal(getattr(again, name), getattr(original, name))
    assert again.link_extra["name"].tolist() == ["Main St", "Bridge"]


def test_generated_grid_survives_round_trip(tmp_path):
    network = grid(3, 4)
    again = read_gmns(write_gmns(network, tmp_path))
    np.testing.assert_allclose(again.capacity_vps, network.capacity_vps)
    np.testing.assert_allclose(again.storage_veh, network.storage_veh)


def test_defaults_are_km_kmh_and_capacity_per_lane(tmp_path):
    network = read_gmns(_write(tmp_path, NODES, LINKS))
    np.testing.assert_allclose(network.length_m, [1500.0, 500.0])
    np.testing.assert_allclose(network.free_speed_mps, [60 / 3.6, 30 / 3.6])
    np.testing.assert_allclose(network.capacity_vps, [1.0, 0.25])
    np.testing.assert_allclose(network.storage_veh, [1.5 * 150 * 2, 0.5 * 150])


def test_config_units_are_applied(tmp_path):
    config = "dataset_name,long_length,speed\nx,mi,mph\n"
    network = read_gmns(_write(tmp_path, NODES, LINKS, config))
    assert network.length_m[0] == pytest.approx(1.5 * 1609.344)
    assert network.free_speed_mps[0] == pytest.approx(60 * 1609.344 / 3600)


def test_undirected_link_becomes_two_directed_links(tmp_path):
    links = LINKS.replace("a,1,2,true", "a,1,2,false")
    network = read_gmns(_write(tmp_path, NODES, links))
    assert network.link_id.tolist() == ["a", "a:r", "b"]
    assert (network.from_node[1], network.to_node[1]) == (1, 0)


@pytest.mark.parametrize("links, row, field", [
    (LINKS.replace(",capacity,", ",cap,"), None, "capacity"),
    (LINKS.replace("b,2,3", "b,2,9"), 2, "to_node_id"),
    (LINKS.replace(",900,", ",0,"), 2, "capacity"),
    (LINKS.replace(",900,", ",-5,"), 2, "capacity"),
    (LINKS.replace("1.5,2,60", "0,2,60"), 1, "length"),
    (LINKS.replace("1.5,2,60", "x,2,60"), 1, "length"),
    (LINKS.replace("b,2,3,,", "b,2,3,maybe,"), 2, "directed"),
    (LINKS.replace("b,2,3", "a,2,3"), 2, "link_id"),
    (LINKS.replace("0.5,1,30", "0.005,1,30"), 2, "length"),
])
def test_bad_network_names_file_row_and_field(tmp_path, links, row, field):
    folder = _write(tmp_path, NODES, links)
    with pytest.raises(NetworkError) as caught:
        read_gmns(folder)
    error = caught.value
    assert error.file.endswith("link.csv") and error.row == row and error.field == field
    assert "link.csv" in str(error) and field in str(error)


def test_missing_node_file_is_named(tmp_path):
    folder = _write(tmp_path, NODES, LINKS)
    (folder / "node.csv").unlink()
    with pytest.raises(NetworkError, match="node.csv: file not found"):
        read_gmns(folder)


def test_bad_node_coordinate_is_named(tmp_path):
    with pytest.raises(NetworkError, match="row 2, field 'y_coord'"):
        read_gmns(_write(tmp_path, NODES.replace("2,1,0,", "2,1,north,"), LINKS))
