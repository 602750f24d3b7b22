"""Quote suggestions: the quotations in an article and who said them, found offline.

:func:`detect` works on text alone (no database, no Qt); :func:`suggest` is the service
wrapper that loads an article and the library's speakers and leaves out spans already quoted.
"""

from __future__ import annotations

from models.tables import QuoteKind
from services.detection.engine import detect
from services.detection.model import KnownSpeaker, Suggestion
from services.detection.service import suggest

__all__ = ["KnownSpeaker", "QuoteKind", "Suggestion", "detect", "suggest"]
