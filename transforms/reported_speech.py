"""Reported speech from the dependency parse: "X said (that) …", "…, X said", "according to X, …".

``find_reported_clauses`` returns, for one parsed article, each clause a source is said to have
said, written, shown or believed, with its cue and the token of its source. It knows nothing of
quotation marks beyond skipping cues that sit inside them; ``transforms.quotes`` decides the kind
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

from transforms.rules import read_rule_csv

_ROWS = read_rule_csv("quote_reported_cues.csv")


@dataclass(frozen=True)
class ReportedRules:
    """What ``find_reported_clauses`` decides with; swap it in tests.

    Attributes:
        clause_cues: lemmas of verbs whose clausal complement is reported content ("say", "argue",
            "believe", "show").
        object_cues: lemmas of verbs whose direct object is reported content when it is long enough
            ("announce the plan to …", "deny the allegations").
        infinitive_cues: lemmas of verbs whose infinitive complement is a reported intention or
            demand ("promise to", "urge X to").
        preposition_cues: (lemma, preposition) pairs whose prepositional object is reported content
            ("talk about", "call for", "accuse of").
        noun_cues: nouns whose "that" clause is reported content ("the claim that …").
        noun_preposition_cues: (noun, preposition) pairs whose object is reported content ("call for").
        non_cues: verbs whose "that" clause reports nothing ("it means that", "make sure that");
            any other verb with a subject and a "that"/"whether" clause is a cue.
        according_words: the two-word cue whose object is the source.
        min_words: a content shorter than this many words is not kept ("he said so").
        min_object_words: the same for direct-object content.
    """

    clause_cues: frozenset[str]
    object_cues: frozenset[str]
    infinitive_cues: frozenset[str]
    preposition_cues: frozenset[tuple[str, str]] = frozenset()
    noun_cues: frozenset[str] = frozenset()
    noun_preposition_cues: frozenset[tuple[str, str]] = frozenset()
    non_cues: frozenset[str] = frozenset({"be", "mean", "make", "ensure", "seem", "appear", "happen", "matter"})
    according_words: tuple[str, str] = ("according", "to")
    min_words: int = 2
    min_object_words: int = 1


REPORTED_RULES = ReportedRules(
    clause_cues=frozenset(row["cue"] for row in _ROWS if row["frame"] == "clause"),
    object_cues=frozenset(row["cue"] for row in _ROWS if row["frame"] == "object"),
    infinitive_cues=frozenset(row["cue"] for row in _ROWS if row["frame"] == "infinitive"),
    noun_cues=frozenset(row["cue"] for row in _ROWS if row["frame"] == "noun"),
    noun_preposition_cues=frozenset(tuple(row["cue"].split()) for row in _ROWS if row["frame"] == "noun preposition"),
    preposition_cues=frozenset(tuple(row["cue"].split()) for row in _ROWS if row["frame"] == "preposition"),
)


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


SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# A cue without its own subject borrows the one of the verb it hangs from ("…, adding that …",
# "praised the plan before criticizing …").
CLIMB_DEPS = frozenset({"conj", "xcomp", "advcl", "pcomp", "prep"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})
EDGE_PUNCT = frozenset({",", ".", ";", ":", "!", "?", "—", "–", "-", "--", "(", ")", "…", "..."})
CLAUSE_DEPS = frozenset({"ccomp"})
VERBAL_POS = frozenset({"VERB", "AUX"})


def _is_verb_cue(tok: Token, lemmas: frozenset[str]) -> bool:
    """A cue lemma used as a verb (a lowercase "says" the small model tagged as a noun counts too)."""
    if tok.lemma_.lower() not in lemmas:
        return False
    return tok.pos_ in VERBAL_POS or (tok.pos_ == "NOUN" and tok.text.islower() and tok.tag_ in ("VBZ", "VBD"))


def subject_of(verb: Token, *, climb: frozenset[str] = CLIMB_DEPS, passive_agent: bool = True) -> Token | None:
    """The source of a cue verb: its nearest subject, climbing through ``climb`` relations and relative clauses.

    With ``passive_agent``, a passive verb's source is its agent ("it was reported by the Times"), and
    an impersonal "it is said that" has none. A relative "who" is returned as written.
    """
    tok = verb
    for _ in range(4):
        # The nearest subject: a misparse can hang a noun from inside a quote on the verb too.
        subjects = [child for child in tok.children if child.dep_ in SUBJECT_DEPS]
        if subjects:
            child = min(subjects, key=lambda c: abs(c.i - tok.i))
            if not passive_agent:
                return child
            if child.dep_ == "nsubjpass":
                # "it was reported by the Times": the agent is the source; "X is expected to" has none.
                for agent in tok.children:
                    if agent.dep_ == "agent":
                        return next((g for g in agent.children if g.dep_ == "pobj"), None)
                return None if child.lower_ in ("it", "this", "that") else child
            if child.lower_ == "it" and child.i + 1 < len(verb.doc) and child.nbor().lower_ in ("'s", "’s", "is"):
                return None  # "it is said that"
            return child
        if tok.dep_ == "relcl":
            return tok.head  # "Payne, who said ..."
        if tok.dep_ not in climb or tok.head is tok:
            return None
        tok = tok.head
    return None


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


def _cut(start: int, end: int, hole: tuple[int, int]) -> tuple[int, int]:
    """[start, end) without ``hole`` (a cue phrase inside it) when the hole sits at or near one edge."""
    h_start, h_end = hole
    left, right = h_start - start, end - h_end
    if left < 3 or right < 3:
        return (h_end, end) if right >= left else (start, h_start)
    return start, end


def _subtree_range(tok: Token) -> tuple[int, int]:
    """The token range a head covers."""
    return tok.left_edge.i, tok.right_edge.i + 1


def _according(doc: Doc, tok: Token, rules: ReportedRules) -> tuple[tuple[int, int], Token | None] | None:
    """ "according to X, <clause>" / "<clause>, according to X": the clause's range and X."""
    source = next((g for g in doc[tok.i + 1].children if g.dep_ == "pobj"), None)
    clause = tok.head
    for _ in range(3):
        if clause.pos_ in VERBAL_POS or clause.head is clause:
            break
        clause = clause.head
    if clause.i == tok.i:
        return None
    if _is_verb_cue(clause, rules.clause_cues) and any(c.dep_ in CLAUSE_DEPS for c in clause.children):
        return None  # "according to officials, the Times reported that …": the verb carries the attribution
    start, end = _subtree_range(clause)
    return _cut(start, end, _subtree_range(tok)), source


