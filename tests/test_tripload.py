"""`run_trip_table`: a loading that cannot finish stops at the horizon and says so."""

import json

from sim.clock import SECONDS_PER_HOUR
from sim.tripload import HORIZON_S, run_trip_table

from .conftest import SCENARIOS

LINKS = ("link_id,from_node_id,to_node_id,directed,length,lanes,free_speed,capacity\n"
         "1,O,A,true,1,2,60,1800\n2,A,B,true,1,1,60,{bottleneck}\n3,B,D,true,1,2,60,1800\n")


def test_a_loading_that_cannot_finish_stops_at_the_horizon(tmp_path):
    network = tmp_path / "net"
    network.mkdir()
    (network / "node.csv").write_text(
        (SCENARIOS / "validation" / "d1_bottleneck" / "node.csv").read_text())
    (network / "link.csv").write_text(LINKS.format(bottleneck=1))  # one vehicle an hour
    trips = 30
    demand = tmp_path / "demand.csv"
    demand.write_text("trip_id,from_node_id,to_node_id,departure_time\n"
                      + "".join(f"{i},O,D,07:00\n" for i in range(trips)))
    summary = run_trip_table(network, demand, tmp_path / "out", dt_s=10.0)
    # one vehicle an hour leaves the bottleneck until the horizon, 24 h after 07:00
    served = HORIZON_S / SECONDS_PER_HOUR
    assert abs(summary["trips_finished"] - served) <= 1 and summary["trips"] == trips
    assert summary["stopped"].startswith("at the horizon, 31:00:00 (24 h after")
    assert json.loads((tmp_path / "out" / "summary.json").read_text())["stopped"] == \
        summary["stopped"]
