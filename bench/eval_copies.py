"""Near-duplicate and shared-quote detection, measured on copies of real BBC articles that we make ourselves.

Usage:
    .venv/bin/python bench/eval_copies.py                          # 150 originals per half, both halves
    .venv/bin/python bench/eval_copies.py --originals 40 --split tune
    .venv/bin/python bench/eval_copies.py --runs 2                 # originals in one run, copies in a second
    .venv/bin/python bench/eval_copies.py --workdir /tmp/copies    # keep (or reuse) the inputs and warehouses
    .venv/bin/python bench/eval_copies.py --no-stories             # skip the stories_dev cross-story check

Originals come from ``../shared/corpus/bbc/articles.jsonl``, split into two halves by a hash of their
article_id: 'tune' (the detector may be tuned on it) and 'holdout' (only ever reported). Each original
gets a few seeded kinds of copy (``KINDS``); unrelated BBC articles of the same category are loaded as
negatives; 'carrier' articles (another BBC article with one quotation of an original inserted, in one of
``FORMS``) test shared quotes. Everything goes through the real pipeline (``flows.etl.etl``) into a
temporary warehouse, and ``article_duplicates`` and ``shared_quote_occurrences`` are scored against what
was made. ``stories_dev`` (real articles of 90 events) goes into a second warehouse to count shared
quotes (and duplicate pairs) whose articles lie in different gold stories.

The BBC set holds near-duplicates of its own: an independent word-shingle check finds them. Near-exact
ones (containment >= ``GENUINE``) count as true copies; partial overlaps (>= ``OVERLAP``) are neither true
nor false and are listed apart. The corpus is read at run time only: nothing of it enters the repository.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
BBC = CORPUS / "bbc" / "articles.jsonl"
STORIES = CORPUS / "stories_dev"
SEED = "eval-copies-1"
SPLITS = ("tune", "holdout")

KINDS = (
    "exact",  # the same text and title under another URL of the same outlet
    "syndicated",  # the same text under another outlet
    "new_headline",  # the same text under another title
    "wire_credit",  # a '(Reuters) -' lead-in or an 'Additional reporting by' line
    "trimmed_ending",  # the last 20-40% of paragraphs dropped
    "first_paragraphs",  # only the first 2-3 paragraphs
    "inserted_sentence",  # one sentence of ours inserted
    "reworded_sentence",  # a few words of one sentence changed
    "quote_marks",  # straight quotation marks and apostrophes made curly
    "spacing",  # double spaces, a paragraph split, two paragraphs joined
    "published_earlier",  # the same text published before the original: the original is the copy
    "combined",  # another outlet, new headline, wire credit, curly marks and a trimmed ending at once
)
KINDS_PER_ORIGINAL = 3
NEGATIVE_EVERY = 3  # one unrelated article of the same category per this many originals
FORMS = (
    "said_after",  # "...," said X.
    "said_colon",  # X said: "..."
    "unquoted",  # From the Daily Ledger: ...
    "trimmed",  # its first part only (12+ words), quoted
    "other_marks",  # curly quotation marks and apostrophes
)
MIN_QUOTE_WORDS = 12
TRIM_QUOTE_WORDS = 17  # a quotation trimmed for the 'trimmed' form keeps 12+ words and drops 3+
GENUINE = 0.9  # shingle containment from which two BBC articles are one text (a true pair)
OVERLAP = 0.2  # shingle containment from which two BBC articles share too much to call a pair of them false
SHINGLE = 5

OUTLET = "BBC News"
OUTLETS = ("Daily Ledger", "Morning Courier", "Northfield Gazette", "Harbour Times", "Evening Chronicle", "Valley Post")
WIRES = ("Reuters", "AP", "AFP")
NAMES = ("Mark Ellery", "Priya Lansing", "Tom Arkwright", "Helen Voss", "Sam Okoro", "Ruth Calder", "Jon Petrie")
SYNONYMS = {
    "said": "stated",
    "also": "additionally",
    "would": "could",
    "will": "would",
    "company": "firm",
    "firm": "company",
    "government": "administration",
    "year": "twelve months",
    "people": "individuals",
    "big": "large",
    "large": "big",
    "rise": "increase",
    "rose": "climbed",
    "fell": "dropped",
    "expected": "anticipated",
    "however": "nevertheless",
    "major": "significant",
    "plans": "proposals",
    "help": "assist",
    "show": "indicate",
    "told": "informed",
    "added": "continued",
    "including": "among them",
    "around": "about",
    "about": "roughly",
    "many": "numerous",
    "first": "initial",
    "last": "previous",
    "very": "extremely",
    "after": "following",
    "because": "since",
    "while": "whereas",
    "during": "throughout",
    "new": "fresh",
    "make": "create",
    "made": "created",
    "think": "believe",
    "want": "wish",
    "important": "crucial",
    "number": "quantity",
    "since": "because",
}
FILLERS = ("notable", "several", "further", "recent", "various", "particular", "broader")

RE_WORD = re.compile(r"\w+")
RE_SENTENCE_GAP = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"']))\s+(?=[A-Z\"'])")
RE_REPLACEABLE = re.compile(r"\b[a-z]{3,}\b")


@dataclass(frozen=True)
class Source:
    """A BBC article as read from the corpus."""

    article_id: str
    category: str
    title: str
    text: str
    split: str


@dataclass
class Record:
    """One article we load: an original, a copy, a negative or a carrier."""

    key: str
    role: str  # original, copy, negative, carrier
    kind: str  # one of KINDS for a copy, else the role
    origin: str  # the BBC article its text comes from (for a carrier: the host article)
    split: str
    title: str
    text: str
    url: str
    outlet: str
    published: datetime
    note: str = ""

    def to_json(self) -> dict[str, str]:
        """The input record as newswh reads it."""
        return {
            "text": self.text,
            "title": self.title,
            "url": self.url,
            "outlet": self.outlet,
            "published": self.published.strftime("%Y-%m-%dT%H:%M:%SZ"),
        }


@dataclass(frozen=True)
class Insertion:
    """A quotation of an original inserted into a carrier, with its span in each text."""

    form: str
    split: str
    original: str  # record key
    carrier: str  # record key
    original_span: tuple[int, int]
    carrier_span: tuple[int, int]


@dataclass
class TestSet:
    """Everything made for one evaluation."""

    records: list[Record] = field(default_factory=list)
    insertions: list[Insertion] = field(default_factory=list)
    overlaps: dict[frozenset[str], float] = field(default_factory=dict)


# ---------------------------------------------------------------- reading and picking


def split_of(article_id: str) -> str:
    """'holdout' or 'tune', by a hash of the BBC article_id."""
    return "holdout" if int(hashlib.sha256(article_id.encode()).hexdigest()[:8], 16) % 2 else "tune"


def read_bbc(path: Path = BBC) -> list[Source]:
    """The BBC corpus, each article with its split."""
    sources = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            text = row["text"].strip()
            sources.append(
                Source(row["article_id"], row["category"], row["title"].strip(), text, split_of(row["article_id"]))
            )
    return sources


def shingles(text: str) -> set[tuple[str, ...]]:
    """Lower-cased word 5-grams."""
    words = RE_WORD.findall(text.lower())
    return {tuple(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}


def containment(first: str, second: str) -> float:
    """Share of the shorter text's shingles found in the longer one."""
    a, b = shingles(first), shingles(second)
    return len(a & b) / max(1, min(len(a), len(b)))


