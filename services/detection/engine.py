"""Quote detection: the pipeline that ties marks, cues, speakers and interviews together.

1. :mod:`marks` finds direct speech by punctuation; :mod:`attribution` finds the reporting verb
   and the speaker phrase next to each quotation.
2. :mod:`people` turns speaker phrases into people (surnames, case forms, pronouns, roles).
3. Quotations without an attribution of their own inherit one: the other parts of a quote split
   by its attribution or continued over paragraphs, then the quotation just before.
4. :mod:`interviews` gives the answers of a Q&A to the interviewee and questions to the
   interviewer; :mod:`indirect` adds reported speech outside the direct quotations.

Everything is rules and dictionaries shipped in packages, so it runs offline and fast (well
over 20 articles a second; see ``benchmarks/detection.py``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from models.tables import QuoteKind
from services.detection import cues_ja, interviews
from services.detection.attribution import Attribution, Cueing, japanese
from services.detection.cues import cues_for
from services.detection.indirect import find_reported
from services.detection.lexicon import words
from services.detection.marks import Quoted, find_quoted
from services.detection.model import KnownSpeaker, Suggestion
from services.detection.names import MentionKind
from services.detection.people import People
from services.detection.segment import Document, Span, strip_span
from services.language import detect_language

#: Japanese nouns that stand for an unnamed speaker (a woman, a resident, an official).
_JA_GENERIC = words(
    "女性 男性 住民 市民 関係者 担当者 社員 会社員 学生 生徒 保護者 母親 父親 長男 長女 子ども"
    " 少年 少女 観客 ファン 客 店主 職員 同社 同氏"
)
_JA_FOLLOWERS = "|".join(
    re.escape(word)
    for word in sorted(
        cues_ja.CUES.roles | {"は", "が", "の", "、", "（", "("}, key=len, reverse=True
    )
)
#: Below this a suggestion is noise rather than help, and is not shown.
MIN_CONFIDENCE = 0.5
#: A quotation with no attribution at all must be at least this long to count as speech (the
#: rest are titles, names and scare quotes: «Газпром», “The Crown”).
_MIN_UNATTRIBUTED_WORDS = 6
_SENTENCE_END = re.compile(r"[.!?…。！？]['’”»\"」』]?$")


@dataclass
class _Found:
    """A quotation on its way to becoming a suggestion."""

    quoted: Quoted
    speaker: str = ""
    cue: Span | None = None
    confidence: float = 0.0
    attributed: bool = False
    kind: QuoteKind = QuoteKind.DIRECT
    #: The attribution sits right against the quotation (“…,” she said / X said: “…”).
    adjacent: bool = False


def detect(
    text: str, *, language: str, known_speakers: Sequence[KnownSpeaker] = ()
) -> list[Suggestion]:
    """Every quotation found in ``text``, in order of position.

    ``language`` is an ISO 639 code ("en", "ru-RU"); empty means "guess from the text".
    Languages without cues of their own are searched for quotation marks only.
    """
    code = (language or detect_language(text) or "").lower().replace("_", "-").split("-")[0]
    doc = Document(text, code)
    cues = cues_for(code)
    cueing = Cueing(doc, cues)
    quoted = find_quoted(doc, cueing.starts_with_verb)
    people = People(doc, cues, [(q.open_at, q.close_at) for q in quoted], known_speakers)
    found = [_attribute(doc, cueing, people, item, quoted) for item in quoted]
    reported = _reported(doc, cueing, people, found)
    found = _resolve_overlaps(doc, found, reported)
    _inherit(doc, found)
    interview = interviews.find(doc, people)
    if interview is not None:
        found = _apply_interview(doc, interview, found)
    kept = [item for item in found if _keep(doc, item)]
    suggestions = [_suggestion(doc, people, item) for item in kept]
    suggestions = [item for item in suggestions if item.confidence >= MIN_CONFIDENCE]
    return sorted(suggestions, key=lambda item: (item.start, item.end))


def _reported(doc: Document, cueing: Cueing, people: People, found: list[_Found]) -> list[_Found]:
    spans = [(item.quoted.open_at, item.quoted.close_at) for item in found]
    result: list[_Found] = []
    for number, report in enumerate(find_reported(doc, cueing, spans)):
        start, end = report.span
        speaker = _speaker(doc, people, report.attribution, start)
        quoted = Quoted(start, end, start, end, -1 - number, "reported")
        confidence = report.confidence if speaker else report.confidence - 0.15
        result.append(
            _Found(
                quoted,
                speaker,
                report.attribution.cue,
                confidence,
                attributed=True,
                kind=QuoteKind.INDIRECT,
            )
        )
    return result


def _resolve_overlaps(doc: Document, direct: list[_Found], reported: list[_Found]) -> list[_Found]:
    """Direct quotations against reported clauses that overlap them.

    A quotation inside a longer reported clause is a partial quote of it (said the plan was
    “reckless” and would fail): the clause is kept. A clause that is little more than a
    quotation (told the council that “…”) is the quotation's frame: the quotation is kept.
    """
    text = doc.text
    dropped: set[int] = set()
    kept_reported: list[_Found] = []
    for clause in reported:
        c_start, c_end = clause.quoted.start, clause.quoted.end
        inside = [
            index
            for index, item in enumerate(direct)
            if item.quoted.open_at < c_end and c_start < item.quoted.close_at
        ]
        if not inside:
            kept_reported.append(clause)
            continue
        contained = all(
            c_start <= direct[i].quoted.open_at and direct[i].quoted.close_at <= c_end + 1
            for i in inside
        )
        outside = text[c_start:c_end]
        for index in sorted(inside, reverse=True):
            item = direct[index].quoted
            outside = outside[: item.open_at - c_start] + " " + outside[item.close_at - c_start :]
        if contained and _size(outside) >= 3 and not any(direct[i].adjacent for i in inside):
            dropped.update(inside)
            if not clause.speaker:
                clause.speaker = next((direct[i].speaker for i in inside if direct[i].speaker), "")
            kept_reported.append(clause)
    merged = [item for index, item in enumerate(direct) if index not in dropped] + kept_reported
    return sorted(merged, key=lambda item: item.quoted.start)


def _apply_interview(
    doc: Document, interview: interviews.Interview, found: list[_Found]
) -> list[_Found]:
    """Answers and questions of a Q&A as quotations; what lies inside them is part of them."""
    turns = list(interview.turns)
    questions: list[_Found] = []
    for number, turn in enumerate(turns):
        start, end = turn.span
        if turn.question:
            # A question may open with the interviewer's own report of what someone said: the
            # question proper starts after the last sentence holding another quotation.
            for item in found:
                if start <= item.quoted.start < end:
                    sentence_end = doc.sentence_at(item.quoted.close_at - 1)[1]
                    start = max(start, min(end, sentence_end))
            start, end = strip_span(doc.text, start, end)
            if start >= end:
                continue
            speaker = interview.interviewer
            confidence = 0.8 if speaker else 0.4
        else:
            speaker = interview.interviewee
            confidence = 0.85
        quoted = Quoted(start, end, start, end, -10_000 - number, "turn")
        questions.append(_Found(quoted, speaker, None, confidence, attributed=True))
    answers = interview.answer_spans()
    asked = [turn.span for turn in turns if turn.question]
    result = [
        item
        for item in found
        if not any(a <= item.quoted.start < b for a, b in answers)
        and not any(
            a <= item.quoted.start < b and item.quoted.start >= q.quoted.start
            for a, b in asked
            for q in questions
            if q.quoted.start >= a and q.quoted.end <= b
        )
    ]
    return sorted(result + questions, key=lambda item: item.quoted.start)


def _attribute(
    doc: Document, cueing: Cueing, people: People, item: Quoted, quoted: Sequence[Quoted]
) -> _Found:
    left, right = _window(doc, item, quoted)
    found = _Found(item)
    attribution: Attribution | None
    if doc.language == "ja":
        attribution = japanese(doc, item.open_at, item.close_at, left, right)
    elif item.attribution is not None:
        attribution = cueing.after(item.attribution[0], item.attribution[1])
        found.adjacent = attribution is not None
    elif item.style == "dash":
        attribution = None
    else:
        attribution = cueing.after(item.close_at, right)
        # «Меридиан» Алексей Ракитин отметил…: a name in marks runs straight into the
        # sentence; a quotation is set off from its attribution by punctuation.
        found.adjacent = attribution is not None and (
            doc.text[item.end - 1] in ",.!?…"
            or bool(re.match(r"\s*[,—–―:]", doc.text[item.close_at : item.close_at + 4]))
        )
        if attribution is None:
            attribution = cueing.before(left, item.open_at)
            found.adjacent = attribution is not None and doc.text[
                left : item.open_at
            ].rstrip().endswith((":", ","))
    if attribution is None and item.style == "mark" and not item.continued:
        subject = cueing.subject(left, item.open_at)
        if subject is not None:
            found.speaker = _speaker(doc, people, subject, item.start)
            found.confidence = 0.7 if found.speaker else 0.0
            return found
    if attribution is None:
        return found
    found.cue = attribution.cue
    found.attributed = attribution.cue is not None
    found.speaker = _speaker(doc, people, attribution, item.start)
    if found.speaker:
        named = attribution.mention is not None and attribution.mention.kind is MentionKind.NAME
        found.confidence = 0.95 if named else 0.85
    else:
        found.confidence = 0.6 if found.attributed else 0.0
    return found


def _window(doc: Document, item: Quoted, quoted: Sequence[Quoted]) -> tuple[int, int]:
    """Where to look for an attribution: the quote's sentence, not past a neighbouring quote."""
    para_start, para_end = doc.paragraph_at(item.open_at)
    left = max(para_start, doc.sentence_at(item.open_at)[0])
    right = para_end
    for other in quoted:
        if other.close_at <= item.open_at and other.close_at > left - 1:
            left = max(left, other.close_at)
        if other.open_at >= item.close_at:
            right = min(right, other.open_at)
    if left == item.open_at or doc.text[left : item.open_at].strip() == "":
        # The quote opens its sentence: the previous sentence's end may be its attribution
        # ("Holloway said. “…”" is not one, but "Holloway said:" before a break is).
        left = max(para_start, left)
    return left, right


