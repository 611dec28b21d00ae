"""Cues and speaker mentions of direct quotes from the parse: a cue after the quote, before it, or a colon.

Each finder returns an ``Attribution`` (the cue as written and the head token of the speaker
mention); resolving that mention to an entity is ``transforms.quotes.speakers``' job.
"""

from __future__ import annotations

from spacy.tokens import Token

from transforms.lexicon import DEMONSTRATIVES, QUOTE_CLIMB_DEPS, SUBJECT_DEPS, VERBAL_POS
from transforms.quotes.context import Attribution, QuoteContext, outside_quotes
from transforms.quotes.marks import MARK_CHARS
from transforms.quotes.rules import QuoteRules
from transforms.quotes.speakers import is_person_noun
from transforms.quotes.subjects import is_name_taken_for_modifier, is_verb_cue, subject_of

DASHES = frozenset({"―", "—", "–", "-", "--"})
SENTENCE_ENDS = frozenset({".", "!", "?", "...", "…"})
HANDOVER_PUNCT = frozenset(",?!—–-")
ADJACENT_PARTICLES = frozenset({"back", "on", "out", "in", "up"})


def _subject_of(verb: Token) -> Token | None:
    """The speaker a direct quote's cue verb names as its subject (climbing through parataxis; passives keep theirs).

    A demonstrative subject ("That said, …") names no one. A clause or gerund taken for the subject
    ("speaking in Bangkok Hingis admitted") gives way to the last proper noun inside it, the name the
    parser attached there.
    """
    subject = subject_of(verb, climb=QUOTE_CLIMB_DEPS, passive_agent=False)
    if subject is None or subject.lower_ in DEMONSTRATIVES:
        return None
    if subject.pos_ in VERBAL_POS:
        names = [tok for tok in subject.subtree if tok.pos_ == "PROPN" and tok.i < verb.i]
        return names[-1] if names else None
    return subject


def _phrase_at(ctx: QuoteContext, i: int, limit: int) -> tuple[int, int] | None:
    """The token range of a multi-word cue ("according to") starting at token ``i``, if any."""
    doc = ctx.doc
    for phrase in ctx.rules.cue_phrases:
        n = len(phrase)
        if i + n <= limit and all(doc[i + k].lower_ == phrase[k] for k in range(n)):
            return i, i + n
    return None


def _phrase_speaker(ctx: QuoteContext, last: int, limit: int) -> Token | None:
    """The object of a phrase cue's last word ("according to *the agency*"), else the next noun."""
    tok = ctx.doc[last]
    for child in tok.children:
        if child.dep_ == "pobj":
            return child
    for j in range(last + 1, min(limit, last + 6)):
        if ctx.doc[j].pos_ in ("PROPN", "NOUN", "PRON"):
            return ctx.doc[j]
    return None


def _cue_text(ctx: QuoteContext, start: int, end: int) -> str:
    """The cue as written in the body."""
    doc = ctx.doc
    return ctx.body[doc[start].idx : doc[end - 1].idx + len(doc[end - 1])]


def _cue_above(tok: Token, rules: QuoteRules) -> Token | None:
    """The cue verb whose subject contains ``tok`` ("…,” *Scott Pruitt*, the attorney general …, said)."""
    for _ in range(5):
        if tok.dep_ in SUBJECT_DEPS and is_verb_cue(tok.head, rules.cue_lemmas):
            return tok.head
        if tok.head is tok:
            return None
        tok = tok.head
    return None


def _speaker_of(verb: Token) -> Token | None:
    """The speaker of a cue verb: its subject, else a name right after it ("said Edward Leamer, …"), also one the
    tagger took for an adverb or adjective by its ending ("said Skelly", "said Strong")."""
    subject = _subject_of(verb)
    if subject is not None:
        return subject
    for child in verb.rights:
        if (
            child.left_edge.i == verb.i + 1
            and (child.pos_ in ("PROPN", "NOUN") or is_name_taken_for_modifier(child))
            and child.dep_ not in ("ccomp", "xcomp", "advcl", "prep", "conj")
        ):
            return child
    # a name right after the verb that the parser made the subject of a clause further on ("said David Brock, who
    # heads … Correct the Record", with "Correct" read as a verb)
    doc = verb.doc
    name = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
    while name is not None and name.dep_ in ("compound", "flat") and name.head.i > name.i:
        name = name.head
    return name if name is not None and name.pos_ == "PROPN" and name.dep_ in SUBJECT_DEPS else None


