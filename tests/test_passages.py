"""Shared passages and near-duplicates on our own sample articles: what must match, and what must not."""

from datetime import UTC, datetime

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.passages import (
    MIN_PASSAGE_WORDS,
    DuplicateMatch,
    KnownOccurrence,
    SharedQuote,
    Span,
    article_order,
    common_runs,
    fingerprint_article,
    group_shared_passages,
    shared_passages,
    word_sequence,
)
from transforms.passages.relate import (
    DuplicateGroup,
    duplicate_groups,
    duplicate_rows,
    match_pair,
    occurrence_rows,
    reads_as_prose,
)
from transforms.quotes import find_quote_spans
from warehouse.derived import ARTICLE_ORDER

ORIGINAL = (
    "Dock workers at the Port of Calloway walked off the job on Monday, halting forty cranes and "
    "stranding hundreds of containers on the quay.\n\n"
    "“We have waited three years for a fair contract and we will not wait three more,” said Dana Whitlock, "
    "the president of the Calloway Dockworkers Union.\n\n"
    "The port authority said talks would resume on Thursday with a state mediator in the room, and warned "
    "that shippers were already diverting vessels to the harbour at Port Ellery further up the coast.\n\n"
    "Whitlock said the union represents about two thousand members, most of them on contracts that have "
    "not changed since the last strike ended in a bitter compromise six years ago."
)

QUOTE = "We have waited three years for a fair contract and we will not wait three more"


def words_of(text: str):
    return word_sequence(text)


def pair(a: str, b: str):
    """Match two texts, their quotation-mark spans standing in for the extracted quotes."""
    quotes = {
        name: [(f"{name}{n}", *span) for n, span in enumerate(find_quote_spans(text))]
        for name, text in (("a", a), ("b", b))
    }
    return match_pair("a", a, "b", b, words=lambda _, body: word_sequence(body), quotes=quotes)


def test_words_ignore_case_quotation_marks_and_spacing():
    assert words_of("“Fair  Contract,” she said").words == words_of('"fair contract," SHE\nsaid').words


@pytest.mark.parametrize(
    ("copy", "kind"),
    [
        (ORIGINAL, "exact copy"),
        ("CALLOWAY (Wire Service) - " + ORIGINAL, "wire credit added"),
        (ORIGINAL.rsplit("\n\n", 1)[0], "trimmed ending"),
        (ORIGINAL.split("\n\n", 1)[0], "only its first paragraph"),
        (ORIGINAL.replace("“", '"').replace("”", '"').replace("\n\n", "\n"), "quotation marks and spacing"),
        (ORIGINAL.replace("walked off the job on Monday", "went on strike early on Monday"), "reworded sentence"),
        (
            ORIGINAL.replace("\n\nThe port", "\n\nShipping lines were not available for comment.\n\nThe port"),
            "inserted sentence",
        ),
        (  # the inserted sentence's first word also starts the next one: one word ends a run and begins the next
            ORIGINAL.replace("\n\nThe port", "\n\nThe mayor urged both sides to keep talking.\n\nThe port"),
            "inserted sentence sharing its first word",
        ),
    ],
)
def test_copies_are_duplicates(copy, kind):
    match = pair(ORIGINAL, copy).duplicate
    assert match is not None, kind
    assert match.exact == (kind in ("exact copy", "quotation marks and spacing"))


def test_another_article_on_the_same_event_is_not_a_duplicate_but_shares_the_quote():
    other = (
        "Cranes stood idle in Calloway for a second day as the union dug in.\n\n"
        f"“{QUOTE},” Dana Whitlock told reporters outside the gates.\n\n"
        "Retailers said shelves could empty within a fortnight if the dispute drags on, and the mayor "
        "called on both sides to accept binding arbitration before the holiday season."
    )
    match = pair(ORIGINAL, other)
    assert match.duplicate is None
    ((span_a, span_b),) = match.passages
    assert ORIGINAL[span_a.start_char : span_a.end_char] == QUOTE
    assert other[span_b.start_char : span_b.end_char] == QUOTE


