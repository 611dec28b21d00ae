"""The cleaned mention spans of a parsed article: ``entity_spans(doc)``, the part that needs spaCy.

Uses the Doc's NER spans and, as evidence for cutting them, its tags: words glued before a person's name,
clauses run into a name, headline verbs and leads, PERSON spans that name nobody ("Nationally"), possessive
spans (``transforms.entities.possessives``). Each span is then cleaned by ``transforms.entities.cleaning``.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span

from transforms.entities.cleaning import RE_WORD, _normalize_key, clean_span
from transforms.entities.possessives import _split_inner_possessives
from transforms.entities.records import MentionSpan
from transforms.entities.rules import ENTITY_RULES, RE_ANY_INITIALS, EntityRules

# Parts of speech that never continue a name when lowercase ("Convention ended", "Post he").
CUT_POS = frozenset(["VERB", "AUX", "PRON", "SCONJ", "ADV"])


# Capitalised verbs that end a name in a Title Case headline ("Ben Carson Defends", "Trump Would Put").
HEADLINE_VERB_TAGS = frozenset(["VBZ", "VBD", "MD"])


HEADLINE_CUT_LABELS = frozenset(["PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"])


# Tags of words that are not names: adverbs, verbs, pronouns, function words, plural common nouns.
NOT_NAME_TAGS = frozenset(
    [
        *("RB", "RBR", "RBS", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD", "PRP", "PRP$", "WP", "WRB", "WDT"),
        *("IN", "DT", "CC", "TO", "UH", "JJ", "JJR", "JJS", "NNS", "EX", "RP"),
    ]
)


# Tags of a leading word of a two-word PERSON span that is not part of the name in a headline ("Said Comey",
# "Top Clinton", "Without Bloomberg", "Presidents Obama"). MD is left out: "Will" is a first name.
HEADLINE_LEAD_TAGS = frozenset(
    [
        *("IN", "TO", "CC", "DT", "PDT", "WDT", "WRB", "RB", "RBR", "RBS", "JJ", "JJR", "JJS"),
        *("VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "NNS", "NNPS"),
    ]
)


def _start_of_person(ent: Span, rules: EntityRules) -> int:
    """The start of a PERSON span after leading words that are not part of a name.

    spaCy glues an adverb, verb, adjective or demonym onto a full name ("Certainly Donald Trump", "Telling
    Jeb Bush", "Floridians Jeb Bush"); a leading word not tagged as a singular proper noun is dropped while
    at least two words remain, so one-word first names ("Hope Hicks") are never touched.
    """
    tokens = [token for token in ent if not token.is_space]
    index = 0
    while (
        len(tokens) - index > 2
        and tokens[index].tag_ != "NNP"
        and tokens[index].text.lower() not in rules.name_particles
    ):
        index += 1
    return tokens[index].idx if tokens else ent.start_char


def _cut_at_clause(ent: Span, start: int, rules: EntityRules) -> tuple[int, int]:
    """The bounds of an entity span (from ``start``) before the first inner word that cannot continue a name.

    Uses the Doc's own part-of-speech tags (no extra spaCy call): a lowercase verb, pronoun, adverb,
    determiner... after the first word ends the name ("Republican National Convention ended last month"),
    and so does a number followed by a lowercase word ("Trump 34 percent"). In a Title Case headline a
    capitalised verb ends it too ("Ben Carson Defends", "Trump Would Put ..."; an organisation's last word
    is spared: "Manchester United"). A person's name also ends before a number ("Ted Cruz 1") and at an
    inner possessive: "Dave Lopez's Diner" keeps the owner, "Breitbart's Joel Pollak" the person after it
    (one word before, a capitalised name of two words or more after). Name particles ("bin", "de") are kept.
    Verb and number cuts in a PERSON span need a full name (two words) before them ("Ted Cruz 1").
    """
    label = ent.label_
    person = label == "PERSON"
    tokens = [token for token in ent if token.idx >= start]
    index = 1
    while index < len(tokens):
        token = tokens[index]
        text = token.text
        if text.lower() in rules.name_particles:
            index += 1
            continue
        if text[:1].islower() and token.pos_ in CUT_POS:
            return start, token.idx
        last = index == len(tokens) - 1
        # A person's full name (two words) comes first: "Cruz" or "Sanders" tagged VBZ is no verb.
        headline_verb = text[:1].isupper() and token.tag_ in HEADLINE_VERB_TAGS and label in HEADLINE_CUT_LABELS
        if headline_verb and ((person and index >= 2) or (not person and not last)):
            return start, token.idx
        following = tokens[index + 1].text if not last else ""
        if token.like_num and (following[:1].islower() or following == "%"):
            return start, token.idx
        # "Ted Cruz 1", "Cruz 42-40"; a one-word name with a version number stays ("Guccifer 2.0").
        if person and (index >= 2 or not last) and any(char.isdigit() for char in text):
            return start, token.idx
        if person and token.tag_ == "POS" and not last:
            after = tokens[index + 1 :]
            if index == 1 and len(after) >= 2 and all(word.text[:1].isupper() for word in after):
                start, tokens, index = after[0].idx, after, 1
                continue
            # "Dave Lopez's Diner" -> "Dave Lopez"; "Swiss People's Party" and "Obama's Legacy" stay whole.
            if index >= 2 and tokens[index - 1].tag_ == "NNP":
                return start, token.idx
        index += 1
    return start, ent.end_char


def _is_not_a_name(doc: Doc, start: int, end: int) -> bool:
    """Whether a PERSON span holds no word the tagger reads as a noun ("Nationally", "Will Happen", "He Never"),
    or is one capitalised singular common noun ("Turnout").

    spaCy's NER types sentence-initial capitalised words as PERSON now and then; its tagger, on the same
    tokens, says adverb, verb, pronoun. A name has at least one (proper) noun; an untagged Doc keeps all.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    # One capitalised singular common noun ("Exit", "Turnout", "Award" in a headline) names nobody either.
    if len(span) == 1 and span[0].tag_ == "NN" and span[0].text.istitle():
        return True
    return all(token.tag_ in NOT_NAME_TAGS or not any(map(str.isalpha, token.text)) for token in span) and any(
        token.tag_ in NOT_NAME_TAGS for token in span
    )


def _drop_unnamed(
    body: str, raw: list[tuple[int, int, str]], unnamed: set[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """Drop the PERSON spans the tagger reads as no noun at all (``_is_not_a_name``), unless the article vouches.

    The article vouches for a form written elsewhere with a proper-noun reading, or for the surname of a
    full PERSON name it gives ("Sanders" tagged as a plural noun next to "Bernie Sanders").
    """
    if not unnamed:
        return raw
    keys = {(start, end): _normalize_key(body[start:end]) for start, end, _ in raw}
    trusted: set[str] = set()
    for start, end, label in raw:
        if (start, end) in unnamed:
            continue
        words = keys[(start, end)].split()
        trusted.add(keys[(start, end)])
        if label == "PERSON":
            trusted.update(" ".join(words[cut:]) for cut in range(1, len(words)))
    return [item for item in raw if (item[0], item[1]) not in unnamed or keys[(item[0], item[1])] in trusted]


def _trim_glued_person_words(
    body: str, raw: list[tuple[int, int, str]], rules: EntityRules
) -> list[tuple[int, int, str]]:
    """Cut words glued before or after a person's full name, using the article's other mentions as evidence.

    "Crooked Donna Reyes" or "Donna Reyes Slams" (a nickname, a headline verb tagged as a proper noun) is
    cut to "Donna Reyes" when the article also names "Donna Reyes" and "Reyes" alone: the full name is then
    first name + surname, so the extra word is not part of it. Compound surnames survive: "Ana Garcia Lopez"
    with "Garcia Lopez" but never "Lopez" alone keeps "Ana". Suffixes ("Jr."), particles and initials stay,
    and so does an extra word the article also uses alone as a name.
    """
    keys: dict[tuple[int, int], str] = {}
    full: set[str] = set()
    single: set[str] = set()
    for start, end, label in raw:
        if label == "PERSON":
            key = _normalize_key(body[start:end])
            keys[(start, end)] = key
            (full if " " in key else single).add(key)
    if not full or not single:
        return raw
    trimmed: list[tuple[int, int, str]] = []
    for start, end, label in raw:
        key = keys.get((start, end))
        if key is not None and key.count(" ") >= 2:
            words = [(match.start(), match.end()) for match in RE_WORD.finditer(body, start, end)]
            texts = [_normalize_key(body[a:b]) for a, b in words]
            lead = texts[0]
            if (
                " ".join(texts[1:]) in full
                and texts[-1] in single
                and lead not in single
                and lead.lower() not in rules.name_particles
                and not RE_ANY_INITIALS.fullmatch(lead)
            ):
                start = words[1][0]
                words, texts = words[1:], texts[1:]
            for cut in range(len(words) - 1, 1, -1):
                tail = texts[cut:]
                # A last word the article also uses alone is a surname ("Dena Minning Grayson" ... "Grayson").
                if " ".join(texts[:cut]) in full and texts[cut - 1] in single and texts[-1] not in single:
                    if all(word.lower().rstrip(".,") in rules.name_suffixes for word in tail):
                        break
                    end = words[cut - 1][1]
                    break
        trimmed.append((start, end, label))
    return trimmed


def _cut_headline_leads(doc: Doc, raw: list[tuple[int, int, str]], rules: EntityRules) -> list[tuple[int, int, str]]:
    """Cut a headline word glued before a one-word name in a two-word PERSON span ("Said Comey", "Top Clinton").

    A capitalised preposition, verb, adjective, adverb, determiner or plural noun ("Presidents Obama") is not
    a first name; the rest is kept when it is tagged a singular proper noun, else the mention is dropped
    ("Among Latinos", "Exclusive Excerpt"). The rest takes the label the article gives it elsewhere
    ("Beyond Washington" -> the GPE "Washington"). Spared: a known first name (``entity_nicknames.csv``), a
    name particle, and a form the article also writes with a proper-noun first word ("Jeb Bush").
    """
    body = doc.text
    spans: dict[tuple[int, int], list] = {}
    vouched: set[str] = set()
    labels: dict[str, Counter[str]] = {}
    for start, end, label in raw:
        key = _normalize_key(body[start:end])
        labels.setdefault(key, Counter())[label] += 1
        if label != "PERSON" or key.count(" ") != 1:
            continue
        tokens = [token for token in doc.char_span(start, end, alignment_mode="expand") or () if not token.is_space]
        spans[(start, end)] = tokens
        if tokens and tokens[0].tag_ not in HEADLINE_LEAD_TAGS:
            vouched.add(key)
    if not spans:
        return raw
    result: list[tuple[int, int, str]] = []
    for start, end, label in raw:
        tokens = spans.get((start, end))
        key = _normalize_key(body[start:end])
        if (
            tokens is None
            or len(tokens) != 2
            or key in vouched
            or tokens[0].tag_ not in HEADLINE_LEAD_TAGS
            or tokens[0].text.lower() in rules.nicknames
            or tokens[0].text.lower() in rules.name_particles
        ):
            result.append((start, end, label))
            continue
        rest = tokens[1]
        if rest.tag_ != "NNP" or not rest.text[:1].isupper():
            continue  # nothing name-like left
        found = labels.get(rest.text)
        if found and not found["PERSON"]:
            label = found.most_common(1)[0][0]
        elif not found and rest.text in rules.places:
            label = "GPE"  # "Beyond Washington": a listed place the article never gives as a person
        result.append((rest.idx, rest.idx + len(rest.text), label))
    return result


def entity_spans(doc: Doc, rules: EntityRules = ENTITY_RULES) -> list[MentionSpan]:
    """The cleaned mention spans of a parsed article, non-overlapping, in document order: the part that needs spaCy.

    Args:
        doc: the spaCy Doc of the article body; its NER spans, and its tags as evidence for cutting them.
        rules: rule data (titles, particles, possessive names, ...); aliases play no part here.

    Returns:
        One span per mention, labelled (see ``MentionSpan``). Labels outside ``rules.keep_labels`` (DATE,
        MONEY, CARDINAL, ...) are dropped; of two overlapping pieces of split spans the first is kept.
    """
    body = doc.text
    raw: list[tuple[int, int, str]] = []
    unnamed: set[tuple[int, int]] = set()
    for ent in doc.ents:
        label = ent.label_
        if label not in rules.keep_labels:
            continue
        first = _start_of_person(ent, rules) if label == "PERSON" else ent.start_char
        for start, end in clean_span(body, *_cut_at_clause(ent, first, rules), label, rules=rules):
            if label == "PERSON" and _is_not_a_name(doc, start, end):
                unnamed.add((start, end))
            raw.append((start, end, label))
    raw = _trim_glued_person_words(body, _drop_unnamed(body, sorted(raw), unnamed), rules)
    raw = _cut_headline_leads(doc, _split_inner_possessives(doc, raw, rules), rules)
    spans: list[MentionSpan] = []
    last_end = -1
    for start, end, label in raw:
        if start < last_end:
            continue  # overlapping debris of a split span; keep the first
        spans.append(MentionSpan(start, end, label))
        last_end = end
    return spans
