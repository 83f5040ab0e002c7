"""Scenario files: extends, overrides, and a clear ScenarioError for each kind of mistake."""

from pathlib import Path

import pytest

from sim.errors import ScenarioError
from sim.scenario import load_scenario

SHAOYANG = Path(__file__).parents[2] / "scenarios" / "shaoyang"
BASELINE = SHAOYANG / "baseline_8to5.toml"


def variant(tmp_path: Path, body: str, name: str = "variant.toml") -> Path:
    path = tmp_path / name
    path.write_text(f'extends = "{BASELINE.as_posix()}"\n{body}', encoding="utf-8")
    return path


def test_every_shaoyang_scenario_loads():
    names = {load_scenario(path).name for path in SHAOYANG.glob("*.toml")
             if path.name != "targets.toml"}  # the calibration's targets
    assert names == {"baseline_8to5", "baseline_hunan_winter", "proposal_9to5",
                     "proposal_0830", "outside_core_first"}


def test_variant_states_only_its_differences():
    base, proposal = load_scenario(BASELINE), load_scenario(SHAOYANG / "proposal_9to5.toml")
    assert proposal.settings.schedules["office"].periods.periods_s == (
        (9 * 3600, 12 * 3600), (13 * 3600, 17 * 3600))
    assert proposal.settings.groups == base.settings.groups
    assert proposal.settings.schedules["school"] == base.settings.schedules["school"]


def test_times_are_held_in_seconds_and_minutes_fields_renamed():
    settings = load_scenario(BASELINE).settings
    assert settings.simulation.start_s == 5 * 3600
    assert settings.population.drop_off_dwell_s == 180.0
    assert settings.population.lunch_home.break_s[0] == 3600.0


def test_overrides_replace_dotted_fields():
    scenario = load_scenario(BASELINE).with_values({"schedules.office.compliance": 0.5,
                                                    "schedules.office.otherwise":
                                                        ["08:00-12:00", "14:00-17:00"]})
    assert scenario.settings.schedules["office"].compliance == 0.5


@pytest.mark.parametrize("body, field, words", [
    ("[simulation]\nsped = 1\n", "simulation.sped", "unknown key; allowed here: start"),
    ("colour = 'red'\n", "colour", "unknown key"),
    ('[schedules.office]\nperiods = ["08:00-12:00", "14:00-25:00"]\n',
     "schedules.office.periods", "00:00 to 24:00"),
    ('[schedules.office]\nperiods = ["12:00-09:00"]\n', "schedules.office.periods",
     "ends before it starts"),
    ('[schedules.office]\nperiods = ["08:00-12:00", "11:00-17:00"]\n',
     "schedules.office.periods", "overlap"),
    ("[simulation]\nstart = '23:00'\nend = '22:00'\n", "simulation.end", "after simulation.start"),
    ("[groups.office]\nshare = 1.2\n", "groups.office.share", "<= 1"),
    ("[groups.office]\nshare = 0.5\n", "groups", "must sum to 1"),
    ("[groups.office.modes]\ncar = 0.9\n", "groups.office.modes", "must sum to 1"),
    ("[population.escort]\nparent = -0.1\n", "population.escort.parent", ">= 0"),
    ("[population.lunch_home]\nbreak_min = [60, 120]\n", "population.lunch_home.share",
     "one share per break length"),
    ("[population.pcu]\nwalk = 0.5\n", "population.pcu.walk", "walkers load no road"),
    ("[schedules.office]\ncompliance = 0.5\n", "schedules.office.otherwise", "needed when"),
    ("[population]\ndrop_off_dwell_min = 0.5\n", "population.drop_off_dwell_min",
     "at least simulation.tick_s"),
    ("[simulation]\nseed = 1.5\n", "simulation.seed", "whole number"),
    ('[network.shaoyang]\nclosed_zi_bridges_km = [5]\n', "network.shaoyang",
     'only for source = "shaoyang"'),
    ('[network]\nsource = "osm"\n', "network.source", 'one of "gmns", "shaoyang"'),
    ("[simulation]\ntick_s = 45\n", "simulation.tick_s", "whole number of steps"),
    ("[simulation]\ntick_s = 600\nstart = '05:05'\n", "simulation.start", "whole tick"),
    ("[behaviour.office]\nbeta_per_h = 25\n", "behaviour.office.beta_per_h",
     "must be below alpha_per_h"),
    ("[equilibrium]\nroute_share = 1.5\n", "equilibrium.route_share", "<= 1"),
    ("[equilibrium]\nwindow_min = [60]\n", "equilibrium.window_min", "a list of 2 values"),
])
def test_bad_value_names_file_field_and_what_is_allowed(tmp_path, body, field, words):
    path = variant(tmp_path, body)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert caught.value.field == field
    assert words in str(caught.value)
    assert caught.value.file == str(path.resolve()), "the variant stated the value"
    assert str(caught.value).startswith(caught.value.file)