def _unquoted_speaker(ctx: QuoteContext, speaker: Token | None) -> Token | None:
    """The speaker outside the quotation marks: the subject itself, or, when the parser took a word of the quote
    for the subject, its apposition after the quote ("“Very good reporter,” Trump, the frontrunner, said")."""
    if speaker is None or outside_quotes(ctx, speaker):
        return speaker
    return next(
        (
            child
            for child in speaker.children
            if child.dep_ == "appos" and child.pos_ in ("PROPN", "NOUN") and outside_quotes(ctx, child)
        ),
        None,
    )


def trailer_attribution(ctx: QuoteContext, qs: int, qe: int, region_end: int) -> Attribution | None:
    """A cue right after the quote, before the next sentence end ("…,” Albence said.")."""
    doc, rules = ctx.doc, ctx.rules
    first = ctx.token_index(qe)
    limit = min(ctx.token_index(region_end), first + rules.trailer_tokens)
    while first < limit and doc[first].is_space:
        first += 1
    if first >= limit:
        return None
    if ctx.body[qs:qe].rstrip(MARK_CHARS)[-1:] == "." and doc[first].text[:1].isupper():
        # “… in June.” Officials said …: a quote that closes its sentence is followed by a new one, which
        # is its attribution only when it says nothing else (“… June.” Smith said.).
        end = next((j for j in range(first, limit) if doc[j].text in SENTENCE_ENDS), limit)
        if end - first > rules.attribution_sentence_tokens:
            return None
    name = first + 1
    while name < limit and doc[name].is_space:
        name += 1
    if doc[first].text in DASHES and name < limit and doc[name].pos_ == "PROPN":
        return Attribution(doc[first].text, doc[name], first)  # “…” ― Jane Doe
    for j in range(first, limit):
        tok = doc[j]
        if ctx.in_quote[j] or tok.text in SENTENCE_ENDS:
            break
        phrase = _phrase_at(ctx, j, limit)
        if phrase is not None:
            return Attribution(_cue_text(ctx, *phrase), _phrase_speaker(ctx, phrase[1] - 1, limit), phrase[0])
        if is_verb_cue(tok, rules.cue_lemmas):
            speaker = _speaker_of(tok)
            if speaker is None and j > first:
                speaker = _noun_before(ctx, first, j)  # "the editorial read" with "read" parsed as a noun
            return Attribution(tok.text, _unquoted_speaker(ctx, speaker), tok.i)
        if j == first or doc[j - 1].is_punct:
            # A long subject (name plus appositive) can push its verb past the window.
            verb = _cue_above(tok, rules)
            if verb is not None and verb.i > j:
                speaker = _speaker_of(verb)
                return Attribution(verb.text, _unquoted_speaker(ctx, speaker), verb.i)
    if ctx.body[qs:qe].rstrip(MARK_CHARS)[-1:] in HANDOVER_PUNCT:
        # “…,” Hannity pressed. / “…?” he shot back: a quote closed by a comma hands over to its
        # speaker, whatever the verb.
        for j in range(first, min(limit, first + 6)):
            tok = doc[j]
            if ctx.in_quote[j] or tok.text in SENTENCE_ENDS:
                break
            if tok.pos_ == "VERB":
                subject = _subject_of(tok)
                if subject is not None and first <= subject.i < j and outside_quotes(ctx, subject):
                    return Attribution(tok.text, subject, tok.i)
                break
    return None


def _noun_before(ctx: QuoteContext, first: int, j: int) -> Token | None:
    """The last nominal word in tokens [first, j), the head of a subject the parser missed.

    A capitalised word the article uses as a person's name counts whatever its tag: "Oh said" is Sandra
    Oh speaking, not an interjection.
    """
    for k in range(j - 1, first - 1, -1):
        tok = ctx.doc[k]
        if tok.pos_ in ("PROPN", "NOUN", "PRON", "ADJ"):
            return tok
        if tok.text[:1].isupper() and (entity := ctx.entities.find(tok.text)) and entity.type in ctx.rules.person_types:
            return tok
    return None


def leader_attribution(ctx: QuoteContext, qs: int, qe: int, lo_char: int) -> Attribution | None:
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
            return Attribution(_cue_text(ctx, *phrase), _phrase_speaker(ctx, phrase[1] - 1, opening), phrase[0])
        if is_verb_cue(doc[j], ctx.rules.cue_lemmas):
            subject = _subject_of(doc[j])
            if not outside_quotes(ctx, subject):
                subject = _left_subject(ctx, j, lo)
            return Attribution(doc[j].text, subject, j)
    return _colon_attribution(ctx, opening, lo)


