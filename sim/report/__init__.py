"""What goes to the city: labels in Chinese and English, the font, the figures of a comparison.

Figures and the font load matplotlib; import them from their modules
(``sim.report.figures``, ``sim.report.fonts``) when a figure is drawn.
"""

from .labels import LANGUAGES, label

__all__ = ["LANGUAGES", "label"]