def test_a_quote_split_around_its_attribution_is_one_passage():
    split = "“We have waited three years for a fair contract,” Whitlock said, “and we will not wait three more.”"
    pasted = (
        "From the union's statement: We have waited three years for a fair contract and we will not wait three more."
    )
    a, b = words_of(split), words_of(pasted)
    (passage,) = shared_passages(common_runs(a, b), a, b)
    assert passage.matched_words == len(QUOTE.split())


@pytest.mark.parametrize(("between", "passages"), [(" it said. ", 1), (" it said.\n", 2)])
def test_runs_join_across_a_short_gap_within_a_paragraph(between, passages):
    first = "the harbour authority has agreed to meet the union on thursday morning"
    second = "at the town hall in calloway with the state mediator present for the talks"
    a, b = words_of(first + between + second), words_of(first + " " + second)
    assert len(shared_passages(common_runs(a, b), a, b)) == passages


def test_short_shared_phrases_are_not_passages():
    a = words_of("The mayor said in a statement that the port would reopen.")
    b = words_of("The union said in a statement that it would keep striking.")
    assert shared_passages(common_runs(a, b), a, b) == []


def test_a_list_of_names_is_not_a_statement():
    assert not reads_as_prose("Chicago, New York, San Francisco, Los Angeles, Atlanta, Houston, Boston and Detroit")
    assert reads_as_prose(QUOTE)


@settings(max_examples=60, deadline=None)
@given(
    left=st.lists(st.sampled_from("abcdefghijklmnop"), min_size=0, max_size=40),
    right=st.lists(st.sampled_from("qrstuvwxyz"), min_size=0, max_size=40),
    shared=st.lists(
        st.sampled_from(["red", "green", "blue", "gold", "grey", "pink"]), min_size=MIN_PASSAGE_WORDS, max_size=30
    ),
)
def test_a_shared_run_of_min_passage_words_always_shares_a_fingerprint(left, right, shared):
    first = " ".join(left + shared + left)
    second = " ".join(right + shared)
    prints = {row["fingerprint"] for row in fingerprint_article("a", first)}
    assert prints & {row["fingerprint"] for row in fingerprint_article("b", second)}


def test_fingerprints_are_stable_across_calls():
    assert fingerprint_article("a", ORIGINAL) == fingerprint_article("a", ORIGINAL)


DAY = datetime(2026, 3, 4, tzinfo=UTC)


def order_of(published: dict[str, datetime | None]) -> dict:
    return {
        article_id: article_order(published_at=when, run_id="run-1", source=f"in.jsonl#{n}", article_id=article_id)
        for n, (article_id, when) in enumerate(sorted(published.items()), 1)
    }


def test_the_earliest_copy_is_the_original_even_when_loaded_later():
    order = order_of({"a": DAY.replace(day=5), "b": DAY, "c": None})
    (group,) = duplicate_groups([("a", "b"), ("c", "a")], order=order)
    assert group == DuplicateGroup(earliest="b", copies=("a", "c"))


def test_undated_copies_go_to_the_first_loaded():
    order = {
        "x": article_order(published_at=None, run_id="run-2", source="in.jsonl#2", article_id="x"),
        "y": article_order(published_at=None, run_id="run-2", source="in.jsonl#10", article_id="y"),
        "z": article_order(published_at=None, run_id="run-1", source="old.txt", article_id="z"),
    }
    assert sorted(order, key=order.get) == ["z", "x", "y"]


def test_each_copy_row_compares_it_with_the_earliest_copy():
    groups = duplicate_groups(
        [("new", "older-copy"), ("older-copy", "old")],
        order=order_of({"old": DAY, "older-copy": DAY.replace(day=6), "new": DAY.replace(day=7)}),
    )
    matches = {
        frozenset(("new", "old")): DuplicateMatch(0.91, False),
        frozenset(("older-copy", "old")): DuplicateMatch(1.0, True),
        frozenset(("new", "older-copy")): DuplicateMatch(0.97, False),
    }
    rows = duplicate_rows(groups, matches, run_id="r")
    assert {(row["article_id"], row["duplicate_of"], row["similarity"], row["exact"]) for row in rows} == {
        ("older-copy", "old", 1.0, True),
        ("new", "old", 0.91, False),
    }


