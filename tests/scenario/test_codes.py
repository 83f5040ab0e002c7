"""Domain codes: each code's key is the word scenarios and outputs use, in a fixed order."""

import numpy as np
import pytest

from sim.demand.chains import PURPOSES, Purpose
from sim.demand.roles import ROLES, Role
from sim.scenario import GROUPS, MODES, WORK_GROUPS
from sim.scenario.codes import Group, Mode


def test_keys_are_the_words_of_scenarios_and_outputs_in_code_order():
    assert GROUPS == ("office", "enterprise", "service", "school", "background")
    assert WORK_GROUPS == GROUPS[:4]
    assert MODES == ("car", "ebike", "bus", "walk")
    assert PURPOSES == ("work", "school", "drop_off", "pickup", "lunch", "home", "errand")
    assert ROLES == ("worker", "teacher", "pupil", "errand", "grandparent")


@pytest.mark.parametrize("codes", [Group, Mode, Purpose, Role])
def test_a_key_finds_its_code_and_arrays_hold_plain_integers(codes):
    for code in codes:
        assert codes.of(code.key) is code and int(code) == list(codes).index(code)
    assert np.full(2, list(codes)[-1], dtype=np.int8).tolist() == [len(codes) - 1] * 2
    with pytest.raises(KeyError):
        codes.of("nobody")