def _speaker(doc: Document, people: People, attribution: Attribution, position: int) -> str:
    mention = attribution.mention
    if mention is None:
        return ""
    if doc.language == "ja":
        return _japanese_name(doc.text, mention.words[0], position)
    person = people.resolve(mention, position, case_hint=attribution.case)
    return person.name if person is not None else ""


def _japanese_name(text: str, name: str, position: int) -> str:
    """A Japanese speaker's full name: 山田 → 山田太郎, 知事 → the governor named before."""
    if name in _JA_GENERIC:
        return ""
    if name in cues_ja.CUES.roles:
        holders = [
            match
            for match in re.finditer(rf"([一-龯々ァ-ヶー]{{2,6}}?){re.escape(name)}", text)
            if match.start() < position
        ]
        if not holders:
            return ""
        name = holders[-1].group(1).split("の")[-1]
    longer = re.search(
        re.escape(name)
        + rf"((?:(?![はがのをにでともへや])[一-龯々ぁ-ゔァ-ヶー]){{1,4}}?)(?={_JA_FOLLOWERS})",
        text,
    )
    if longer and len(name) <= 3:
        return name + longer.group(1)
    return name


def _inherit(doc: Document, found: list[_Found]) -> None:
    """Give unattributed quotations the speaker of the quotation they belong with."""
    by_group: dict[int, _Found] = {}
    for item in found:
        if item.speaker and item.quoted.group not in by_group:
            by_group[item.quoted.group] = item
    previous: _Found | None = None
    for item in found:
        words = doc.text[item.quoted.start : item.quoted.end]
        speech = _size(words) >= 4 or bool(_SENTENCE_END.search(words))
        if not item.speaker and speech:
            source = by_group.get(item.quoted.group)
            if source is not None and source is not item:
                item.speaker = source.speaker
                item.confidence = max(item.confidence, min(0.9, source.confidence))
            elif previous is not None and previous.speaker and _adjacent(doc, previous, item):
                item.speaker = previous.speaker
                item.confidence = max(item.confidence, 0.75)
        previous = item


