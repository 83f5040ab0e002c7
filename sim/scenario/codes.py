"""Domain codes: the groups and modes of a scenario, and the base of every code.

Arrays of people and legs hold these as small integers; a code's `key` is its
name in scenario files and outputs ("office", "ebike"), and `Code.of(key)`
finds the code of a key.
"""

from __future__ import annotations

from enum import IntEnum


class Code(IntEnum):
    """An integer code with a lower-case key, the word scenarios and outputs use."""

    @property
    def key(self) -> str:
        return self.name.lower()

    @classmethod
    def of(cls, key: str) -> "Code":
        """The code whose key is `key` (KeyError naming it otherwise)."""
        return cls[key.upper()]

    @classmethod
    def keys(cls) -> tuple[str, ...]:
        """Every key, in code order."""
        return tuple(code.key for code in cls)


class Group(Code):
    """Who a person is in the city: office (government and public institutions: the
    policy's target), enterprise, service, school (pupils and teachers), background."""

    OFFICE = 0
    ENTERPRISE = 1
    SERVICE = 2
    SCHOOL = 3
    BACKGROUND = 4


class Mode(Code):
    """How a trip is made; walkers load no road."""

    CAR = 0
    EBIKE = 1
    BUS = 2
    WALK = 3
