"""The stylised Shaoyang written out as GMNS files with its map (map.png).

``python -m sim.report.network_files [FOLDER]`` writes the files that
``scenarios/shaoyang/network`` holds (the default folder).
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..network.gmns import write_gmns
from ..network.shaoyang import bridge_links, stylised_shaoyang
from .plots import network_map


def write_stylised_shaoyang(folder: str | Path) -> None:
    """Write the network as GMNS files and its map (map.png) into `folder`."""
    network = stylised_shaoyang()
    write_gmns(network, folder)
    network_map(network, Path(folder) / "map.png", title="Stylised Shaoyang (not the real map)",
                bridges=bridge_links(network), bridges_label="bridges over the Zi and the Shao")


if __name__ == "__main__":
    write_stylised_shaoyang(sys.argv[1] if len(sys.argv) > 1 else "scenarios/shaoyang/network")