def _adjacent(doc: Document, previous: _Found, item: _Found) -> bool:
    """Whether ``item`` continues ``previous``'s speech: same or next paragraph, no one else
    named in between."""
    text = doc.text
    here = doc.paragraph_index(item.quoted.open_at)
    there = doc.paragraph_index(previous.quoted.open_at)
    if here - there > 1:
        return False
    if here != there:
        start = doc.paragraphs[here][0]
        # A new paragraph that opens with narration is someone else's, or nobody's.
        return not text[start : item.quoted.open_at].strip(" \t—–-")
    return item.quoted.open_at - previous.quoted.close_at < 300


def _size(text: str) -> float:
    """Words in a text; a CJK character counts as half a word (Japanese has no spaces)."""
    cjk = sum(1 for char in text if "\u3040" <= char <= "\u9fff")
    return len(text.split()) + cjk / 2


def _keep(doc: Document, item: _Found) -> bool:
    if item.kind is not QuoteKind.DIRECT or item.quoted.style == "turn":
        return True
    words = doc.text[item.quoted.start : item.quoted.end]
    size = _size(words)
    if size == 0:
        return False
    complete = bool(_SENTENCE_END.search(words.rstrip()))
    if size <= 3 and words[:1].isupper() and not complete and not item.adjacent:
        return False  # a name in quotation marks: «Меридиан», the “Northern Lights” film
    if item.attributed or item.quoted.continued:
        return True
    if item.speaker and size >= 2:
        return True
    if item.quoted.style == "dash":
        return False
    if not doc_has_cues(doc):
        return size >= 3  # a language without cues: quotation marks are all there is
    return size >= _MIN_UNATTRIBUTED_WORDS and complete


def doc_has_cues(doc: Document) -> bool:
    return bool(cues_for(doc.language).verbs)


def _suggestion(doc: Document, people: People, item: _Found) -> Suggestion:
    start, end = item.quoted.start, item.quoted.end
    name, speaker_id = people.known_id(item.speaker)
    confidence = item.confidence
    if not item.speaker and item.quoted.style != "turn":
        # Plain speech with no one to give it to is still worth showing; a question whose
        # interviewer the article never names is not (the answers carry the interview).
        confidence = max(confidence, 0.5)
    return Suggestion(
        start,
        end,
        doc.text[start:end],
        name,
        speaker_id,
        item.kind,
        round(confidence, 2),
        item.cue,
    )
