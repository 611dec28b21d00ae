"""Attributions: direct quotations, reported speech and mixed ones, each with its cue and resolved speaker.

The pipeline is three linear passes over one parsed article:

1. ``find_quote_spans`` pairs quotation marks paragraph by paragraph from the characters alone
   (curly and straight double marks; single marks only when the article has no double ones).
2. ``extract_quotes`` looks, for each span, for a reporting cue (a verb lemma from
   ``rules/quote_cues.csv`` or a phrase such as "according to") right after the quote or before it
   in the same sentence, takes the cue's subject from the dependency parse as the speaker mention,
   drops scare quotes and titles, and carries attributions over to unattributed quotes that
   continue an attributed one.
3. ``transforms.reported_speech.find_reported_clauses`` finds reported speech in the parse ("X said
   that …", "…, X said", "according to X, …"). A clause that is wholly one quotation stays that
   direct quote; a clause that carries quotation marks is one ``mixed`` attribution (its partial
   quotes are not emitted again as direct ones, as annotators mark them); the rest is ``indirect``.

Speaker mentions are then resolved in document order: names through the article's entities; he/she
to the last person of a compatible gender (honorifics, first names, earlier pronouns); it/they/we
to the last organisation or group that was a clause subject; "the spokesman" to the person an
appositive introduced as one; "the agency" to the organisation whose name holds the word; a
relative "who" to the noun it hangs from.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field

from spacy.attrs import DEP, IDX
from spacy.tokens import Doc, Token

from transforms.entities import ArticleEntities, Entity, EntityMention
from transforms.ids import stable_id
from transforms.reported_speech import (
    REPORTED_RULES,
    SUBJECT_DEPS,
    ReportedRules,
    find_reported_clauses,
    subject_of,
)
from transforms.rules import read_rule_csv

_CUE_ROWS = read_rule_csv("quote_cues.csv")
_TITLE_ROWS = read_rule_csv("quote_title_words.csv")


@dataclass(frozen=True)
class QuoteRules:
    """Everything ``extract_quotes`` decides with; swap it in tests.

    Attributes:
        cue_lemmas: lemmas of reporting verbs ("say", "tell", "tweet").
        cue_phrases: multi-word cues as lowercase word tuples, speaker as the object of the last word
            (("according", "to"),).
        title_words: a word right before an opening mark that makes the quoted words a title or a
            term, not speech ("the film", "the word", "dubbed", "so-called").
        person_pronouns: subject pronouns resolved to the last compatible person.
        person_types: entity types that count as persons for pronoun resolution.
        min_embedded_words: a quote inside a reporting verb's complement needs this many words
            (shorter ones are scare quotes even when someone reported them).
        min_free_words: an embedded quote with no cue at all needs this many words to be kept.
        trailer_tokens: how many tokens after a quote its cue may come ("..." said the former
            director of the agency).
        antecedent_chars: how far back (characters) a pronoun looks for its person.
        pronoun_genders: the gender each person pronoun asks of its antecedent.
        group_pronouns: pronouns resolved to the last organisation or group that was a clause subject,
            with the entity types each may stand for.
        honorific_genders: honorifics (lowercase, no period) that tell a person's gender.
        first_name_genders: common first names (lowercase) with the gender they usually signal
            (``rules/quote_first_names.csv``); only a hint, an honorific or a pronoun wins over it.
        group_antecedent_chars: how far back an it/they/we looks for its organisation.
    """

    cue_lemmas: frozenset[str]
    cue_phrases: tuple[tuple[str, ...], ...]
    title_words: frozenset[str]
    person_pronouns: frozenset[str] = frozenset({"he", "she"})
    pronoun_genders: Mapping[str, str] = field(default_factory=lambda: {"he": "m", "she": "f"})
    group_pronouns: Mapping[str, frozenset[str]] = field(
        default_factory=lambda: {
            "it": frozenset({"ORG"}),
            "they": frozenset({"ORG", "NORP"}),
            "we": frozenset({"ORG", "NORP"}),
        }
    )
    honorific_genders: Mapping[str, str] = field(
        default_factory=lambda: {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "dame": "f"}
    )
    first_name_genders: Mapping[str, str] = field(default_factory=dict)
    person_types: frozenset[str] = frozenset({"PERSON", "PER"})
    min_embedded_words: int = 2
    min_free_words: int = 6
    trailer_tokens: int = 20
    antecedent_chars: int = 3000
    group_antecedent_chars: int = 1500


QUOTE_RULES = QuoteRules(
    cue_lemmas=frozenset(row["cue"] for row in _CUE_ROWS if row["kind"] == "verb"),
    cue_phrases=tuple(tuple(row["cue"].split()) for row in _CUE_ROWS if row["kind"] == "phrase"),
    title_words=frozenset(row["word"] for row in _TITLE_ROWS),
    first_name_genders={row["name"].lower(): row["gender"] for row in read_rule_csv("quote_first_names.csv")},
)


@dataclass(frozen=True)
class Quote:
    """One attributed quotation; offsets are half-open into the article body.

    ``kind`` is ``direct`` (the words wholly inside quotation marks), ``mixed`` (reported speech that
    carries a quoted fragment) or ``indirect`` (reported speech with no quotation marks).
    """

    quote_id: str
    article_id: str
    text: str
    start_char: int
    end_char: int
    cue: str | None
    speaker: str | None
    speaker_entity_id: str | None
    speaker_text: str | None
    speaker_start: int | None
    speaker_end: int | None
    kind: str = "direct"


# ---------------------------------------------------------------------------------------------
# Quotation spans from the characters alone
# ---------------------------------------------------------------------------------------------

RE_PARAGRAPH = re.compile(r"[^\n]+")
# Two straight apostrophes stand for a double mark in some wire copy (''The Art of the Deal'').
RE_DOUBLE_MARK = re.compile(r"''|[“”\"„‟]")
RE_SINGLE_MARK = re.compile(r"[‘’'‛]")
RE_WORD = re.compile(r"\w+")
RE_ALNUM = re.compile(r"[^\W_]")

DOUBLE_OPEN_SHAPES = frozenset("“„‟")
DOUBLE_CLOSE_SHAPES = frozenset("”")
SINGLE_OPEN_SHAPES = frozenset("‘‛")
SINGLE_CLOSE_SHAPES = frozenset("’")
# After these a mark opens a quote ("(“", "—“"); before these a mark closes one ("”,", "”)").
OPEN_AFTER = frozenset("([{—–-/‘'\"“„")
CLOSE_BEFORE = frozenset(",.;:!?)]}—–-…’'\"”*")
# Punctuation right before or after a single closing mark that shows it is not an apostrophe.
SINGLE_STRONG_BEFORE = frozenset(",.!?;:…—–-")
SINGLE_STRONG_AFTER = frozenset(",.;:!?)—–")

# Format characters (direction marks, zero-width spaces) that pasted text leaves around marks.
INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\ufeff")

_OPEN, _CLOSE, _EITHER = 1, 2, 3


def _mark_role(body: str, i: int, j: int, open_shapes: frozenset[str], close_shapes: frozenset[str]) -> int:
    """Whether the mark at ``i`` opens or closes a quote, from its neighbours first and its shape second.

    Notes:
        Context wins over shape because real text has ” used as an opener and “ as a closer. The mark
        is ``body[i:j]``.
    """
    prev = body[i - 1] if i > 0 else "\n"
    nxt = body[j] if j < len(body) else "\n"
    if prev in INVISIBLE:
        prev = " "
    if nxt in INVISIBLE:
        nxt = " "
    opens = (prev.isspace() or prev in OPEN_AFTER) and not nxt.isspace()
    closes = not prev.isspace() and (nxt.isspace() or nxt in CLOSE_BEFORE)
    if opens and not closes:
        return _OPEN
    if closes and not opens:
        return _CLOSE
    ch = body[i]
    if ch in open_shapes:
        return _OPEN
    if ch in close_shapes:
        return _CLOSE
    return _EITHER


def _trim_end(body: str, start: int, end: int) -> int:
    """``end`` moved left over trailing whitespace (an unclosed quote ends at its last visible char)."""
    while end > start + 1 and body[end - 1].isspace():
        end -= 1
    return end


def _pair_double(body: str, marks: list[tuple[int, int, int]], open_at: int | None) -> tuple[list, int | None]:
    """Pair double marks of one paragraph; return the closed spans and the quote still open at its end."""
    spans: list[tuple[int, int]] = []
    for i, j, role in marks:
        if open_at is None:
            if role != _CLOSE:  # a stray closer (odd number of marks) opens nothing
                open_at = i
        elif role == _OPEN:
            # A clear opener while a quote is open: the earlier quote was never closed.
            spans.append((open_at, _trim_end(body, open_at, i)))
            open_at = i
        else:
            spans.append((open_at, j))
            open_at = None
    return spans, open_at


def _pair_single(body: str, marks: list[tuple[int, int, int]], open_at: int | None) -> tuple[list, int | None]:
    """Pair single marks of one paragraph, telling closing marks from apostrophes (don’t, Sanders’).

    Notes:
        A closer preceded or followed by punctuation ("…,’ she said") ends the quote at once; a bare
        one ("Sanders’ plan") is only used when no better closer comes before the paragraph ends.
    """
    spans: list[tuple[int, int]] = []
    weak: int | None = None
    for i, _, role in marks:
        prev = body[i - 1] if i > 0 else " "
        nxt = body[i + 1] if i + 1 < len(body) else " "
        if prev.isalnum() and nxt.isalnum():
            continue  # don’t, it’s: an apostrophe
        if open_at is None:
            if role == _OPEN and not nxt.isdigit():  # ’90s is an elision, not a quote
                open_at, weak = i, None
            continue
        if role == _OPEN and not nxt.isdigit():
            end = weak + 1 if weak is not None else _trim_end(body, open_at, i)
            spans.append((open_at, end))
            open_at, weak = i, None
        elif role != _OPEN:
            if prev in SINGLE_STRONG_BEFORE or nxt in SINGLE_STRONG_AFTER or nxt == "\n":
                spans.append((open_at, i + 1))
                open_at, weak = None, None
            elif weak is None:
                weak = i
    if open_at is not None and weak is not None:
        spans.append((open_at, weak + 1))
        open_at = None
    return spans, open_at


def find_quote_spans(body: str) -> list[tuple[int, int]]:
    """Character spans of the quotations in ``body``, marks included, in document order.

    Args:
        body: the article body.

    Returns:
        Half-open ``(start, end)`` spans; ``body[start]`` is the opening mark.

    Notes:
        Double marks (curly or straight) are the quotation marks unless the article has none, in which
        case single marks are (British style); inner marks of the other kind stay part of the quote.
        A paragraph that leaves a quote open continues it into the next paragraph when that one opens
        with a mark (newspaper convention); otherwise the quote ends with its paragraph. Stray closers
        are skipped, so an odd number of marks does not shift the pairs of the other paragraphs.
    """
    double = RE_DOUBLE_MARK.search(body) is not None
    mark_re = RE_DOUBLE_MARK if double else RE_SINGLE_MARK
    open_shapes = DOUBLE_OPEN_SHAPES if double else SINGLE_OPEN_SHAPES
    close_shapes = DOUBLE_CLOSE_SHAPES if double else SINGLE_CLOSE_SHAPES
    pair = _pair_double if double else _pair_single
    paragraphs = [(m.start(), m.end()) for m in RE_PARAGRAPH.finditer(body) if not m.group().isspace()]
    spans: list[tuple[int, int]] = []
    carried: int | None = None
    for k, (start, end) in enumerate(paragraphs):
        marks = [
            (m.start(), m.end(), _mark_role(body, m.start(), m.end(), open_shapes, close_shapes))
            for m in mark_re.finditer(body, start, end)
        ]
        first = start + len(body[start:end]) - len(body[start:end].lstrip())
        if carried is not None and marks and marks[0][0] == first:
            marks = marks[1:]  # the re-opening mark of a continued quote
        found, open_at = pair(body, marks, carried)
        spans.extend(found)
        carried = None
        if open_at is None:
            continue
        following = paragraphs[k + 1] if k + 1 < len(paragraphs) else None
        if following is not None:
            head = (
                following[0] + len(body[following[0] : following[1]]) - len(body[following[0] : following[1]].lstrip())
            )
            mark = mark_re.match(body, head)
            if mark and _mark_role(body, head, mark.end(), open_shapes, close_shapes) != _CLOSE:
                carried = open_at
                continue
        spans.append((open_at, _trim_end(body, open_at, end)))
    return [(s, e) for s, e in spans if RE_ALNUM.search(body, s, e)]


# ---------------------------------------------------------------------------------------------
# Cues and speaker mentions from the parse
# ---------------------------------------------------------------------------------------------

# A cue verb without its own subject borrows the subject of the verb it hangs from
# ("Homan slammed her, saying ...", "she laughed and added ...").
CLIMB_DEPS = frozenset({"conj", "xcomp", "advcl", "pcomp", "prep", "parataxis"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})
NAME_LEFT_DEPS = frozenset({"compound", "flat", "amod", "det", "poss", "nummod", "nmod", "case"})
NAME_RIGHT_DEPS = frozenset({"compound", "flat"})
DASHES = frozenset({"―", "—", "–", "-", "--"})
SENTENCE_ENDS = frozenset({".", "!", "?", "...", "…"})
CLOSING_MARKS = "”\"’' "
MARK_CHARS = "“”\"„‟‘’'‛ "
HANDOVER_PUNCT = frozenset(",?!—–-")
ADJACENT_PARTICLES = frozenset({"back", "on", "out", "in", "up"})


@dataclass(frozen=True)
class _Attribution:
    """A cue and the speaker mention found for one quote (speaker fields may be empty)."""

    cue: str | None
    head: Token | None  # the speaker mention's head token


@dataclass
class _Context:
    """Per-article lookups built once, so each quote costs time proportional to its neighbourhood."""

    doc: Doc
    body: str
    entities: ArticleEntities
    rules: QuoteRules
    tok_starts: list[int]
    in_quote: list[bool]
    mention_starts: list[int]
    mentions: tuple[EntityMention, ...]
    entity_by_id: dict[str, Entity]
    genders: dict[str, str] = field(default_factory=dict)
    roles: list[tuple[int, str, Entity]] = field(default_factory=list)

    def token_index(self, char: int) -> int:
        """Index of the first token starting at or after ``char``."""
        return bisect_left(self.tok_starts, char)


def _is_cue(tok: Token, rules: QuoteRules) -> bool:
    """A reporting verb: a cue lemma used as a verb (the small model sometimes tags "says" as a noun)."""
    if tok.lemma_.lower() not in rules.cue_lemmas:
        return False
    if tok.pos_ in ("VERB", "AUX"):
        return True
    # A lowercase "says"/"read" tagged as a noun is a misparse; "the Post" or "a report" is a name or thing.
    return (
        tok.pos_ in ("NOUN", "PROPN")
        and tok.text.islower()
        and (tok.tag_ in ("VBZ", "VBD", "NNS", "VB", "VBP") or tok.dep_ == "ROOT")
    )


def _subject_of(verb: Token) -> Token | None:
    """The subject of a direct quote's cue verb (climbing through parataxis too; passives keep their subject)."""
    return subject_of(verb, climb=CLIMB_DEPS, passive_agent=False)


