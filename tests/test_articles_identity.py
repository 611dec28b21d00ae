"""Article identity from URLs: the same page however it was linked to is one article (transforms.articles)."""

import pytest

from extract.formats import RawArticle
from transforms.articles import identify_article, normalize_url

BASE = "https://harbour.example/news/ferry-timetable"


def article_id(url: str) -> str:
    return identify_article(RawArticle(source="feed.jsonl#1", body="The ferry timetable changes.", url=url))


@pytest.mark.parametrize(
    "variant",
    [
        BASE + "?utm_source=newsletter&utm_medium=email&utm_campaign=spring",
        BASE + "?fbclid=IwAR0abc123",
        BASE + "?gclid=Cj0KCQ",
        BASE + "?mc_cid=5f3a&mc_eid=9b2c",
        BASE + "?ref=homepage",
        BASE + "#comments",
        BASE + "/",
        BASE + "/?utm_source=x#top",
        "HTTPS://Harbour.EXAMPLE/news/ferry-timetable",
        "https://harbour.example:443/news/ferry-timetable",
        "  " + BASE + "  ",
    ],
)
def test_same_page_same_id(variant: str) -> None:
    assert normalize_url(variant) == BASE
    assert article_id(variant) == article_id(BASE)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://harbour.example/story.php?id=123&utm_source=rss", "https://harbour.example/story.php?id=123"),
        ("https://harbour.example/?p=45&fbclid=x", "https://harbour.example?p=45"),
        ("https://harbour.example/view?story=ferry&gclid=y#top", "https://harbour.example/view?story=ferry"),
        # Names courlan would strip for starting with a tracker word, and bare keys, identify content.
        ("https://harbour.example/recap?gameId=401", "https://harbour.example/recap?gameId=401"),
        ("https://harbour.example/cgi-bin/show.cgi?226", "https://harbour.example/cgi-bin/show.cgi?226"),
    ],
)
def test_content_parameters_kept(url: str, expected: str) -> None:
    assert normalize_url(url) == expected


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("https://harbour.example/story.php?id=123", "https://harbour.example/story.php?id=124"),
        ("https://harbour.example/?p=45", "https://harbour.example/?p=46"),
        ("https://harbour.example/recap?gameId=401", "https://harbour.example/recap?gameId=402"),
        ("http://harbour.example/news/ferry", "https://harbour.example/news/ferry"),
        ("https://www.harbour.example/news/ferry", "https://harbour.example/news/ferry"),
        ("https://harbour.example/news/Ferry", "https://harbour.example/news/ferry"),
    ],
)
def test_different_pages_different_ids(first: str, second: str) -> None:
    assert article_id(first) != article_id(second)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://[::1", "http://[::1"),  # urllib cannot split it
        ("HTTPS://Harbour.example/news/\ud800/", "https://harbour.example/news/\ud800"),  # courlan cannot encode it
        ("not a url", "not%20a%20url"),
        ("/news/ferry/?utm_source=x", "/news/ferry"),
    ],
)
def test_unusual_urls_are_normalized_without_error(url: str, expected: str) -> None:
    assert normalize_url(url) == expected


def test_url_without_tracking_keeps_its_id() -> None:
    # Ids already in warehouses stay: a clean URL normalizes as before (host case, no fragment or trailing slash).
    assert normalize_url("https://Harbour.example/2024/03/05/ferry-timetable/#top") == (
        "https://harbour.example/2024/03/05/ferry-timetable"
    )
