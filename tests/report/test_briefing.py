"""briefing.pdf: the finding on one A4 page, then the figures."""

import re
import warnings

import pytest

from sim.report import briefing
from sim.report.briefing import figure_pages, wrap_text, write_briefing
from sim.report.figures import draw_figures

from .made_up import made_up_comparison, with_robustness


@pytest.mark.parametrize("language", ["en", "zh"])
def test_briefing_has_the_finding_then_every_figure(tmp_path, language):
    comparison = made_up_comparison()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # every page's words in the font, no glyph missing
        figures = draw_figures(comparison, language, tmp_path)
        path = write_briefing(comparison, language, figures, tmp_path / "briefing.pdf")
    pages = len(re.findall(rb"/Type\s*/Page\b", path.read_bytes()))
    assert pages == 1 + len(figure_pages(figures))
    assert sum(len(page) for page in figure_pages(figures)) == len(figures)


@pytest.mark.parametrize("robust", [False, True])
@pytest.mark.parametrize("language", ["en", "zh"])
def test_page_one_fits_on_one_a4_page_with_room_for_the_change_map(tmp_path, language,
                                                                   robust):
    pages = []

    class Pages:
        def savefig(self, figure):
            pages.append(figure)
    comparison = made_up_comparison()
    comparison.titles[language][1] = "A long title for the second schedule, " * 2
    if robust:  # the range over the assumptions: a table row and a paragraph more
        comparison = with_robustness(comparison)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a glyph missing from the font warns: fail on it
        room = briefing.first_page(Pages(), comparison, language, None)
    assert room > briefing.MARGIN + briefing.MAP_ROOM  # the map fits below
    lowest = min(text.get_window_extent().y0 for text in pages[0].texts)
    assert lowest > 0  # nothing drawn below the page's foot


def test_chinese_lines_break_between_characters_not_inside_names():
    text = "与baseline_8to5相比，" + "没有任何方案能在随机种子波动之外降低道路延误" * 3 + "。"
    lines = wrap_text(text, "zh").splitlines()
    assert len(lines) > 1 and "baseline_8to5" in lines[0]
    assert not any(line.startswith("。") for line in lines)
    assert "".join(lines) == text
