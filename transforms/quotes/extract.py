"""``extract_quotes``: the ``Quote`` rows of one parsed article, direct, mixed and indirect.

Puts the passes together: quotation spans (``marks``), their own attributions (``attribution``),
the keep/drop decision (``speech``), attributions carried over to continuing quotes, reported
clauses (``reported``) merged with the direct quotes they hold, and speakers resolved in document
order (``speakers``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from spacy.attrs import IDX
from spacy.tokens import Doc, Token

from transforms.entities import ArticleEntities, Entity
from transforms.ids import stable_id
from transforms.quotes.attribution import (
    SENTENCE_ENDS,
    colon_lead_in,
    context_attribution,
    leader_attribution,
    trailer_attribution,
)
from transforms.quotes.context import Attribution, QuoteContext, outside_quotes
from transforms.quotes.genders import PersonEvidence, person_evidence
from transforms.quotes.marks import CLOSING_MARKS, RE_PARAGRAPH
from transforms.quotes.reported import find_reported_clauses
from transforms.quotes.rules import QUOTE_RULES, REPORTED_RULES, QuoteRules, ReportedRules
from transforms.quotes.speakers import (
    can_speak,
    coordinated_speaker,
    mention_span,
    promote_appositive,
    resolve_speaker,
    speaker_gender,
    titled_people,
)
from transforms.quotes.speech import is_headline, is_speech
from transforms.quotes.subjects import is_verb_cue


@dataclass(frozen=True)
class Quote:
    """One attributed quotation; offsets are half-open into the article body.

    ``kind`` is ``direct`` (the words wholly inside quotation marks), ``mixed`` (reported speech that
    carries a quoted fragment) or ``indirect`` (reported speech with no quotation marks). ``cue_type``
    says what the cue reports (speech, thought, stance, other); the parts of one statement (a quote
    split around its attribution, continued over paragraphs, or a statement nested in one by the same
    speaker) share ``statement_id``, the ``quote_id`` of the first part. ``speaker_gender`` is female,
    male or unknown for a person speaker, named or not, and None for no speaker, an organisation, a
    place or a group.
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
    cue_type: str | None = None
    statement_id: str | None = None
    speaker_gender: str | None = None


