"""Who said a quotation: the reporting verb next to it and the speaker it names.

An attribution is looked for right after the closing mark first ("…,” she said.", «…», —
заявил он.), then before the opening mark (Holloway said: “…”, По словам Токаева, «…»). The
speaker is the noun phrase on the other side of the verb from the quote: a name, a pronoun, a
role, or something else (then the speaker stays unknown).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.detection import cues_ja, morphology
from services.detection.lexicon import Cues, Gender
from services.detection.names import (
    Mention,
    MentionKind,
    Token,
    clean_name,
    is_role,
    name_runs,
    tokenize,
)
from services.detection.segment import Document, Span

_TERMINATORS = frozenset({".", "!", "?", "…", ";"})
_LEADING = frozenset({",", "—", "–", "―", "-", ":", "(", ")"})
#: How many words may stand between a quotation and its reporting verb.
_VERB_REACH = 8


@dataclass(frozen=True, slots=True)
class Attribution:
    cue: Span | None
    mention: Mention | None
    #: The case the mention's words are in, when the construction fixes it (по словам + gen.).
    case: str | None = None


class Cueing:
    """Finds reporting verbs and speaker phrases in one language."""

    def __init__(self, doc: Document, cues: Cues) -> None:
        self.doc = doc
        self.text = doc.text
        self.cues = cues
        self._phrases = [tuple(phrase.split()) for phrase in cues.phrases]
        self._synonyms = sorted(
            ((self._normal_phrase(key), value) for key, value in cues.role_synonyms.items()),
            key=lambda item: -len(item[0]),
        )

    # -- verbs ---------------------------------------------------------------------------------

    def verb_at(self, tokens: list[Token], index: int) -> int | None:
        """The index past the reporting verb or phrase starting at ``tokens[index]``, if any."""
        token = tokens[index]
        if not token.is_word:
            return None
        lower = token.lower
        for phrase in self._phrases:
            words = [t.lower for t in tokens[index : index + len(phrase)]]
            if tuple(words) == phrase:
                return index + len(phrase)
        if self.cues.lemmatize:
            if lower[:1].isupper():
                return None
            found = morphology.lemmas(lower) & self.cues.verbs
            if found and morphology.is_verb(lower):
                return index + 1
            return None
        if lower in self.cues.verbs:
            return index + 1
        return None

    def starts_with_verb(self, start: int, end: int) -> bool:
        """Whether the words at ``start`` open with a reporting verb (dash dialogue's test)."""
        tokens = tokenize(self.text, start, min(end, start + 80))
        words = [token for token in tokens if token.is_word][:3]
        if not words:
            return False
        for index in range(min(2, len(tokens))):
            if tokens[index].is_word and self.verb_at(tokens, index) is not None:
                return True
        return False

    # -- speaker phrases ---------------------------------------------------------------------

    def mention(
        self, tokens: list[Token], *, before_verb: bool, gender: Gender | None = None
    ) -> Mention | None:
        """The speaker named by a phrase (the words before or after a reporting verb)."""
        tokens = [token for token in tokens if token.text not in {"«", "»", "“", "”", '"'}]
        if not tokens:
            return None
        if before_verb:
            tokens = self._subject_segment(tokens)
        runs = name_runs(self.text, tokens, self.cues)
        names = [run for run in runs if not self._is_stop_run(run)]
        pronoun = next(
            (
                (index, token)
                for index, token in enumerate(tokens)
                if token.lower in self.cues.pronouns
            ),
            None,
        )
        role_phrase = self._role(tokens)
        if names:
            run = names[-1] if before_verb else names[0]
            words = tuple(clean_name(token.text) for token in run)
            roles = tuple(
                role
                for token in tokens
                if token.end <= run[0].start or token.start >= run[-1].end
                for role in [is_role(token.text, self.cues)]
                if role is not None
            )
            if pronoun is not None and before_verb and pronoun[1].start > run[-1].end:
                # "Speaking to Holloway, she said": the pronoun is the subject.
                return self._pronoun(pronoun[1], gender)
            return Mention(MentionKind.NAME, run[0].start, run[-1].end, words, gender, roles)
        if pronoun is not None:
            return self._pronoun(pronoun[1], gender)
        if role_phrase is not None:
            role, start, end = role_phrase
            return Mention(MentionKind.ROLE, start, end, (role,), gender)
        words = tuple(token.text for token in tokens if token.is_word)
        if not words:
            return None
        return Mention(MentionKind.OTHER, tokens[0].start, tokens[-1].end, words, gender)

    def _subject_segment(self, tokens: list[Token]) -> list[Token]:
        """The subject among comma-separated pieces before a verb.

        "Sunita Kapoor, an analyst at Harwick Securities, said": the first piece, not the
        company in the apposition. "In a statement, Holloway said": the piece after an opening
        phrase, which starts with a lower-case word or a function word.
        """
        pieces: list[list[Token]] = [[]]
        for token in tokens:
            if token.text == ",":
                pieces.append([])
            else:
                pieces[-1].append(token)
        pieces = [piece for piece in pieces if any(t.is_word for t in piece)]
        if len(pieces) < 2:
            return tokens
        for piece in pieces:
            first = next(t for t in piece if t.is_word)
            opener = first.text[:1].islower() or first.text in self.cues.not_names
            subject = first.lower in self.cues.pronouns or (
                first.text[:1].isupper() and first.text not in self.cues.not_names
            )
            if subject and not opener:
                return piece
            if first.lower in {"the", "der", "die", "das", "le", "la", "el"} and self._role(piece):
                return piece
        return pieces[-1]

    def _pronoun(self, token: Token, gender: Gender | None) -> Mention:
        sex = self.cues.pronouns.get(token.lower) or gender
        return Mention(MentionKind.PRONOUN, token.start, token.end, (token.text,), sex)

    def _is_stop_run(self, run: list[Token]) -> bool:
        return (
            len(run) == 1
            and self.cues.lemmatize
            and morphology.word_kind(run[0].text)
            in {
                "place",
                "org",
            }
        )

    def _role(self, tokens: list[Token]) -> tuple[str, int, int] | None:
        words = [token for token in tokens if token.is_word]
        if not words:
            return None
        normal = [self._normal_word(token.text) for token in words]
        for phrase, role in self._synonyms:
            size = len(phrase)
            for index in range(len(normal) - size + 1):
                if tuple(normal[index : index + size]) == phrase:
                    return role, words[index].start, words[index + size - 1].end
        for token in words:
            found = is_role(token.text, self.cues)
            if found is not None:
                return self.cues.role_synonyms.get(found, found), token.start, token.end
        return None

    def _normal_word(self, word: str) -> str:
        lower = word.lower()
        return morphology.lemma(lower) if self.cues.lemmatize else lower

    def _normal_phrase(self, phrase: str) -> tuple[str, ...]:
        return tuple(self._normal_word(word) for word in phrase.split())

    # -- attributions ------------------------------------------------------------------------

    def after(self, start: int, end: int, *, verb_first_only: bool = False) -> Attribution | None:
        """An attribution in the words following a quotation (up to the end of its sentence)."""
        tokens = tokenize(self.text, start, end)
        index = 0
        while index < len(tokens) and tokens[index].text in _LEADING:
            index += 1
        if index < len(tokens) and tokens[index].text in _TERMINATORS:
            return None
        words_seen = 0
        for position in range(index, len(tokens)):
            token = tokens[position]
            if token.text in _TERMINATORS or token.text in {"“", "«", "„", '"', "「"}:
                break
            if not token.is_word:
                continue
            words_seen += 1
            if words_seen > _VERB_REACH or (verb_first_only and words_seen > 2):
                break
            past = self.verb_at(tokens, position)
            if past is None:
                continue
            cue = (token.start, tokens[past - 1].end)
            gender = morphology.verb_gender(token.text) if self.cues.lemmatize else None
            before = [t for t in tokens[index:position] if t.text not in _LEADING]
            if before and any(t.is_word for t in before):
                return Attribution(cue, self.mention(before, before_verb=True, gender=gender))
            after = _clause(tokens[past:])
            return Attribution(cue, self.mention(after, before_verb=False, gender=gender))
        return None

    def before(self, start: int, end: int) -> Attribution | None:
        """An attribution in the words leading up to a quotation within its sentence."""
        segment = self.text[start:end]
        for pattern in self.cues.according:
            for match in pattern.finditer(segment):
                who_start = start + match.start("who")
                who_end = start + match.end("who")
                tail = self.text[who_end:end].strip(" ,:—–")
                if tail and len(tail.split()) > 3:
                    continue  # the phrase governs a clause in between, not this quote
                tokens = tokenize(self.text, who_start, who_end)
                mention = self.mention(tokens, before_verb=False)
                case = "gent" if "слов" in match.group(0) or "мнени" in match.group(0) else None
                return Attribution((start + match.start(), who_start), mention, case)
        tokens = tokenize(self.text, start, end)
        for index in range(len(tokens) - 1, -1, -1):
            if tokens[index].text in {".", "!", "?", "…"} and not _abbreviation(tokens, index):
                tokens = tokens[index + 1 :]  # what the previous sentence said is its own
                break
        colon = bool(tokens) and tokens[-1].text == ":"
        while tokens and tokens[-1].text in _LEADING:
            tokens.pop()
        if not tokens:
            return None
        if (
            colon
            and all(t.text[:1].isupper() or t.text == "." for t in tokens)
            and len(tokens) <= 4
        ):
            # "Галина Шестакова: «…»" — a headline or a transcript names its speaker so.
            runs = name_runs(self.text, tokens, self.cues)
            if len(runs) == 1 and len(runs[0]) == len([t for t in tokens if t.is_word]):
                words = tuple(clean_name(token.text) for token in runs[0])
                mention = Mention(MentionKind.NAME, runs[0][0].start, runs[0][-1].end, words)
                return Attribution(None, mention)
        word_positions = [i for i, token in enumerate(tokens) if token.is_word]
        for position in reversed(word_positions[-12:]):
            past = self.verb_at(tokens, position)
            if past is None:
                continue
            token = tokens[position]
            cue = (token.start, tokens[past - 1].end)
            gender = morphology.verb_gender(token.text) if self.cues.lemmatize else None
            before = _clause_tail(tokens[:position])
            mention = self.mention(before, before_verb=True, gender=gender) if before else None
            if mention is None or mention.kind is MentionKind.OTHER:
                after = _clause(tokens[past:])
                later = self.mention(after, before_verb=False, gender=gender) if after else None
                if later is not None and later.kind is not MentionKind.OTHER:
                    mention = later
            return Attribution(cue, mention)
        return None

    def subject(self, start: int, end: int) -> Attribution | None:
        """The subject opening a sentence that quotes without a reporting verb (partial quotes).

        "Holloway called the plan “reckless”": the first words of the sentence, when they are a
        name or a pronoun, are taken as the speaker, with no cue.
        """
        tokens = tokenize(self.text, start, end)[:4]
        if not tokens:
            return None
        mention = self.mention(tokens[:3], before_verb=True)
        if mention is None or mention.kind not in {MentionKind.NAME, MentionKind.PRONOUN}:
            return None
        if mention.start != tokens[0].start and not tokens[0].is_word:
            return None
        return Attribution(None, mention)


def _abbreviation(tokens: list[Token], index: int) -> bool:
    """Whether the full stop at ``index`` ends an initial or a title (J., Dr.), not a sentence."""
    if index == 0 or tokens[index].text != ".":
        return False
    word = tokens[index - 1].text
    return len(word) == 1 or word.lower() in {"mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr"}


def _clause(tokens: list[Token]) -> list[Token]:
    """Tokens up to the end of the clause (a full stop, a colon, a dash or a quotation mark)."""
    found: list[Token] = []
    for index, token in enumerate(tokens):
        if token.text in {":", "«", "“", "„", '"', "—", "–"}:
            break
        if token.text in _TERMINATORS and not _abbreviation(tokens, index):
            break
        found.append(token)
        if len(found) >= 14:
            break
    return found


def _clause_tail(tokens: list[Token]) -> list[Token]:
    """The tokens after the last sentence break, at most a dozen."""
    for index in range(len(tokens) - 1, -1, -1):
        if tokens[index].text in _TERMINATORS or tokens[index].text in {"»", "”", "“", "«"}:
            tokens = tokens[index + 1 :]
            break
    return tokens[-12:]


_JA_ROLES = "|".join(sorted(cues_ja.CUES.roles, key=len, reverse=True))
_JA_SPEAKER = re.compile(
    rf"(?P<who>[一-龯々ァ-ヶー・]{{1,12}}?)(?P<role>{_JA_ROLES})?(?:[（(][0-9０-９]+[)）])?(?:は|が)、?"
    r"(?:[^「」。]{0,30}?)$"
)
_JA_AFTER = re.compile(
    rf"と、?(?:(?P<who>[一-龯々ァ-ヶー・]{{1,12}}?)(?P<role>{_JA_ROLES})?(?:は|が)、?)?"
    r"(?P<verb>[^。「」]{1,16}?)(?=[。、]|$)"
)


def japanese(
    doc: Document, open_at: int, close_at: int, left: int, right: int
) -> Attribution | None:
    """Japanese attribution: 「…」と述べた with the speaker marked by は/が before or after."""
    text = doc.text
    after = _JA_AFTER.match(text, close_at, right)
    cue: Span | None = None
    who: tuple[int, int, str] | None = None
    if after:
        cue = (after.start("verb"), after.end("verb"))
        if after.group("who"):
            who = (after.start("who"), after.end("who"), after.group("who"))
    speakers = list(_JA_SPEAKER.finditer(text, left, open_at))
    before = speakers[-1] if speakers else None  # the topic nearest the quotation
    if who is None and before and before.group("who"):
        who = (before.start("who"), before.end("who"), before.group("who"))
    if who is None:
        return Attribution(cue, None) if cue else None
    _, end, name = who
    name = name.split("の")[-1]
    return Attribution(cue, Mention(MentionKind.NAME, end - len(name), end, (name,)))
