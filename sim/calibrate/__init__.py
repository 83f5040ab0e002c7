"""Calibration: fit a scenario's fields to a city's observed indicators."""

from .command import calibrate
from .fit import Calibration, calibrate_fields
from .indicators import INDICATORS, indicators
from .targets import CalibrationPlan, Target, read_targets

__all__ = ["INDICATORS", "Calibration", "CalibrationPlan", "Target", "calibrate",
           "calibrate_fields", "indicators", "read_targets"]