def extract_quotes(
    doc: Doc,
    *,
    article_id: str,
    entities: ArticleEntities,
    rules: QuoteRules = QUOTE_RULES,
    reported_rules: ReportedRules = REPORTED_RULES,
    evidence: PersonEvidence | None = None,
) -> list[Quote]:
    """The attributions of one parsed article (direct, mixed and indirect), each with its cue and speaker.

    Args:
        doc: the parsed article body (``doc.text`` is the body the offsets refer to).
        article_id: the article's id, part of each quote id.
        entities: the article's canonical entities and mentions (``extract_entities``).
        rules: cue verbs, title words, resolution hints and thresholds.
        reported_rules: cues of reported speech by frame (``transforms.quotes.reported``).
        evidence: the article's ``person_evidence`` (quotation marks, roles, genders), when the caller has
            read it already.

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
    if evidence is None:
        evidence = person_evidence(doc, entities, rules)
    spans = evidence.marks
    paragraphs = [(m.start(), m.end()) for m in RE_PARAGRAPH.finditer(body) if not m.group().isspace()]
    para_starts = [p[0] for p in paragraphs]
    tok_starts = doc.to_array([IDX]).tolist() if len(doc) else []
    in_quote = [False] * len(doc)
    for qs, qe in spans:
        for i in range(bisect_left(tok_starts, qs), bisect_left(tok_starts, qe)):
            in_quote[i] = True
    mentions = tuple(sorted(entities.mentions, key=lambda m: (m.start_char, m.end_char)))
    ctx = QuoteContext(
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
    ctx.genders = dict(evidence.genders)
    ctx.roles = evidence.roles
    ctx.titles = titled_people(ctx)

    # Own attribution of every span, then the keep/drop decision.
    found: list[_Found] = []
    headlines = _headline_paragraphs(body, paragraphs)
    for n, (qs, qe) in enumerate(spans):
        first_para = bisect_right(para_starts, qs) - 1
        last_para = bisect_right(para_starts, qe - 1) - 1
        if first_para in headlines:
            continue
        para_start = paragraphs[first_para][0]
        next_start = spans[n + 1][0] if n + 1 < len(spans) else len(body)
        attribution = trailer_attribution(ctx, qs, qe, min(next_start, paragraphs[last_para][1]))
        trailer = attribution is not None
        if attribution is None or body[qs:qe].rstrip(CLOSING_MARKS)[-1:] in SENTENCE_ENDS:
            # A quote that ends its own sentence is more often introduced ("X said: “…”") than
            # followed by its attribution; the words after it may begin another sentence.
            leader = leader_attribution(ctx, qs, qe, para_start)
            if leader is not None and (attribution is None or leader.head is not None):
                attribution, trailer = leader, False
        opens_paragraph = qs == _first_char(body, para_start)
        if attribution is None and opens_paragraph:
            attribution = colon_lead_in(ctx, paragraphs, first_para, qs, qe)
        before = ctx.token_index(qs) - 1
        while before >= 0 and doc[before].text in (",", ":"):
            before -= 1
        after_cue = before >= 0 and not in_quote[before] and is_verb_cue(doc[before], rules.cue_lemmas)
        if is_speech(body, qs, qe, para_start, attribution, trailer=trailer, after_cue=after_cue, rules=rules):
            found.append(_Found(qs, qe, first_para, last_para, opens_paragraph, attribution))

    def from_context(item: _Found) -> Attribution | None:
        lo_para = item.first_para - 1 if item.opens_paragraph and item.first_para > 0 else item.first_para
        return context_attribution(ctx, item.start, paragraphs[lo_para][0])

    resolved = _inherit_attributions(found, from_context)

    # Reported speech: a clause that is wholly one quotation is that direct quote; a clause that carries
    # quotations is mixed and replaces them (one attribution, as annotators mark it); else indirect.
    items: list[_Item] = []
    absorbed: set[int] = set()
    direct_starts = [item.start for item in found]
    span_ends = [end for _, end in spans]
    for clause in find_reported_clauses(doc, in_quote=in_quote, rules=reported_rules):
        cs, ce = clause.start_char, clause.end_char
        if bisect_right(para_starts, cs) - 1 in headlines:
            continue
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
        if head is not None and not outside_quotes(ctx, head):
            head = None
        # Any quotation marks in the content make it mixed, scare quotes included ("called the plan a “giveaway”").
        marked = bisect_left(span_ends, cs + 1) < len(spans) and spans[bisect_left(span_ends, cs + 1)][0] < ce
        kind = "mixed" if inside or marked else "indirect"
        if inside:
            absorbed.update(inside)
            cs, ce = min(cs, found[inside[0]].start), max(ce, found[inside[-1]].end)
        items.append(_Item(cs, ce, kind, clause.cue, head, clause.cue_i))
    for m, (item, attribution) in enumerate(zip(found, resolved, strict=True)):
        if m in absorbed:
            continue
        chosen = attribution if attribution is not None else item.own
        head = attribution.head if attribution is not None else None
        cue, cue_i = (chosen.cue, chosen.cue_i) if chosen is not None else (None, None)
        items.append(_Item(item.start, item.end, "direct", cue, head, cue_i))
    items.sort(key=lambda it: (it.start, it.end))

    quotes: list[Quote] = []
    cue_tokens: list[int | None] = []
    seen: set[tuple[int, int]] = set()
    last_speaker: Entity | None = None
    for item in items:
        qs, qe = item.start, item.end
        head = item.head
        if head is not None and item.kind == "direct" and not can_speak(head):
            head = None  # quoted words have a speaker; reported content may have a thing as its source ("This shows")
        if (qs, qe) in seen:
            continue
        seen.add((qs, qe))
        speaker_fields: tuple = (None, None, None, None, None)
        gender = None
        if head is not None:
            head = promote_appositive(head)
            s_start, s_end = mention_span(ctx, head)
            partner = coordinated_speaker(head)
            if partner is not None:
                # "Ruth Okafor and Dev Amin said": two people speak as one; neither is the speaker alone.
                s_end = mention_span(ctx, partner)[1]
            s_text = body[s_start:s_end]
            entity = resolve_speaker(ctx, head, s_text, last_speaker) if partner is None else None
            if entity is not None and entity.type in rules.group_types:
                entity = None  # "an Iowa Democrat", "Republicans": a group's words, not a person's or a body's
            if entity is not None:
                last_speaker = entity
            speaker_fields = (
                entity.name if entity else None,
                entity.entity_id if entity else None,
                s_text,
                s_start,
                s_end,
            )
            gender = speaker_gender(ctx, head, entity) if partner is None else None
        quote_id = (
            stable_id(article_id, qs, qe, "quote")
            if item.kind == "direct"
            else stable_id(article_id, qs, qe, item.kind)
        )
        # A quote with no cue of its own (attributed by the sentence before it) is tied to its statement by
        # the speaker's words instead: the quotes that carry that attribution on are one statement.
        anchor = item.head.i if item.cue_i is None and item.kind == "direct" and item.head is not None else None
        cue_tokens.append(item.cue_i if item.cue_i is not None else anchor)
        quotes.append(
            Quote(
                quote_id, article_id, body[qs:qe], qs, qe, item.cue, *speaker_fields,
                kind=item.kind, cue_type=_cue_type(doc, item, rules), speaker_gender=gender,
            )
        )  # fmt: skip
    return _with_statements(quotes, cue_tokens)


def quoted_word_spans(quotes: Sequence[Quote], marks: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans of words put in someone's mouth: every direct quote, and the ``marks`` (``find_quote_spans``)
    inside mixed ones."""
    mixed = [(quote.start_char, quote.end_char) for quote in quotes if quote.kind == "mixed"]
    spans = [(quote.start_char, quote.end_char) for quote in quotes if quote.kind == "direct"]
    spans += [(s, e) for s, e in marks if any(ms <= s and e <= me for ms, me in mixed)]
    return sorted(spans)