def _phrase_at(ctx: _Context, i: int, limit: int) -> tuple[int, int] | None:
    """The token range of a multi-word cue ("according to") starting at token ``i``, if any."""
    doc = ctx.doc
    for phrase in ctx.rules.cue_phrases:
        n = len(phrase)
        if i + n <= limit and all(doc[i + k].lower_ == phrase[k] for k in range(n)):
            return i, i + n
    return None


def _phrase_speaker(ctx: _Context, last: int, limit: int) -> Token | None:
    """The object of a phrase cue's last word ("according to *the agency*"), else the next noun."""
    tok = ctx.doc[last]
    for child in tok.children:
        if child.dep_ == "pobj":
            return child
    for j in range(last + 1, min(limit, last + 6)):
        if ctx.doc[j].pos_ in ("PROPN", "NOUN", "PRON"):
            return ctx.doc[j]
    return None


def _cue_text(ctx: _Context, start: int, end: int) -> str:
    """The cue as written in the body."""
    doc = ctx.doc
    return ctx.body[doc[start].idx : doc[end - 1].idx + len(doc[end - 1])]


def _outside(ctx: _Context, tok: Token | None) -> bool:
    """The token lies outside every quotation (a subject inside quoted words is not the speaker)."""
    return tok is not None and not ctx.in_quote[tok.i]


