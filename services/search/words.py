"""What a word is for search: folded, stemmed in its language, and cut into CJK bigrams.

The index and the query go through these same functions, so whatever a journalist types is
reduced exactly as the text was when it was indexed:

- **Folding**: NFKC (full-width Latin, half-width kana), case-folded in every script, Latin and
  Greek accents dropped (``tomas`` finds Tomás), Cyrillic ``ё`` read as ``е``; ``й`` and ``ў``
  stay letters of their own, and so do Japanese voiced kana (their marks are not accents).
- **Stemming**: a Snowball stemmer (PyStemmer, C) chosen by the article's language, or by the
  word's script when the language is unknown or written in another script.
- **CJK**: Japanese and Chinese have no spaces, so runs of Han and kana are indexed as
  overlapping pairs of characters (plus the run's last character alone); a query word is
  turned into the same pairs and matched as a phrase.
- **Compounds**: in languages that write compounds as one word (German, Dutch, Scandinavian,
  Finnish), each long word's tails are indexed too, so ``Bürgermeisterin`` finds
  Oberbürgermeisterin.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

import Stemmer

#: A run of Han, kana (and the iteration mark 々, the long-vowel mark), or a run of other
#: letters and digits. Underscore is punctuation here.
_CJK = "\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
TOKEN = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+")
_CJK_CHAR = re.compile(rf"[{_CJK}]")

#: Snowball algorithms by ISO 639-1 code (only those PyStemmer ships).
_ALGORITHMS = {
    "ar": "arabic",
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "et": "estonian",
    "eu": "basque",
    "fa": "persian",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "ne": "nepali",
    "nl": "dutch",
    "nn": "norwegian",
    "no": "norwegian",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
}
#: Languages that write compounds as one word: their long words' tails are indexed too.
COMPOUNDING = frozenset({"de", "nl", "sv", "da", "no", "nb", "nn", "fi", "is", "af"})
#: Shortest word whose tails are indexed, and shortest tail (and first component).
_COMPOUND_MIN, _PART_MIN, _HEAD_MIN = 8, 4, 3

#: The stemmer used for a word whose script the article's language does not write.
_SCRIPT_DEFAULT = {"latin": "en", "cyrillic": "ru", "greek": "el", "arabic": "ar"}
_LANGUAGE_SCRIPT = {code: "latin" for code in _ALGORITHMS} | {
    "ru": "cyrillic",
    "sr": "cyrillic",
    "el": "greek",
    "ar": "arabic",
    "fa": "arabic",
    "hi": "devanagari",
    "ne": "devanagari",
    "hy": "armenian",
    "ta": "tamil",
}

#: Letters that carry no combining mark to drop but are read as their plain cousins.
_PLAIN = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe"})
#: Combining marks kept after these Cyrillic letters (й, ў are letters, not accented и, у).
_KEEP_BREVE = frozenset("иу")


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """The search form of a word or phrase (see the module docstring)."""
    text = unicodedata.normalize("NFKC", word).casefold()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    kept: list[str] = []
    for char in decomposed:
        if "\u0300" <= char <= "\u036f" and not (
            char == "\u0306" and kept and kept[-1] in _KEEP_BREVE
        ):
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)).translate(_PLAIN)


def script(word: str) -> str:
    """The script of a folded word's first letter, as far as stemming cares."""
    for char in word:
        code = ord(char)
        if code < 0x250:
            if char.isalpha():
                return "latin"
            continue
        if 0x370 <= code < 0x400:
            return "greek"
        if 0x400 <= code < 0x530:
            return "cyrillic"
        if 0x600 <= code < 0x700:
            return "arabic"
        if 0x900 <= code < 0x980:
            return "devanagari"
        if 0x530 <= code < 0x590:
            return "armenian"
        if 0xB80 <= code < 0xC00:
            return "tamil"
        if _CJK_CHAR.match(char):
            return "cjk"
        return "other"
    return "none"


def is_cjk(word: str) -> bool:
    return bool(word) and _CJK_CHAR.match(word[0]) is not None


