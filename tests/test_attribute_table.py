"""The attribute table sets what the model's ``attribute_ruler`` sets, token for token, on real and generated text."""

import json
import os

import pytest
import spacy
from conftest import CORPUS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from flows.etl import DEFAULT_MODEL
from transforms.model.attributes import AttributeTable, Tokens, use_attribute_table
from transforms.numbers.tokenizer import split_number_ranges

SAMPLE_PER_SOURCE = int(os.environ.get("ATTRIBUTE_TABLE_SAMPLE", "40"))
"""Articles compared per corpus source; ATTRIBUTE_TABLE_SAMPLE=0 compares every article of the corpus (minutes)."""
TRIGGER_WORDS = (
    "I you it he she they them me us my her his its our their mine hers ours theirs myself themselves the a an "
    "that this these those there here is are was were 's 're 'm am be been being do does did have has had 've "
    "gon na gonna ai n't not can ca could wo will would sha should must might may 'd 'll got ta let c'm on y' "
    "y'all all nothin' somethin' doin' goin' ol' 'em 'nuff something anyone nobody everything once then well "
    "gets but if because while since so said told Mayor Ilse Varga harbour ferry 12 , . ; “ ” — ( )"
)
TRIGGERS = [*TRIGGER_WORDS.split(), "\n", "\n\n", "  "]
"""Words the ruler's exceptions test (pronouns, auxiliaries, contractions, determiners), with filler and
whitespace: generated sentences of them reach every kind of rule."""


@pytest.fixture(scope="module")
def stock() -> Language:
    """The model with its own attribute_ruler, tokenized as the pipeline tokenizes."""
    return split_number_ranges(spacy.load(DEFAULT_MODEL))


@pytest.fixture(scope="module")
def table(stock) -> AttributeTable:
    return AttributeTable(stock.get_pipe("attribute_ruler"))


def annotations(doc: Doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.is_sent_start) for t in doc]


def rule_targets(stock: Language, table: AttributeTable, doc: Doc) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Per exception rule, the tokens it sets: as the ruler's Matcher finds them, and as the table finds them."""
    ruler = stock.get_pipe("attribute_ruler")
    first = table.rules[0].number
    by_matcher: dict[int, list[int]] = {}
    for match_id, start, end in ruler.matcher(doc, allow_missing=True, as_spans=False):
        number = int(stock.vocab.strings[match_id])
        if number >= first:
            index = ruler.indices[number]
            by_matcher.setdefault(number, []).append(start + index if index >= 0 else end + index)
    tokens = Tokens(doc)
    by_table: dict[int, list[int]] = {}
    for rule in table.rules:
        by_table.setdefault(rule.number, []).extend(rule.targets(tokens).tolist())
    return (
        {number: sorted(found) for number, found in by_matcher.items()},
        {number: sorted(found) for number, found in by_table.items() if found},
    )


def both_ways(stock: Language, table: AttributeTable, texts: list[str]) -> list[tuple[list[tuple], list[tuple]]]:
    """Each text through the model up to the ruler once, then the ruler or the table, then the lemmatizer."""
    ruler, lemmatizer = stock.get_pipe("attribute_ruler"), stock.get_pipe("lemmatizer")
    parsed = stock.pipe(texts, disable=["attribute_ruler", "lemmatizer", "ner"])
    return [(annotations(lemmatizer(ruler(doc.copy()))), annotations(lemmatizer(table(doc.copy())))) for doc in parsed]


def real_sample() -> list[str]:
    """Every source of the corpus, evenly sampled: BBC, PolNeAR's outlets, stories_dev's outlets, web pages, seeds."""
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}: the real-text equivalence needs ../shared/corpus")
    bbc = [json.loads(line)["text"] for line in (CORPUS / "bbc" / "articles.jsonl").open(encoding="utf-8")]
    stories = [json.loads(line) for line in (CORPUS / "stories_dev" / "articles.jsonl").open(encoding="utf-8")]
    pages = [json.loads(line)["text"] for line in (CORPUS / "html_dev" / "ground_truth.jsonl").open(encoding="utf-8")]
    polnear = [path.read_text(encoding="utf-8") for path in sorted((CORPUS / "polnear_dev" / "articles").glob("*.txt"))]
    seeds = [path.read_text(encoding="utf-8") for path in sorted((CORPUS / "seeds").glob("*.txt"))]
    texts = []
    for source in (bbc, [record.get("text") or record.get("body") or "" for record in stories], pages, polnear):
        texts += (
            source[:: max(1, len(source) // SAMPLE_PER_SOURCE)][:SAMPLE_PER_SOURCE] if SAMPLE_PER_SOURCE else source
        )
    return texts + seeds


def test_each_rule_finds_the_tokens_the_rulers_matcher_finds(stock, table):
    texts = real_sample()
    fired: set[int] = set()
    for doc in stock.pipe(texts, disable=["attribute_ruler", "lemmatizer", "ner"]):
        by_matcher, by_table = rule_targets(stock, table, doc)
        assert by_table == by_matcher
        fired |= set(by_table)
    assert len(fired) >= len({rule.number for rule in table.rules}) // 2  # most kinds of rule, not only the common


def test_the_same_annotations_on_a_sample_of_every_corpus_source(stock, table):
    texts = real_sample()
    compared = both_ways(stock, table, texts)
    tokens = sum(len(by_ruler) for by_ruler, _ in compared)
    assert len(texts) >= 4 * min(SAMPLE_PER_SOURCE, 90) and tokens > 100_000
    differing = [
        (ruled, tabled)
        for by_ruler, by_table in compared
        for ruled, tabled in zip(by_ruler, by_table, strict=True)
        if ruled != tabled
    ]
    assert differing == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.sampled_from(TRIGGERS), min_size=0, max_size=40))
def test_the_same_annotations_on_generated_text(stock, table, words):
    text = " ".join(words)
    [(by_ruler, by_table)] = both_ways(stock, table, [text])
    assert by_table == by_ruler
    by_matcher, by_rules = rule_targets(stock, table, stock(text, disable=["attribute_ruler", "lemmatizer", "ner"]))
    assert by_rules == by_matcher


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\n\n",
        "I ai n't gon na do it, y'all.",
        "There's nothin' left, and it's gettin' late; let's go.",
        "She said the 12 ferries were gone. \n  They wo n't return.",
    ],
    ids=["empty", "spaces", "newlines", "contractions", "dialect", "whitespace tokens"],
)
def test_the_same_annotations_on_edge_cases(stock, table, text):
    [(by_ruler, by_table)] = both_ways(stock, table, [text])
    assert by_table == by_ruler


@pytest.mark.parametrize(
    "pattern",
    [[{"ORTH": "Mr."}], [{"LOWER": "the", "OP": "+"}], [{"LOWER": {"IN": ["a"], "NOT_IN": ["b"]}}]],
    ids=["another attribute", "an operator", "two tests on one attribute"],
)
def test_a_ruler_with_a_rule_the_table_cannot_apply_is_kept(pattern):
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add(patterns=[pattern], attrs={"LEMMA": "x"})
    assert use_attribute_table(nlp).pipe_names == ["attribute_ruler"]


def test_the_pipeline_model_uses_the_table():
    assert "attribute_table" in use_attribute_table(spacy.load(DEFAULT_MODEL)).pipe_names
