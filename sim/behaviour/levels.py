"""The adaptation's fixed levels, each with the reason it is what it is.

They are not scenario settings: none is a fact about a city, and each was
measured where it stands (docs/adaptation.md, docs/adaptation_gap.md). The
settings a planner may change are the `equilibrium` table's.
"""

SLOT_S = 60.0
"""A price holds for a minute of a link: candidate arrivals every minute, the day's link
times learnt on a minute grid. Finer slots multiply the solve's columns for no gain."""

PRICE_EVALUATIONS = 50
"""Most evaluations of the price solve's dual per logit scale. 200 solved the city no
closer (gap 0.075 after three full-scale days, against 0.073 with 50) and took a sixth
longer."""

PLACED_ARRIVALS = 10
"""Candidate arrivals one walk serves once walks are placed by a day's link times (at
free flow one walk serves them all, exactly). Each is walked from its middle one, so
no candidate is placed more than five minutes of arrival from where its own walk would
put it. After two priced days of the tenth-scale baseline, runs of ten left a gap of
0.374, a walk per candidate 0.367 with 18 times the entries, and one walk for the
whole window 0.453 (docs/adaptation_gap.md)."""

FULL_STEPS = 3
"""Days on which every chooser takes the solve's new draw (and drivers the full route
share); after them the share moving shrinks as FULL_STEPS / (day + 1), as successive
averages do. The first days move furthest from the plan; later ones would swing."""

ROUTE_BIN_S = 900.0
"""Link times are averaged over bins of 15 minutes to find each driver's fastest-looking
route: long enough to smooth a queue's minute-to-minute swing, short enough to keep a
peak apart from its shoulders."""

GAP_SAMPLE_LEGS = 20_000
"""Legs the relative gap is measured on each day, drawn at random when there are more:
pricing every departure of every traveller's window costs as much as a day's candidates,
a sample keeps the measurement's cost fixed as the city grows."""