def _cue_above(tok: Token, rules: QuoteRules) -> Token | None:
    """The cue verb whose subject contains ``tok`` ("…,” *Scott Pruitt*, the attorney general …, said)."""
    for _ in range(5):
        if tok.dep_ in SUBJECT_DEPS and _is_cue(tok.head, rules):
            return tok.head
        if tok.head is tok:
            return None
        tok = tok.head
    return None


def _speaker_of(verb: Token) -> Token | None:
    """The speaker of a cue verb: its subject, else a name right after it ("said Edward Leamer, …")."""
    subject = _subject_of(verb)
    if subject is not None:
        return subject
    for child in verb.rights:
        if (
            child.left_edge.i == verb.i + 1
            and child.pos_ in ("PROPN", "NOUN")
            and child.dep_ not in ("ccomp", "xcomp", "advcl", "prep", "conj")
        ):
            return child
    return None


def _trailer_attribution(ctx: _Context, qs: int, qe: int, region_end: int) -> _Attribution | None:
    """A cue right after the quote, before the next sentence end ("…,” Albence said.")."""
    doc, rules = ctx.doc, ctx.rules
    first = ctx.token_index(qe)
    limit = min(ctx.token_index(region_end), first + rules.trailer_tokens)
    while first < limit and doc[first].is_space:
        first += 1
    if first >= limit:
        return None
    name = first + 1
    while name < limit and doc[name].is_space:
        name += 1
    if doc[first].text in DASHES and name < limit and doc[name].pos_ == "PROPN":
        return _Attribution(doc[first].text, doc[name])  # “…” ― Jane Doe
    for j in range(first, limit):
        tok = doc[j]
        if ctx.in_quote[j] or tok.text in SENTENCE_ENDS:
            break
        phrase = _phrase_at(ctx, j, limit)
        if phrase is not None:
            return _Attribution(_cue_text(ctx, *phrase), _phrase_speaker(ctx, phrase[1] - 1, limit))
        if _is_cue(tok, rules):
            speaker = _speaker_of(tok)
            if speaker is None and j > first:
                speaker = _noun_before(ctx, first, j)  # "the editorial read" with "read" parsed as a noun
            return _Attribution(tok.text, speaker if _outside(ctx, speaker) else None)
        if j == first or doc[j - 1].is_punct:
            # A long subject (name plus appositive) can push its verb past the window.
            verb = _cue_above(tok, rules)
            if verb is not None and verb.i > j:
                speaker = _speaker_of(verb)
                return _Attribution(verb.text, speaker if _outside(ctx, speaker) else None)
    if ctx.body[qs:qe].rstrip(MARK_CHARS)[-1:] in HANDOVER_PUNCT:
        # “…,” Hannity pressed. / “…?” he shot back: a quote closed by a comma hands over to its
        # speaker, whatever the verb.
        for j in range(first, min(limit, first + 6)):
            tok = doc[j]
            if ctx.in_quote[j] or tok.text in SENTENCE_ENDS:
                break
            if tok.pos_ == "VERB":
                subject = _subject_of(tok)
                if subject is not None and first <= subject.i < j and _outside(ctx, subject):
                    return _Attribution(tok.text, subject)
                break
    return None


