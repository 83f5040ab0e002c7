"""briefing.pdf: the finding in plain words on page 1, then one figure a page with its caption.

The words are built from the comparison's numbers (no sentence is written
by hand for a particular result), in the language asked, from the label
table.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.image as mpimg  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.backends.backend_pdf import PdfPages  # noqa: E402

from ..compare.comparison import Comparison  # noqa: E402
from .departures import departures_sentence, departures_tag  # noqa: E402
from .fonts import use_font  # noqa: E402
from .labels import label  # noqa: E402
from .tables import figure_text, interval_text  # noqa: E402

A4_IN = (8.27, 11.69)
LINE_WIDTH = 88  # half-width columns of a line of 10.5 pt text on A4
CLOSING = "，。；：、）」』%"  # never starts a line


def _percent(change: float, reference: float) -> str:
    return "-" if not reference else f"{100 * change / reference:+.0f}%"


def _relative_interval(comparison: Comparison, key: str, s: int) -> str:
    """"-37% [-41%, -33%]": scenario s's paired difference in figure `key` as a share
    of the reference's level."""
    change, reference = comparison.difference(key), comparison.interval(key).mean[0]
    return interval_text(change.mean[s], change.low[s], change.high[s],
                         lambda value: _percent(value, reference))


def _figure_interval(comparison: Comparison, key: str, s: int, language: str) -> str:
    """Scenario s's paired difference in figure `key`, in its own unit ("+6.1 pp"),
    with its interval."""
    change = comparison.difference(key)
    return figure_text(change.mean[s], change.low[s], change.high[s], key, signed=True,
                       language=language)


def finding(comparison: Comparison, language: str) -> list[str]:
    """The paragraphs of page 1: the headline, one line per scenario, how sure."""
    names = comparison.titled(language)
    ref = names[0]
    delay, level = comparison.difference("delay_pcu_h"), comparison.interval("delay_pcu_h")
    base = level.mean[0]
    lowered = [s for s in range(1, len(names)) if delay.high[s] < 0]
    if delay.n < 2:
        best = min(range(1, len(names)), key=lambda s: delay.mean[s])
        paragraphs = [label("finding_one_seed", language, best=names[best], reference=ref,
                            change=_percent(delay.mean[best], base))]
    elif lowered:
        best = min(lowered, key=lambda s: delay.mean[s])
        paragraphs = [label("finding_best", language, best=names[best], reference=ref,
                            change=_percent(delay.mean[best], base),
                            low=_percent(delay.low[best], base),
                            high=_percent(delay.high[best], base))]
    else:
        paragraphs = [label("finding_none", language, reference=ref)]
    peaks = comparison.interval("daily_peaks.count").mean
    for s in range(1, len(names)):
        text = {key: _figure_interval(comparison, k, s, language)
                for key, k in (("late", "groups.office.lateness_share"),
                               ("school", "school_runs.parent_runs_on_time_share"))}
        paragraphs.append(label(
            "finding_scenario", language, name=names[s],
            delay=_relative_interval(comparison, "delay_pcu_h", s), peaks=f"{peaks[s]:.0f}",
            reference=ref, reference_peaks=f"{peaks[0]:.0f}",
            co2=_relative_interval(comparison, "co2_t", s), **text))
        paragraphs.append(label(
            "finding_elsewhere", language, name=names[s],
            schools=_relative_interval(comparison, "near_schools_at_bells_pcu_km", s),
            services=_relative_interval(comparison, "groups.service.delay_h", s),
            evening=_figure_interval(comparison, "evening_h.office", s, language)))
    n = len(comparison.seeds)
    seeds = label("one_seed", language) if n == 1 else label("seed_count", language, n=n)
    paragraphs.append(label("how_sure", language, seeds=seeds,
                            scale=f"{comparison.scale:g}",
                            adaptation=departures_sentence(comparison, language)))
    return paragraphs


def wrap_text(text: str, language: str) -> str:
    """Lines of at most LINE_WIDTH half-width columns. English breaks at spaces; Chinese
    between any two characters, but never inside a run of Latin letters and digits
    (a scenario name, "-37%") nor before closing punctuation, and a Chinese character
    counts two columns."""
    if language == "en":
        return "\n".join(textwrap.wrap(text, LINE_WIDTH))
    tokens = re.findall(r"[\x21-\x7e]+|\s|.", text)
    lines, line, used = [], "", 0
    for token in tokens:
        width = sum(1 if ord(ch) < 0x2E80 else 2 for ch in token)
        if used + width > LINE_WIDTH and line.strip() and token not in CLOSING:
            lines.append(line.rstrip())
            line, used = "", 0
            if token.isspace():
                continue
        line, used = line + token, used + width
    return "\n".join([*lines, line.rstrip()])


def _text_page(pdf: PdfPages, title: str, paragraphs: list[str], language: str) -> None:
    figure = plt.figure(figsize=A4_IN)
    figure.text(0.08, 0.94, title, fontsize=16, va="top")
    y = 0.88
    for paragraph in paragraphs:
        wrapped = wrap_text(paragraph, language)
        figure.text(0.08, y, wrapped, fontsize=10.5, va="top", linespacing=1.5)
        y -= 0.028 * (wrapped.count("\n") + 1) + 0.025
    pdf.savefig(figure)
    plt.close(figure)


def _figure_page(pdf: PdfPages, images: list[Path], language: str, tag: str) -> None:
    """Figures stacked down an A4 page, each with its caption beneath, which ends with
    `tag` (``departures.departures_tag``)."""
    figure = plt.figure(figsize=A4_IN)
    top = 0.95
    for image in images:
        picture = mpimg.imread(image)
        height, width = picture.shape[:2]
        box_w = 0.86
        box_h = min(0.8, box_w * height / width * A4_IN[0] / A4_IN[1])
        axis = figure.add_axes((0.07, top - box_h, box_w, box_h))
        axis.imshow(picture)
        axis.axis("off")
        caption = f"{label(f'caption_{image.name}', language)} ({tag})"
        figure.text(0.07, top - box_h - 0.01, wrap_text(caption, language), fontsize=10.5,
                    va="top")
        top -= box_h + 0.07
    pdf.savefig(figure)
    plt.close(figure)


def figure_pages(images: list[Path]) -> list[list[Path]]:
    """Figures grouped by page: as many as fit down an A4 page, a tall one alone."""
    pages: list[list[Path]] = []
    room = 0.0
    for image in images:
        height, width = mpimg.imread(image).shape[:2]
        need = min(0.8, 0.86 * height / width * A4_IN[0] / A4_IN[1]) + 0.07
        if not pages or need > room:
            pages.append([])
            room = 0.92
        pages[-1].append(image)
        room -= need
    return pages


def write_briefing(comparison: Comparison, language: str, figures: list[Path],
                   path: str | Path) -> Path:
    """Page 1 the finding, then the figures (PNG paths) with their captions, as many to a
    page as fit."""
    use_font()
    with PdfPages(path) as pdf:
        _text_page(pdf, label("briefing_title", language), finding(comparison, language),
                   language)
        tag = departures_tag(comparison, language)
        for images in figure_pages(figures):
            _figure_page(pdf, images, language, tag)
    return Path(path)
