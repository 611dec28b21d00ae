"""The frames reported-speech cues take: what content a cue verb or noun reports and whose it is.

A verb's clausal complement, direct object, infinitive or prepositional object; "according to X"
with the clause around it; a reporting noun's "that" clause or prepositional object; and any
verb's "that"/"whether" clause. Each returns token ranges for ``transforms.quotes.reported`` to trim.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from transforms.lexicon import VERBAL_POS
from transforms.quotes.rules import ReportedRules
from transforms.quotes.subjects import is_verb_cue, subject_of

CLAUSE_DEPS = frozenset({"ccomp"})


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


def according_clause(doc: Doc, tok: Token, rules: ReportedRules) -> tuple[tuple[int, int], Token | None] | None:
    """ "according to X, <clause>" / "<clause>, according to X": the clause's range and X."""
    source = next((g for g in doc[tok.i + 1].children if g.dep_ == "pobj"), None)
    clause = tok.head
    for _ in range(3):
        if clause.pos_ in VERBAL_POS or clause.head is clause:
            break
        clause = clause.head
    if clause.i == tok.i:
        return None
    if is_verb_cue(clause, rules.clause_cues) and any(c.dep_ in CLAUSE_DEPS for c in clause.children):
        return None  # "according to officials, the Times reported that …": the verb carries the attribution
    start, end = _subtree_range(clause)
    return _cut(start, end, _subtree_range(tok)), source


def noun_clauses(tok: Token, lemma: str, rules: ReportedRules) -> list[tuple[int, int]]:
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


def owner_of(noun: Token) -> Token | None:
    """Whose statement a reporting noun is: its possessor ("Trump's claim"), or the subject of the verb it serves."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    if noun.dep_ in ("dobj", "pobj") and noun.head.pos_ in VERBAL_POS:
        return subject_of(noun.head)  # "she made the argument that …"
    return None


def that_clauses(tok: Token) -> list[tuple[int, int]]:
    """The "that"/"whether" clauses of any verb: such a complement is what its subject says, knows or wants."""
    spans = []
    for comp in tok.children:
        if comp.dep_ in CLAUSE_DEPS and comp.i > tok.i:
            mark = comp.left_edge
            if mark.dep_ == "mark" and mark.lower_ in ("that", "whether", "if"):
                spans.append(_subtree_range(comp))
    return spans


def verb_clauses(tok: Token, lemma: str, rules: ReportedRules) -> list[tuple[int, int]]:
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
