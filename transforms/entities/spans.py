"""The cleaned mention spans of a parsed article: ``entity_spans(doc)``, the part that needs spaCy.

Uses the Doc's NER spans and, as evidence for cutting them, its tags: words glued before a person's name,
clauses run into a name, headline verbs and leads, PERSON spans that name nobody ("Nationally"), possessive
spans (``transforms.entities.possessives``). Names spaCy cut in two are joined again ("Citizens United v." +
"FEC", "Super" + "Tuesday"), two names in one span are split ("Alphabet and Facebook"), and Title Case
quotations and headline pieces are no names. Each span is then cleaned by ``transforms.entities.cleaning``.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc, Span

from transforms.entities.cleaning import RE_WORD, _normalize_key, clean_span
from transforms.entities.possessives import HEADLINE_PREPOSITIONS, _label_of, _split_inner_possessives
from transforms.entities.records import MentionSpan
from transforms.entities.rules import ENTITY_RULES, RE_ANY_INITIALS, EntityRules
from transforms.entities.words import CLAUSE_PRONOUNS, CLAUSE_WORDS, DAY_NAME_WORDS, WEEKDAYS, WORK_CUES
from transforms.lexicon import FIRST_NAME_GENDERS

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


PROPER_TAGS = frozenset(["NNP", "NNPS"])


SENTENCE_ENDS = frozenset([".", "!", "?"])


# Prepositions, articles and conjunctions as a Title Case headline writes them ("After", "On", "The", "And").
HEADLINE_SMALL_WORDS = frozenset(word.title() for word in [*HEADLINE_PREPOSITIONS, "the", "a", "an", "and", "or"])


# Words of letters (a line's words, for telling a Title Case headline line).
RE_LETTER_WORD = re.compile(r"[^\W\d_][\w'’-]*")


# Labels of names that go on over "and" + a head noun spaCy left out ("Customs" + "and Border Protection").
COORDINATED_LABELS = frozenset(["ORG", "FAC"])


# "and" between two names of one span ("Alphabet and Facebook"); "&" joins the names of firms ("Tate & Lyle").
RE_AND = re.compile(r"\s+and\s+")


def _joined_ents(doc: Doc, body: str, rules: EntityRules) -> list[Span]:
    """spaCy's entity spans, with the names it cut in two joined again by grammar.

    A case name is one LAW whatever spaCy typed its parts ("Citizens United v." + "FEC", "Ashcroft" + "v. Iqbal",
    "Walmart Stores v. Dukes" typed ORG); its "v." is lowercase ("Vladimir V. Putin" has an initial) and "vs." is
    a match-up ("Clinton vs. Trump"). A day-name word before a weekday is one EVENT ("Super" GPE + "Tuesday"). An
    organisation's name goes on over "and" + capitalised words spaCy left untyped, up to the last of them that is
    an organisation's head noun, when the span ends in none ("Customs" + "and Border Protection").
    """
    ents = list(doc.ents)
    joined: list[Span] = []
    covered = 0
    for ent in ents:
        if ent.start < covered:
            continue  # joined into the span before
        end, label = ent.end, ent.label_
        text = body[ent.start_char : ent.end_char]
        following = body[ent.end_char : ent.end_char + 5]
        if " v. " in text:
            label = "LAW"
        elif text.endswith(" v.") or (following.startswith(" v. ") and label in rules.keep_labels):
            starts = {other.start: other for other in ents if other.label_ in rules.keep_labels}
            party = _name_end(doc, end if text.endswith(" v.") else end + 1, starts, rules)
            end, label = (party, "LAW") if party else (end, label)
        elif text.lower() in DAY_NAME_WORDS and end < len(doc) and doc[end].text.lower() in WEEKDAYS:
            end, label = end + 1, "EVENT"
        elif label in COORDINATED_LABELS and following.startswith((" and ", " & ")):
            generic = rules.generic_words
            if doc[end - 1].text.lower() not in generic:
                # up to the last head noun of the run ("and Customs Enforcement (ICE)", "... Enforcement Director")
                heads = [
                    i + 1 for i in range(end + 1, _name_end(doc, end + 1, {}, rules)) if doc[i].text.lower() in generic
                ]
                end = heads[-1] if heads else end
        joined.append(ent if (end, label) == (ent.end, ent.label_) else Span(doc, ent.start, end, label=label))
        covered = end
    return joined


def _name_end(doc: Doc, start: int, starts: dict[int, Span], rules: EntityRules) -> int:
    """The token end of the name at token ``start``: the kept entity starting there, else a run of capitalised
    untyped proper nouns (with "of", "the", ... inside); 0 when no name starts there."""
    if start in starts:
        return starts[start].end
    end = start
    while end < len(doc) and not doc[end].ent_type_:
        token = doc[end]
        if token.tag_ in PROPER_TAGS and token.text[:1].isupper():
            end += 1
        elif end > start and token.text.lower() in rules.acronym_stopwords and end + 1 < len(doc):
            following = doc[end + 1]
            if following.tag_ not in PROPER_TAGS or not following.text[:1].isupper() or following.ent_type_:
                break
            end += 1
        else:
            break
    return end if end > start else 0


def _is_headline_fragment(body: str, start: int, end: int) -> bool:
    """Whether a span is a piece of a Title Case headline line with a capitalised preposition or article after its
    first word ("Release Medical Records After Pressure", "Rand Paul Scores Direct Hit On"), not a name.

    The line is a headline when all its words are capitalised; in running prose a name keeps its capitalised
    small words ("One Flew Over The Cuckoo's Nest" in a sentence).
    """
    words = body[start:end].split()
    if not any(word in HEADLINE_SMALL_WORDS for word in words[1:]):
        return False
    line_start, line_end = body.rfind("\n", 0, start) + 1, body.find("\n", end)
    line = body[line_start : line_end if line_end >= 0 else len(body)]
    return all(word[:1].isupper() for word in RE_LETTER_WORD.findall(line))


def _is_quoted_clause(ent: Span) -> bool:
    """Whether a WORK_OF_ART span is a Title Case clause the article does not introduce as a work: a quotation,
    a slogan or a headline ("Made It Cool To Be A Nerd Again"), not "his book ''Those Guys Have All the Fun''".

    A clause has a capitalised auxiliary or pronoun after its first word; a work is introduced by one of the
    three words before it in its sentence (``words.WORK_CUES``: a work noun, "titled", a possessive, "on", "of").
    """
    if ent.label_ != "WORK_OF_ART" or len(ent) < 3:
        return False
    if not any(token.text.istitle() and token.text.lower() in CLAUSE_WORDS | CLAUSE_PRONOUNS for token in ent[1:]):
        return False
    for token in reversed(ent.doc[max(0, ent.start - 3) : ent.start]):
        if token.text.lower() in WORK_CUES:
            return False
        if token.text in SENTENCE_ENDS:
            break
    return True


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
        # "Trump Should", "Twitter Be Next": a capitalised auxiliary after proper nouns ends the name ("We Are The
        # World" is a title).
        if (
            label != "WORK_OF_ART"
            and text.istitle()
            and text.lower() in CLAUSE_WORDS
            and all(word.tag_ in PROPER_TAGS and word.text.lower() not in rules.pronouns for word in tokens[:index])
        ):
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


def _split_coordinated(body: str, raw: list[tuple[int, int, str]], rules: EntityRules) -> list[tuple[int, int, str]]:
    """Split a span that joins two names with "and" ("Alphabet and Facebook", "Center for Civic Data and USA TODAY").

    The article's evidence decides: it names one side alone elsewhere (or as a person's surname: "Rubio and Cruz"
    beside "Marco Rubio") and the other side is a name too (named alone, of two words or more, or one word that
    is neither a first name nor a pronoun: "Bill and Hillary Clinton", "Trump and Me" stay), or the sides are
    cased apart (a Title Case name of two words or more and an ALL CAPS one). Names holding "and" stay whole:
    neither side named alone ("Ways and Means Committee"), a head noun shared by both sides ("Parks and
    Recreation Department", "Central and South Asia"), a last word joined inside a complement ("University of the
    Highlands and Islands": a one-word right side after "of"); so does "&", which joins the names of firms ("Tate
    & Lyle"). Each part takes the label the article gives it elsewhere, else the span's.
    """
    if not any(RE_AND.search(body, start, end) for start, end, _ in raw):
        return raw
    used: dict[str, Counter[str]] = {}
    surnames: set[str] = set()
    for start, end, label in raw:
        key = _normalize_key(body[start:end])
        used.setdefault(key, Counter())[label] += 1
        if label == "PERSON" and " " in key:
            surnames.add(key.rsplit(" ", 1)[1])
    result: list[tuple[int, int, str]] = []
    for span in raw:
        result.extend(_coordinated_parts(body, span, used, surnames, rules) or [span])
    return result


def _coordinated_parts(
    body: str,
    span: tuple[int, int, str],
    used: dict[str, Counter[str]],
    surnames: set[str],
    rules: EntityRules,
) -> list[tuple[int, int, str]]:
    """The two names an "X and Y" span holds (see ``_split_coordinated``), or [] when it is one name."""
    start, end, label = span
    found = list(RE_AND.finditer(body, start, end))
    if len(found) != 1:
        return []
    sides = [
        clean_span(body, start, found[0].start(), label, rules=rules),
        clean_span(body, found[0].end(), end, label, rules=rules),
    ]
    if not all(len(side) == 1 for side in sides):
        return []
    keys = [_normalize_key(body[side[0][0] : side[0][1]]) for side in sides]
    words = [key.split() for key in keys]
    if words[1][-1].lower() in rules.generic_words and words[0][-1].lower() not in rules.generic_words:
        return []
    if len(words[1]) == 1 and any(word in rules.acronym_stopwords for word in words[0][1:]):
        return []
    alone = [key in used or key in surnames for key in keys]
    if len(words[0]) == 1 < len(words[1]) and not alone[0]:
        return []  # "Central and South Asia": one head for both sides
    names = [
        named or len(side_words) > 1 or not (key.lower() in FIRST_NAME_GENDERS or key.lower() in rules.pronouns)
        for named, side_words, key in zip(alone, words, keys, strict=True)
    ]
    upper = [key.isupper() for key in keys]
    cased_apart = upper[0] != upper[1] and len(words[upper.index(False)]) > 1
    if keys[0] == keys[1] or not ((any(alone) and all(names)) or cased_apart):
        return []
    labels = [_label_of(used, key, "PERSON" if key in surnames else label) for key in keys]
    return [(*side[0], side_label) for side, side_label in zip(sides, labels, strict=True)]


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


def _cut_headline_leads(
    doc: Doc, body: str, raw: list[tuple[int, int, str]], rules: EntityRules
) -> list[tuple[int, int, str]]:
    """Cut a headline word glued before a one-word name in a two-word PERSON span ("Said Comey", "Top Clinton").

    A capitalised preposition, verb, adjective, adverb, determiner or plural noun ("Presidents Obama") is not
    a first name; the rest is kept when it is tagged a singular proper noun, else the mention is dropped
    ("Among Latinos", "Exclusive Excerpt"). The rest takes the label the article gives it elsewhere
    ("Beyond Washington" -> the GPE "Washington"). Spared: a known first name (``entity_nicknames.csv``), a
    name particle, and a form the article also writes with a proper-noun first word ("Jeb Bush").
    """
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
        MONEY, CARDINAL, ...) are dropped, and so are Title Case quotations and pieces of headlines; of two
        overlapping pieces of split spans the first is kept.
    """
    body = doc.text
    raw: list[tuple[int, int, str]] = []
    unnamed: set[tuple[int, int]] = set()
    for ent in _joined_ents(doc, body, rules):
        label = ent.label_
        if label not in rules.keep_labels or _is_quoted_clause(ent):
            continue
        first = _start_of_person(ent, rules) if label == "PERSON" else ent.start_char
        for start, end in clean_span(body, *_cut_at_clause(ent, first, rules), label, rules=rules):
            if label == "PERSON" and _is_not_a_name(doc, start, end):
                unnamed.add((start, end))
            raw.append((start, end, label))
    raw = _split_coordinated(body, _drop_unnamed(body, sorted(raw), unnamed), rules)
    raw = _trim_glued_person_words(body, raw, rules)
    raw = _cut_headline_leads(doc, body, _split_inner_possessives(doc, body, raw, rules), rules)
    spans: list[MentionSpan] = []
    last_end = -1
    for start, end, label in raw:
        if start < last_end or _is_headline_fragment(body, start, end):
            continue  # overlapping debris of a split span (keep the first), or a piece of a headline
        spans.append(MentionSpan(start, end, label))
        last_end = end
    return spans
