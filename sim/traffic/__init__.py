"""Traffic flow: the vectorised kinematic-wave kernel, its SimPy reference, and what they yield."""

from .invariants import check_invariants
from .kernel import LinkTransmission, free_flow_steps
from .loading import load_vehicles
from .reference import ReferenceModel
from .result import Arrivals, Gridlock, LoadResult
from .series import (LinkSeries, curves_at_link, delayed_vehicles, link_series,
                     max_queue_veh)

__all__ = ["Arrivals", "Gridlock", "LinkSeries", "LinkTransmission", "LoadResult",
           "ReferenceModel", "check_invariants", "curves_at_link", "delayed_vehicles",
           "free_flow_steps", "link_series", "load_vehicles", "max_queue_veh"]
