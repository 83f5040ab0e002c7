"""The stylised Shaoyang: districts joined only by bridges, zones that say what they hold."""

import filecmp
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from sim.network import read_gmns, write_gmns
from sim.network.shaoyang import TRIBUTARY_X_KM, bridge_links, stylised_shaoyang

COMMITTED = Path(__file__).resolve().parents[2] / "scenarios" / "shaoyang" / "network"


def _components(network, keep):
    graph = csr_matrix((np.ones(keep.sum()), (network.from_node[keep], network.to_node[keep])),
                       shape=(network.n_nodes, network.n_nodes))
    return connected_components(graph, directed=True, connection="strong")


def test_every_zone_reaches_every_other():
    network = stylised_shaoyang()
    count, _ = _components(network, np.ones(network.n_links, bool))
    assert count == 1


def test_districts_meet_only_at_bridges():
    network = stylised_shaoyang()
    without_bridges = np.ones(network.n_links, bool)
    without_bridges[bridge_links(network)] = False
    count, label = _components(network, without_bridges)
    district = network.node_extra["district"]
    assert count == 3
    for name in ("north", "southwest", "southeast"):
        assert len(set(label[district == name])) == 1
    x, y = network.node_x, network.node_y
    a, b = network.from_node, network.to_node
    crosses = ((y[a] > 0) != (y[b] > 0)) | ((y[a] < 0) & (y[b] < 0)
                                             & ((x[a] < TRIBUTARY_X_KM) != (x[b] < TRIBUTARY_X_KM)))
    np.testing.assert_array_equal(np.flatnonzero(crosses), bridge_links(network))


def test_zone_weights_place_offices_in_the_core_and_some_outside():
    network = stylised_shaoyang()
    core = network.node_extra["core"] == "1"
    offices = network.node_extra["office_jobs"].astype(float)
    assert offices[core].sum() > offices[~core].sum() > 0
    assert network.node_extra["school_places"].astype(float).sum() > 0


def test_committed_files_are_what_the_generator_writes(tmp_path):
    write_gmns(stylised_shaoyang(), tmp_path)
    for name in ("node.csv", "link.csv", "config.csv"):
        assert filecmp.cmp(tmp_path / name, COMMITTED / name, shallow=False), name
    again = read_gmns(COMMITTED)
    expected = stylised_shaoyang().link_extra["crossing"]
    assert again.link_extra["crossing"].tolist() == expected.tolist()


def test_every_bridge_and_main_road_has_a_name_in_both_languages():
    network = stylised_shaoyang()
    names, names_zh = network.link_extra["name"], network.link_extra["name_zh"]
    main = np.isin(network.link_extra["facility_type"], ("arterial", "bridge", "expressway"))
    assert np.all(names[main] != "") and np.all(names_zh[main] != "")
    assert np.all(names[~main] == "")  # streets stay unnamed
    bridges = bridge_links(network)
    zi = bridges[network.link_extra["crossing"][bridges] == "zi"]
    west_to_east = zi[np.argsort(network.node_x[network.from_node[zi]], kind="stable")]
    assert list(dict.fromkeys(names[west_to_east])) == [
        "West Zi Bridge", "Centre-west Zi Bridge", "Centre-east Zi Bridge", "East Zi Bridge"]
    assert len(set(names[bridges])) == len(bridges) // 2  # one name for both directions
