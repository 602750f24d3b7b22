"""The quotation marks each language prints a quote in.

A citation list shows a Russian quote as «…», a German one as „…“ and a Japanese one as 「…」:
the marks are the article's language's, not the exporter's. The table follows the primary
quotation marks of the Unicode CLDR locale data (``<delimiters>``) where newsrooms agree with
it; babel, the CLDR package we have, does not carry those delimiters, so the few dozen pairs
are listed here. Where the press differs from CLDR the press wins, and the entry says why.
"""

from __future__ import annotations

from typing import NamedTuple

#: A narrow no-break space: French sets one inside guillemets, and it must never break a line.
NARROW_NBSP = "\u202f"


class Marks(NamedTuple):
    open: str
    close: str


_GUILLEMETS = Marks("«", "»")
_GERMAN = Marks("„", "“")
_LOW_HIGH = Marks("„", "”")
_ENGLISH = Marks("“", "”")
_SWEDISH = Marks("”", "”")
_CORNER = Marks("「", "」")

#: The marks when an article's language is unknown or not listed: the English pair is the one
#: most readers recognise as quotation marks.
DEFAULT = _ENGLISH

#: By language tag (lower case); a region or script entry overrides its language's.
_MARKS: dict[str, Marks] = {
    "en": _ENGLISH,
    # Cyrillic-script languages.
    "ru": _GUILLEMETS,
    "uk": _GUILLEMETS,
    "be": _GUILLEMETS,
    "kk": _GUILLEMETS,
    "bg": _GERMAN,
    "mk": _GERMAN,
    "sr": _GERMAN,
    # Central and northern Europe.
    "de": _GERMAN,
    "de-ch": _GUILLEMETS,
    "de-li": _GUILLEMETS,
    "cs": _GERMAN,
    "sk": _GERMAN,
    "sl": _GERMAN,
    "hr": _GERMAN,
    "bs": _GERMAN,
    "lt": _GERMAN,
    "et": _GERMAN,
    "is": _GERMAN,
    "ka": _GERMAN,
    "pl": _LOW_HIGH,
    "hu": _LOW_HIGH,
    "ro": _LOW_HIGH,
    "nl": _ENGLISH,
    "da": _ENGLISH,
    "sv": _SWEDISH,
    "fi": _SWEDISH,
    "no": _GUILLEMETS,
    "nb": _GUILLEMETS,
    "nn": _GUILLEMETS,
    "lv": _ENGLISH,
    # Southern and western Europe.
    "fr": _GUILLEMETS,  # with narrow no-break spaces inside, see :func:`quoted`
    "fr-ch": _GUILLEMETS,  # Swiss French sets them without the spaces
    "es": _GUILLEMETS,
    "pt": _GUILLEMETS,
    "pt-br": _ENGLISH,
    "it": _GUILLEMETS,
    "ca": _GUILLEMETS,
    "el": _GUILLEMETS,
    "tr": _ENGLISH,
    # Right-to-left scripts: the marks are given in logical order. Guillemets are mirrored
    # characters, so in an Arabic line « at the start is drawn pointing outwards on the right.
    "ar": _GUILLEMETS,
    "fa": _GUILLEMETS,
    "ur": _ENGLISH,
    # Israeli newspapers print straight double quotes. Unlike curly marks, which keep their
    # left-to-right shapes and so look reversed in a right-to-left line, they read right in
    # either direction.
    "he": Marks('"', '"'),
    "yi": Marks('"', '"'),
    # East Asia. Mainland Chinese uses curly double quotes (《》 mark titles, not quotations);
    # traditional Chinese, like Japanese, uses corner brackets.
    "ja": _CORNER,
    "zh": _ENGLISH,
    "zh-hant": _CORNER,
    "zh-tw": _CORNER,
    "zh-hk": _CORNER,
    "zh-mo": _CORNER,
    "ko": _ENGLISH,
    "hi": _ENGLISH,
}

#: Languages that put a (narrow, unbreakable) space between the marks and the words.
_SPACED = frozenset({"fr"})


def _candidates(language: str) -> list[str]:
    """Lookup keys from most to least specific: ``zh-hant-tw`` → ``zh-hant-tw``, ``zh-hant``,
    ``zh-tw``, ``zh``."""
    parts = [part for part in language.strip().lower().replace("_", "-").split("-") if part]
    if not parts:
        return []
    keys = ["-".join(parts)]
    keys += ["-".join(parts[:2])] if len(parts) > 2 else []
    keys += [f"{parts[0]}-{part}" for part in parts[2:]]
    keys.append(parts[0])
    return keys


def _matched(language: str) -> tuple[str, Marks]:
    for key in _candidates(language):
        if key in _MARKS:
            return key, _MARKS[key]
    return "", DEFAULT


def marks_for(language: str) -> Marks:
    """The primary quotation marks for a BCP 47 language tag (``ru``, ``pt-BR``, ``zh-Hant``)."""
    return _matched(language)[1]


def quoted(text: str, language: str, *, space: str = NARROW_NBSP) -> str:
    """``text`` between the quotation marks of ``language``, its words untouched.

    A quote the journalist selected together with its marks («…» included) is not wrapped a
    second time. ``space`` is the unbreakable space French sets inside the marks; a writer whose
    line breaker would break at a narrow one can ask for another.
    """
    key, marks = _matched(language)
    # Only the entry that asked for spaces gets them: ``fr-CA`` falls back to ``fr`` and is
    # spaced, ``fr-CH`` has an entry of its own and is not.
    inner = space if key in _SPACED else ""
    stripped = text.strip()
    if len(stripped) >= 2 and stripped[0] == marks.open and stripped[-1] == marks.close:
        return text
    return f"{marks.open}{inner}{text}{inner}{marks.close}"