def test_a_trimmed_copy_and_the_full_quote_are_one_shared_quote():
    full_a, full_c, trimmed_b = Span("a", 10, 90), Span("c", 200, 280), Span("b", 0, 40)
    links = [(full_a, full_c), (Span("a", 10, 50), trimmed_b), (trimmed_b, Span("c", 200, 240))]
    (shared,) = group_shared_passages(links, [], order=lambda span: span.article_id)
    assert shared.occurrences == (full_a, trimmed_b, full_c)


def test_a_shared_quote_keeps_its_id_and_absorbs_another():
    known = [
        KnownOccurrence(Span("a", 0, 50), "quote-1"),
        KnownOccurrence(Span("b", 5, 55), "quote-1"),
        KnownOccurrence(Span("c", 0, 50), "quote-2"),
        KnownOccurrence(Span("d", 0, 50), "quote-2"),
        KnownOccurrence(Span("e", 0, 50), "quote-2"),
    ]
    links = [(Span("new", 0, 50), Span("a", 0, 48)), (Span("new", 0, 50), Span("c", 2, 50))]
    (shared,) = group_shared_passages(links, known, order=lambda span: span.article_id)
    assert shared.shared_quote_id == "quote-2"  # the id most occurrences carry
    assert {span.article_id for span in shared.occurrences} == {"a", "b", "c", "d", "e", "new"}


def test_separate_passages_stay_separate_quotes():
    links = [(Span("a", 0, 50), Span("b", 0, 50)), (Span("a", 100, 150), Span("c", 0, 50))]
    assert len(group_shared_passages(links, [], order=lambda span: span.article_id)) == 2


def test_an_occurrence_split_around_its_attribution_is_the_first_quotes():
    span = Span("a", 0, 100)
    (quoted,) = occurrence_rows(
        [SharedQuote("q", (span,))],
        bodies={"a": "x" * 100},
        quotes={"a": [("first", 0, 45), ("second", 55, 100)]},
        run_id="r",
    )
    assert quoted["quote_id"] == "first"
    (unquoted,) = occurrence_rows(
        [SharedQuote("q", (span,))],
        bodies={"a": "x" * 100},
        quotes={"a": [("elsewhere", 90, 200)]},
        run_id="r",
    )
    assert unquoted["quote_id"] is None


def test_a_short_passage_counts_only_where_it_is_quoted():
    title = "the senior senator from the coastal state and chair of the harbour committee"
    quoted = f'Ms Reyes, "{title}," spoke first.'
    a, b = f"The hearing heard from {title} on Monday.", f"Lawmakers praised {title} at length."
    assert pair(a, b).passages == ()  # a stock description both happen to use
    assert len(pair(quoted, b).passages) == 1


def test_the_sql_and_python_earliest_orders_agree():
    rows = [
        ("a", DAY.replace(day=9), "run-2", "in.jsonl#3"),
        ("b", None, "run-1", "in.jsonl#10"),
        ("c", None, "run-1", "in.jsonl#9"),
        ("d", DAY, "run-3", "x.txt"),
        ("e", None, "run-1", "a.txt"),
        ("f", DAY, "run-3", "in.jsonl#2"),
    ]
    con = duckdb.connect()
    con.execute("CREATE TABLE a (article_id VARCHAR, published_at TIMESTAMPTZ, run_id VARCHAR, source VARCHAR)")
    con.executemany("INSERT INTO a VALUES (?, ?, ?, ?)", rows)
    in_sql = [
        article_id for (article_id,) in con.execute(f"SELECT article_id FROM a ORDER BY {ARTICLE_ORDER}").fetchall()
    ]
    in_python = sorted(
        (row[0] for row in rows),
        key=lambda article_id: next(
            article_order(published_at=p, run_id=r, source=s, article_id=i) for i, p, r, s in rows if i == article_id
        ),
    )
    assert in_sql == in_python == ["f", "d", "a", "e", "c", "b"]
