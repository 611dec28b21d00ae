"""Publication dates: bylines, feed fields and web-page metadata to UTC (extract.formats.parse_date)."""

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.formats import RawArticle, parse_date, parse_input


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


# --- the dates table ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # Machine formats: the fast paths.
        ("2024-03-05", utc(2024, 3, 5)),
        ("2024-03-05T14:30:00Z", utc(2024, 3, 5, 14, 30)),
        ("2024-03-05T09:30:00-05:00", utc(2024, 3, 5, 14, 30)),
        ("2024-03-05 14:30:00 -0500", utc(2024, 3, 5, 19, 30)),
        ("Tue, 05 Mar 2024 14:30:00 GMT", utc(2024, 3, 5, 14, 30)),
        ("Tue, 05 Mar 2024 09:30:00 -0500", utc(2024, 3, 5, 14, 30)),
        (1709649000, utc(2024, 3, 5, 14, 30)),
        ("1709649000000", utc(2024, 3, 5, 14, 30)),
        # Bylines as outlets write them.
        ("Mar 5, 2024 11:45 PM", utc(2024, 3, 5, 23, 45)),
        ("Tuesday, March 5, 2024", utc(2024, 3, 5)),
        ("Sept. 5, 2024", utc(2024, 9, 5)),
        ("July 9, 2024 at 2:30 p.m. EDT", utc(2024, 7, 9, 18, 30)),
        ("Published: March 5, 2024", utc(2024, 3, 5)),
        ("Published on March 5, 2024", utc(2024, 3, 5)),
        ("Updated 2:30 PM EST, Tue March 5, 2024", utc(2024, 3, 5, 19, 30)),
        ("5 March 2024 14:30 GMT", utc(2024, 3, 5, 14, 30)),
        ("2024/03/05 14:30", utc(2024, 3, 5, 14, 30)),
        # Zone names and offsets, converted to UTC; no zone is UTC.
        ("March 5, 2024 2:30 PM PST", utc(2024, 3, 5, 22, 30)),
        ("July 9, 2024 2:30 PM BST", utc(2024, 7, 9, 13, 30)),
        ("March 5, 2024 2:30 PM CET", utc(2024, 3, 5, 13, 30)),
        ("March 5, 2024 14:30 UTC", utc(2024, 3, 5, 14, 30)),
        ("March 5, 2024 2:30 PM", utc(2024, 3, 5, 14, 30)),
        # Published and updated in one string: the publication time, wherever it stands.
        ("Published March 5, 2024 10:00 AM EST | Updated March 6, 2024 9:00 AM EST", utc(2024, 3, 5, 15)),
        ("Updated March 6, 2024 9:00 AM EST, Published March 5, 2024 10:00 AM EST", utc(2024, 3, 5, 15)),
        # Refused: relative (a batch run has no "now"), incomplete, ambiguous, implausible, junk.
        ("yesterday", None),
        ("2 hours ago", None),
        ("today", None),
        ("last Tuesday", None),
        ("Updated yesterday", None),
        ("Tuesday", None),
        ("2:30 PM EST", None),
        ("March 2024", None),
        ("March 5", None),
        ("Mar 5 11:45 PM", None),
        ("03/04/2024", None),
        ("13/04/2024", None),
        ("5.3.2024", None),
        ("March 5, 1700", None),
        ("9999-12-31T23:59:59-05:00", None),
        ("0001-01-01T00:00:00+05:00", None),
        ("Published", None),
        ("not a date at all", None),
        ("The council met on March 5, 2024 " + "to discuss the budget " * 6, None),
        ("", None),
        (2024, None),
        (None, None),
    ],
)
def test_dates_table(value: object, expected: datetime | None) -> None:
    assert parse_date(value) == expected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(max_size=60),
        st.lists(
            st.sampled_from(["March", "Sept.", "5", "31", "2024", "11:45", "PM", "EDT", "Updated", ",", "at", "ago"]),
            max_size=8,
        ).map(" ".join),
    )
)
def test_parse_date_never_raises(text: str) -> None:
    parsed = parse_date(text)
    assert parsed is None or parsed.tzinfo is UTC


# --- web pages ------------------------------------------------------------------------------

ARTICLE_TEXT = "".join(
    f"<p>Paragraph {n} of a report on the harbour council's vote to extend the ferry timetable into winter.</p>"
    for n in range(6)
)


def page_date(head: str, body: str = "") -> datetime | None:
    page = f"<html><head><title>Ferry timetable</title>{head}</head><body><article>{body}{ARTICLE_TEXT}</article></body></html>"
    [article] = parse_input("page.html", page.encode())
    assert isinstance(article, RawArticle)
    return article.published_at


def test_html_meta_published_time_with_offset() -> None:
    head = '<meta property="article:published_time" content="2024-03-05T09:30:00-05:00">'
    assert page_date(head) == utc(2024, 3, 5, 14, 30)


def test_html_json_ld_date_published() -> None:
    head = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",'
        ' "headline": "Ferry timetable", "datePublished": "2024-03-05T14:30:00Z"}</script>'
    )
    assert page_date(head) == utc(2024, 3, 5, 14, 30)


def test_html_time_element() -> None:
    body = '<p class="byline">By Ana Ruiz, <time datetime="2024-03-05T16:30:00+02:00">5 March</time></p>'
    assert page_date("", body) == utc(2024, 3, 5, 14, 30)


def test_html_published_not_modified() -> None:
    head = (
        '<meta property="article:modified_time" content="2024-03-07T08:00:00+00:00">'
        '<meta property="article:published_time" content="2024-03-05T14:30:00+00:00">'
    )
    assert page_date(head) == utc(2024, 3, 5, 14, 30)


def test_html_zoned_value_beats_a_naive_local_time() -> None:
    # sailthru.date is often the newsroom's local time without a zone; the JSON-LD names its zone.
    head = (
        '<meta name="sailthru.date" content="2024-03-05 06:30:00">'
        '<script type="application/ld+json">{"datePublished": "2024-03-05T14:30:00Z"}</script>'
    )
    assert page_date(head) == utc(2024, 3, 5, 14, 30)


def test_html_date_only_metadata_is_midnight_utc() -> None:
    assert page_date('<meta name="date" content="2024-03-05">') == utc(2024, 3, 5)


def test_html_metadata_wins_over_dates_in_the_url_and_text() -> None:
    # A date in the text or the URL may be another story's (a cited link, a sidebar): the metadata wins.
    head = '<link rel="canonical" href="https://harbour.example/2024/03/05/ferry-timetable">'
    body = "<p>Published March 5, 2024 10:00 AM EST</p>"
    tagged = head + '<meta property="article:published_time" content="2024-03-04T08:00:00-05:00">'
    assert page_date(tagged, body) == utc(2024, 3, 4, 13, 0)
    # Without metadata, htmldate's reading of the page (here the URL's date) is better than nothing.
    assert page_date(head, body) == utc(2024, 3, 5)
