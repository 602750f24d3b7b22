"""The cues of each language Quotebook knows, by ISO 639 code."""

from __future__ import annotations

from services.detection import cues_de, cues_en, cues_es, cues_fr, cues_ja, cues_ru
from services.detection.lexicon import Cues

_BY_CODE: dict[str, Cues] = {
    "en": cues_en.CUES,
    "ru": cues_ru.CUES,
    # Ukrainian, Belarusian and Kazakh news in Russian-style typography still uses «…» and the
    # dash; the Russian verbs catch what Russian-language copy of those outlets says.
    "uk": cues_ru.CUES,
    "be": cues_ru.CUES,
    "kk": cues_ru.CUES,
    "de": cues_de.CUES,
    "fr": cues_fr.CUES,
    "es": cues_es.CUES,
    "ja": cues_ja.CUES,
}


def cues_for(language: str) -> Cues:
    """The cues of a language code ("en", "ru-RU", "de"…); empty cues for any other."""
    code = language.lower().replace("_", "-").split("-")[0]
    return _BY_CODE.get(code) or Cues(language=code)
