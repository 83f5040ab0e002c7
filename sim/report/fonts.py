"""The one font of every figure: Noto Sans CJK, from its pip package, so no system font is needed.

Noto Sans CJK (SIL Open Font License) carries Latin and Chinese glyphs alike,
so an English and a Chinese figure look the same. The package ships the
Traditional Chinese cut (TC), which holds every simplified character too; a
few shapes differ in small details from the mainland (SC) cut.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import cvttf_NotoSansCJK_Regular as _noto
from matplotlib import font_manager, rcParams

FONT_FILE = Path(_noto.__file__).parent / "NotoSansCJKtc-Regular.otf"


@lru_cache(maxsize=1)
def font_name() -> str:
    """Register the font with matplotlib (once) and return its family name."""
    font_manager.fontManager.addfont(str(FONT_FILE))
    return font_manager.FontProperties(fname=str(FONT_FILE)).get_name()


def use_font() -> str:
    """Make the CJK font matplotlib's first choice; returns its family name."""
    name = font_name()
    rcParams["font.family"] = "sans-serif"
    rcParams["font.sans-serif"] = [name, *[f for f in rcParams["font.sans-serif"] if f != name]]
    rcParams["axes.unicode_minus"] = False
    return name
