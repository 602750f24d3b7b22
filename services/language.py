"""Which language an article is in, decided offline from its text.

py3langid ships its model inside the package (no download at run time). It is asked to choose
only among languages newsrooms file in, which makes short texts far more reliable than letting
it pick from all 97 it knows.
"""

from __future__ import annotations

from functools import cache
from typing import Any

#: ISO 639-1 codes Quotebook recognises without being told.
LANGUAGES: tuple[str, ...] = (
    "en",
    "ru",
    "uk",
    "be",
    "kk",
    "de",
    "fr",
    "es",
    "it",
    "pt",
    "nl",
    "pl",
    "cs",
    "sv",
    "no",
    "da",
    "fi",
    "tr",
    "el",
    "ja",
    "zh",
    "ko",
    "ar",
    "he",
    "fa",
    "hi",
)
#: How much text is enough to decide: a long paragraph; more only costs time.
SAMPLE_CHARS = 1500
#: Less than this and any guess is noise (a CJK character counts as two letters: it carries
#: about as much as a short word does).
MIN_LETTERS = 12


def _enough_letters(sample: str) -> bool:
    weight = 0
    for char in sample:
        if char.isalpha():
            weight += 2 if ord(char) >= 0x2E80 else 1
            if weight >= MIN_LETTERS:
                return True
    return False


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # noqa: PLC0415 - loaded on first use

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def detect_language(text: str) -> str:
    """The ISO 639-1 code of ``text``'s language, or "" when there is too little to tell."""
    sample = text[:SAMPLE_CHARS]
    if not _enough_letters(sample):
        return ""
    language, probability = _identifier().classify(sample)
    return str(language) if probability >= 0.5 else ""
