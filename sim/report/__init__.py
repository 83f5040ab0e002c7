"""What goes to the city: labels in Chinese and English, the font, the figures of a comparison."""

from .fonts import use_font
from .labels import LANGUAGES, label

__all__ = ["LANGUAGES", "label", "use_font"]
