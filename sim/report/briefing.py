"""briefing.pdf: the finding on page 1, then the maps and figures with their captions.

Page 1 holds the headline, the table of what each schedule changes, how sure
and how far the assumptions move it (``finding.py``), then, in the room left, the map of where the morning
peak gets faster or slower.
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
from .departures import departures_tag  # noqa: E402
from .finding import (  # noqa: E402
    change_table,
    headline,
    how_sure,
    robustness_text,
    table_caption,
)
from .fonts import use_font  # noqa: E402
from .labels import label  # noqa: E402

A4_IN = (8.27, 11.69)
LINE_WIDTH = 88  # half-width columns of a line of 10.5 pt text on A4
CLOSING = "，。；：、）」』%"  # never starts a line
CHANGE_MAP = "speed_change.png"  # drawn on page 1 when it fits


def wrap_text(text: str, language: str, width: int = LINE_WIDTH) -> str:
    """Lines of at most `width` half-width columns. English breaks at spaces; Chinese
    between any two characters, but never inside a run of Latin letters and digits
    (a scenario name, "-37%") nor before closing punctuation, and a Chinese character
    counts two columns."""
    if language == "en":
        return "\n".join(textwrap.wrap(text, width))
    tokens = re.findall(r"[\x21-\x7e]+|\s|.", text)
    lines, line, used = [], "", 0
    for token in tokens:
        size = sum(1 if ord(ch) < 0x2E80 else 2 for ch in token)
        if used + size > width and line.strip() and token not in CLOSING:
            lines.append(line.rstrip())
            line, used = "", 0
            if token.isspace():
                continue
        line, used = line + token, used + size
    return "\n".join([*lines, line.rstrip()])


TEXT_PT, LINE_SPACING = 10.5, 1.5
LINE_STEP = TEXT_PT * LINE_SPACING / (A4_IN[1] * 72)  # page height per line of text
PARAGRAPH_GAP = 0.015
ROW_STEP = 0.019  # page height per table row: 16 pt for 9 pt text
MARGIN = 0.06
LABEL_WIDTH = 0.36  # share of the table's width for the row labels
TITLE_WIDTH = 26  # half-width columns of a schedule's title above its column
SECTION_COLOUR = "#0072B2"  # the reference's blue
MAP_ROOM = 0.15  # least share of the page the change map is drawn in


def _paragraph(figure, text: str, y: float, language: str) -> float:
    """A wrapped paragraph from height `y` down; returns the height below it."""
    wrapped = wrap_text(text, language)
    figure.text(0.08, y, wrapped, fontsize=TEXT_PT, va="top", linespacing=LINE_SPACING)
    return y - LINE_STEP * (wrapped.count("\n") + 1) - PARAGRAPH_GAP


def _table(figure, comparison: Comparison, y: float, language: str) -> float:
    """Page 1's table from height `y` down, each section's heading in blue; returns the
    height below it."""
    header, rows = change_table(comparison, language)
    titles = [wrap_text(title, language, width=TITLE_WIDTH) for title in header[1:]]
    header_lines = max(title.count("\n") + 1 for title in titles)
    height = ROW_STEP * (len(rows) + header_lines)
    axis = figure.add_axes((0.08, y - height, 0.84, height))
    axis.axis("off")
    cell_width = (1 - LABEL_WIDTH) / len(titles)
    table = axis.table(cellText=[row[1:] for row in rows], rowLabels=[row[0] for row in rows],
                       colLabels=titles, loc="upper right", cellLoc="right", rowLoc="left",
                       colLoc="right", edges="horizontal", colWidths=[cell_width] * len(titles))
    table.auto_set_font_size(False)
    table.set_fontsize(9)
    for (r, c), cell in table.get_celld().items():
        cell.set_height((header_lines if r == 0 else 1) / (len(rows) + header_lines))
        if c == -1:
            cell.set_width(LABEL_WIDTH)
        if r > 0 and not any(rows[r - 1][1:]):  # a section's heading
            cell.set_text_props(color=SECTION_COLOUR)
    return y - height - PARAGRAPH_GAP


def first_page(pdf: PdfPages, comparison: Comparison, language: str,
               change_map: Path | None) -> float:
    """The headline, the table, how sure; then the change map (a PNG) in the room left
    if that is more than MAP_ROOM of the page. Returns the height (share of the page)
    the words and table leave free below them."""
    figure = plt.figure(figsize=A4_IN)
    figure.text(0.08, 0.94, label("briefing_title", language), fontsize=16, va="top")
    y = _paragraph(figure, headline(comparison, language), 0.88, language)
    y = _paragraph(figure, table_caption(comparison, language), y, language) + PARAGRAPH_GAP / 2
    y = _table(figure, comparison, y, language)
    sure = ("" if language == "zh" else " ").join(filter(None, [how_sure(comparison, language),
                                  robustness_text(comparison, language)]))
    y = _paragraph(figure, sure, y, language)
    if change_map is not None and y - MARGIN > MAP_ROOM:
        picture = mpimg.imread(change_map)
        axis = figure.add_axes((0.06, MARGIN, 0.88, y - MARGIN))
        axis.imshow(picture)
        axis.axis("off")
    pdf.savefig(figure)
    plt.close(figure)
    return y


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
    """Page 1 the finding (with the change map, `CHANGE_MAP` among `figures`, if there is
    room), then the other figures (PNG paths) with their captions, as many to a page as
    fit."""
    use_font()
    change_map = next((f for f in figures if f.name == CHANGE_MAP), None)
    with PdfPages(path) as pdf:
        first_page(pdf, comparison, language, change_map)
        tag = departures_tag(comparison, language)
        rest = [f for f in figures if f != change_map]
        for images in figure_pages(rest):
            _figure_page(pdf, images, language, tag)
    return Path(path)
