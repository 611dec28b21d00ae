"""Who a cue verb's subject is, from the dependency parse: shared by direct quotes and reported speech.

``subject_of`` is the one walk both passes use; they differ in the relations they climb through
(``lexicon.CLIMB_DEPS`` for reported speech, ``lexicon.QUOTE_CLIMB_DEPS`` for direct quotes) and in
whether a passive verb's source is its agent.
"""

from __future__ import annotations

from spacy.tokens import Token

from transforms.lexicon import CLIMB_DEPS, SUBJECT_DEPS, VERBAL_POS


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
        if (name := _name_taken_for_modifier(tok)) is not None:
            return name
        if tok.dep_ == "relcl":
            return tok.head  # "Payne, who said ..."
        if tok.dep_ == "prep" and tok.lower_ == "as":
            # "the paper quoted Bell as saying": the verb's object is the one saying it
            objects = [child for child in tok.head.children if child.dep_ == "dobj"]
            if objects:
                return objects[0]
        if tok.dep_ not in climb or tok.head is tok:
            return None
        tok = tok.head
    return None


def _name_taken_for_modifier(verb: Token) -> Token | None:
    """The subject of a verb that has none in the parse: a capitalised word right before it that the tagger took
    for an adverb or adjective by its ending ("And Skelly said", a surname read as an adverb), not a stop word.
    Opening a sentence, the word must be capitalised inside one somewhere in the article too ("Hastily
    assembled …" is an adverb)."""
    if verb.i == 0 or verb.pos_ not in VERBAL_POS:
        return None
    doc = verb.doc
    before = doc[verb.i - 1]
    if before.head.i != verb.i or not is_name_taken_for_modifier(before):
        return None
    if before.is_sent_start and not any(tok.text == before.text and not tok.is_sent_start for tok in doc):
        return None
    return before


def is_name_taken_for_modifier(tok: Token) -> bool:
    """A capitalised word the tagger read as an adverb or adjective, not a stop word: a name such as "Skelly"
    (an adverb by its ending) or "Strong" where it stands as a subject or after "said"."""
    return tok.pos_ in ("ADV", "ADJ") and tok.text[:1].isupper() and not tok.is_stop


def is_verb_cue(tok: Token, lemmas: frozenset[str]) -> bool:
    """A cue lemma used as a verb (a lowercase "says" the small model tagged as a noun counts too)."""
    if tok.lemma_.lower() not in lemmas:
        return False
    return tok.pos_ in VERBAL_POS or (tok.pos_ == "NOUN" and tok.text.islower() and tok.tag_ in ("VBZ", "VBD"))