def base_language(code: str) -> str:
    """``pt-BR`` → ``pt``: stemmers are per language, not per region."""
    return code.lower().replace("_", "-").split("-", 1)[0]


class _Stemmers:
    """One PyStemmer object per algorithm and thread (they are not safe to share)."""

    def __init__(self) -> None:
        self._local = threading.local()

    def get(self, code: str) -> Stemmer.Stemmer | None:
        algorithm = _ALGORITHMS.get(code)
        if algorithm is None:
            return None
        cache: dict[str, Stemmer.Stemmer] = self._local.__dict__.setdefault("stemmers", {})
        stemmer = cache.get(algorithm)
        if stemmer is None:
            stemmer = cache[algorithm] = Stemmer.Stemmer(algorithm, 5000)
        return stemmer


_STEMMERS = _Stemmers()


def stemmer_language(language: str, word_script: str) -> str | None:
    """Which stemmer reduces a word: the article's language if it writes the word's script."""
    code = base_language(language)
    if _LANGUAGE_SCRIPT.get(code) == word_script:
        return code
    return _SCRIPT_DEFAULT.get(word_script)


def stem(word: str, language: str | None) -> str:
    """A folded word's stem in ``language`` (a stemmer code from :func:`stemmer_language`)."""
    if language is None:
        return word
    stemmer = _STEMMERS.get(language)
    return word if stemmer is None else stemmer.stemWord(word)


def query_stems(word: str, languages: Iterable[str]) -> tuple[str, ...]:
    """Every stem a folded query word could have been indexed under in this library.

    The query's language is unknown, so the word is stemmed by each stemmer that indexed a word
    of its script: the library's languages plus the script's default.
    """
    word_script = script(word)
    codes = {stemmer_language(language, word_script) for language in languages}
    codes.add(_SCRIPT_DEFAULT.get(word_script))
    stems = {stem(word, code) for code in codes if code is not None}
    return tuple(sorted(stems)) if stems else (word,)


def cjk_grams(run: str) -> list[str]:
    """A run of Han or kana as overlapping pairs, then its last character alone."""
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def cjk_query(run: str) -> list[str]:
    """The pairs a CJK query word must appear as, consecutively (one character: itself)."""
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def tokens(text: str) -> Iterator[re.Match[str]]:
    """Words of a text with their code-point positions, as both index and highlighter see them."""
    return TOKEN.finditer(text)


class _Pieces:
    """What each distinct piece of text ("minister,") reduces to, in one language.

    Three maps rather than one map of triples, so that a document's index text is one C-level
    ``map`` over ``reduced`` and its surface forms and compound tails are gathered by set
    operations: only pieces never seen before cost any Python work.
    """

    __slots__ = ("parts", "reduced", "surfaces")

    def __init__(self) -> None:
        #: Piece → its index tokens, space-separated.
        self.reduced: dict[str, str] = {}
        #: Piece → its surface forms that differ from their stems (only pieces with some).
        self.surfaces: dict[str, tuple[str, ...]] = {}
        #: Piece → its compound tails (only pieces with some).
        self.parts: dict[str, tuple[str, ...]] = {}


#: Pieces remembered per language before the cache starts afresh.
_PIECES_MAX = 200_000


