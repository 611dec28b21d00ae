"""Reported speech from the dependency parse: "X said (that) …", "…, X said", "according to X, …".

``find_reported_clauses`` returns, for one parsed article, each clause a source is said to have
said, written, shown or believed, with its cue and the token of its source. It knows nothing of
quotation marks beyond skipping cues that sit inside them; ``transforms.quotes.extract`` decides the kind
(indirect, or mixed when the clause carries a quoted fragment) and resolves the speaker.

Notes:
    The conventions follow the PolNeAR annotation of attributions: the content is the whole
    complement clause, "that" included, final punctuation excluded; the source is the cue's
    subject (or the object of "according to"); a passive cue with no agent ("it was reported
    that …") has no source.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER
from spacy.tokens import Doc, Token

from transforms.lexicon import ADDRESSEE_PRONOUNS, VERBAL_POS
from transforms.quotes.frames import (
    according_clause,
    is_verb_cue,
    noun_clauses,
    owner_of,
    that_clauses,
    verb_clauses,
)
from transforms.quotes.rules import REPORTED_RULES, ReportedRules
from transforms.quotes.subjects import subject_of


@dataclass(frozen=True)
class ReportedClause:
    """One attribution found in the parse; token indices into the doc, characters into its text.

    ``speaker_i`` is the token heading the source mention, or None when the parse shows none.
    """

    start_char: int
    end_char: int
    cue: str
    cue_i: int
    speaker_i: int | None


EDGE_PUNCT = frozenset({",", ".", ";", ":", "!", "?", "—", "–", "-", "--", "(", ")", "…", "..."})


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Token range [start, end) without edge punctuation and spaces; None when nothing is left."""
    while start < end and (doc[start].text in EDGE_PUNCT or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].text in EDGE_PUNCT or doc[end - 1].is_space):
        end -= 1
    return (start, end) if end > start else None


def _words(doc: Doc, start: int, end: int) -> int:
    """Words (not punctuation or spaces) in tokens [start, end)."""
    return sum(1 for tok in doc[start:end] if not tok.is_punct and not tok.is_space)


def _clause(
    doc: Doc,
    span: tuple[int, int],
    cue: Token,
    cue_text: str,
    speaker: Token | None,
    breaks: Sequence[int],
    min_words: int,
) -> ReportedClause | None:
    """A ``ReportedClause`` for the token range ``span``, kept inside the cue's paragraph and trimmed, or None.

    Notes:
        The parser sometimes joins paragraphs into one sentence; reported content never crosses a
        paragraph break (``breaks``: sorted indices of the tokens holding a newline).
    """
    start, end = span
    k = bisect_left(breaks, cue.i)
    if k > 0:
        start = max(start, breaks[k - 1] + 1)
    if k < len(breaks):
        end = min(end, breaks[k])
    trimmed = _trim(doc, start, end)
    if trimmed is None or _words(doc, *trimmed) < min_words:
        return None
    start, end = trimmed
    speaker_i = speaker.i if speaker is not None else None
    return ReportedClause(doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), cue_text, cue.i, speaker_i)


def find_reported_clauses(
    doc: Doc, *, in_quote: Sequence[bool], rules: ReportedRules = REPORTED_RULES
) -> list[ReportedClause]:
    """The reported clauses of one parsed article, in document order of their content.

    Args:
        doc: the parsed article.
        in_quote: one flag per token, True inside quotation marks (a cue quoted by someone else is
            part of that quote, not an attribution of the article's).
        rules: cue lemmas by frame and thresholds.

    Returns:
        One ``ReportedClause`` per cue and complement.

    Notes:
        Patterns: a cue verb with a clausal complement on either side ("X said that …", "…, X
        said"); a cue inside the clause it reports ("The plan, X said, is dead"); "according to X"
        with the clause around it; the direct object, prepositional object or infinitive of the
        verbs that report through them ("X announced a plan", "X called for a recount", "X urged
        Congress to act"). Each token is visited once and each complement read once, so the cost is
        linear in the article.
    """
    found: list[ReportedClause] = []
    n = len(doc)
    a_word, b_word = rules.according_words
    noun_lemmas = rules.noun_cues | {p[0] for p in rules.noun_preposition_cues}
    all_lemmas = rules.clause_cues | rules.object_cues | rules.infinitive_cues | {p[0] for p in rules.preposition_cues}
    strings = doc.vocab.strings
    wanted = {strings[word] for word in all_lemmas | noun_lemmas}
    according_id, ccomp_id = strings[a_word], strings["ccomp"]
    # Token objects are costly to make: pick the candidates (cue lemmas, "according", heads of "that"
    # clauses) and the paragraph breaks from the token attribute arrays first.
    candidates: set[int] = set()
    breaks: list[int] = []
    for i, (lemma_id, lower_id, dep_id, is_space) in enumerate(doc.to_array([LEMMA, LOWER, DEP, IS_SPACE]).tolist()):
        if lemma_id in wanted or lower_id == according_id:
            candidates.add(i)
        if dep_id == ccomp_id:
            candidates.add(doc[i].head.i)
        elif is_space and "\n" in doc[i].text:
            breaks.append(i)
    for i in sorted(candidates):
        tok = doc[i]
        if in_quote[i]:
            continue
        if tok.lower_ == a_word and tok.i + 1 < n and doc[tok.i + 1].lower_ == b_word:
            according = according_clause(doc, tok, rules)
            if according is not None:
                span, source = according
                cue_text = doc[tok.i : tok.i + 2].text
                item = _clause(doc, span, tok, cue_text, source, breaks, rules.min_words)
                if item is not None:
                    found.append(item)
            continue
        if tok.pos_ not in VERBAL_POS and tok.pos_ != "NOUN":
            continue
        lemma = tok.lemma_.lower()
        if tok.pos_ == "NOUN" and lemma in noun_lemmas:
            for span in noun_clauses(tok, lemma, rules):
                item = _clause(doc, span, tok, tok.text, owner_of(tok), breaks, rules.min_words)
                if item is not None:
                    found.append(item)
            continue
        listed = lemma in all_lemmas and is_verb_cue(tok, all_lemmas)
        if listed:
            spans = verb_clauses(tok, lemma, rules)
            minimum = rules.min_words if lemma in rules.clause_cues else rules.min_object_words
        elif tok.pos_ == "VERB" and lemma not in rules.non_cues:
            spans, minimum = that_clauses(tok), rules.min_words  # an unlisted verb needs a subject
        else:
            continue
        if not spans:
            continue
        speaker = subject_of(tok)
        if (speaker is None and not listed) or (speaker is not None and speaker.lower_ in ADDRESSEE_PRONOUNS):
            continue  # "you know", "you see": the reader is addressed, no one is reported
        for span in spans:
            item = _clause(doc, span, tok, tok.text, speaker, breaks, minimum)
            if item is not None:
                found.append(item)
    found.sort(key=lambda c: (c.start_char, c.end_char))
    return found
