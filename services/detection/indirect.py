"""Reported speech without quotation marks: "said that…", «заявил, что…», "according to X, …".

Each finding is the reported clause (what was said, without the "that"/"что") plus the
attribution it came with. Sentences holding a direct quotation are left to the direct stage:
reported speech there is the author's framing of a quote, not a second quotation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.detection import morphology
from services.detection.attribution import Attribution, Cueing
from services.detection.names import Mention, MentionKind, Token, tokenize
from services.detection.segment import Document, Span, strip_span

_TRAILING = " \t\n.,;:!?…—–"
_QUOTE_CHARS = frozenset('“”«»„"「」『』')
#: Words that can sit between a reporting verb and "that" ("said on Tuesday that").
_MAX_GAP = 7
_MIN_CLAUSE_WORDS = 3
_APPOSITION = re.compile(r",\s*(?P<name>(?:[A-ZА-ЯЁ][\w'’-]+\s?){1,3})(?=,)")
_AND = frozenset({"and", "и", "а", "und", "et", "y"})
_OBJECTS = frozenset({"reporters", "journalists", "журналистам", "репортерам", "репортёрам"})
_REVERSE = re.compile(r",\s*(?:[—–]\s*)?(?P<tail>[^,]{2,80}?)[.!]?\s*$")
_RU_ABOUT_THIS = re.compile(r"^(?:Об этом|О том|Об этом же)\s+(?P<rest>.+)$")


@dataclass(frozen=True, slots=True)
class Reported:
    span: Span
    attribution: Attribution
    confidence: float


def find_reported(doc: Document, cueing: Cueing, quoted: list[Span]) -> list[Reported]:
    """Every reported clause, each sentence's first; clauses joined by "and that" apart.

    Sentences holding quotation marks are searched too: the engine decides whether a quotation
    inside a reported clause is a partial quote of it, or the clause is the quotation's frame.
    """
    found: list[Reported] = []
    text = doc.text
    sentences = doc.sentences
    for number, (start, end) in enumerate(sentences):
        item = (
            _according(doc, cueing, start, end)
            or _complement(doc, cueing, start, end)
            or _reverse(doc, cueing, start, end)
            or _bare(doc, cueing, start, end)
            or _comma_clause(doc, cueing, start, end)
        )
        if item is None and cueing.cues.lemmatize and number > 0:
            item = _about_this(doc, cueing, sentences[number - 1], (start, end), quoted)
        if item is None:
            continue
        for part in _coordinated(text, item, cueing.cues.language):
            if _words(text, part.span) >= _MIN_CLAUSE_WORDS:
                found.append(part)
    return found


_AND_THAT = {
    "en": re.compile(r",?\s+and that\s+"),
    "ru": re.compile(r",\s+(?:а также|и)\s+что\s+|,\s+а\s+что\s+"),
    "de": re.compile(r",?\s+und dass\s+"),
    "fr": re.compile(r",?\s+et qu(?:e\s+|')"),
    "es": re.compile(r",?\s+y que\s+"),
}


def _coordinated(text: str, item: Reported, language: str) -> list[Reported]:
    """ "said that A and that B" as two reported clauses, each with the same attribution."""
    pattern = _AND_THAT.get(language)
    if pattern is None:
        return [item]
    start, end = item.span
    parts: list[Reported] = []
    for match in pattern.finditer(text, start, end):
        parts.append(
            Reported(
                strip_span(text, start, match.start(), _TRAILING), item.attribution, item.confidence
            )
        )
        start = match.end()
    if not parts:
        return [item]
    parts.append(
        Reported(strip_span(text, start, end, _TRAILING), item.attribution, item.confidence)
    )
    return parts


def _words(text: str, span: Span) -> int:
    return len(text[span[0] : span[1]].split())


def _overlaps_any(span: Span, spans: list[Span]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


def _according(doc: Document, cueing: Cueing, start: int, end: int) -> Reported | None:
    """ "According to X, clause." / "Clause, according to X." / «По словам X, …»."""
    text = doc.text
    for pattern in cueing.cues.according:
        match = pattern.search(text, start, end)
        if match is None:
            continue
        who_end = match.end("who")
        apposition = _APPOSITION.match(text, who_end, end)
        if apposition:
            who_end = apposition.end("name")  # "according to the chief engineer, Rosa Pennington,"
        who = tokenize(text, match.start("who"), who_end)
        mention = cueing.mention(who, before_verb=False)
        if mention is None or (mention.kind is MentionKind.OTHER and not _has_name(who)):
            continue
        case = "gent" if re.match(r"[Пп]о (?:словам|мнению)", match.group(0)) else None
        attribution = Attribution((match.start(), match.start("who")), mention, case)
        after = who_end
        if after < end and text[after] == ",":
            span = strip_span(text, after + 1, end, _TRAILING)
            return Reported(span, attribution, 0.8)
        span = strip_span(text, start, match.start(), _TRAILING)
        if span[0] < span[1]:
            return Reported(span, attribution, 0.75)
    return None


def _has_name(tokens: list[Token]) -> bool:
    return any(token.text[:1].isupper() for token in tokens)


def _complement(doc: Document, cueing: Cueing, start: int, end: int) -> Reported | None:
    """Subject + reporting verb + "that"/"что" + clause."""
    text = doc.text
    tokens = tokenize(text, start, end)
    complementizers = cueing.cues.complementizers
    for index, token in enumerate(tokens):
        if token.lower not in complementizers:
            continue
        if cueing.cues.lemmatize and (index == 0 or tokens[index - 1].text != ","):
            continue  # «, что» — without the comma что is a pronoun, not a complementizer
        verb = _verb_before(cueing, tokens, index)
        if verb is None:
            continue
        verb_index, past = verb
        cue = (tokens[verb_index].start, tokens[past - 1].end)
        mention = _subject(cueing, tokens, verb_index, past, index)
        if mention is None:
            continue
        clause_start = token.end
        if index >= 1 and tokens[index - 1].lower in _AND and index - 1 > past:
            # "said work would begin in March and that one lane…": the first clause starts
            # right after the verb (and its object: "told reporters").
            first = past
            if tokens[first].lower in _OBJECTS:
                first += 1
            clause_start = tokens[first].start
        span = strip_span(text, clause_start, end, _TRAILING)
        confidence = 0.8 if mention.kind is MentionKind.NAME else 0.7
        return Reported(span, Attribution(cue, mention), confidence)
    return None


def _verb_before(cueing: Cueing, tokens: list[Token], index: int) -> tuple[int, int] | None:
    words = 0
    for position in range(index - 1, -1, -1):
        token = tokens[position]
        if token.text in {".", ";", ":", "!", "?"}:
            return None
        if not token.is_word:
            continue
        words += 1
        if words > _MAX_GAP:
            return None
        past = cueing.verb_at(tokens, position)
        if past is not None:
            return position, past
        found = cueing.verb_at(tokens, position - 1) if position else None
        if found is not None and found > position:  # a two-word phrase ending here
            return position - 1, found
    return None


def _subject(
    cueing: Cueing, tokens: list[Token], verb_index: int, past: int, limit: int
) -> Mention | None:
    """The speaker of a reporting verb: the subject before it, or (inverted) after it."""
    gender = morphology.verb_gender(tokens[verb_index].text) if cueing.cues.lemmatize else None
    before = tokens[max(0, verb_index - 25) : verb_index]
    mention = cueing.mention(before, before_verb=True, gender=gender) if before else None
    if mention is None or mention.kind is MentionKind.OTHER:
        after = [t for t in tokens[past:limit] if t.text != ","]
        later = cueing.mention(after, before_verb=False, gender=gender) if after else None
        if later is not None and later.kind is not MentionKind.OTHER:
            return later
    if mention is None and gender is not None:
        return Mention(
            MentionKind.PRONOUN, tokens[verb_index].start, tokens[verb_index].start, (), gender
        )
    return mention


def _reverse(doc: Document, cueing: Cueing, start: int, end: int) -> Reported | None:
    """ "The plan will cost more, Holloway said." — the attribution closes the sentence."""
    text = doc.text
    match = _REVERSE.search(text, start, end)
    if match is None:
        return None
    tail_start = match.start("tail")
    attribution = cueing.after(tail_start, end)
    if attribution is None or attribution.mention is None:
        return None
    if attribution.mention.kind is MentionKind.OTHER:
        return None
    span = strip_span(text, start, match.start(), _TRAILING)
    return Reported(span, attribution, 0.7)


def _bare(doc: Document, cueing: Cueing, start: int, end: int) -> Reported | None:
    """English "Holloway said the plan…": a reporting verb straight before its clause."""
    cues = cueing.cues
    if not cues.bare_clause_verbs or cues.lemmatize:
        return None
    text = doc.text
    tokens = tokenize(text, start, end)
    for index, token in enumerate(tokens[:-1]):
        if token.lower not in cues.bare_clause_verbs or index == 0:
            continue
        following = tokens[index + 1]
        if following.lower in _OBJECTS and index + 2 < len(tokens):
            following = tokens[index + 2]
        if not following.is_word or following.lower in cues.not_clause_openers:
            continue
        if following.lower in cues.complementizers:
            continue
        mention = _subject(cueing, tokens, index, index + 1, index + 1)
        if mention is None or mention.kind is MentionKind.OTHER:
            continue
        span = strip_span(text, following.start, end, _TRAILING)
        cue = (token.start, token.end)
        return Reported(span, Attribution(cue, mention), 0.65)
    return None


def _comma_clause(doc: Document, cueing: Cueing, start: int, end: int) -> Reported | None:
    """German reported speech without "dass": "Vollmer sagte, die Stadt werde …"."""
    if cueing.cues.language != "de":
        return None
    text = doc.text
    tokens = tokenize(text, start, end)
    for index, token in enumerate(tokens[:-2]):
        if index == 0 or token.lower not in cueing.cues.bare_clause_verbs:
            continue
        if tokens[index + 1].text != "," or tokens[index + 2].lower in cueing.cues.complementizers:
            continue
        mention = _subject(cueing, tokens, index, index + 1, index + 1)
        if mention is None or mention.kind is MentionKind.OTHER:
            continue
        span = strip_span(text, tokens[index + 2].start, end, _TRAILING)
        return Reported(span, Attribution((token.start, token.end), mention), 0.7)
    return None


def _about_this(
    doc: Document, cueing: Cueing, previous: Span, sentence: Span, blocked: list[Span]
) -> Reported | None:
    """«…. Об этом заявил X»: the previous sentence is what X said."""
    text = doc.text
    match = _RU_ABOUT_THIS.match(text[sentence[0] : sentence[1]])
    if match is None or _overlaps_any(previous, blocked):
        return None
    if doc.paragraph_index(previous[0]) != doc.paragraph_index(sentence[0]):
        return None
    if any(c in _QUOTE_CHARS for c in text[previous[0] : previous[1]]):
        return None
    rest = sentence[0] + match.start("rest")
    attribution = cueing.after(rest, sentence[1], verb_first_only=True)
    if attribution is None or attribution.mention is None:
        return None
    span = strip_span(text, previous[0], previous[1], _TRAILING)
    return Reported(span, attribution, 0.75)