def bbc_overlaps(sources: list[Source]) -> dict[frozenset[str], float]:
    """Pairs of BBC articles whose shingle containment is OVERLAP or more (our own check, not the detector's)."""
    sets = {s.article_id: shingles(s.text) for s in sources}
    index: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for article_id, grams in sets.items():
        for gram in grams:
            index[gram].append(article_id)
    shared: Counter[tuple[str, str]] = Counter()
    for ids in index.values():
        if 1 < len(ids) < 50:  # a 5-gram in 50+ articles is boilerplate, not a sign of copying
            for i, first in enumerate(ids):
                for second in ids[i + 1 :]:
                    shared[(first, second)] += 1
    overlaps = {}
    for (first, second), count in shared.items():
        share = count / max(1, min(len(sets[first]), len(sets[second])))
        if share >= OVERLAP:
            overlaps[frozenset((first, second))] = share
    return overlaps


def word_list(text: str) -> list[str]:
    """Lower-cased words, punctuation, quotation marks and spacing aside."""
    return RE_WORD.findall(text.lower())


def words_of(text: str) -> int:
    """Whitespace-separated words."""
    return len(text.split())


def pick(
    sources: list[Source], split: str, count: int, overlaps: dict[frozenset[str], float]
) -> tuple[list[Source], list[Source], list[Source]]:
    """Originals, negatives and a pool of carrier hosts of one split, in a seeded order.

    Originals have 4+ paragraphs and 150+ words. Two picks never overlap partially (OVERLAP..GENUINE);
    near-exact BBC twins may both be picked (they are then one true group). Hosts overlap nothing picked.
    """
    ordered = sorted(
        (s for s in sources if s.split == split),
        key=lambda s: hashlib.sha256(f"{SEED}:{s.article_id}".encode()).digest(),
    )
    taken: list[str] = []

    def clashes(source: Source, *, strict: bool) -> bool:
        for other in taken:
            share = overlaps.get(frozenset((source.article_id, other)), 0.0)
            if share >= OVERLAP and (strict or share < GENUINE):
                return True
        return False

    originals = []
    for source in ordered:
        if len(originals) == count:
            break
        if len(source.text.split("\n\n")) >= 4 and words_of(source.text) >= 150 and not clashes(source, strict=False):
            originals.append(source)
            taken.append(source.article_id)
    negatives = []
    for original in originals[::NEGATIVE_EVERY]:
        for source in ordered:
            if (
                source.category == original.category
                and source.article_id not in taken
                and not clashes(source, strict=False)
            ):
                negatives.append(source)
                taken.append(source.article_id)
                break
    hosts = []
    for source in ordered:
        if source.article_id not in taken and len(source.text.split("\n\n")) >= 3 and not clashes(source, strict=True):
            hosts.append(source)
            taken.append(source.article_id)
    return originals, negatives, hosts


# ---------------------------------------------------------------- making copies


def sentence_gaps(paragraph: str) -> list[tuple[int, int]]:
    """Spans of the whitespace between sentences of a paragraph."""
    return [match.span() for match in RE_SENTENCE_GAP.finditer(paragraph)]


def sentences(paragraph: str) -> list[tuple[int, int]]:
    """Spans of the sentences of a paragraph."""
    spans, start = [], 0
    for gap_start, gap_end in sentence_gaps(paragraph):
        spans.append((start, gap_start))
        start = gap_end
    spans.append((start, len(paragraph)))
    return spans


