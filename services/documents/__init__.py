"""Files the journal hands out: PDFs to print and sign, with the fonts they are set in."""

from pathlib import Path

FONTS = Path(__file__).resolve().parent / "fonts"
# DejaVu Sans: Cyrillic, free to embed (its licence is beside it).
FONT = FONTS / "DejaVuSans.ttf"
