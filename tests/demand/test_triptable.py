import numpy as np
import pytest

from sim.demand import read_trip_table
from sim.errors import DemandError
from sim.network import corridor, shortest_paths


@pytest.fixture
def network():
    return corridor()


def _table(tmp_path, text):
    path = tmp_path / "demand.csv"
    path.write_text(text)
    return path


def test_nodes_zones_and_time_forms_are_read(tmp_path, network):
    by_node = read_trip_table(_table(tmp_path, "trip_id,from_node_id,to_node_id,departure_time\n"
                                     "t1,O,D,07:30\nt2,A,D,27000.5\nt3,O,B,07:00:01.2\n"), network)
    assert by_node.trip_id.tolist() == ["t1", "t2", "t3"]
    np.testing.assert_allclose(by_node.departure_s, [27000.0, 27000.5, 25201.2])
    assert network.node_id[by_node.destination].tolist() == ["D", "D", "B"]
    by_zone = read_trip_table(_table(tmp_path, "trip_id,from_zone_id,to_zone_id,departure_time\n"
                                     "1,O,D,08:00\n"), network)
    assert (by_zone.origin[0], by_zone.destination[0]) == (0, 3)


HEADER = "trip_id,from_node_id,to_node_id,departure_time\n"


@pytest.mark.parametrize("text, line, field", [
    (HEADER + "1,O,D,07:00\n2,O,Z,07:00\n", 3, "to_node_id"),
    (HEADER + "1,O,D,25:00\n", 2, "departure_time"),
    (HEADER + "1,O,D,soon\n", 2, "departure_time"),
    ("trip_id,from_node_id,to_node_id\n1,O,D\n", None, "departure_time"),
    ("trip_id,from_zone_id,to_zone_id,departure_time\n1,Q,D,07:00\n", 2, "from_zone_id"),
    (HEADER + "1,O,D,07:00\n1,O,D,07:05\n", 3, "trip_id"),
    (HEADER + "1,O,O,07:00\n", 2, "to_node_id"),
    (HEADER + '1,O,D,07:00\n\n"2\nb",O,D,07:00\n3,O,D,later\n', 6, "departure_time"),
    *[(HEADER + f"1,O,D,{time}\n", 2, "departure_time")
      for time in ("1e9", "1000000000000", "07.00", "\"07:00:00,5\"", "1_000", "-5", "86400",
                   "nan", "\u0661\u0662")],
])
def test_bad_lines_name_line_and_field(tmp_path, network, text, line, field):
    with pytest.raises(DemandError) as caught:
        read_trip_table(_table(tmp_path, text), network)
    assert (caught.value.line, caught.value.field) == (line, field)
    assert "demand.csv" in str(caught.value)


def test_a_table_with_a_header_and_no_rows_is_refused(tmp_path, network):
    with pytest.raises(DemandError, match="has a header but no rows"):
        read_trip_table(_table(tmp_path, HEADER), network)


def test_unreachable_destination_names_its_row(tmp_path, network):
    trips = read_trip_table(_table(tmp_path, "trip_id,from_node_id,to_node_id,departure_time\n"
                                   "1,O,D,07:00\n2,D,O,07:00\n"), network)
    routes = shortest_paths(network, trips.origin, trips.destination)
    with pytest.raises(DemandError, match="line 3, field 'to_node_id': node O cannot be reached"):
        trips.check_routes(routes, network)
