import filecmp

from sim.network.cases import write_d1, write_vickrey_network

from ..conftest import SCENARIOS as ALL_SCENARIOS

SCENARIOS = ALL_SCENARIOS / "validation"


def test_committed_d1_files_are_what_the_generator_writes(tmp_path):
    fresh = write_d1(tmp_path / "d1")
    for name in ("node.csv", "link.csv", "config.csv", "demand.csv"):
        assert filecmp.cmp(fresh / name, SCENARIOS / "d1_bottleneck" / name, shallow=False), name


def test_committed_vickrey_network_is_what_the_generator_writes(tmp_path):
    fresh = write_vickrey_network(tmp_path / "vickrey")
    for name in ("node.csv", "link.csv", "config.csv"):
        assert filecmp.cmp(fresh / name, SCENARIOS / "vickrey_network" / name,
                           shallow=False), name