def _noun_before(ctx: _Context, first: int, j: int) -> Token | None:
    """The last nominal word in tokens [first, j), the head of a subject the parser missed."""
    for k in range(j - 1, first - 1, -1):
        if ctx.doc[k].pos_ in ("PROPN", "NOUN", "PRON", "ADJ"):
            return ctx.doc[k]
    return None


def _leader_attribution(ctx: _Context, qs: int, qe: int, lo_char: int) -> _Attribution | None:
    """The cue closest before the quote in its own sentence ("Albence said, “…", "officials stressed that … “…”")."""
    doc = ctx.doc
    opening = ctx.token_index(qs)
    if opening >= len(doc):
        return None
    lo = max(doc[opening].sent.start, ctx.token_index(lo_char))
    for j in range(opening - 1, lo - 1, -1):
        if ctx.in_quote[j]:
            continue
        phrase = _phrase_at(ctx, j, opening)
        if phrase is not None:
            return _Attribution(_cue_text(ctx, *phrase), _phrase_speaker(ctx, phrase[1] - 1, opening))
        if _is_cue(doc[j], ctx.rules):
            subject = _subject_of(doc[j])
            if not _outside(ctx, subject):
                subject = _left_subject(ctx, j, lo)
            return _Attribution(doc[j].text, subject)
    return _colon_attribution(ctx, opening, lo)


def _left_subject(ctx: _Context, cue: int, lo: int) -> Token | None:
    """The nearest clause subject left of a cue whose own parse lost it ("Clinton, …, telling the crowd")."""
    for k in range(cue - 1, lo - 1, -1):
        tok = ctx.doc[k]
        if tok.dep_ in SUBJECT_DEPS and not ctx.in_quote[k] and tok.tag_ not in ("WP", "WDT"):
            return tok
    return None


