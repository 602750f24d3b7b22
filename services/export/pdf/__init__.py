"""PDF building blocks shared by every Quotebook PDF: bundled fonts, shaping, bidi and line layout.

reportlab draws the pages; this package makes sure any script a journalist quotes comes out right:
each run of characters in a font that has them (:mod:`.fonts`), Arabic and Hebrew shaped
(:mod:`.shaping`) and put in visual order line by line (:mod:`.bidi_order`), and every glyph
mapped back to the source's characters so text copied out of the PDF is the quote (:mod:`.ttfont`).
:mod:`.textlayout` breaks paragraphs into lines and knows where each character lands;
:mod:`.body` places an annotated article's text, highlights, markers and margin notes on pages.
"""

from reportlab import rl_config

# Compressed streams (page contents, embedded fonts) are written as binary, not re-encoded in
# ASCII85: reportlab's encoder is pure Python and took a tenth of the time of a long citation
# list, and the files come out a sixth smaller. Every PDF reader takes either.
rl_config.useA85 = 0