def add_wire_credit(text: str, rng: random.Random) -> tuple[str, str]:
    """A '(Reuters) -' lead-in, or a trailing 'Additional reporting by' line."""
    if rng.random() < 0.5:
        wire = rng.choice(WIRES)
        return f"LONDON ({wire}) - {text}", f"lead-in {wire}"
    first, second = rng.sample(NAMES, 2)
    return f"{text}\n\nAdditional reporting by {first}; editing by {second}.", "reporting line"


def trim_ending(text: str, rng: random.Random) -> tuple[str, str]:
    """The last 20-40% of paragraphs dropped (at least one)."""
    paragraphs = text.split("\n\n")
    drop = max(1, round(len(paragraphs) * rng.uniform(0.2, 0.4)))
    return "\n\n".join(paragraphs[: len(paragraphs) - drop]), f"{len(paragraphs) - drop}/{len(paragraphs)} paragraphs"


def first_paragraphs(text: str, rng: random.Random) -> tuple[str, str]:
    """Only the first 2 or 3 paragraphs (never more than half of them)."""
    paragraphs = text.split("\n\n")
    keep = min(rng.choice((2, 3)), max(2, len(paragraphs) // 2))
    return "\n\n".join(paragraphs[:keep]), f"{keep}/{len(paragraphs)} paragraphs"


def donor_sentences(donors: list[Source]) -> list[str]:
    """One sentence (12-30 words, no quotation marks) from each donor article that has one.

    A sentence we insert comes from a BBC article that is never loaded, so it is new text in its copy and
    shares a passage with nothing else (templates of ours with other names or figures would: the detector
    matches passages despite a few differing words).
    """
    found = []
    for donor in donors:
        paragraphs = donor.text.split("\n\n")[1:]
        candidates = [p[a:b] for p in paragraphs for a, b in sentences(p) if 12 <= words_of(p[a:b]) <= 30]
        candidates = [c for c in candidates if not re.search("[\"'\u2018\u2019\u201c\u201d]", c)]
        if candidates:
            found.append(random.Random(f"{SEED}:donor:{donor.article_id}").choice(candidates))
    return found


def insert_sentence(text: str, sentence: str, rng: random.Random) -> tuple[str, str]:
    """``sentence`` inserted between two sentences of a paragraph other than the first, or at its end."""
    paragraphs = text.split("\n\n")
    at = rng.randrange(1, len(paragraphs))
    paragraph = paragraphs[at]
    gaps = sentence_gaps(paragraph)
    if gaps:
        start, end = rng.choice(gaps)
        paragraphs[at] = f"{paragraph[:start]} {sentence} {paragraph[end:]}"
    else:
        paragraphs[at] = f"{paragraph} {sentence}"
    return "\n\n".join(paragraphs), f"paragraph {at + 1}"


def reword_sentence(text: str, rng: random.Random) -> tuple[str, str]:
    """Three words of one sentence (10+ words) changed: synonyms where we know one, else filler words."""
    paragraphs = text.split("\n\n")
    candidates = [
        (p, span)
        for p in range(1, len(paragraphs))
        for span in sentences(paragraphs[p])
        if words_of(paragraphs[p][span[0] : span[1]]) >= 10
    ] or [(0, (0, len(paragraphs[0])))]
    at, (start, end) = rng.choice(candidates)
    sentence = paragraphs[at][start:end]
    words = [m for m in RE_REPLACEABLE.finditer(sentence) if m.start() > 0]
    known = [m for m in words if m.group() in SYNONYMS]
    chosen = rng.sample(known, min(3, len(known)))
    others = [m for m in words if m not in chosen and len(m.group()) >= 5]
    chosen += rng.sample(others, min(3 - len(chosen), len(others)))
    rewritten = sentence
    for match in sorted(chosen, key=lambda m: m.start(), reverse=True):
        new = SYNONYMS.get(match.group()) or rng.choice(FILLERS)
        rewritten = rewritten[: match.start()] + new + rewritten[match.end() :]
    paragraphs[at] = paragraphs[at][:start] + rewritten + paragraphs[at][end:]
    return "\n\n".join(paragraphs), f"{len(chosen)} words in paragraph {at + 1}"


def curly_marks(text: str) -> str:
    """Straight quotation marks and apostrophes made curly (open after a space or bracket, else close)."""
    out = []
    for i, char in enumerate(text):
        opening = i == 0 or text[i - 1] in " \n([\u2014-"
        if char == '"':
            out.append("\u201c" if opening else "\u201d")
        elif char == "'":
            out.append("\u2018" if opening else "\u2019")
        else:
            out.append(char)
    return "".join(out)


def change_spacing(text: str, rng: random.Random) -> tuple[str, str]:
    """Double spaces after some sentences, one paragraph split in two and two paragraphs joined."""
    paragraphs = text.split("\n\n")
    notes = []
    long = [p for p in range(len(paragraphs)) if len(sentence_gaps(paragraphs[p])) >= 2]
    if long:
        at = rng.choice(long)
        gaps = sentence_gaps(paragraphs[at])
        start, end = gaps[len(gaps) // 2]
        paragraphs[at : at + 1] = [paragraphs[at][:start], paragraphs[at][end:]]
        notes.append(f"split {at + 1}")
    if len(paragraphs) >= 3:
        at = rng.randrange(1, len(paragraphs) - 1)
        paragraphs[at : at + 2] = [paragraphs[at] + " " + paragraphs[at + 1]]
        notes.append(f"joined {at + 1}")
    spaced = []
    for paragraph in paragraphs:
        for start, end in reversed(sentence_gaps(paragraph)):
            if rng.random() < 0.4:
                paragraph = paragraph[:start] + "  " + paragraph[end:]
        spaced.append(paragraph)
    return "\n\n".join(spaced), ", ".join(notes)


def new_headline(title: str, text: str, rng: random.Random) -> str:
    """Another headline: a prefix on the old one, or the first words of the text."""
    lead = " ".join(text.split()[:8]).rstrip(",.;:")
    return rng.choice((f"Analysis: {title}", f"{title} - latest", f"{lead}...", f"What we know: {lead}"))


def slug(name: str) -> str:
    """A host-name-friendly form of a name."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def make_original(source: Source, role: str) -> Record:
    """An original (or negative) as BBC News published it, at a seeded date in 2005."""
    rng = random.Random(f"{SEED}:date:{source.article_id}")
    published = datetime(2005, 1, 3, tzinfo=UTC) + timedelta(days=rng.randrange(300), minutes=rng.randrange(1440))
    return Record(
        key=f"{source.article_id}/{role}",
        role=role,
        kind=role,
        origin=source.article_id,
        split=source.split,
        title=source.title,
        text=source.text,
        url=f"https://news.bbc.example/{source.category}/{source.article_id}",
        outlet=OUTLET,
        published=published,
    )


def make_copy(original: Record, kind: str, rng: random.Random, *, sentence: str = "") -> Record:
    """One copy of ``original`` of the given kind, published later (earlier for 'published_earlier').

    ``sentence`` is the sentence an 'inserted_sentence' copy gets.
    """
    text, title, outlet, note = original.text, original.title, rng.choice(OUTLETS), ""
    minutes = rng.randrange(30, 3 * 1440)
    if kind == "exact":
        outlet = OUTLET
    elif kind == "new_headline":
        title = new_headline(title, text, rng)
        note = title
    elif kind == "wire_credit":
        text, note = add_wire_credit(text, rng)
    elif kind == "trimmed_ending":
        text, note = trim_ending(text, rng)
    elif kind == "first_paragraphs":
        text, note = first_paragraphs(text, rng)
    elif kind == "inserted_sentence":
        text, note = insert_sentence(text, sentence, rng)
    elif kind == "reworded_sentence":
        text, note = reword_sentence(text, rng)
    elif kind == "quote_marks":
        text = curly_marks(text)
    elif kind == "spacing":
        text, note = change_spacing(text, rng)
    elif kind == "published_earlier":
        minutes = -rng.randrange(60, 1200)
    elif kind == "combined":
        title = new_headline(title, text, rng)
        text, trimmed = trim_ending(text, rng)
        text, credit = add_wire_credit(curly_marks(text), rng)
        note = f"{trimmed}, {credit}"
    host = "news.bbc.example/mobile" if outlet == OUTLET else f"www.{slug(outlet)}.example/news"
    return Record(
        key=f"{original.origin}/{kind}",
        role="copy",
        kind=kind,
        origin=original.origin,
        split=original.split,
        title=title,
        text=text,
        url=f"https://{host}/{original.origin.replace('_', '-')}-{kind.replace('_', '-')}",
        outlet=outlet,
        published=original.published + timedelta(minutes=minutes, seconds=KINDS.index(kind) + 1),
        note=note,
    )


# ---------------------------------------------------------------- carriers of quotations


def quotation_spans(paragraph: str) -> list[tuple[int, int]]:
    """Spans inside straight quotation marks; an opening mark while a quotation is open starts the next one.

    BBC paragraphs that continue a quotation open it again without closing the last one ('...me. "As club').
    """
    spans, open_at = [], None
    for match in re.finditer('"', paragraph):
        at = match.start()
        if at == 0 or paragraph[at - 1] in " ([-\u2014":  # an opening mark follows a space or a bracket
            if open_at is not None:
                spans.append((open_at, at))
            open_at = at + 1
        elif open_at is not None:
            spans.append((open_at, at))
            open_at = None
    if open_at is not None:
        spans.append((open_at, len(paragraph)))
    return spans


def find_quotations(text: str, min_words: int) -> list[tuple[int, int]]:
    """Spans of quoted words (min_words or more), trailing punctuation and spaces left out."""
    spans = []
    offset = 0
    for paragraph in text.split("\n\n"):
        for start, end in quotation_spans(paragraph):
            inner = paragraph[start:end].rstrip(" ,.;:")
            if words_of(inner) >= min_words:
                spans.append((offset + start, offset + start + len(inner)))
        offset += len(paragraph) + 2
    return spans


def make_carrier(
    original: Record, span: tuple[int, int], host: Source, form: str, rng: random.Random
) -> tuple[Record, Insertion]:
    """``host``'s text with the quotation at ``span`` of ``original`` inserted as a new paragraph in ``form``."""
    quote = original.text[span[0] : span[1]]
    if form == "trimmed":
        words = list(RE_WORD.finditer(quote))
        keep = max(MIN_QUOTE_WORDS, math.ceil(len(words) * 0.6))
        quote = quote[: words[keep - 1].end()]
        span = (span[0], span[0] + len(quote))
    name, outlet = rng.choice(NAMES), rng.choice(OUTLETS)
    closing = "" if quote.endswith(("?", "!")) else ","
    if form in ("said_after", "trimmed"):
        before, after = '"', f'{closing}" said {name}.'
    elif form == "said_colon":
        before, after = f'{name} said: "', '."' if closing else '"'
    elif form == "unquoted":
        before, after = f"From the {outlet}: ", "" if quote.endswith(("?", "!")) else "."
    else:
        quote = curly_marks(f'"{quote}')[1:]  # curly apostrophes inside, as a typeset copy has them
        before, after = "\u201c", f"{closing}\u201d said {name}."
    paragraphs = host.text.split("\n\n")
    at = rng.randrange(1, len(paragraphs) + 1)
    head = "\n\n".join(paragraphs[:at]) + "\n\n" + before
    text = head + quote + after + "".join("\n\n" + p for p in paragraphs[at:])
    published = original.published + timedelta(days=rng.randrange(1, 6), minutes=rng.randrange(1440))
    carrier = Record(
        key=f"{host.article_id}/carrier-of-{original.origin}",
        role="carrier",
        kind="carrier",
        origin=host.article_id,
        split=original.split,
        title=host.title,
        text=text,
        url=f"https://www.{slug(outlet)}.example/carried/{host.article_id.replace('_', '-')}",
        outlet=outlet,
        published=published,
        note=form,
    )
    insertion = Insertion(form, original.split, original.key, carrier.key, span, (len(head), len(head) + len(quote)))
    return carrier, insertion


def make_test_set(sources: list[Source], splits: Iterable[str], count: int) -> TestSet:
    """Originals, their copies, negatives and carriers for each split."""
    overlaps = bbc_overlaps(sources)
    test = TestSet(overlaps=overlaps)
    for split in splits:
        originals, negatives, hosts = pick(sources, split, count, overlaps)
        if len(originals) < count:
            print(f"note: only {len(originals)} originals qualify in split {split}")
        records = [make_original(s, "original") for s in originals]
        twins = {
            s.article_id
            for s in originals + negatives
            for t in originals + negatives
            if s is not t and overlaps.get(frozenset((s.article_id, t.article_id)), 0.0) >= GENUINE
        }
        copies, donated = [], donor_sentences(hosts[-2 * len(records) :])
        del hosts[-2 * len(records) :]
        for original in records:
            rng = random.Random(f"{SEED}:kinds:{original.origin}")
            for kind in rng.sample(KINDS, KINDS_PER_ORIGINAL):
                sentence = donated.pop() if kind == "inserted_sentence" else ""
                copies.append(make_copy(original, kind, rng, sentence=sentence))
        carriers, category_of = [], {s.article_id: s.category for s in originals}
        earlier = {c.origin for c in copies if c.kind == "published_earlier"}
        quoting = [r for r in records if r.origin not in earlier and r.origin not in twins]
        for number, original in enumerate(quoting):
            form = FORMS[number % len(FORMS)]
            spans = find_quotations(original.text, TRIM_QUOTE_WORDS if form == "trimmed" else MIN_QUOTE_WORDS)
            if not spans:
                continue
            rng = random.Random(f"{SEED}:carrier:{original.origin}")
            host = next((h for h in hosts if h.category != category_of[original.origin]), None)
            if host is None:
                print(f"note: no more carrier hosts in split {split}")
                break
            hosts.remove(host)
            carrier, insertion = make_carrier(original, rng.choice(spans), host, form, rng)
            carriers.append(carrier)
            test.insertions.append(insertion)
        test.records += records + [make_original(s, "negative") for s in negatives] + copies + carriers
    return test


def write_inputs(test: TestSet, folder: Path) -> tuple[Path, Path]:
    """originals.jsonl (originals and negatives) and copies.jsonl (copies and carriers), plus truth.json."""
    folder.mkdir(parents=True, exist_ok=True)
    first, second = folder / "originals.jsonl", folder / "copies.jsonl"
    with first.open("w", encoding="utf-8") as a, second.open("w", encoding="utf-8") as b:
        for record in test.records:
            handle = a if record.role in ("original", "negative") else b
            handle.write(json.dumps(record.to_json(), ensure_ascii=False) + "\n")
    truth = {
        "records": [{k: v for k, v in asdict(r).items() if k != "text"} for r in test.records],
        "insertions": [asdict(i) for i in test.insertions],
    }
    (folder / "truth.json").write_text(json.dumps(truth, default=str, indent=1), encoding="utf-8")
    return first, second


# ---------------------------------------------------------------- loading


def load(inputs: list[list[Path]], warehouse: Path) -> float:
    """Run the real pipeline once per group of inputs; return the seconds it took."""
    from flows.etl import etl

    started = time.perf_counter()
    for group in inputs:
        summary = etl(inputs=[str(p) for p in group], warehouse=str(warehouse))
        shown = {
            k: v for k, v in summary.items() if isinstance(v, int) and v and k.startswith(("articles", "rejected"))
        }
        print(f"loaded {', '.join(p.name for p in group)}: {shown}")
    return time.perf_counter() - started


def query(warehouse: Path, sql: str) -> list[tuple]:
    """Rows of a read-only query."""
    from warehouse import Warehouse

    return [tuple(row) for row in Warehouse(warehouse).query(sql).rows]


# ---------------------------------------------------------------- scoring copies


class Groups:
    """Union-find over record keys."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        """The group's representative."""
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def join(self, first: str, second: str) -> None:
        """Put two keys in one group."""
        self.parent[self.find(first)] = self.find(second)


def true_groups(records: list[Record], overlaps: dict[frozenset[str], float]) -> Groups:
    """Records of one text: an original with its copies, plus near-exact BBC twins and their copies."""
    groups = Groups()
    by_origin: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        groups.find(record.key)
        by_origin[record.origin].append(record)
    for members in by_origin.values():
        for member in members[1:]:
            groups.join(members[0].key, member.key)
    origins = sorted(by_origin)
    for i, first in enumerate(origins):
        for second in origins[i + 1 :]:
            if overlaps.get(frozenset((first, second)), 0.0) >= GENUINE:
                groups.join(by_origin[first][0].key, by_origin[second][0].key)
    return groups


def map_articles(warehouse: Path, records: list[Record]) -> dict[str, tuple[str, str]]:
    """Record key -> (article_id, body), by URL."""
    by_url = {r.url: r.key for r in records}
    mapped = {}
    for article_id, url, body in query(warehouse, "SELECT article_id, url, body FROM articles"):
        if url in by_url:
            mapped[by_url[url]] = (article_id, body)
    return mapped


def pair_label(first: Record, second: Record, groups: Groups, overlaps: dict[frozenset[str], float]) -> str:
    """'true', 'bbc overlap' (neither true nor false) or 'false' for a reported pair."""
    if groups.find(first.key) == groups.find(second.key):
        return "true"
    if overlaps.get(frozenset((first.origin, second.origin)), 0.0) >= OVERLAP:
        return "bbc overlap"
    return "false"


def score_duplicates(
    test: TestSet, warehouse: Path, splits: tuple[str, ...], mapped: dict[str, tuple[str, str]]
) -> None:
    """Recall per kind of copy (pair found; duplicate_of the earliest copy) and the share of false pairs."""
    records = [r for r in test.records if r.key in mapped]
    by_key = {r.key: r for r in records}
    key_of = {mapped[r.key][0]: r.key for r in records}
    groups = true_groups(records, test.overlaps)
    members: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        members[groups.find(record.key)].append(record)
    earliest = {root: min(group, key=lambda r: (r.published, r.key)) for root, group in members.items()}
    reported = {
        key_of[a]: (key_of.get(d), similarity, exact)
        for a, d, similarity, exact in query(
            warehouse, "SELECT article_id, duplicate_of, similarity, exact FROM article_duplicates"
        )
        if a in key_of
    }
    found: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    missed: dict[str, list[str]] = defaultdict(list)
    for record in records:
        root = groups.find(record.key)
        first = earliest[root]
        if first.key == record.key:
            continue
        kind = record.kind
        if record.role != "copy":  # an original or negative with an earlier copy: its own, or a BBC twin's
            kind = "published_earlier" if first.origin == record.origin else "bbc_twin"
        tally = found[(record.split, kind)]
        tally[0] += 1
        duplicate_of, similarity, exact = reported.get(record.key, (None, None, None))
        pair_found = duplicate_of is not None and groups.find(duplicate_of) == root
        tally[1] += pair_found
        tally[2] += duplicate_of == first.key
        if duplicate_of in by_key:  # the flag should say whether the two bodies have the same words
            tally[3] += exact != (word_list(record.text) == word_list(by_key[duplicate_of].text))
        if duplicate_of != first.key:
            ours = containment(record.text, first.text)
            got = f"duplicate_of {duplicate_of} ({similarity:.2f})" if duplicate_of else "no row"
            missed[record.split].append(
                f"{kind:<18} {record.key} [{record.note}] ours {ours:.2f}: {got}, want {first.key}"
            )
    wrong_way = Counter(
        r.split for r in earliest.values() if r.key in reported and len(members[groups.find(r.key)]) > 1
    )
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    shown: dict[str, list[str]] = defaultdict(list)
    for key, (duplicate_of, similarity, exact) in sorted(reported.items()):
        record = by_key[key]
        other = by_key.get(duplicate_of) if duplicate_of else None
        label = pair_label(record, other, groups, test.overlaps) if other else "false"
        labels[record.split][label] += 1
        if label != "true":
            ours = containment(record.text, other.text) if other else 0.0
            shown[record.split].append(
                f"{label:<11} {key} ({record.kind}) -> {duplicate_of} ({other.kind if other else '?'}) "
                f"similarity {similarity:.2f} exact {exact} ours {ours:.2f}"
            )
    for split in splits:
        print(f"\n== duplicates, {split}")
        print(
            f"{'kind':<18} {'copies':>6} {'pair found':>11} {'recall':>7} {'group right':>12} {'recall':>7} "
            f"{'exact flag wrong':>17}"
        )
        totals = [0, 0, 0, 0]
        for kind in (*KINDS, "bbc_twin"):
            n, hit, right, flag = found.get((split, kind), (0, 0, 0, 0))
            if not n:
                continue
            totals = [t + v for t, v in zip(totals, (n, hit, right, flag), strict=True)]
            print(f"{kind:<18} {n:>6} {hit:>11} {hit / n:>7.3f} {right:>12} {right / n:>7.3f} {flag:>17}")
        if totals[0]:
            n, hit, right, flag = totals
            print(f"{'all':<18} {n:>6} {hit:>11} {hit / n:>7.3f} {right:>12} {right / n:>7.3f} {flag:>17}")
        count = labels[split]
        total = sum(count.values())
        print(
            f"reported pairs {total}: true {count['true']}, false {count['false']} "
            f"({count['false'] / max(1, total):.1%}), BBC partial overlaps {count['bbc overlap']} (not counted); "
            f"earliest copy wrongly listed as a copy: {wrong_way[split]}"
        )
        for line in shown[split][:8]:
            print(f"  {line}")
        if missed[split]:
            print(f"missed or wrong group ({len(missed[split])}), first ones:")
            for line in missed[split][:12]:
                print(f"  {line}")


# ---------------------------------------------------------------- scoring shared quotes


def relocate(span: tuple[int, int], text: str, body: str) -> tuple[int, int]:
    """The span in the stored body (the same offsets unless normalization changed the text)."""
    if body == text:
        return span
    at = body.find(text[span[0] : span[1]])
    return (at, at + span[1] - span[0]) if at >= 0 else span


def score_shared_quotes(
    test: TestSet, warehouse: Path, splits: tuple[str, ...], mapped: dict[str, tuple[str, str]]
) -> None:
    """Recall of inserted quotations per form, quote_id on quoted carriers, and shared quotes we did not make."""
    by_key = {r.key: r for r in test.records}
    occurrences: dict[str, list[tuple[str, int, int, str | None]]] = defaultdict(list)
    for quote_id, article_id, start, end, extracted in query(
        warehouse, "SELECT shared_quote_id, article_id, start_char, end_char, quote_id FROM shared_quote_occurrences"
    ):
        occurrences[article_id].append((quote_id, start, end, extracted))
    first_of = dict(query(warehouse, "SELECT shared_quote_id, first_article_id FROM shared_quotes"))
    tallies: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    missed: dict[str, list[str]] = defaultdict(list)
    loaded = [r for r in test.records if r.key in mapped]
    linked = true_groups(loaded, test.overlaps)
    flat = {r.key: " " + " ".join(word_list(r.text)) + " " for r in loaded}

    def carrying(insertion: Insertion) -> str:
        """The earliest loaded record whose words hold the inserted passage (the first_article_id expected)."""
        carrier = by_key[insertion.carrier]
        passage = " " + " ".join(word_list(carrier.text[insertion.carrier_span[0] : insertion.carrier_span[1]])) + " "
        return min((r for r in loaded if passage in flat[r.key]), key=lambda r: (r.published, r.key)).key

    def hits(key: str, span: tuple[int, int]) -> dict[str, str | None]:
        article_id, body = mapped[key]
        start, end = relocate(span, by_key[key].text, body)
        return {q: extracted for q, s, e, extracted in occurrences[article_id] if s < end and e > start}

    for insertion in test.insertions:
        if insertion.carrier not in mapped or insertion.original not in mapped:
            continue
        linked.join(insertion.carrier, insertion.original)
        in_carrier = hits(insertion.carrier, insertion.carrier_span)
        in_original = hits(insertion.original, insertion.original_span)
        common = set(in_carrier) & set(in_original)
        tally = tallies[(insertion.split, insertion.form)]
        tally[0] += 1
        tally[1] += bool(common)
        tally[2] += any(in_carrier[q] for q in common)
        tally[3] += any(first_of.get(q) == mapped[carrying(insertion)][0] for q in common)
        if not common:
            text = by_key[insertion.original].text[insertion.original_span[0] : insertion.original_span[1]]
            missed[insertion.split].append(
                f"{insertion.form:<11} {insertion.carrier} <- {insertion.original}: carrier {len(in_carrier)} "
                f"and original {len(in_original)} overlapping occurrences: {shorten(text, 70)}"
            )
    key_of = {article_id: key for key, (article_id, _) in mapped.items()}
    articles_of: dict[str, set[str]] = defaultdict(set)
    for article_id, found in occurrences.items():
        for quote_id, *_ in found:
            if article_id in key_of:
                articles_of[quote_id].add(key_of[article_id])
    texts = dict(query(warehouse, "SELECT shared_quote_id, text FROM shared_quotes"))
    for split in splits:
        print(f"\n== shared quotes, {split}")
        print(f"{'form':<12} {'inserted':>8} {'found':>6} {'recall':>7} {'quote_id':>9} {'first right':>12}")
        totals = [0, 0, 0, 0]
        for form in FORMS:
            n, hit, quoted, first = tallies.get((split, form), (0, 0, 0, 0))
            if not n:
                continue
            totals = [t + v for t, v in zip(totals, (n, hit, quoted, first), strict=True)]
            shown = "-" if form == "unquoted" else f"{quoted}/{hit}"
            print(f"{form:<12} {n:>8} {hit:>6} {hit / n:>7.3f} {shown:>9} {first:>12}")
        if totals[0]:
            print(f"{'all':<12} {totals[0]:>8} {totals[1]:>6} {totals[1] / totals[0]:>7.3f}")
        for line in missed[split][:8]:
            print(f"  missed {line}")
        ours = {q: keys for q, keys in articles_of.items() if any(by_key[k].split == split for k in keys)}
        within = [q for q, keys in ours.items() if len({linked.find(k) for k in keys}) == 1]
        unlinked = sorted((q for q in ours if q not in within), key=lambda q: (-len(articles_of[q]), q))
        print(
            f"shared quotes touching this split {len(ours)}: within our copies/carriers {len(within)}, "
            f"among articles we did not link {len(unlinked)} (genuine BBC reuse or false joins):"
        )
        for quote_id in unlinked[:6]:
            origins = sorted({by_key[k].origin for k in articles_of[quote_id]})
            overlap = max(test.overlaps.get(frozenset((a, b)), 0.0) for a in origins for b in origins)
            print(
                f"  {shorten(texts.get(quote_id, ''), 70)}  [{len(articles_of[quote_id])} articles of "
                f"{', '.join(origins[:4])}{', ...' if len(origins) > 4 else ''}; "
                f"our BBC overlap {f'{overlap:.2f}' if overlap else f'< {OVERLAP}'}]"
            )


def shorten(text: str, width: int) -> str:
    """One line of at most ``width`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


# ---------------------------------------------------------------- stories_dev: cross-story joins


def story_group(story: str) -> str:
    """The unit of the split: an event, or both events of an ecb look-alike pair."""
    match = re.match(r"ecb-(\d+)ecb", story)
    return f"ecb-topic-{match.group(1)}" if match else story


def story_split(story: str) -> str:
    """'holdout' or 'tune' for a gold story (the rule of bench/eval_stories.py)."""
    return "holdout" if int(hashlib.sha256(story_group(story).encode()).hexdigest()[:8], 16) % 5 < 2 else "tune"


def score_stories(warehouse: Path, splits: tuple[str, ...]) -> None:
    """Shared quotes and duplicate pairs whose articles lie in different gold stories, per split."""
    gold = {}
    with (STORIES / "gold.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            gold[row["record"]] = row["story"]
    story_of = {
        article_id: gold[int(source.rsplit("#", 1)[1])]
        for article_id, source in query(warehouse, "SELECT article_id, source FROM articles")
    }
    stories: dict[str, set[str]] = defaultdict(set)
    for quote_id, article_id in query(warehouse, "SELECT shared_quote_id, article_id FROM shared_quote_occurrences"):
        stories[quote_id].add(story_of[article_id])
    quotes = {
        q: (text, words, count)
        for q, text, words, count in query(
            warehouse, "SELECT shared_quote_id, text, word_count, article_count FROM shared_quotes"
        )
    }
    pairs = query(warehouse, "SELECT article_id, duplicate_of, similarity FROM article_duplicates")
    print(f"\n== stories_dev ({len(story_of)} articles): shared quotes {len(quotes)}, duplicate pairs {len(pairs)}")
    for split in splits:
        touching = [q for q, found in stories.items() if any(story_split(s) == split for s in found)]
        crossing = [q for q in touching if len(stories[q]) > 1]
        dup_pairs = [p for p in pairs if split in (story_split(story_of[p[0]]), story_split(story_of[p[1]]))]
        dup_cross = [p for p in dup_pairs if story_of[p[0]] != story_of[p[1]]]
        print(
            f"{split:<8} shared quotes {len(touching)}, joining different stories {len(crossing)} "
            f"({len(crossing) / max(1, len(touching)):.1%}); duplicate pairs {len(dup_pairs)}, "
            f"across stories {len(dup_cross)}"
        )
        for quote_id in sorted(crossing, key=lambda q: -quotes[q][2]):
            text, words, count = quotes[quote_id]
            print(f"  {words:>3} words, {count} articles, {len(stories[quote_id])} stories: {shorten(text, 90)}")
        for article_id, duplicate_of, similarity in dup_cross[:5]:
            print(f"  duplicate across stories: {article_id} -> {duplicate_of} ({similarity:.2f})")


# ---------------------------------------------------------------- main


def main() -> int:
    """Make the test set, load it, score it, print the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--originals", type=int, default=150, help="Originals per half (default 150).")
    parser.add_argument("--split", choices=("tune", "holdout", "both"), default="both")
    parser.add_argument("--runs", type=int, choices=(1, 2), default=1, help="2: originals first, copies second.")
    parser.add_argument("--workdir", type=Path, help="Keep inputs and warehouses here (reused when present).")
    parser.add_argument("--no-stories", action="store_true", help="Skip the stories_dev cross-story check.")
    args = parser.parse_args()
    if not BBC.exists():
        print(f"skipped: no BBC corpus at {BBC}")
        return 0
    started = time.perf_counter()
    splits = SPLITS if args.split == "both" else (args.split,)
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.workdir or Path(scratch)
        test = make_test_set(read_bbc(), splits, args.originals)
        first, second = write_inputs(test, folder / "inputs")
        counts = Counter((r.split, r.role) for r in test.records)
        for split in splits:
            made = ", ".join(f"{role} {counts[(split, role)]}" for role in ("original", "copy", "negative", "carrier"))
            print(f"{split}: {made}")
        warehouse = folder / f"copies-wh-{args.runs}run"
        seconds = 0.0
        if not (warehouse / "news.duckdb").exists():
            seconds = load([[first], [second]] if args.runs == 2 else [[first, second]], warehouse)
        mapped = map_articles(warehouse, test.records)
        if len(mapped) < len(test.records):
            print(f"note: {len(test.records) - len(mapped)} records not found in the warehouse by URL")
        score_duplicates(test, warehouse, splits, mapped)
        score_shared_quotes(test, warehouse, splits, mapped)
        stories_seconds = 0.0
        if not args.no_stories and (STORIES / "articles.jsonl").exists():
            stories_warehouse = folder / "stories-wh"
            if not (stories_warehouse / "news.duckdb").exists():
                stories_seconds = load([[STORIES / "articles.jsonl"]], stories_warehouse)
            score_stories(stories_warehouse, splits)
        elif not args.no_stories:
            print(f"\nstories_dev skipped: no corpus at {STORIES}")
    print(
        f"\ntime: {time.perf_counter() - started:.0f} s in all (loading the copies {seconds:.0f} s, "
        f"stories_dev {stories_seconds:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