def _colon_attribution(ctx: _Context, opening: int, lo: int) -> _Attribution | None:
    """A quote introduced by a colon: "Carl Bialik: “…”" or "she went on: “…”" (any verb's subject).

    Notes:
        A colon right before the marks is how writers hand the floor to someone, so the verb need not be
        in the cue list ("he boomed:", "she went on:").
    """
    doc = ctx.doc
    colon = opening - 1
    while colon >= lo and doc[colon].is_space:
        colon -= 1
    if colon <= lo or doc[colon].text not in (":", ","):
        return None
    if doc[colon].text == ",":
        # "Hillary shot back, “…”": a verb with its subject right before the comma hands over.
        verb = doc[colon - 1]
        if verb.lower_ in ADJACENT_PARTICLES and verb.head.i < verb.i:
            verb = verb.head
        subject = _subject_of(verb) if verb.pos_ == "VERB" else None
        if subject is not None and subject.i < verb.i and _outside(ctx, subject):
            return _Attribution(verb.text, subject)
        return None
    before = doc[colon - 1]
    if before.text == ")" and colon - 2 > lo:  # "Rep. Jane Roe (R-Ohio): “…”"
        k = colon - 2
        while k > lo and doc[k].text != "(":
            k -= 1
        before = doc[k - 1] if k > lo else before
    if before.pos_ == "PROPN" and before.text[:1].isupper():
        return _Attribution(":", before)  # transcript or roundup style: "Name: “…”", "Said Ellis: “…”"
    # The clause the colon closes: climb from the word before it to the first verb with a real subject
    # ("Clinton apologized for what happened:" is Clinton's, not "what"'s).
    tok = before
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX"):
            subject = _subject_of(tok)
            if subject is not None and subject.i < tok.i and subject.tag_ not in ("WP", "WDT"):
                return _Attribution(tok.text, subject) if _outside(ctx, subject) else None
        if tok.head is tok or tok.head.i >= colon:
            return None
        tok = tok.head
    return None


# ---------------------------------------------------------------------------------------------
# Speaker mentions to canonical entities
# ---------------------------------------------------------------------------------------------


def _mention_at(ctx: _Context, char: int) -> EntityMention | None:
    """The entity mention covering ``char``, if any."""
    k = bisect_right(ctx.mention_starts, char) - 1
    while k >= 0:
        mention = ctx.mentions[k]
        if mention.start_char <= char < mention.end_char:
            return mention
        if char - mention.start_char > 200:
            break
        k -= 1
    return None


def _promote_appositive(head: Token) -> Token:
    """ "a spokesman, Lawrence Payne," names the speaker: prefer a proper-noun appositive of a description."""
    if head.pos_ == "NOUN" or head.text[:1].islower():  # the small model tags "minister" PROPN at times
        for child in head.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN" and child.text[:1].isupper():
                return child
    return head


def _mention_span(ctx: _Context, head: Token) -> tuple[int, int]:
    """Character span of the speaker mention around its head: the entity mention, else the name words."""
    mention = _mention_at(ctx, head.idx)
    if mention is not None:
        return mention.start_char, mention.end_char
    left, right = head.i, head.i
    for child in head.lefts:
        if child.dep_ in NAME_LEFT_DEPS:
            left = min(left, child.left_edge.i)
    for child in head.rights:
        if child.dep_ in NAME_RIGHT_DEPS and child.i == right + 1:
            right = child.i
    doc = ctx.doc
    return doc[left].idx, doc[right].idx + len(doc[right])


def _is_subject_mention(ctx: _Context, mention: EntityMention) -> bool:
    """The mention is (part of) a clause subject, i.e. the kind of person a later he/she refers to."""
    i = min(ctx.token_index(mention.start_char), len(ctx.doc) - 1)
    end = ctx.token_index(mention.end_char)
    return any(tok.dep_ in SUBJECT_DEPS for tok in ctx.doc[i : max(end, i + 1)])


def _genders(ctx: _Context) -> dict[str, str]:
    """Gender evidence per person entity: an honorific before a mention (Mr., Mrs., Ms.), else the first name.

    Notes:
        ``rules.honorific_genders`` and ``rules.first_name_genders`` are small and general; an entity
        with no evidence stays unknown and is compatible with both he and she.
    """
    rules, body = ctx.rules, ctx.body
    genders: dict[str, str] = {}
    for mention in ctx.mentions:
        entity = ctx.entity_by_id.get(mention.entity_id)
        if entity is None or entity.type not in rules.person_types:
            continue
        before = body[max(0, mention.start_char - 6) : mention.start_char].split()
        words = before[-1:] + body[mention.start_char : mention.end_char].split()[:1]
        honorific = next((rules.honorific_genders[w] for w in (w.lower().rstrip(".") for w in words)
                          if w in rules.honorific_genders), None)  # fmt: skip
        if honorific is not None:
            genders[entity.entity_id] = honorific
        elif entity.entity_id not in genders:
            first = entity.name.split()[0].lower() if entity.name.split() else ""
            if first in rules.first_name_genders:
                genders[entity.entity_id] = rules.first_name_genders[first]
    return genders


def _roles(ctx: _Context) -> list[tuple[int, str, Entity]]:
    """(offset, role noun, person) for each appositive that names a role: "Lawrence Payne, a spokesman for …".

    Notes:
        Read once per article, so "the spokesman" later in the text can name the person it stands for.
    """
    roles = []
    appos = ctx.doc.vocab.strings["appos"]
    for i, dep_id in enumerate(ctx.doc.to_array([DEP]).tolist()):
        if dep_id != appos:
            continue
        tok = ctx.doc[i]
        for name, role in ((tok.head, tok), (tok, tok.head)):
            if role.pos_ != "NOUN":
                continue
            entity = ctx.entities.entity_at(name.idx, name.idx + len(name))
            if entity is not None and entity.type in ctx.rules.person_types:
                roles.append((tok.idx, role.lemma_.lower(), entity))
                break
    return roles


def _description_antecedent(ctx: _Context, head: Token) -> Entity | None:
    """What a definite description stands for: "the spokesman" → the person introduced as one, "the agency" →
    the last organisation whose name holds that word ("the Border Protection Agency")."""
    if not any(child.dep_ == "det" and child.lower_ in ("the", "this") for child in head.children):
        return None
    lemma = head.lemma_.lower()
    floor = head.idx - ctx.rules.antecedent_chars
    k = bisect_left(ctx.roles, head.idx, key=lambda r: r[0]) - 1
    while k >= 0 and ctx.roles[k][0] >= floor:
        if ctx.roles[k][1] == lemma:
            return ctx.roles[k][2]
        k -= 1
    k = bisect_left(ctx.mention_starts, head.idx) - 1
    while k >= 0 and ctx.mentions[k].start_char >= floor:
        entity = ctx.entity_by_id.get(ctx.mentions[k].entity_id)
        k -= 1
        if entity is not None and entity.type == "ORG" and lemma in entity.name.lower().split():
            return entity
    return None


