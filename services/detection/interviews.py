"""Interviews: a Q&A layout, its questions given to the interviewer, its answers to the guest.

A Q&A is recognised by its shape, not by a keyword: after a lead, paragraphs that end with a
question mark, each followed by paragraphs that do not (or paragraphs labelled "Q:"/"A:",
"Вопрос:"/"Ответ:"). When the questions alternate strictly with the answers, a question that
ends with a full stop ("Многие читатели спрашивают, стоит ли…") is still a question by its
place. The interviewee is the person the lead introduces (and the questions address by first
name); the interviewer is the one the sign-off names ("Беседовал Павел Зимин", "Interview by…").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.detection import morphology
from services.detection.names import clean_name, name_runs, tokenize
from services.detection.people import People, Person
from services.detection.segment import Document, Span, strip_span

_MIN_QUESTIONS = 2
_QUESTION_END = re.compile(r"\?[\s\"'»”“)]*$")
_LABEL_Q = re.compile(r"^\s*(?:Q|Question|Вопрос|Frage|F)\s*[:.—–-]\s*", re.IGNORECASE)
_LABEL_A = re.compile(r"^\s*(?:A|Answer|Ответ|Antwort)\s*[:.—–-]\s*", re.IGNORECASE)
_DASH = re.compile(r"^\s*[—–―-]\s*")
_SIGN_OFF = re.compile(
    r"\s*(?:Беседовал[аи]?|Беседу вел[аи]?|Беседу вёл|Интервью записал[аи]?|Вопросы задавал[аи]?"
    r"|Interview(?:ed)? by|Das Gespräch führte|Propos recueillis par)\s+(?P<who>.+?)\.?\s*$",
    re.IGNORECASE,
)
_INTERVIEW_WORDS = re.compile(
    r"интервью|спросили|беседе|беседу|рассказал[аи]? нам|interview|asked|spoke to|talked to"
    r"|Gespräch|entretien",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Turn:
    span: Span
    question: bool


@dataclass(frozen=True, slots=True)
class Interview:
    turns: tuple[Turn, ...]
    interviewee: str
    interviewer: str

    def answer_spans(self) -> list[Span]:
        return [turn.span for turn in self.turns if not turn.question]


def find(doc: Document, people: People) -> Interview | None:
    """The Q&A part of an article, if it has one."""
    text = doc.text
    paragraphs = doc.paragraphs
    if len(paragraphs) < 4:
        return None
    last = len(paragraphs)
    interviewer = ""
    sign_off = _SIGN_OFF.match(text, *paragraphs[-1])
    if sign_off:
        interviewer = _name_in(doc, people, sign_off.start("who"), sign_off.end("who"))
        last -= 1
    labels = [_label(text, paragraphs[i]) for i in range(last)]
    roles: list[bool | None] | None
    if sum(1 for label in labels if label == "q") >= _MIN_QUESTIONS:
        roles = [label == "q" if label else None for label in labels]
    else:
        roles = _by_shape(text, paragraphs[:last])
    if roles is None:
        return None
    first_question = roles.index(True)
    turns: list[Turn] = []
    for index in range(first_question, last):
        question = roles[index]
        if question is None:
            continue
        start, end = paragraphs[index]
        body = _body_start(text, start, end)
        span = strip_span(text, body, end)
        if span[0] < span[1]:
            turns.append(Turn(span, question))
    lead = (paragraphs[0][0], paragraphs[first_question][0])
    interviewee = _interviewee(doc, people, lead, [t.span for t in turns if t.question])
    if not interviewee:
        return None
    return Interview(tuple(turns), interviewee, interviewer)


def _label(text: str, paragraph: Span) -> str:
    segment = text[paragraph[0] : paragraph[1]]
    if _LABEL_Q.match(segment):
        return "q"
    if _LABEL_A.match(segment):
        return "a"
    return ""


def _body_start(text: str, start: int, end: int) -> int:
    segment = text[start:end]
    for pattern in (_LABEL_Q, _LABEL_A, _DASH):
        match = pattern.match(segment)
        if match:
            return start + match.end()
    return start


def _by_shape(text: str, paragraphs: list[Span]) -> list[bool | None] | None:
    """Question/answer roles from question marks, or None when the article is no Q&A."""
    asks = [bool(_QUESTION_END.search(text[start:end])) for start, end in paragraphs]
    if True not in asks[1:]:
        return None
    first = asks.index(True, 1)
    tail = asks[first:]
    pairs = sum(1 for i in range(len(tail) - 1) if tail[i] and not tail[i + 1])
    lead = " ".join(text[start:end] for start, end in paragraphs[:first])
    needed = _MIN_QUESTIONS if _INTERVIEW_WORDS.search(lead) else _MIN_QUESTIONS + 1
    if pairs < needed or tail[-1]:
        return None
    roles: list[bool | None] = [None] * first
    strict = [index % 2 == 0 for index in range(len(tail))]
    misses = sum(1 for want, got in zip(strict, tail, strict=True) if got and not want)
    hits = sum(1 for want, got in zip(strict, tail, strict=True) if got and want)
    if misses == 0 and hits >= max(2, 0.6 * sum(strict)) and len(tail) % 2 == 0:
        return roles + [bool(role) for role in strict]
    return roles + list(tail)


def _interviewee(doc: Document, people: People, lead: Span, questions: list[Span]) -> str:
    """The person the lead introduces, preferring the one the questions address by name."""
    text = doc.text
    addressed: set[str] = set()
    for start, end in questions:
        head = text[start : min(end, start + 40)].split(",")[0]
        for word in head.split()[:1]:
            addressed |= {word.lower(), *(morphology.lemmas(word) if people.russian else ())}
    best: tuple[int, int, Person] | None = None
    for person in people.persons:
        inside = [m for m in person.mentions if lead[0] <= m < lead[1]]
        if not inside:
            continue
        score = 0
        first = person.tokens[0].lower()
        if first in addressed:
            score += 4
        for mention in inside:
            window = text[max(lead[0], mention - 80) : mention]
            if _INTERVIEW_WORDS.search(window):
                score += 3
        score += len(inside)
        rank = (score, max(inside))
        if best is None or rank > best[:2]:
            best = (score, max(inside), person)
    return best[2].name if best else ""


def _name_in(doc: Document, people: People, start: int, end: int) -> str:
    tokens = tokenize(doc.text, start, end)
    runs = name_runs(doc.text, tokens, people.cues)
    if not runs:
        return ""
    words = tuple(clean_name(token.text) for token in runs[0])
    person = people.add(words, runs[0][0].start, case_hint=None, gender=None)
    return person.name