def _noun_clauses(tok: Token, lemma: str, rules: ReportedRules) -> list[tuple[int, int]]:
    """What a reporting noun carries: "the claim that …", "her call for …", "his criticism of …"."""
    spans = []
    for child in tok.rights:
        if child.dep_ in ("acl", "ccomp") and lemma in rules.noun_cues:
            mark = child.left_edge
            if mark.dep_ == "mark" and mark.lower_ in ("that", "whether"):
                spans.append(_subtree_range(child))
        elif child.dep_ == "prep" and (lemma, child.lower_) in rules.noun_preposition_cues:
            objects = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
            if objects:
                spans.append((objects[0].left_edge.i, objects[-1].right_edge.i + 1))
    return spans


def _owner_of(noun: Token) -> Token | None:
    """Whose statement a reporting noun is: its possessor ("Trump's claim"), or the subject of the verb it serves."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    if noun.dep_ in ("dobj", "pobj") and noun.head.pos_ in VERBAL_POS:
        return subject_of(noun.head)  # "she made the argument that …"
    return None


def _that_clauses(tok: Token) -> list[tuple[int, int]]:
    """The "that"/"whether" clauses of any verb: such a complement is what its subject says, knows or wants."""
    spans = []
    for comp in tok.children:
        if comp.dep_ in CLAUSE_DEPS and comp.i > tok.i:
            mark = comp.left_edge
            if mark.dep_ == "mark" and mark.lower_ in ("that", "whether", "if"):
                spans.append(_subtree_range(comp))
    return spans


def _verb_clauses(tok: Token, lemma: str, rules: ReportedRules) -> list[tuple[int, int]]:
    """The content ranges a cue verb reports, by the frames its lemma takes."""
    spans: list[tuple[int, int]] = []
    children = list(tok.children)
    if lemma in rules.clause_cues:
        for comp in children:
            if comp.dep_ in CLAUSE_DEPS:
                start, end = _subtree_range(comp)
                if not start <= tok.i < end:
                    spans.append((start, end))
        if spans:
            return spans
        speaker = subject_of(tok)
        if tok.dep_ == "parataxis" and speaker is not None and speaker.i > tok.head.i:
            # "The plan, she said, is dead": the cue sits inside the clause it reports.
            start, end = _subtree_range(tok.head)
            spans.append(_cut(start, end, _subtree_range(tok)))
    for child in children:
        if child.i < tok.i:
            continue
        if child.dep_ == "prep" and (lemma, child.lower_) in rules.preposition_cues:
            objects = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
            if objects:
                spans.append((objects[0].left_edge.i, objects[-1].right_edge.i + 1))
        elif child.dep_ == "dobj" and lemma in rules.object_cues:
            start, end = _subtree_range(child)
            # "called Trump a fascist", "accused her of lying": what follows the object belongs to it.
            for other in children:
                if other.i <= child.i:
                    continue
                takes = other.dep_ in ("oprd", "ccomp", "xcomp") and other.left_edge.i <= end + 1
                if takes or (other.dep_ == "prep" and (lemma, other.lower_) in rules.preposition_cues):
                    end = other.right_edge.i + 1
            spans.append((start, end))
        elif child.dep_ == "xcomp" and lemma in rules.infinitive_cues:
            start = child.left_edge.i
            # "urged Congress to act": the object before the infinitive is part of the demand.
            objects = [c for c in children if c.dep_ == "dobj" and tok.i < c.i < child.i]
            if objects:
                start = objects[0].left_edge.i
            spans.append((start, child.right_edge.i + 1))
    return spans


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
            according = _according(doc, tok, rules)
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
            for span in _noun_clauses(tok, lemma, rules):
                item = _clause(doc, span, tok, tok.text, _owner_of(tok), breaks, rules.min_words)
                if item is not None:
                    found.append(item)
            continue
        if lemma not in all_lemmas or not _is_verb_cue(tok, all_lemmas):
            if tok.pos_ == "VERB" and lemma not in rules.non_cues:
                spans = _that_clauses(tok)
                if spans:
                    speaker = subject_of(tok)
                    if speaker is not None:
                        for span in spans:
                            item = _clause(doc, span, tok, tok.text, speaker, breaks, rules.min_words)
                            if item is not None:
                                found.append(item)
            continue
        spans = _verb_clauses(tok, lemma, rules)
        if not spans:
            continue
        speaker = subject_of(tok)
        for span in spans:
            minimum = rules.min_words if lemma in rules.clause_cues else rules.min_object_words
            item = _clause(doc, span, tok, tok.text, speaker, breaks, minimum)
            if item is not None:
                found.append(item)
    found.sort(key=lambda c: (c.start_char, c.end_char))
    return found