def _antecedent(ctx: _Context, char: int, last_speaker: Entity | None, gender: str | None) -> Entity | None:
    """The person a he/she at ``char`` most likely is: the last compatible one.

    Notes:
        Preference: the last person who was quoted, when no other person has been the subject of a
        clause since; else the last person who was a clause subject; else the last person named.
        A person whose gender is known (honorific, first name, an earlier he/she) and differs from
        the pronoun's is skipped, so "Trump attacked Clinton. She said ..." finds Clinton.
    """
    person_types = ctx.rules.person_types

    def fits(entity: Entity) -> bool:
        known = ctx.genders.get(entity.entity_id)
        return gender is None or known is None or known == gender

    k = bisect_left(ctx.mention_starts, char) - 1
    floor = char - ctx.rules.antecedent_chars
    named: Entity | None = None
    while k >= 0 and ctx.mentions[k].start_char >= floor:
        mention = ctx.mentions[k]
        k -= 1
        entity = ctx.entity_by_id.get(mention.entity_id)
        if entity is None or entity.type not in person_types or mention.end_char > char or not fits(entity):
            continue
        if last_speaker is not None and entity.entity_id == last_speaker.entity_id:
            return entity
        if _is_subject_mention(ctx, mention):
            return entity
        if named is None:
            named = entity
    if named is not None:
        return named
    if last_speaker is not None and last_speaker.type in person_types and fits(last_speaker):
        return last_speaker
    return None


def _group_antecedent(ctx: _Context, char: int, types: frozenset[str], last_speaker: Entity | None) -> Entity | None:
    """The organisation or group an it/they/we at ``char`` stands for: the last one that was a clause subject.

    Notes:
        Only subjects count ("the agency said … It added"): an organisation merely mentioned is too
        weak a clue. The last speaker wins when it is of the right type and no other group spoke since.
    """
    k = bisect_left(ctx.mention_starts, char) - 1
    floor = char - ctx.rules.group_antecedent_chars
    while k >= 0 and ctx.mentions[k].start_char >= floor:
        mention = ctx.mentions[k]
        k -= 1
        entity = ctx.entity_by_id.get(mention.entity_id)
        if entity is None or entity.type not in types or mention.end_char > char:
            continue
        if (last_speaker is not None and entity.entity_id == last_speaker.entity_id) or _is_subject_mention(
            ctx, mention
        ):
            return entity
    return None


def _resolve(ctx: _Context, head: Token, text: str, last_speaker: Entity | None) -> Entity | None:
    """The canonical entity of a speaker mention (a name, "the Times", he/she, it/they), or None for descriptions."""
    lower = head.lower_
    if lower in RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
        # "Payne, who said …": the speaker is the noun the relative clause hangs from.
        noun = _promote_appositive(head.head.head)
        start, end = _mention_span(ctx, noun)
        return None if noun.lower_ in RELATIVE_PRONOUNS else _resolve(ctx, noun, ctx.body[start:end], last_speaker)
    if lower in ctx.rules.person_pronouns:
        gender = ctx.rules.pronoun_genders.get(lower)
        entity = _antecedent(ctx, head.idx, last_speaker, gender)
        if entity is not None and gender is not None:
            ctx.genders.setdefault(entity.entity_id, gender)  # "she" said it: later pronouns know
        return entity
    if lower in ctx.rules.group_pronouns:
        return _group_antecedent(ctx, head.idx, ctx.rules.group_pronouns[lower], last_speaker)
    if head.pos_ == "PRON":
        return None
    entity = ctx.entities.entity_at(head.idx, head.idx + len(head))
    if entity is None and head.pos_ == "NOUN" and head.text.islower():
        return _description_antecedent(ctx, head)
    # The small model tags some surnames as nouns ("Trump shot back"): a capitalised head is looked up too.
    if entity is None and (head.pos_ == "PROPN" or head.text[:1].isupper()):
        entity = ctx.entities.find(text) or ctx.entities.find(head.text)
    return entity


# ---------------------------------------------------------------------------------------------
# Putting it together
# ---------------------------------------------------------------------------------------------


def _word_before(body: str, start: int) -> str:
    """The lowercase word right before ``start`` (skipping spaces and a comma)."""
    j = start
    while j > 0 and (body[j - 1].isspace() or body[j - 1] == ","):
        j -= 1
    k = j
    while k > 0 and (body[k - 1].isalnum() or body[k - 1] == "-"):
        k -= 1
    return body[k:j].lower()


def _starts_sentence(body: str, start: int, para_start: int) -> bool:
    """The quote opens its paragraph or follows a sentence end, a colon or another quote."""
    j = start
    while j > para_start and body[j - 1].isspace():
        j -= 1
    return j == para_start or body[j - 1] in '.!?:;”"’)…—–-'


def _is_title_case(words: list[str]) -> bool:
    """Every word is capitalised (“Make America Great Again”, “Meet the Press”): a title or a name."""
    caps = [w for w in words if len(w) > 3 or w[0].isupper()]
    return len(caps) >= 2 and all(w[0].isupper() or w[0].isdigit() for w in caps)