@dataclass(frozen=True)
class _Item:
    """An attribution before its speaker is resolved: span, kind, cue as written and its token, speaker head."""

    start: int
    end: int
    kind: str
    cue: str | None
    head: Token | None
    cue_i: int | None


def _cue_type(doc: Doc, item: _Item, rules: QuoteRules) -> str | None:
    """What the cue reports: the type of its phrase or lemma in the cue lexicon.

    A quotation's words are speech whatever introduces them (a colon, a dash, "he boomed"); reported
    speech with a verb the lexicon does not list ("it means that") is ``other``.
    """
    if item.cue is None:
        return None
    cue_type = rules.cue_types.get(item.cue.lower())
    if cue_type is None and item.cue_i is not None:
        cue_type = rules.cue_types.get(doc[item.cue_i].lemma_.lower())
    return cue_type or ("speech" if item.kind == "direct" else "other")


def _with_statements(quotes: list[Quote], cue_tokens: list[int | None]) -> list[Quote]:
    """The quotes with their ``statement_id``: parts sharing a cue token, or nested in a quote of the same speaker.

    Notes:
        “A,” she said, “B.” and a quote continued over paragraphs share the cue of their attribution (or,
        with no cue, the speaker's words in the sentence before that attributed them);
        "She said she wasn't expecting it" nests the "expecting" clause in the "said" one, by the same
        speaker. A statement by someone else inside one ("Lee said Roe wants …") stays its own.
    """
    parent = list(range(len(quotes)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        a, b = root(i), root(j)
        parent[max(a, b)] = min(a, b)

    first_with_cue: dict[int, int] = {}
    for i, cue_i in enumerate(cue_tokens):
        if cue_i is not None:
            join(i, first_with_cue.setdefault(cue_i, i))
    for j, inner in enumerate(quotes):
        for i, outer in enumerate(quotes):
            if outer.start_char > inner.start_char:
                break
            if i != j and inner.end_char <= outer.end_char and _same_speaker(outer, inner):
                join(i, j)
    return [replace(quote, statement_id=quotes[root(i)].quote_id) for i, quote in enumerate(quotes)]


def _same_speaker(a: Quote, b: Quote) -> bool:
    """Both quotes have the same resolved speaker, or the same unresolved speaker words."""
    if a.speaker_entity_id is not None or b.speaker_entity_id is not None:
        return a.speaker_entity_id == b.speaker_entity_id
    return (
        a.speaker_text is not None and b.speaker_text is not None and a.speaker_text.lower() == b.speaker_text.lower()
    )


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


def _headline_paragraphs(body: str, paragraphs: list[tuple[int, int]]) -> set[int]:
    """The indexes of the lines that are headlines or subheads (``speech.is_headline``)."""
    headlines = set()
    for k, (start, end) in enumerate(paragraphs):
        adjacent = [
            body[paragraphs[j][0] : paragraphs[j][1]]
            if 0 <= j < len(paragraphs) and body.count("\n", *sorted((paragraphs[j][0], start))) == 1
            else ""
            for j in (k - 1, k + 1)
        ]
        if is_headline(body[start:end], *adjacent):
            headlines.add(k)
    return headlines


@dataclass(frozen=True)
class _Found:
    """A kept quotation span with the paragraphs it spans and its own attribution, if any."""

    start: int
    end: int
    first_para: int
    last_para: int
    opens_paragraph: bool
    own: Attribution | None


def _inherit_attributions(
    found: list[_Found], from_context: Callable[[_Found], Attribution | None]
) -> list[Attribution | None]:
    """Each quote's attribution, unattributed quotes taking the one of the quote they continue.

    Notes:
        “A,” she said. “B.” gives B the speaker of A (same paragraph, previous quote first, else the
        next one); a paragraph that opens with an unattributed quote continues the last quote of the
        paragraph right before it (newspaper convention for long quotes). But a quote whose previous
        sentence is about a person (``from_context``) is that person's first: “A,” Lee said. Roe, a
        neighbour, heard it too. “B.” gives B to Roe.
    """
    resolved = [f.own if f.own is not None and f.own.head is not None else None for f in found]
    for n, item in enumerate(found):
        if resolved[n] is not None:
            continue
        if item.own is None and (context := from_context(item)) is not None:
            # the sentence right before names someone: it outranks an older quote, unless it is that quote's
            # own attribution (“A,” Lee said. “B.”: B goes on with A's statement)
            last = resolved[n - 1] if n > 0 else None
            same = last is not None and last.head is not None and last.head.i == context.head.i
            resolved[n] = last if same else context
            continue
        prev = found[n - 1] if n > 0 else None
        nxt = found[n + 1] if n + 1 < len(found) else None
        if prev is not None and prev.last_para == item.first_para and resolved[n - 1] is not None:
            resolved[n] = resolved[n - 1]
        elif nxt is not None and nxt.first_para == item.last_para and item.own is None and resolved[n + 1]:
            resolved[n] = resolved[n + 1]
        elif prev is not None and prev.last_para == item.first_para - 1 and item.opens_paragraph and item.own is None:
            resolved[n] = resolved[n - 1]
    return resolved


def _first_char(body: str, start: int) -> int:
    """Offset of the first non-space character at or after ``start``."""
    while start < len(body) and body[start].isspace():
        start += 1
    return start