def test_error_names_the_file_that_stated_the_value(tmp_path):
    with pytest.raises(ScenarioError) as caught:
        load_scenario(variant(tmp_path, "[groups.office]\nshare = 2.0\n"))
    assert caught.value.file == str((tmp_path / "variant.toml").resolve())


def test_missing_field_in_a_scenario_without_extends(tmp_path):
    path = tmp_path / "bare.toml"
    path.write_text('[network]\nsource = "shaoyang"\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match="missing") as caught:
        load_scenario(path)
    assert caught.value.field == "population.people"


def test_missing_files_are_named(tmp_path):
    with pytest.raises(ScenarioError, match="file not found"):
        load_scenario(tmp_path / "nowhere.toml")
    path = tmp_path / "orphan.toml"
    path.write_text('extends = "gone.toml"\n', encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert caught.value.field == "extends" and "gone.toml" in str(caught.value)


def test_circular_extends_is_an_error(tmp_path):
    (tmp_path / "a.toml").write_text('extends = "b.toml"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('extends = "a.toml"\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match="circle"):
        load_scenario(tmp_path / "a.toml")


def test_bad_toml_is_an_error(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("[simulation\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="not valid TOML"):
        load_scenario(path)


def test_a_variant_in_another_folder_keeps_the_network_its_base_names(tmp_path):
    scenario = load_scenario(variant(tmp_path, "[simulation]\nseed = 2\n"))
    network = SHAOYANG.resolve() / "network"
    assert scenario.settings.network.gmns == str(network)
    assert set(scenario.input_paths) == {(tmp_path / "variant.toml").resolve(),
                                         BASELINE.resolve(), network}


def test_a_variant_s_own_network_is_found_beside_it(tmp_path):
    (tmp_path / "roads").mkdir()
    scenario = load_scenario(variant(tmp_path, '[network]\ngmns = "roads"\n'))
    assert scenario.settings.network.gmns == str((tmp_path / "roads").resolve())


def test_an_error_found_while_planning_names_the_file_that_stated_the_field(tmp_path):
    from sim.simulate.day import plan_day

    scenario = load_scenario(variant(tmp_path, '[population]\nhome_weight = "nowhere"\n'))
    with pytest.raises(ScenarioError) as caught:
        plan_day(scenario)
    assert caught.value.field == "population.home_weight"
    assert caught.value.file == str((tmp_path / "variant.toml").resolve())


def test_an_override_may_supply_what_the_files_leave_out(tmp_path):
    text = BASELINE.read_text(encoding="utf-8")
    (tmp_path / "network").symlink_to(SHAOYANG / "network")
    partial = tmp_path / "partial.toml"
    partial.write_text(text.replace("\npeople = ", "\n# people = "), encoding="utf-8")
    with pytest.raises(ScenarioError, match="missing"):
        load_scenario(partial)
    assert load_scenario(partial, {"population.people": 5000}).settings.population.people == 5000


def test_a_field_reads_as_the_files_state_it_else_its_schema_default():
    nine = load_scenario(SHAOYANG / "proposal_9to5.toml")
    assert nine.stated("schedules.office.periods") == ["09:00-12:00", "13:00-17:00"]
    assert nine.stated("groups.enterprise.flex_min") == 103.0  # from the file it extends
    assert nine.stated("network.facility_types.bridge.capacity_factor") == 1.0  # default