def _keep(
    body: str,
    qs: int,
    qe: int,
    para_start: int,
    own: _Attribution | None,
    *,
    trailer: bool,
    after_cue: bool,
    rules: QuoteRules,
) -> bool:
    """Speech, not a scare quote or a title, decided from the quote's place in its sentence.

    Notes:
        A quote attributed right after its closing mark, or standing as its own sentence, is speech at
        any length. An embedded quote (inside a noun phrase or clause) is speech when it sits in the
        complement of a reporting verb with a subject and has a few words ("officials stressed that
        the units would not be “busting down doors”"), or when it is long on its own. A word such as
        "film", "word" or "dubbed" right before the mark marks a title, and so does a title-cased short
        phrase that no reporting verb governs ("Make America Great Again" as a slogan, but "USA! USA!"
        when a crowd chanted it). A quote right after a reporting verb ("Cruz said “CNN” five times")
        is speech at any length.
    """
    inner = body[qs:qe].strip(MARK_CHARS)
    words = RE_WORD.findall(inner)
    if not words or (qs > 0 and body[qs - 1] == "="):  # markup attribute values: datetime="2016-07-23"
        return False
    title_word = _word_before(body, qs) in rules.title_words
    if after_cue and not title_word:
        return True
    reported = own is not None and own.head is not None
    titled = title_word or _is_title_case(words)
    if trailer and inner.rstrip()[-1:] in ",!?.…—–-":
        return not (titled and len(words) <= 3 and inner.rstrip()[-1:] == ",")
    if titled and len(words) <= 8:
        return False
    if _starts_sentence(body, qs, para_start) and (inner.rstrip()[-1:] in ".!?…,;:" or len(words) > 2):
        return True
    if reported and len(words) >= rules.min_embedded_words:
        return True
    return len(words) >= rules.min_free_words


def extract_quotes(
    doc: Doc,
    *,
    article_id: str,
    entities: ArticleEntities,
    rules: QuoteRules = QUOTE_RULES,
    reported_rules: ReportedRules = REPORTED_RULES,
) -> list[Quote]:
    """The attributions of one parsed article (direct, mixed and indirect), each with its cue and speaker.

    Args:
        doc: the parsed article body (``doc.text`` is the body the offsets refer to).
        article_id: the article's id, part of each quote id.
        entities: the article's canonical entities and mentions (``extract_entities``).
        rules: cue verbs, title words, resolution hints and thresholds.
        reported_rules: cues of reported speech by frame (``transforms.reported_speech``).

    Returns:
        Quotes in document order of their content, each with its ``kind``;
        ``text == doc.text[start_char:end_char]`` and the speaker span, when set, is
        ``doc.text[speaker_start:speaker_end]``.

    Notes:
        Linear in the article: one pass for marks, one bisect per lookup, and each quote only reads
        the tokens of its own sentence (plus a bounded look-back for pronouns); reported speech is one
        pass over the tokens. Indefinite descriptions ("officials", "a spokesman") keep
        ``speaker_text`` with no canonical speaker; "I"/"you" and pronouns with no antecedent in
        reach stay unresolved. Reported content never crosses a paragraph break.
    """
    body = doc.text
    spans = find_quote_spans(body)
    paragraphs = [(m.start(), m.end()) for m in RE_PARAGRAPH.finditer(body) if not m.group().isspace()]
    para_starts = [p[0] for p in paragraphs]
    tok_starts = doc.to_array([IDX]).tolist() if len(doc) else []
    in_quote = [False] * len(doc)
    for qs, qe in spans:
        for i in range(bisect_left(tok_starts, qs), bisect_left(tok_starts, qe)):
            in_quote[i] = True
    mentions = tuple(sorted(entities.mentions, key=lambda m: (m.start_char, m.end_char)))
    ctx = _Context(
        doc=doc,
        body=body,
        entities=entities,
        rules=rules,
        tok_starts=tok_starts,
        in_quote=in_quote,
        mention_starts=[m.start_char for m in mentions],
        mentions=mentions,
        entity_by_id={e.entity_id: e for e in entities.entities},
    )
    ctx.genders = _genders(ctx)
    ctx.roles = _roles(ctx)

    # Own attribution of every span, then the keep/drop decision.
    found: list[_Found] = []
    for n, (qs, qe) in enumerate(spans):
        first_para = bisect_right(para_starts, qs) - 1
        last_para = bisect_right(para_starts, qe - 1) - 1
        para_start = paragraphs[first_para][0]
        next_start = spans[n + 1][0] if n + 1 < len(spans) else len(body)
        attribution = _trailer_attribution(ctx, qs, qe, min(next_start, paragraphs[last_para][1]))
        trailer = attribution is not None
        if attribution is None or body[qs:qe].rstrip(CLOSING_MARKS)[-1:] in SENTENCE_ENDS:
            # A quote that ends its own sentence is more often introduced ("X said: “…”") than
            # followed by its attribution; the words after it may begin another sentence.
            leader = _leader_attribution(ctx, qs, qe, para_start)
            if leader is not None and (attribution is None or leader.head is not None):
                attribution, trailer = leader, False
        opens_paragraph = qs == _first_char(body, para_start)
        if attribution is None and opens_paragraph:
            attribution = _colon_lead_in(ctx, paragraphs, first_para, qs, qe)
        before = ctx.token_index(qs) - 1
        while before >= 0 and doc[before].text in (",", ":"):
            before -= 1
        after_cue = before >= 0 and not in_quote[before] and _is_cue(doc[before], rules)
        if _keep(body, qs, qe, para_start, attribution, trailer=trailer, after_cue=after_cue, rules=rules):
            found.append(_Found(qs, qe, first_para, last_para, opens_paragraph, attribution))
    resolved = _inherit_attributions(found)

    # Reported speech: a clause that is wholly one quotation is that direct quote; a clause that carries
    # quotations is mixed and replaces them (one attribution, as annotators mark it); else indirect.
    items: list[tuple[int, int, str, str | None, Token | None]] = []
    absorbed: set[int] = set()
    direct_starts = [item.start for item in found]
    span_ends = [end for _, end in spans]
    for clause in find_reported_clauses(doc, in_quote=in_quote, rules=reported_rules):
        cs, ce = clause.start_char, clause.end_char
        k = bisect_left(direct_starts, cs - 1)
        inside = []
        covered = False
        lo_k = max(0, k - 1)
        for m in range(lo_k, len(found)):
            item = found[m]
            if item.start >= ce:
                break
            if item.end <= cs:
                continue
            if _core_len(body, max(cs, item.start), min(ce, item.end)) * 10 >= _core_len(body, cs, ce) * 8:
                covered = True  # the clause is this quotation
                break
            core = _core_bounds(body, item.start, item.end)
            if core is not None and core[0] >= cs and core[1] <= ce:
                inside.append(m)
        if covered:
            continue
        head = doc[clause.speaker_i] if clause.speaker_i is not None else None
        if head is not None and not _outside(ctx, head):
            head = None
        # Any quotation marks in the content make it mixed, scare quotes included ("called the plan a “giveaway”").
        marked = bisect_left(span_ends, cs + 1) < len(spans) and spans[bisect_left(span_ends, cs + 1)][0] < ce
        kind = "mixed" if inside or marked else "indirect"
        if inside:
            absorbed.update(inside)
            cs, ce = min(cs, found[inside[0]].start), max(ce, found[inside[-1]].end)
        items.append((cs, ce, kind, clause.cue, head))
    for m, (item, attribution) in enumerate(zip(found, resolved, strict=True)):
        if m in absorbed:
            continue
        own = item.own
        cue = attribution.cue if attribution is not None else (own.cue if own is not None else None)
        head = attribution.head if attribution is not None else None
        items.append((item.start, item.end, "direct", cue, head))
    items.sort(key=lambda it: (it[0], it[1]))

    quotes: list[Quote] = []
    seen: set[tuple[int, int]] = set()
    last_speaker: Entity | None = None
    for qs, qe, kind, cue, head in items:
        if (qs, qe) in seen:
            continue
        seen.add((qs, qe))
        speaker_fields: tuple = (None, None, None, None, None)
        if head is not None:
            head = _promote_appositive(head)
            s_start, s_end = _mention_span(ctx, head)
            s_text = body[s_start:s_end]
            entity = _resolve(ctx, head, s_text, last_speaker)
            if entity is not None:
                last_speaker = entity
            speaker_fields = (
                entity.name if entity else None,
                entity.entity_id if entity else None,
                s_text,
                s_start,
                s_end,
            )
        quote_id = stable_id(article_id, qs, qe, "quote") if kind == "direct" else stable_id(article_id, qs, qe, kind)
        quotes.append(Quote(quote_id, article_id, body[qs:qe], qs, qe, cue, *speaker_fields, kind=kind))
    return quotes


