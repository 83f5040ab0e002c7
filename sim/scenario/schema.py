"""Every field a scenario may state: its kind, its default and what it means.

The schema is the single source of the field reference in docs/scenarios.md
(``reference_markdown``) and of the checks in ``load.py``. Defaults marked
*assumed* are modelling choices without a published source; sources are named
where one exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..network.shaoyang import ROAD_CLASSES
from .codes import Group, Mode
from .kinds import (MINUTES, SHARE, Kind, boolean, choice, clock, integer, number, numbers,
                    periods, text, words)

GROUPS = Group.keys()
WORK_GROUPS = tuple(group.key for group in Group if group is not Group.BACKGROUND)
MODES = Mode.keys()
ESCORTS = ("parent", "grandparent", "alone")
LANGUAGES = ("en", "zh")  # the languages a reader is told the answer in
REQUIRED = object()


@dataclass(frozen=True)
class Field:
    """One scenario field: its kind, default (REQUIRED: none; None: may be left out), doc."""

    kind: Kind
    default: Any
    doc: str
    unit: str = ""


@dataclass(frozen=True)
class Each:
    """A table whose keys are drawn from `names` (None: any key), each holding a table of
    `fields`."""

    names: tuple[str, ...] | None
    fields: dict
    doc: str
    label: str = "group"


@dataclass(frozen=True)
class Values:
    """A table of one value per name (a name left out is 0), e.g. mode shares."""

    names: tuple[str, ...]
    kind: Kind
    doc: str
    sums_to_one: bool = False
    unit: str = ""


def _mode_shares(doc: str) -> Values:
    return Values(MODES, SHARE, doc, sums_to_one=True)


def _road_fields(otherwise: str) -> dict:
    """Lanes, free speed and capacity per lane of a road, each left out meaning `otherwise`."""
    return {"lanes": Field(number(0, 20, open_low=True), None,
                           f"Lanes; left out: {otherwise}.", "lanes"),
            "free_speed_kmh": Field(number(0, 200, open_low=True), None,
                                    f"Free speed; left out: {otherwise}.", "km/h"),
            "capacity_vphpl": Field(number(0, 5000, open_low=True), None,
                                    f"Capacity per lane; left out: {otherwise}.",
                                    "veh/h/lane")}


SCHEMA: dict[str, Any] = {
    "name": Field(text(), None, "Short name used in tables and figures (default: the file name)."),
    "description": Field(text(), "", "One or two sentences saying what the scenario is."),
    "title": {  # one per LANGUAGES
        "en": Field(text(), None, 'What a reader calls the schedule, in the briefing, figures '
                    'and tables in English, such as "9-to-5 day" (default: `name`). A file '
                    'that `extends` another inherits its title unless it states its own.'),
        "zh": Field(text(), None, 'The same in Chinese, such as "朝九晚五" (default: the '
                    'English title).'),
    },
    "network": {
        "source": Field(choice("gmns", "shaoyang"), "gmns", 'Where the roads come from: '
                        'GMNS files in `gmns`, or "shaoyang", the built-in stylised river city '
                        '(generated with the parameters in `network.shaoyang`).'),
        "gmns": Field(text(), None, "Folder of GMNS node.csv/link.csv, relative to the "
                      "scenario file; needed when source = \"gmns\"."),
        "backward_wave_kmh": Field(number(0, 200, open_low=True), None, "Speed at which freed "
                                   "space travels upstream on every link; left out: each "
                                   "link's own, C / (jam density x lanes - C / free speed), "
                                   "the triangular fundamental diagram's (about 15 km/h).",
                                   "km/h"),
        "stuck_time_s": Field(number(0, 86400, open_low=True), None, "Release a ready vehicle "
                              "that has waited this long at a link's end (for space, entrance "
                              "capacity or its turn at the junction; MATSim's stuck time); "
                              "left out: never.", "s"),
        "storage_floor": Field(boolean(), False, "Give a link too short to hold one vehicle "
                               "when jammed (a short link at a junction of a real network) "
                               "room for one, with a warning; false: such a network is "
                               "refused, naming the link."),
        "bridge_column": Field(text(), "crossing", "Link column marking bridges: a link whose "
                               "value is not empty is a bridge in the outputs."),
        "links": Each(None, _road_fields("the network's"), "Changes to single links of the "
                      "network, by link_id (each direction is its own link), e.g. a bridge "
                      "narrowed to one lane.", label="link id"),
        "facility_types": Each(None, {
            "capacity_factor": Field(number(0, 10, open_low=True), 1.0, "Every link of this "
                                     "facility type (the link file's `facility_type`) carries "
                                     "this times its capacity; its storage is kept. What "
                                     "`staggersim calibrate` fits to observed congestion "
                                     "(docs/calibration.md).")},
            "Capacity by road class, by the network's facility_type values (the stylised "
            "city's: street, arterial, bridge, expressway); applied after `links`.",
            label="facility type"),
        "shaoyang": {
            "road_classes": Each(tuple(ROAD_CLASSES), _road_fields("the generated network's"),
                                 "With source = \"shaoyang\": road classes replacing the "
                                 "defaults of sim/network/shaoyang.py.", label="class"),
            "closed_zi_bridges_km": Field(numbers(number(0, 100)), None, 'With source = '
                                          '"shaoyang": bridges over the Zi left out, by '
                                          'their x position (2, 5, 7 or 10).', "km"),
        },
    },
    "simulation": {
        "start": Field(clock(), "05:00", "Clock time the day starts; no leg may depart "
                       "earlier.", "HH:MM"),
        "end": Field(clock(), "24:00", "Clock time the road stops; trips still travelling are "
                     "reported unfinished.", "HH:MM"),
        "dt_s": Field(number(0.1, 60), 2.0, "Traffic time step.", "s"),
        "tick_s": Field(number(0.1, 3600), 60.0, "How often the road hands arrivals to "
                        "households; every dwell must be at least this long.", "s"),
        "seed": Field(integer(0), 1, "Random seed: the same seed gives the same trips."),
        "scale": Field(number(0, 1, open_low=True), 1.0, "Share of `population.people` "
                       "simulated; road capacity and storage are scaled alike (as MATSim's "
                       "flow and storage capacity factors), so a sample meets full-scale "
                       "congestion. Totals (hours, km, counts) are for the sample."),
        "series_interval_s": Field(number(1, 86400), 300.0,
                                   "Interval of the link time series.", "s"),
    },
    "population": {
        "people": Field(integer(1, 20_000_000), REQUIRED, "People who live in the modelled area "
                        "at scale 1."),
        "home_weight": Field(text(), "homes", "Node column weighting where people live."),
        "trip_decay_km": Field(number(0.1, 1000), REQUIRED, "Distance decay of work and "
                               "errand destinations: weight x exp(-distance / decay).", "km"),
        "school_decay_km": Field(number(0.1, 1000), REQUIRED,
                                 "Distance decay of the school chosen from home.", "km"),
        "walk_speed_kmh": Field(number(0.5, 20), 4.5, "Walking speed (walkers load no "
                                "road).", "km/h"),
        "walk_max_km": Field(number(0, 100, open_low=True), 2.5, "Longest walk: a person drawn "
                             "as a walker whose home is farther from their activity takes the "
                             "bus instead (assumed).", "km"),
        "teacher_share": Field(SHARE, REQUIRED, "Share of the school group who are teachers "
                               "(on school hours); the rest are pupils."),
        "parent_groups": Field(words(), ["office", "enterprise"], "Groups whose workers may "
                               "be the parent of an escorted pupil."),
        "drop_off_dwell_min": Field(MINUTES, 3.0, "Stop at school to drop a child off.", "min"),
        "pickup_dwell_min": Field(MINUTES, 3.0, "Stop at school to pick a child up.", "min"),
        "gate_opens_min": Field(MINUTES, 30.0, "A school takes children this long before the "
                                "bell; no earlier drop-off.", "min"),
        "lunch_home": {
            "break_min": Field(numbers(MINUTES, increasing=True), REQUIRED,
                               "Lunch-break lengths at which the share is given.", "min"),
            "share": Field(numbers(SHARE), REQUIRED, "Share of workers who go home at noon "
                           "for each break length; linear in between, constant beyond the "
                           "ends."),
        },
        "escort": Values(ESCORTS, SHARE, "How pupils reach school: with a parent (the "
                       "parent's mode, on the way to work), with a grandparent, or alone "
                       "(the school group's modes). Shares sum to 1.", sums_to_one=True),
        "pcu": Values(MODES, number(0, 10), "Road load of one traveller of each mode, in "
                      "passenger-car units; walk must be 0 (walkers load no road).", unit="pcu"),
        "grandparent_modes": _mode_shares("Modes of grandparents escorting pupils; "
                                           "shares sum to 1."),
    },
    "groups": Each(GROUPS, {
        "share": Field(SHARE, REQUIRED, "Share of the people in this group; all groups sum to 1."),
        "work_weight": Field(text(), REQUIRED, "Node column weighting where the group works "
                             "(studies, for school; runs errands, for background)."),
        "flex_min": Field(MINUTES, 0.0, "Spread of start and end times between employers: "
                          "each worker's day shifts by a uniform draw in +-flex/2, in whole "
                          "5-minute steps.", "min"),
        "lunch_home": Field(boolean(), False, "Whether workers of this group may go home at "
                            "noon (share from `population.lunch_home`)."),
        "modes": _mode_shares("Mode shares of the group's own trips; sum to 1."),
        "errand_hours": Field(numbers(number(0, 1e6), length=24), None, "Background only: relative "
                              "departure rate of errands in each hour from 00:00."),
        "errand_dwell_min": Field(numbers(MINUTES, length=2), None, "Background only: errand "
                                  "length, uniform between the two values.", "min"),
    }, "The people of each group: office (government and public institutions), "
       "enterprise, service, school (pupils and teachers), background (errands)."),
    "schedules": Each(WORK_GROUPS, {
        "periods": Field(periods(), REQUIRED, 'Work periods, e.g. ["09:00-12:00", '
                         '"13:00-17:00"].', "HH:MM"),
        "compliance": Field(SHARE, 1.0, "Share of the group (in `zones`) who keep `periods`; "
                            "the others keep `otherwise`."),
        "zones_column": Field(text(), None, "Node column selecting the workplaces the schedule "
                              "applies to (with `zones_values`); left out: everywhere."),
        "zones_values": Field(words(), None, "Values of `zones_column` where it applies."),
        "otherwise": Field(periods(), None, "Periods of those who do not comply or work "
                           "elsewhere; needed when compliance < 1 or zones are given.", "HH:MM"),
    }, "The hours each working group keeps."),
    "equilibrium": {
        "iterations": Field(integer(0, 1000), 8, "Most days of departure-time and route "
                            "adaptation after the planned day (the day cap); 0: everyone "
                            "leaves as planned (target - free-flow time - buffer) on the "
                            "free-flow shortest path, the fixed-departures answer."),
        "gap": Field(number(0, 1, open_low=True), 0.05, "Stop adapting once the relative gap "
                     "(the share of the day's cost travellers could still save by changing "
                     "departure or taking their fastest-looking route) is this small."),
        "settle": Field(number(0, 1), 0.02, "Stop adapting once the total cost to the "
                        "choosing travellers and the road delay (pcu-h), each averaged over the "
                        "last two days, change by less than this share from the two days "
                        "before (priced days swing from one to the next): the finding no "
                        "longer moves. 0: stop on the gap or the day cap alone."),
        "choice_scale_min": Field(number(0.01, 60, factor=60.0), 0.5,
                                  "Scale of the logit over arrival minutes in the price "
                                  "solve; smaller spreads arrivals less but solves slower "
                                  "(the first solve runs 4 times coarser). The spread alone "
                                  "leaves about 2% of the city's cost to save at 0.5 min, "
                                  "0.6% at 0.25 (quarter scale).", "min"),
        "window_min": Field(numbers(MINUTES, length=2), [120.0, 60.0], "How much earlier and "
                            "how much later than their preferred arrival a traveller "
                            "considers arriving. [0, 0]: departures stay as planned and only "
                            "routes adapt.", "min"),
        "route_share": Field(number(0, 1), 0.1, "Share of the drivers with a faster route on "
                             "the day, among those whose departure is not chosen, who take it "
                             "the next day (MATSim re-routes 10%); it shrinks after the third "
                             "day as 3 / (day + 1). Choosing travellers choose route with "
                             "arrival in the price solve."),
    },
    "impacts": {
        "fuel_l_per_km": Field(number(0, 1), 0.05, "Fuel per km of a petrol car, besides the "
                               "fuel of time on the road: K1 of the elemental model, fuel per "
                               "km = K1 + K2 / speed (Evans and Herman 1978); value assumed "
                               "for a small modern car.", "L/km"),
        "idle_fuel_l_per_h": Field(number(0, 10), 0.9, "Fuel per hour on the road, idling "
                                   "included: K2 of the elemental model; value assumed (a "
                                   "small petrol car idles on about 0.6-1 L/h).", "L/h"),
        "fuel_modes": Field(numbers(choice(*MODES)), ["car", "bus"], "Modes that burn "
                            "petrol; their fuel is counted per pcu (e-bikes run on "
                            "electricity)."),
        "co2_kg_per_l": Field(number(0, 10), 2.35, "CO2 from burning a litre of petrol "
                              "(US EPA: 8,887 g per US gallon).", "kg/L"),
        "congested_speed_ratio": Field(number(0, 1, open_low=True), 0.5, "A vehicle is in "
                                       "congested traffic on a link it crosses at under this "
                                       "share of the free speed (assumed)."),
        "school_window_min": Field(MINUTES, 30.0, "Exposure near schools counts the "
                                   "vehicle-km on links into a school's node this long either "
                                   "side of the school's first start and last end.", "min"),
        "evening_end": Field(clock(), "22:00", "End of the evening left after work (shops, "
                             "restaurants, activities; assumed).", "HH:MM"),
    },
    "behaviour": Each(WORK_GROUPS, {
        "alpha_per_h": Field(number(0, 10_000), 20.0, "Value of travel time (assumed).", "CNY/h"),
        "beta_per_h": Field(number(0, 10_000), 12.2, "Cost of arriving early: 0.61 alpha, the "
                            "ratio of Small (1982).", "CNY/h"),
        "gamma_per_h": Field(number(0, 10_000), 48.0, "Cost of arriving late: 2.4 alpha, the "
                             "ratio of Small (1982).", "CNY/h"),
        "arrival_buffer_min": Field(numbers(MINUTES, length=2), [5.0, 15.0], "Personal "
                                    "margin: each person departs at the target time minus "
                                    "free-flow time minus a uniform draw in this range "
                                    "(assumed).", "min"),
        "leave_after_min": Field(numbers(MINUTES, length=2), [0.0, 10.0], "Each person leaves "
                                 "work (or school) a uniform draw in this range after it ends "
                                 "(assumed).", "min"),
    }, "Costs and margins per working group."),
}
