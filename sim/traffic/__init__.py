"""Traffic flow: the vectorised spatial-queue kernel and its SimPy reference."""

from .kernel import SpatialQueue, load_vehicles
from .result import Gridlock, LoadResult

__all__ = ["Gridlock", "LoadResult", "SpatialQueue", "load_vehicles"]