def _core_bounds(body: str, start: int, end: int) -> tuple[int, int] | None:
    """The first and past-the-last alphanumeric offsets of ``body[start:end]`` (the words without marks)."""
    i, j = start, end
    while i < j and not body[i].isalnum():
        i += 1
    while j > i and not body[j - 1].isalnum():
        j -= 1
    return (i, j) if j > i else None


def _core_len(body: str, start: int, end: int) -> int:
    """Characters of ``body[start:end]`` that are neither quotation marks, punctuation nor spaces."""
    return sum(1 for ch in body[start:end] if ch.isalnum())


@dataclass(frozen=True)
class _Found:
    """A kept quotation span with the paragraphs it spans and its own attribution, if any."""

    start: int
    end: int
    first_para: int
    last_para: int
    opens_paragraph: bool
    own: _Attribution | None


def _inherit_attributions(found: list[_Found]) -> list[_Attribution | None]:
    """Each quote's attribution, unattributed quotes taking the one of the quote they continue.

    Notes:
        “A,” she said. “B.” gives B the speaker of A (same paragraph, previous quote first, else the
        next one); a paragraph that opens with an unattributed quote continues the last quote of the
        paragraph right before it (newspaper convention for long quotes).
    """
    resolved = [f.own if f.own is not None and f.own.head is not None else None for f in found]
    for n, item in enumerate(found):
        if resolved[n] is not None:
            continue
        prev = found[n - 1] if n > 0 else None
        nxt = found[n + 1] if n + 1 < len(found) else None
        if prev is not None and prev.last_para == item.first_para and resolved[n - 1] is not None:
            resolved[n] = resolved[n - 1]
        elif nxt is not None and nxt.first_para == item.last_para and item.own is None:
            resolved[n] = resolved[n + 1]
        elif prev is not None and prev.last_para == item.first_para - 1 and item.opens_paragraph and item.own is None:
            resolved[n] = resolved[n - 1]
    return resolved


def _first_char(body: str, start: int) -> int:
    """Offset of the first non-space character at or after ``start``."""
    while start < len(body) and body[start].isspace():
        start += 1
    return start


def _colon_lead_in(
    ctx: _Context, paragraphs: list[tuple[int, int]], pidx: int, qs: int, qe: int
) -> _Attribution | None:
    """ "Albence said:" closing the previous paragraph attributes a quote that opens this one."""
    if pidx == 0:
        return None
    p_start, p_end = paragraphs[pidx - 1]
    text = ctx.body[p_start:p_end].rstrip()
    if not text.endswith(":"):
        return None
    colon = p_start + len(text) - 1
    return _leader_attribution(ctx, colon, qe, p_start) or _colon_attribution(
        ctx, ctx.token_index(qs), ctx.token_index(p_start)
    )
