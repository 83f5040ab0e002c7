"""What a person does in the day: the roles that decide their activity chain."""

from ..scenario.codes import Code


class Role(Code):
    """A person's role (Population.role): it decides their chain of legs."""

    WORKER = 0
    TEACHER = 1
    PUPIL = 2
    ERRAND = 3
    GRANDPARENT = 4


ROLES = Role.keys()
NO_ONE = -1  # in an index of people: nobody (a pupil going alone has no escort)
