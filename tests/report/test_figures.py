"""Every figure of a comparison: written, with its axes labelled, in both languages, no glyph
missing from the font."""

import warnings

import matplotlib.pyplot as plt
import pytest

from sim.report import figures, maps
from sim.report.departures import departures_tag
from sim.report.fonts import use_font
from sim.report.labels import kpi_label, label

from .made_up import made_up_comparison, with_robustness

pytestmark = pytest.mark.integration  # whole runs of the city


@pytest.fixture
def drawn(monkeypatch):
    """The matplotlib figures the figure functions save, in order."""
    saved = []
    original = figures.save_tagged

    def keep(figure, path, tag):
        saved.append(figure)
        return original(figure, path, tag)
    monkeypatch.setattr(figures, "save_tagged", keep)
    return saved


EXPECTED_AXES = {  # figure -> (x label key, y label key) of its first axes
    "road_load.png": ("time_of_day", "on_the_road_pcu"),
    "delay_saved.png": (None, "delay_saved_h"),
    "school_runs.png": (None, "share_pct"),
    "commute_office.png": ("commute_min", "share_of_commuters"),
    "lateness_office.png": ("minutes_late", None),
    "corridor_speed.png": (None, "corridor_km"),
    "equilibrium_gap.png": ("iteration", "relative_gap"),
}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_figure_is_written_with_its_labels(city_comparison, drawn, tmp_path, language):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a glyph missing from the font warns: fail on it
        paths = figures.draw_figures(city_comparison, language, tmp_path)
    names = [p.name for p in paths]
    assert names == [*figures.FIGURES, "equilibrium_gap.png"]
    for path in paths:
        assert path.stat().st_size > 20_000
    for name, figure in zip(names, drawn):
        axis = figure.axes[0]
        if name in EXPECTED_AXES:
            x_key, y_key = EXPECTED_AXES[name]
            if y_key:
                assert axis.get_ylabel() == label(y_key, language)
            if x_key:
                assert axis.get_xlabel() == label(x_key, language)
        title = figure._suptitle.get_text() if figure._suptitle else axis.get_title()
        assert title
        # a figure lifted out of the pack still says which answer it shows
        assert departures_tag(city_comparison, language) in [t.get_text() for t in figure.texts]
        if language == "zh":
            assert any("\u4e00" <= ch <= "\u9fff" for ch in title), name
    impacts = drawn[names.index("impacts.png")]
    assert [a.get_title() for a in impacts.axes] == [kpi_label(k, language)
                                                    for k in figures.IMPACTS]
    bridges = drawn[names.index("bridge_flows.png")]
    assert bridges._suptitle.get_text() == label("title_bridge_flow", language)
    panels = [axis.get_title() for axis in bridges.axes if axis.get_visible()]
    assert {"en": "West Zi Bridge, northbound", "zh": "资江西桥（北向）"}[language] in panels
    # what the dashed line means is said on the figure itself, as are the corridor's blanks
    assert label("bridge_flows_note", language) in [t.get_text() for t in bridges.texts]
    corridor = drawn[names.index("corridor_speed.png")]
    assert label("corridor_note", language, minutes="5") in [t.get_text() for t in corridor.texts]
    legend = drawn[names.index("road_load.png")].axes[0].get_legend()
    # the schedules by their titles, as the scenario files state them
    assert [t.get_text() for t in legend.get_texts()] == city_comparison.titled(language)
    assert city_comparison.titled(language)[1] == {"en": "9-to-5 day (1-hour lunch)",
                                                   "zh": "朝九晚五（午休1小时）"}[language]


def test_a_glyph_missing_from_the_font_is_caught(tmp_path):
    """The check above can fail: a character the font lacks makes matplotlib warn."""
    use_font()
    figure, axis = plt.subplots()
    axis.set_title("\U0001F6B2")  # a bicycle emoji: not in Noto Sans CJK
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(UserWarning, match="missing from font"):
            figure.savefig(tmp_path / "missing.png")
    plt.close(figure)


def test_the_city_maps_show_every_schedule_and_name_the_bridges(city_comparison, tmp_path,
                                                               monkeypatch):
    kept = []
    original = maps.save_tagged

    def keep(figure, path, tag, dpi):
        kept.append(figure)
        return original(figure, path, tag, dpi)
    monkeypatch.setattr(maps, "save_tagged", keep)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        maps.peak_speed_map(city_comparison, "zh", tmp_path / "peak.png")
        maps.speed_change_map(city_comparison, "zh", tmp_path / "change.png")
    peak, change = kept
    panels = [axis for axis in peak.axes if axis.get_title()]
    assert [axis.get_title().split("\n")[0] for axis in panels] == city_comparison.titled("zh")
    names = {text.get_text() for axis in panels for text in axis.texts}
    assert {"资江西桥", "资江东桥", "邵水北桥"} <= names
    assert len([axis for axis in change.axes if axis.get_title()]) == 1  # one proposal


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_robustness_figure_shows_both_ranges_and_what_drives_them(drawn, tmp_path,
                                                                      language):
    comparison = with_robustness(made_up_comparison())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = figures.robustness(comparison, language, tmp_path / "robustness.png")
    assert path.stat().st_size > 20_000
    effect, drivers = drawn[0].axes
    assert effect.get_xlabel() == label("delay_change_pct", language,
                                        reference=comparison.titled(language)[0])
    # nine's range over the assumptions: the settled -40% shifted by -5, 0, +5 points
    assert list(effect.lines[0].get_xdata()) == pytest.approx([-45.0, -35.0])
    # the bars are each proposal's rank correlation per assumption: nine's capacity +1
    assert drivers.patches[0].get_width() == pytest.approx(1.0)
    assert drivers.get_yticklabels()[0].get_text() == label(
        "assumption_capacity", language)