class Reducer:
    """Turns the fields of one document into index text, with per-language caches.

    The cache maps a raw piece of text (as written) straight to its index tokens, so a word that
    recurs in a library costs nothing in Python after its first appearance.
    """

    def __init__(self, language: str) -> None:
        self.language = base_language(language)
        self.compounding = self.language in COMPOUNDING

    def stemmed(self, text: str, surfaces: set[str], parts: set[str]) -> str:
        """Index text of a field searched by stems; adds the surface forms that differ from
        their stems, and compound tails, to the sets.

        The text is split at white space (in C) and joined again through the cache (a C-level
        ``map``); only when a piece is missing from the cache are the distinct pieces gathered
        and the new ones reduced. Surface forms and compound tails are found by intersecting
        the pieces with the pieces known to have some. A news article repeats most of its
        words, and import speed depends on this method.
        """
        pieces = text.split()
        cache = _pieces(self.language)
        try:
            joined = " ".join(map(cache.reduced.__getitem__, pieces))
        except KeyError:
            for piece in set(pieces).difference(cache.reduced):
                self._learn(piece, cache)
            joined = " ".join(map(cache.reduced.__getitem__, pieces))
        if cache.surfaces:
            found = cache.surfaces.keys() & pieces
            surfaces.update(chain.from_iterable(map(cache.surfaces.__getitem__, found)))
        if cache.parts:
            tails = cache.parts.keys() & pieces
            parts.update(chain.from_iterable(map(cache.parts.__getitem__, tails)))
        return joined

    def _learn(self, piece: str, cache: _Pieces) -> None:
        """Reduce a piece of text to its index tokens, surface forms that differ from their
        stems, and compound tails, and remember them in ``cache``."""
        out: list[str] = []
        found: list[str] = []
        tails: list[str] = []
        for raw in TOKEN.findall(piece):
            word = fold(raw)
            if is_cjk(word):
                out.extend(cjk_grams(word))
                continue
            stemmed = stem(word, stemmer_language(self.language, script(word)))
            out.append(stemmed)
            if word != stemmed:
                found.append(word)
            if self.compounding and len(word) >= _COMPOUND_MIN:
                tails.extend(word[i:] for i in range(_HEAD_MIN, len(word) - _PART_MIN + 1))
        if found:
            cache.surfaces[piece] = tuple(found)
        if tails:
            cache.parts[piece] = tuple(tails)
        cache.reduced[piece] = " ".join(out)


_PIECES: dict[str, _Pieces] = {}
_PIECES_LOCK = threading.Lock()


def _pieces(language: str) -> _Pieces:
    """The language's cache; a full one is replaced, never cleared, so that a thread still
    reading the old one finds every piece it added there."""
    with _PIECES_LOCK:
        cache = _PIECES.get(language)
        if cache is None or len(cache.reduced) > _PIECES_MAX:
            cache = _PIECES[language] = _Pieces()
        return cache


#: Put before every token of a name field (speaker, tags, outlet, authors). FTS5 keeps one
#: list of rows per distinct token, whatever the column: marked, "budget" as a tag does not
#: share its list with "budget" in 100,000 quotes' text, and looking in the names stays cheap.
NAME_MARK = "§"


def folded(text: str) -> str:
    """Index text of a field searched by whole words and prefixes (names, tags, outlets):
    folded, not stemmed (a surname is not an inflected noun), each token marked."""
    out: list[str] = []
    for raw in TOKEN.findall(text):
        word = fold(raw)
        out.extend(cjk_grams(word) if is_cjk(word) else (word,))
    return " ".join(NAME_MARK + token for token in out)


#: Between the values of a many-valued field (aliases, tags): a token no folded word can be,
#: so that a phrase never runs from one tag into the next.
SEPARATOR = "\u2e31"


def folded_values(values: Iterable[str]) -> str:
    pieces = [piece for piece in (folded(value) for value in values) if piece]
    return f" {SEPARATOR} ".join(pieces)


@dataclass(frozen=True, slots=True)
class Reduced:
    """A document's fields as stored in the index."""

    stemmed: tuple[str, ...]
    folded: tuple[str, ...]
    #: Surface forms that differ from their stems (prefix and name matching), space-separated.
    surfaces: str
    #: Tails of long words in compounding languages, space-separated.
    parts: str


def reduce_document(
    language: str, stemmed_fields: Iterable[str], folded_fields: Iterable[str]
) -> Reduced:
    reducer = Reducer(language)
    surfaces: set[str] = set()
    parts: set[str] = set()
    stemmed = tuple(reducer.stemmed(text, surfaces, parts) for text in stemmed_fields)
    return Reduced(
        stemmed, tuple(folded_fields), " ".join(sorted(surfaces)), " ".join(sorted(parts))
    )
