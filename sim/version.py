"""The model's version: in every output folder's marker and in every sweep run's key."""

__version__ = "0.1.0"
