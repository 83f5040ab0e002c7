"""GMNS files: round trip, units and clear errors for bad networks."""

import numpy as np
import pytest

from sim.errors import InputWarning, NetworkError
from sim.network import grid, read_gmns, write_gmns
from sim.network.model import DEFAULT_JAM_DENSITY_VEH_PER_KM_LANE


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


@pytest.mark.parametrize("links, line, field", [
    (LINKS.replace(",capacity,", ",cap,"), None, "capacity"),
    (LINKS.replace("b,2,3", "b,2,9"), 3, "to_node_id"),
    (LINKS.replace("b,2,3", "b,2,2"), 3, "to_node_id"),
    (LINKS.replace(",900,", ",0,"), 3, "capacity"),
    (LINKS.replace(",900,", ",-5,"), 3, "capacity"),
    (LINKS.replace(",900,", ",1e-300,"), 3, "capacity"),
    (LINKS.replace(",900,", ",\uff19\uff10\uff10,"), 3, "capacity"),
    (LINKS.replace(",900,", ",nan,"), 3, "capacity"),
    (LINKS.replace("1.5,2,60", "0,2,60"), 2, "length"),
    (LINKS.replace("1.5,2,60", "x,2,60"), 2, "length"),
    (LINKS.replace("1.5,2,60", '"1,5",2,60'), 2, "length"),
    (LINKS.replace("b,2,3,,", "b,2,3,maybe,"), 3, "directed"),
    (LINKS.replace("b,2,3", "a,2,3"), 3, "link_id"),
    (LINKS.replace("0.5,1,30", "0.005,1,30"), 3, "length"),
    (LINKS.replace(",capacity,", ",capacity,capacity,").replace(",900,", ",900,800,"),
     1, "capacity"),
])
def test_bad_network_names_file_line_and_field(tmp_path, links, line, field):
    folder = _write(tmp_path, NODES, links)
    with pytest.raises(NetworkError) as caught:
        read_gmns(folder)
    error = caught.value
    assert error.file.endswith("link.csv") and error.line == line and error.field == field
    assert "link.csv" in str(error) and field in str(error)


@pytest.mark.parametrize("links, line", [
    (LINKS.replace("1.5,2,60", "1,5,2,60"), 2),  # a decimal comma splits the value
    (LINKS.replace("b,2,3", "b,2\0,3"), 3),
    (LINKS.splitlines()[0] + "\n", 2),  # a header and no rows: the rows should start at 2
])
def test_malformed_link_table_names_its_line(tmp_path, links, line):
    with pytest.raises(NetworkError) as caught:
        read_gmns(_write(tmp_path, NODES, links))
    assert caught.value.file.endswith("link.csv") and caught.value.line == line


def test_spreadsheet_quirks_are_read_as_meant(tmp_path):
    plain = read_gmns(_write(tmp_path / "plain", NODES, LINKS))
    quirky = LINKS.replace(",", " , ").replace("\n", "\r\n")
    for encoding in ("utf-8-sig", "gb18030", "utf-16"):
        folder = tmp_path / encoding
        folder.mkdir()
        (folder / "node.csv").write_bytes(NODES.replace("\n", "\r\n").encode(encoding))
        (folder / "link.csv").write_bytes(quirky.encode(encoding))
        network = read_gmns(folder)
        assert network.link_id.tolist() == plain.link_id.tolist()
        assert np.array_equal(network.capacity_vps, plain.capacity_vps)


def test_a_file_in_no_known_encoding_is_refused_in_one_line(tmp_path):
    folder = _write(tmp_path, NODES, LINKS)
    (folder / "link.csv").write_bytes(LINKS.encode() + b"\xff\xff\xff\n")
    with pytest.raises(NetworkError, match="neither UTF-8 nor GBK text; save it as CSV UTF-8"):
        read_gmns(folder)


def test_config_written_with_semicolons_is_refused(tmp_path):
    folder = _write(tmp_path, NODES, LINKS)
    (folder / "config.csv").write_text("dataset_name;long_length;speed\nx;mile;mph\n")
    with pytest.raises(NetworkError, match="separated by ';'"):
        read_gmns(folder)


@pytest.mark.parametrize("unit, metres", [("foot", 0.3048), ("feet", 0.3048), ("mile", 1609.344),
                                          ("km", 1000.0), ("meters", 1.0), ("Foot", 0.3048)])
def test_default_jam_density_is_per_km_whatever_the_length_unit(tmp_path, unit, metres):
    folder = _write(tmp_path, NODES, LINKS.replace("1.5,2,60", "500,2,60")
                    .replace("0.5,1,30", "400,1,30"))
    (folder / "config.csv").write_text(f"dataset_name,long_length,speed\nx,{unit},km/h\n")
    network = read_gmns(folder)
    expected = DEFAULT_JAM_DENSITY_VEH_PER_KM_LANE / 1000.0
    assert np.allclose(network.jam_density_vpm, expected)
    assert network.length_m[0] == pytest.approx(500 * metres)


def test_storage_floor_gives_a_short_link_room_for_one_vehicle(tmp_path):
    folder = _write(tmp_path, NODES, LINKS.replace("0.5,1,30", "0.006,1,30"))
    with pytest.raises(NetworkError, match="storage floor"):
        read_gmns(folder)
    with pytest.warns(InputWarning, match="1 links too short"):
        network = read_gmns(folder, storage_floor=True)
    assert network.storage_veh[network.link_id == "b"] == pytest.approx(1.0)


def test_missing_node_file_is_named(tmp_path):
    folder = _write(tmp_path, NODES, LINKS)
    (folder / "node.csv").unlink()
    with pytest.raises(NetworkError, match="node.csv: file not found"):
        read_gmns(folder)


def test_bad_node_coordinate_is_named(tmp_path):
    with pytest.raises(NetworkError, match="line 3, field 'y_coord'"):
        read_gmns(_write(tmp_path, NODES.replace("2,1,0,", "2,1,north,"), LINKS))


def test_lengths_in_feet_declared_as_miles_are_caught_by_their_range(tmp_path):
    """The Lima example of GMNS writes feet but declares long_length = mile: a 1,500 ft
    link read as 2,414 km is refused, and the message points at config.csv."""
    folder = _write(tmp_path, NODES, LINKS.replace("1.5,2,60", "1500,2,60"),
                    config="dataset_name,long_length,speed\nx,mile,mph\n")
    with pytest.raises(NetworkError, match="is the unit in config.csv right") as caught:
        read_gmns(folder)
    assert (caught.value.line, caught.value.field) == (2, "length")