def _left_subject(ctx: QuoteContext, cue: int, lo: int) -> Token | None:
    """The nearest clause subject left of a cue whose own parse lost it ("Clinton, …, telling the crowd")."""
    for k in range(cue - 1, lo - 1, -1):
        tok = ctx.doc[k]
        if tok.dep_ in SUBJECT_DEPS and not ctx.in_quote[k] and tok.tag_ not in ("WP", "WDT"):
            return tok
    return None


def _colon_attribution(ctx: QuoteContext, opening: int, lo: int) -> Attribution | None:
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
        if subject is not None and subject.i < verb.i and outside_quotes(ctx, subject):
            return Attribution(verb.text, subject, verb.i)
        return None
    before = doc[colon - 1]
    if before.text == ")" and colon - 2 > lo:  # "Rep. Jane Roe (R-Ohio): “…”"
        k = colon - 2
        while k > lo and doc[k].text != "(":
            k -= 1
        before = doc[k - 1] if k > lo else before
    if before.pos_ == "PROPN" and before.text[:1].isupper():
        return Attribution(":", before, colon)  # transcript or roundup style: "Name: “…”", "Said Ellis: “…”"
    # The clause the colon closes: climb from the word before it to the first verb with a real subject
    # ("Clinton apologized for what happened:" is Clinton's, not "what"'s).
    tok = before
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX"):
            subject = _subject_of(tok)
            if subject is not None and subject.i < tok.i and subject.tag_ not in ("WP", "WDT"):
                return Attribution(tok.text, subject, tok.i) if outside_quotes(ctx, subject) else None
        if tok.head is tok or tok.head.i >= colon:
            return None
        tok = tok.head
    return None


def colon_lead_in(
    ctx: QuoteContext, paragraphs: list[tuple[int, int]], pidx: int, qs: int, qe: int
) -> Attribution | None:
    """ "Albence said:" closing the previous paragraph attributes a quote that opens this one."""
    if pidx == 0:
        return None
    p_start, p_end = paragraphs[pidx - 1]
    text = ctx.body[p_start:p_end].rstrip()
    if not text.endswith(":"):
        return None
    colon = p_start + len(text) - 1
    return leader_attribution(ctx, colon, qe, p_start) or _colon_attribution(
        ctx, ctx.token_index(qs), ctx.token_index(p_start)
    )


def context_attribution(ctx: QuoteContext, qs: int, lo_char: int) -> Attribution | None:
    """The speaker the sentences before a free-standing quote introduce, when the quote names no one.

    Notes:
        “Mr Dein said the club … / “Television has been …”” and “She won't commit yet. “I'm in the middle
        of it.”” follow the reader's convention: a quote that stands as its own sentence, with no cue of its
        own, is the words of the person the previous sentence was about. That person is the speaker of a
        speech cue in that sentence, else its main subject when that is a name or he/she. A sentence about
        no person in between ("Mr Dein said … . Since 1992, clubs have seen their income soar. “Television
        has been …”") is background the speaker gave: the speech cue before it still speaks, up to
        ``context_sentences`` sentences back. Nothing before ``lo_char`` (the paragraph) is read, and a
        sentence that is itself quoted words hands over nothing.
    """
    doc, rules = ctx.doc, ctx.rules
    before = ctx.token_index(qs) - 1
    for distance in range(rules.context_sentences):
        while before >= 0 and doc[before].is_space:
            before -= 1
        if before < 0 or doc[before].idx < lo_char or ctx.in_quote[before] or doc[before].text not in SENTENCE_ENDS:
            return None
        sentence = doc[before].sent
        if sentence.root.idx < lo_char:
            return None  # a sentence of the paragraph before (a stray closing mark may open this one)
        for tok in sentence:
            if tok.idx >= lo_char and not ctx.in_quote[tok.i] and is_verb_cue(tok, rules.cue_lemmas):
                speaker = _speaker_of(tok)
                if outside_quotes(ctx, speaker) and (distance == 0 or _names_a_person(speaker, rules)):
                    return Attribution(None, speaker, None)
        subject = _subject_of(sentence.root) if sentence.root.pos_ in VERBAL_POS else None
        if subject is not None and _names_a_person(subject, rules):
            return Attribution(None, subject, None) if distance == 0 and outside_quotes(ctx, subject) else None
        if subject is not None and (subject.pos_ == "PRON" or is_person_noun(subject)):
            return None  # a sentence about other people ("Reporters waited.")
        before = sentence.start - 1
    return None


def _names_a_person(tok: Token, rules: QuoteRules) -> bool:
    """A name or he/she: what a sentence about a person has for its subject."""
    return tok.pos_ == "PROPN" or tok.lower_ in rules.pronoun_genders
