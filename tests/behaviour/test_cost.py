"""Generalised cost: Vickrey's worked example (VALIDATION.md, V1) by hand."""

import numpy as np

from sim.behaviour.cost import trip_cost


def test_cost_charges_time_and_schedule_delay():
    # alpha 1, beta 0.5, gamma 2 per hour; target 08:00
    target = 8 * 3600.0
    cost = trip_cost([7 * 3600, 7.5 * 3600, 7.75 * 3600], [7.5 * 3600, 8 * 3600, 8.5 * 3600],
                     target, 1.0, 0.5, 2.0)
    # 30 min early after 30 min: 0.5 + 0.25; on time after 30 min: 0.5; 30 min late after 45
    np.testing.assert_allclose(cost, [0.75, 0.5, 0.75 + 1.0])


def test_vickrey_first_and_last_commuters_pay_the_same():
    # V1: N = 6,000, s = 3,600/h: the first leaves at 06:40 and arrives at once (100 min
    # early, no queue); the last arrives at 08:20 with no queue (20 min late)
    first = trip_cost(6 * 3600 + 40 * 60, 6 * 3600 + 40 * 60, 8 * 3600.0, 1.0, 0.5, 2.0)
    last = trip_cost(8 * 3600 + 20 * 60, 8 * 3600 + 20 * 60, 8 * 3600.0, 1.0, 0.5, 2.0)
    delta_n_over_s = 0.4 * 6000 / 3600
    np.testing.assert_allclose([first, last], [delta_n_over_s, delta_n_over_s])
