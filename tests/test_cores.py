"""Runs side by side share the cores: the solve's threads follow STAGGERSIM_THREADS."""

import os

import pytest

from sim import cores
from sim.cores import THREADS_VARIABLE, cores_per_run, solve_threads, threads_limited
from sim.errors import InputError


def test_a_run_alone_solves_on_every_core(monkeypatch):
    monkeypatch.delenv(THREADS_VARIABLE, raising=False)
    monkeypatch.setattr(cores, "available_cores", lambda: 6)
    assert solve_threads() == 6


def test_the_variable_sets_the_solve_threads(monkeypatch):
    monkeypatch.setenv(THREADS_VARIABLE, "3")
    assert solve_threads() == 3


@pytest.mark.parametrize("value", ["0", "-2", "two", "1.5", ""])
def test_a_bad_thread_count_names_the_variable_and_what_is_allowed(monkeypatch, value):
    monkeypatch.setenv(THREADS_VARIABLE, value)
    with pytest.raises(InputError, match=f"{THREADS_VARIABLE}.*at least 1"):
        solve_threads()


def test_runs_side_by_side_share_the_cores_and_never_get_none(monkeypatch):
    monkeypatch.setattr(cores, "available_cores", lambda: 4)
    assert [cores_per_run(runs) for runs in (1, 2, 3, 4, 8)] == [4, 2, 1, 1, 1]


def test_a_limit_holds_inside_its_block_and_is_put_back(monkeypatch):
    monkeypatch.setenv(THREADS_VARIABLE, "5")
    with threads_limited(2):
        assert solve_threads() == 2
    assert os.environ[THREADS_VARIABLE] == "5"
    monkeypatch.delenv(THREADS_VARIABLE)
    with threads_limited(1):
        assert solve_threads() == 1
    assert THREADS_VARIABLE not in os.environ
    with threads_limited(None):
        assert THREADS_VARIABLE not in os.environ
