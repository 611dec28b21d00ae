"""The counted noun: what a quantity counts or measures ("5,000 criminals" -> "criminal", "35% of
voters" -> "voter", "sales rose 5%" -> "sale"), read from spaCy's parse.

The last stage of the extractor, run on candidates that survived the exclusions.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from transforms.lexicon import is_person_word
from transforms.numbers.lexicon import (
    CHANGE_LEMMAS,
    HALF_FOLLOWERS,
    LEVEL_LEMMAS,
    NOT_COUNTED,
    PEOPLE_LEMMAS,
    QUANTITY_HEADS,
)
from transforms.numbers.records import Candidate
from transforms.numbers.tokens import glued_hyphen


def noun_lemma(tok: Token) -> str | None:
    """The lemma of the noun phrase head at ``tok`` ("police officers" -> "officer"), or None."""
    guard = 0
    while tok.dep_ == "compound" and tok.head.i > tok.i and tok.head.pos_ in ("NOUN", "PROPN") and guard < 4:
        tok = tok.head
        guard += 1
    if tok.pos_ not in ("NOUN", "PROPN") or any(c.isdigit() for c in tok.text):
        return None  # "of the $37million": spaCy may tag a figure a noun
    lemma = tok.lemma_.lower()
    if lemma in NOT_COUNTED or tok.ent_type_ in ("DATE", "TIME", "GPE"):
        return None
    if tok.tag_ == "NNPS" and lemma == tok.lower_ and lemma.endswith("s"):
        # "Republicans", "Wallabies": spaCy keeps proper plurals as written
        lemma = lemma[:-3] + "y" if lemma.endswith("ies") else lemma[:-1]
    doc = tok.doc
    i = tok.i
    # "e-mails", "x-rays", "by-elections": spaCy splits a short prefix off at the hyphen
    if glued_hyphen(doc, i + 1) and len(tok.text) <= 3 and doc[i + 2].is_alpha:
        return f"{lemma}-{doc[i + 2].lemma_.lower()}"
    if i >= 2 and glued_hyphen(doc, i - 1) and len(doc[i - 2].text) <= 3 and doc[i - 2].is_alpha:
        return f"{doc[i - 2].lower_}-{lemma}"
    return lemma


def of_object(doc: Doc, k: int) -> str | None:
    """The noun after "of" at token ``k`` ("of the officers" -> "officer"; "of them" -> None)."""
    of = doc[k]
    for child in of.children:
        if child.dep_ == "pobj":
            if child.pos_ == "PRON":
                return None
            return noun_lemma(child)
    for m in range(k + 1, min(k + 5, len(doc))):
        t = doc[m]
        if t.pos_ in ("NOUN", "PROPN"):
            return noun_lemma(t)
        if t.pos_ not in ("DET", "ADJ", "PRON", "PART", "NUM", "ADV"):
            return None
    return None


def find_counted(doc: Doc, span: Candidate) -> str | None:
    """The noun a quantity counts or measures: nummod head, "of" object, or the noun after it."""
    n = len(doc)
    after = _past_brackets(doc, span.suffix_end if span.suffix_end >= 0 else span.end)
    nxt = doc[after] if after < n else None
    if span.unit == "point" and span.suffix_end == span.core_end:
        return None  # an index level ("closed at 10,892.35") measures no noun
    if span.kind == "percent" or span.unit == "point":
        counted = _percent_counted(doc, span, nxt)
        # points measure a margin between people ("within 5 points of Trump"): they never count a person
        return None if span.unit == "point" and counted in PEOPLE_LEMMAS else counted
    if span.kind == "count":
        if nxt is not None and nxt.lower_ == "times" and after == span.end:
            return "time"  # "three times", "up to 10 times": how often (a noun NOT_COUNTED keeps out elsewhere)
        if (
            glued_hyphen(doc, span.core_end)
            and span.core_end + 1 < n
            and doc[span.core_end + 1].is_alpha
            and doc[span.core_end + 1].lower_ not in ("old", "odd", "plus")
        ):
            # "a two-man race", "a five-member panel": the number counts the word after the hyphen
            return doc[span.core_end + 1].lemma_.lower()
        for k in range(span.core_start, span.core_end):
            tok = doc[k]
            head = tok.head
            if (
                tok.dep_ in ("nummod", "quantmod", "amod", "compound")
                and head.i >= span.end
                and head.pos_
                in (
                    "NOUN",
                    "PROPN",
                )
            ):
                lemma = noun_lemma(_plural_head(head) if span.value != 1 else head)
                if lemma is not None:
                    return lemma
        if nxt is not None and nxt.lower_ == "of":
            return of_object(doc, after)
        # the parse missed the link ("5m people" as an apposition): take a plural noun right after
        m = after
        while m < n and m < after + 3 and doc[m].pos_ in ("ADJ", "ADV") and doc[m].lower_ not in ("ago", "later"):
            m += 1
        if m < n and (doc[m].tag_ in ("NNS", "NNPS") or doc[m].lower_ == "people"):
            return noun_lemma(doc[m])
        # "unemployment rose 206,900 to 4.64 million", "sales reached 500": the subject changed
        return _of_owner(doc, span) or _changed_subject(doc[span.core_end - 1])
    if nxt is None:
        return None
    if nxt.lower_ == "of":
        # "within 48 hours of the game", "within 5 miles of the border": a reference point, not what is measured
        return None if span.start > 0 and doc[span.start - 1].lower_ == "within" else of_object(doc, after)
    if nxt.lower_ == "worth" and after + 1 < n and doc[after + 1].lower_ == "of":
        return of_object(doc, after + 1)  # "$2m worth of jewellery"
    if span.start >= 2 and doc[span.start - 1].lower_ == "worth" and doc[span.start - 2].pos_ == "NOUN":
        return noun_lemma(doc[span.start - 2])  # "a deal worth $8bn"
    if span.kind == "money" and nxt.lower_ == "in" and after + 1 < n:
        # "$5m in aid", "£68m in reported donations": a bare noun after "in", past its modifiers ("$5m in the
        # bank" is a place)
        m = after + 1
        while m < min(after + 3, n - 1) and doc[m].dep_ in ("amod", "compound"):
            m += 1
        obj = doc[m]
        if obj.pos_ == "NOUN" and not obj.ent_type_:
            return noun_lemma(obj)
        return None
    # a pre-modifier: "a £5m deal", "a 10-mile walk", "a 35-year-old man"
    m = after
    while m < n and m < after + 2 and doc[m].pos_ == "ADJ":
        m += 1
    # "a £5m deal", "about a $5m deal": an article before a figure marks it as a pre-modifier even when the parse
    # misses it
    indefinite = any(doc[k].lower_ in ("a", "an") for k in range(max(0, span.start - 1), span.core_start))
    pre = m < n and (
        indefinite
        or _modifies(doc, span, m)
        # "$48bn spending plan": the figure hangs on the head of the compound
        or (doc[m].dep_ == "compound" and doc[m].head.i > m and _modifies(doc, span, doc[m].head.i))
    )
    # "Britain's £3bn EU rebate": past a proper-noun modifier to the noun it modifies
    guard = 0
    while pre and doc[m].dep_ == "compound" and doc[m].pos_ == "PROPN" and doc[m].head.i > m and guard < 3:
        m = doc[m].head.i
        guard += 1
    if pre and doc[m].pos_ == "NOUN" and not doc[m].ent_type_:
        return noun_lemma(doc[m])
    return _of_owner(doc, span)


def _of_owner(doc: Doc, span: Candidate) -> str | None:
    """The singular noun a figure is the "of" object of, which it measures: "a population of 40,000", "at a value
    of $16bn", "real income of $1.4bn"; not a noun that only says "a quantity" ("a total of", ``QUANTITY_HEADS``),
    nor a person, whose figure counts others ("a grandfather of seven")."""
    if span.start == 0 or doc[span.start - 1].lower_ != "of" or span.hyphen_unit:
        return None  # "the shooting of 16-year-old Kimani Gray": the age is said of the name after it
    if span.end < len(doc) and doc[span.end].pos_ in ("NOUN", "PROPN", "ADJ"):
        return None
    head = doc[span.start - 1].head
    lemma = head.lemma_.lower()
    if head.i >= span.start - 1 or head.tag_ != "NN" or lemma in QUANTITY_HEADS or is_person_word(lemma):
        return None
    return noun_lemma(head)


def _past_brackets(doc: Doc, k: int) -> int:
    """The token after a bracketed aside at ``k`` ("20km (12 miles) of cable", "£5m ($6m) in aid"), and after the
    closing bracket when the figure is itself the aside; ``k`` when there is none."""
    n = len(doc)
    if k < n and doc[k].text == ")" and any(doc[m].text == "(" for m in range(max(0, k - 6), k)):
        return k + 1
    if k < n and doc[k].text == "(":
        for m in range(k + 1, min(k + 8, n)):
            if doc[m].text == ")":
                return m + 1
            if doc[m].text == "(":
                break
    return k


def _plural_head(head: Token) -> Token:
    """The plural noun ending the phrase that a count's singular head sits in ("three Grand Slam doubles titles":
    spaCy may hang "three" on "Slam"); ``head`` itself when there is none."""
    tok = head
    for _ in range(4):
        if tok.tag_ in ("NNS", "NNPS") or tok.dep_ not in ("compound", "nmod", "amod") or tok.head.i <= tok.i:
            break
        tok = tok.head
    return tok if tok.tag_ in ("NNS", "NNPS") and tok is not head else head


def _modifies(doc: Doc, span: Candidate, m: int) -> bool:
    """True when a token of the span hangs on token ``m`` (directly or through a compound)."""
    for k in range(span.start, span.end):
        head = doc[k].head
        for _ in range(3):
            if head.i == m:
                return True
            if head.i == head.head.i or head.dep_ not in ("compound", "amod", "nummod", "nmod", "npadvmod", "quantmod"):
                break
            head = head.head
    return False


def _ratio_counted(doc: Doc, den: int) -> str | None:
    """What "one in five" counts: "of" after the denominator, else the noun the denominator modifies."""
    n = len(doc)
    if den + 1 < n and doc[den + 1].lower_ == "of":
        return of_object(doc, den + 1)
    m = den + 1
    while m < n and m < den + 3 and doc[m].pos_ == "ADJ":
        m += 1
    if m < n and doc[m].pos_ == "NOUN":
        return noun_lemma(doc[m])
    head = doc[den].head
    if head.i > den and head.pos_ in ("NOUN", "PROPN"):
        return noun_lemma(head)
    return None


def _percent_counted(doc: Doc, span: Candidate, nxt: Token | None) -> str | None:
    """What a percentage is of: "35% of voters", "a 20% stake", "increase arrests by 35%",
    "sales rose 5%", "a 5% rise in sales"."""
    n = len(doc)
    after = span.suffix_end
    if span.ratio_den >= 0:
        return _ratio_counted(doc, span.ratio_den)
    if nxt is not None and nxt.lower_ == "of":
        return None if span.unit == "point" else of_object(doc, after)  # "5 points of Trump": the rival
    if span.fraction and nxt is not None and nxt.lower_ in HALF_FOLLOWERS:
        # "half the country's voters", "half its staff": the first noun that is not a possessor
        for m in range(after, min(after + 6, n)):
            t = doc[m]
            if t.pos_ in ("NOUN", "PROPN") and t.dep_ != "poss":
                return noun_lemma(t)
            if t.pos_ not in ("DET", "ADJ", "PRON", "PART", "NUM", "PROPN", "NOUN", "ADV"):
                return None
        return None
    figure = tok = doc[span.suffix_end - 1]  # the "%" or "percent"/"cent"/"points" token
    if tok.dep_ in ("pobj",) and tok.head.dep_ == "prep":
        tok = tok.head  # "by 35%" -> "by", then its verb
    elif span.fraction and span.core_start > 0 and doc[span.core_start - 1].lower_ == "by":
        tok = figure = doc[span.core_start - 1]  # "fell by a fifth last year": the parse may hang "fifth" elsewhere
    head = tok.head
    if head.pos_ in ("NOUN", "PROPN") and head.i > tok.i:
        lemma = head.lemma_.lower()
        if lemma in CHANGE_LEMMAS:
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ in ("in", "of"):
                    return of_object(doc, child.i) if child.i + 1 < n else None
            for child in head.children:
                if child.dep_ == "compound" and child.pos_ == "NOUN" and child.i > tok.i:
                    return child.lemma_.lower()  # "a 3% pay rise": pay changed
            return None
        return noun_lemma(head)
    if (head.lower_ in ("up", "down") or head.tag_ in ("JJR", "RBR")) and head.head.pos_ in ("VERB", "AUX"):
        # "sales were down 2%", "stocks were 3.5% higher", "the index closed 15 points higher": the subject
        subject = _subject(head.head)
        return _common_noun_lemma(subject) if subject is not None and subject.i < tok.i else None
    if head.pos_ in ("VERB", "AUX") and head.i < tok.i:
        objects = [c for c in head.children if c.dep_ in ("dobj",) and c.i != tok.i and c.i < span.start]
        # a verb of change, or any verb with "up"/"down" ("push down the jobless rate to 5%")
        changes = head.lemma_.lower() in CHANGE_LEMMAS or any(
            c.dep_ == "prt" and c.lower_ in ("up", "down") for c in head.children
        )
        if objects and changes:
            return noun_lemma(objects[0])
    if tok.lower_ == "at" and tok.dep_ == "prep" and head.pos_ == "NOUN" and head.i < tok.i:
        return noun_lemma(head)  # "consumer prices - at 2.4% - rose"
    # "sales rose 5%", "unemployment was 5%", "unemployment stood at 25%", "At 2.6%, inflation remains ...": the
    # subject changed, or is at that level
    return _changed_subject(figure)


def _changed_subject(tok: Token) -> str | None:
    """The subject of the verb of change or level that figure token ``tok`` completes ("unemployment rose 206,900",
    "rising to 5.1 million", "stood at 25%", "sales were 5%"), when it is a common noun, not a pronoun or a name."""
    via = ""
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
        via = tok.head.lower_
        tok = tok.head
    elif tok.dep_ == "prep":
        via = tok.lower_  # "fell by a fifth": the "by" itself
    verb = tok.head
    if verb.pos_ not in ("VERB", "AUX") or verb is tok:
        return None
    lemma = verb.lemma_.lower()
    if lemma in CHANGE_LEMMAS:
        # "rose 206,900", "rose by 5%", "rising to 5.1 million"; "cut the deficit to four" changed the deficit
        objects = [c for c in verb.children if c.dep_ == "dobj" and c.i != tok.i]
        if objects:
            return _common_noun_lemma(objects[0]) if via in ("to", "by") else None
        fits = via in ("", "by", "to", "at", "per") and not any(c.dep_ == "prt" for c in verb.children)
    elif lemma in LEVEL_LEMMAS:
        fits = via in ("at", "to") or tok.dep_ in ("dobj", "attr")
    else:
        return None
    if not fits:
        return None
    for _ in range(2):
        subject = _subject(verb)
        if subject is not None:
            return _common_noun_lemma(subject)
        if verb.dep_ not in ("advcl", "conj", "xcomp"):
            return None
        verb = verb.head  # "customers increased, rising to 5.1 million": the subject of the clause it extends
    return None


def _subject(verb: Token) -> Token | None:
    """The verb's first subject, active or passive."""
    return next((child for child in verb.children if child.dep_ in ("nsubj", "nsubjpass")), None)


def _common_noun_lemma(tok: Token) -> str | None:
    """The counted noun a subject or object gives: a common noun's phrase head, not a pronoun or a name."""
    return noun_lemma(tok) if tok.pos_ == "NOUN" else None
