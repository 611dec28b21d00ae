"""Full-text search transforms: words, stems, an article's index rows, queries, snippets (our own sentences)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas import TABLES, to_arrow
from transforms.search import (
    SEARCH_RULES,
    TITLE_WEIGHT,
    QueryError,
    best_match,
    index_article,
    indexed_tokens,
    parse_query,
    snippet,
    stem_words,
    tokenize,
)
from transforms.search.terms import read_stopwords
from transforms.search.tokens import unify_apostrophes


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The Port Strike", ["the", "port", "strike"]),
        ("O’Rourke’s plan", ["o'rourke's", "plan"]),  # curly apostrophes unified, kept inside the word
        ("Ocasio-Cortez won", ["ocasio", "cortez", "won"]),  # hyphens split
        ("the U.S. and D.C. offices", ["the", "u.s.", "and", "d.c.", "offices"]),
        ("a 5.6 quake, 1,200 homes, 2013", ["a", "5.6", "quake", "1,200", "homes", "2013"]),
        ("naïve café in Zürich", ["naïve", "café", "in", "zürich"]),
        ("हिन्दी समाचार", ["हिन्दी", "समाचार"]),  # vowel signs (combining marks) stay inside words
        ("snake_case and 'quoted' words", ["snake", "case", "and", "quoted", "words"]),
        ("— … !!", []),
    ],
)
def test_tokenize(text: str, words: list[str]) -> None:
    tokens = tokenize(text)
    assert [token.word for token in tokens] == words
    for token in tokens:
        assert text[token.start : token.end].lower().replace("’", "'") == token.word


@given(st.text())
def test_tokens_point_into_the_text(text: str) -> None:
    for token in tokenize(text):
        assert unify_apostrophes(text[token.start : token.end]).lower() == token.word


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("The strikers were striking", ["striker", "strike"]),  # stopwords left out
        ("Sanctuary cities and a city", ["sanctuari", "citi", "citi"]),
        ("Trump's wall", ["trump", "wall"]),  # the possessive goes with stemming
        ("Plan B, 5 ships, 95 crews, 2019", ["plan", "ship", "95", "crew", "2019"]),  # one-character words left out
        ("We're not there", []),
    ],
)
def test_indexed_tokens(text: str, terms: list[str]) -> None:
    assert [term for _, term in indexed_tokens(text)] == terms


def test_stem_words() -> None:
    assert stem_words(["running", "generously", "o'rourke"]) == ["run", "generous", "o'rourk"]


def test_index_article_counts_title_words_more() -> None:
    rows = index_article("a1", "Dockers strike", "The dock strike goes on. Dockers vote today.", run_id="r1")
    tf = {row["term"]: row["tf"] for row in rows.postings}
    assert tf == {"docker": 1 + TITLE_WEIGHT, "strike": 1 + TITLE_WEIGHT, "dock": 1, "goe": 1, "vote": 1, "today": 1}
    assert rows.documents == [{"article_id": "a1", "length": sum(tf.values()), "run_id": "r1"}]
    assert [row["term"] for row in rows.postings] == sorted(tf)
    assert rows.words == [
        {"word": "dock", "term": "dock"},
        {"word": "dockers", "term": "docker"},
        {"word": "goes", "term": "goe"},
        {"word": "strike", "term": "strike"},
        {"word": "today", "term": "today"},
        {"word": "vote", "term": "vote"},
    ]
    for name, table_rows in rows.by_table().items():
        assert to_arrow(TABLES[name], table_rows).num_rows == len(table_rows)


def test_index_article_without_words_is_still_a_document() -> None:
    rows = index_article("a2", None, "— 1 2 3 —", run_id="r1")
    assert rows.documents == [{"article_id": "a2", "length": 0, "run_id": "r1"}]
    assert rows.postings == [] and rows.words == []


@given(title=st.one_of(st.none(), st.text()), body=st.text())
def test_index_article_never_fails(title: str | None, body: str) -> None:
    rows = index_article("a", title, body, run_id="r")
    assert rows.documents[0]["length"] == sum(row["tf"] for row in rows.postings)
    assert len({row["term"] for row in rows.postings}) == len(rows.postings)


@pytest.mark.parametrize(
    ("query", "stems"),
    [
        ("sanctuary cities", ["sanctuari", "citi"]),
        ("Sanctuary Cities sanctuary", ["sanctuari", "citi"]),  # each term once
        ("the strike at the port", ["strike", "port"]),
        ("O'Rourke rally", ["o'rourk", "ralli"]),
        ("O’Rourke rally", ["o'rourk", "ralli"]),
        ("Ocasio-Cortez wins primary", ["ocasio", "cortez", "win", "primari"]),
        ("U.S. sanctions", ["u.s.", "sanction"]),
        ("the Joneses' farm", ["jones", "farm"]),
        ("strike - day two", ["strike", "day", "two"]),  # a dash between spaces is punctuation
        ("Brexit: the vote at 2:30", ["brexit", "vote", "30"]),
        ("dockers and pilots or crews", ["docker", "pilot", "crew"]),  # lower-case and/or are words
        ("2013 earthquake", ["2013", "earthquak"]),
    ],
)
def test_parse_query(query: str, stems: list[str]) -> None:
    assert parse_query(query) == stems


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("", "empty"),
        ("   \n", "empty"),
        ("the and of", "no_words"),
        ("?!", "no_words"),
        ("a 5", "no_words"),
        ('"port strike"', "quotation_marks"),
        ("“port strike”", "quotation_marks"),
        ("'port strike'", "quotation_marks"),
        ("‘port strike’", "quotation_marks"),
        ("port*", "wildcard"),
        ("(port OR dock) strike", "parentheses"),
        ("title:strike", "field_prefix"),
        ("strike outlet:gazette", "field_prefix"),
        ("port -strike", "operator_prefix"),
        ("+port strike", "operator_prefix"),
        ("port AND strike", "boolean_operator"),
        ("port OR dock", "boolean_operator"),
        ("strike NOT teachers", "boolean_operator"),
        ("port NEAR strike", "boolean_operator"),
    ],
)
def test_parse_query_refuses(query: str, code: str) -> None:
    with pytest.raises(QueryError) as raised:
        parse_query(query)
    assert raised.value.code == code
    assert "search takes plain words" in str(raised.value)
    assert "for example: port strike Halvermouth" in str(raised.value)


BODY = (
    "Dock workers at Halvermouth walked out on Monday.\n\n"
    "The port authority said the strike would cost millions. Talks resumed on Friday, and the union said "
    "the strike could end soon if the authority offered more pay to the crews who unload ships at the port."
)


@pytest.mark.parametrize(
    ("query", "width", "expected"),
    [
        ("port strike", 80, "…out on Monday. The **port** authority said the **strike** would cost millions.…"),
        ("Halvermouth", 60, "Dock workers at **Halvermouth** walked out on Monday. The port…"),
        ("unload ships", 50, "…pay to the crews who **unload** **ships** at the port."),  # at the end: no ellipsis
        # Both windows hold "union" and "strike" once: the first wins.
        ("union strike", 70, "…**strike** would cost millions. Talks resumed on Friday, and the **union**…"),
        ("zebra", 40, "Dock workers at Halvermouth walked out…"),  # no match: the opening
        ("port", 1000, BODY.replace("\n\n", " ").replace("port", "**port**")),  # whole body: no ellipsis
    ],
)
def test_snippet(query: str, width: int, expected: str) -> None:
    assert snippet(BODY, parse_query(query), width=width) == expected


@given(body=st.text(), words=st.lists(st.sampled_from(["port", "strike", "dock", "x"])), width=st.integers(1, 300))
def test_snippet_never_fails(body: str, words: list[str], width: int) -> None:
    text = snippet(body, set(stem_words(words)), width=width)
    assert "\n" not in text and len(text.replace("**", "")) <= max(width, len(body)) + 2


def test_snippet_prefers_distinct_terms() -> None:
    body = "Strike after strike after strike hit the docks. Weeks later the union called a new strike."
    assert snippet(body, parse_query("union strike"), width=40) == "…later the **union** called a new **strike**."


@pytest.mark.parametrize(
    ("quotes", "query", "best"),
    [
        (["“We stay out,” she said.", "“The port will reopen when the strike ends.”"], "port strike", 1),
        (["“The strike goes on.”", "“The strike, the strike!”"], "strike", 1),  # more matches
        (["“Strike!”", "“Strike!”"], "strike", 0),  # the first on ties
        (["“We stay out.”"], "port strike", None),
        ([], "port", None),
    ],
)
def test_best_match(quotes: list[str], query: str, best: int | None) -> None:
    assert best_match(quotes, parse_query(query)) == best


def test_stopwords_load_and_are_validated(tmp_path) -> None:
    assert {"the", "of", "don't"} <= SEARCH_RULES.stopwords and "us" not in SEARCH_RULES.stopwords
    (tmp_path / "search_stopwords.csv").write_text("word\nthe\nDon’t\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"search_stopwords\.csv: 'Don’t' is not a lower-case word"):
        read_stopwords("search_stopwords.csv", tmp_path)
