"""What a person does in the day: the roles that decide their activity chain."""

WORKER, TEACHER, PUPIL, ERRAND, GRANDPARENT = range(5)
ROLES = ("worker", "teacher", "pupil", "errand", "grandparent")
NO_ONE = -1
