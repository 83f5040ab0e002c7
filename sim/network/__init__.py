"""The road network: arrays, GMNS files, generators and shortest paths."""

from .generators import corridor, grid
from .gmns import read_gmns, write_gmns
from .model import Network, make_network
from .routing import Routes, shortest_paths

__all__ = ["Network", "Routes", "corridor", "grid", "make_network", "read_gmns",
           "shortest_paths", "write_gmns"]
