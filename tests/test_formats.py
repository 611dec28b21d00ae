"""Tests for extract.formats.parse_input: every input format, gzip, metadata and bad input."""

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.formats import (
    SUPPORTED_EXTENSIONS,
    SUPPORTED_SUFFIXES,
    FormatRules,
    RawArticle,
    RejectedInput,
    parse_date,
    parse_input,
)

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).parent.parent / "examples"


def only_article(results: list[RawArticle | RejectedInput]) -> RawArticle:
    assert len(results) == 1, results
    assert isinstance(results[0], RawArticle), results
    return results[0]


def only_rejection(results: list[RawArticle | RejectedInput]) -> RejectedInput:
    assert len(results) == 1, results
    assert isinstance(results[0], RejectedInput), results
    return results[0]


# --- plain text ---------------------------------------------------------------------------


def test_txt_is_the_body_and_nothing_else() -> None:
    data = b"Port talks resume\n\nThe union met the authority on Monday.\n"
    article = only_article(parse_input("in/story.txt", data))
    assert article == RawArticle(
        source="in/story.txt", body="Port talks resume\n\nThe union met the authority on Monday."
    )
    assert article.title is None  # a first line is never guessed to be a headline


def test_txt_outlet_default() -> None:
    article = only_article(parse_input("a.txt", b"Some story text.", outlet="  The Courier "))
    assert article.outlet == "The Courier"


def test_txt_windows_1252_is_decoded_not_rejected() -> None:
    article = only_article(parse_input("old.txt", (FIXTURES / "cp1252_article.txt").read_bytes()))
    assert article.body.startswith(
        "Caf\u00e9 owners on the Quai d\u2019Orsay said the new \u201cpermit fee\u201d of \u20ac300"
    )
    assert "\r" not in article.body
    assert article.body.endswith("said Ren\u00e9e Fa\u00fcre.")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("caf\u00e9".encode("latin-1"), "caf\u00e9"),
        (b"\xef\xbb\xbfWith a UTF-8 BOM", "With a UTF-8 BOM"),
        ("\ufeffUTF-16 text \u2014 with a BOM".encode("utf-16-le"), "UTF-16 text \u2014 with a BOM"),
        ("\ufeffUTF-16 big-endian".encode("utf-16-be"), "UTF-16 big-endian"),
        ("Already UTF-8: \u201cna\u00efve\u201d".encode(), "Already UTF-8: \u201cna\u00efve\u201d"),
        ("Cafe\u0301".encode(), "Caf\u00e9"),  # NFC
        # UTF-8 with one damaged byte stays UTF-8 (not garbled as Windows-1252).
        (
            "\u201cna\u00efve\u201d caf\u00e9 \u2014 ".encode() + b"\xff",
            "\u201cna\u00efve\u201d caf\u00e9 \u2014 \ufffd",
        ),
    ],
)
def test_txt_encodings(data: bytes, expected: str) -> None:
    assert only_article(parse_input("a.txt", data)).body == expected


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "reason_contains"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \r\n\t\n", "empty file"),
        ("blank.html", b"\n\n", "empty file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("controls.txt", bytes(range(1, 9)) * 20 + b"text", "binary file"),
        ("weird.txt", b"caf\xe9 \x81\x8d\x8f", "undecodable text"),
        ("report.pdf", b"%PDF-1.7 ...", "unsupported file type .pdf"),
        ("README", b"No extension here.", "unsupported file type (no extension)"),
        ("story.txt.gz", b"plain text pretending to be gzip", "not gzip-compressed"),
        ("story.txt.gz", gzip.compress(b"A story that was cut off in transfer.")[:-12], "truncated gzip"),
        ("story.txt.gz", gzip.compress(b"A story.")[:10] + b"\xff" * 20, "gzip"),
        ("broken.json", b'{"text": "never closed', "malformed JSON at line 1"),
        ("number.json", b"42", "JSON holds a number"),
        ("empty.json", b"[]", "JSON array is empty"),
        ("nav.html", (FIXTURES / "nav_only_page.html").read_bytes(), "web page with no article text"),
        ("tiny.html", b"<html><body><p>Hi.</p></body></html>", "web page with no article text"),
        ("notext.csv", b"title,url\nA,http://x.example\n", "CSV header has no text column"),
    ],
)
def test_bad_input_is_rejected_with_a_reason(name: str, data: bytes, reason_contains: str) -> None:
    rejection = only_rejection(parse_input(name, data))
    assert rejection.source == name
    assert reason_contains in rejection.reason


def test_gzip_over_the_size_limit_is_refused() -> None:
    data = gzip.compress(b"x " * 5000)
    rejection = only_rejection(parse_input("big.txt.gz", data, rules=FormatRules(max_decompressed_bytes=1000)))
    assert "more than 1,000 bytes" in rejection.reason


# --- gzip ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "payload", "sources"),
    [
        ("a.txt.gz", b"A gzipped story.", ["a.txt.gz"]),
        ("a.json.gz", b'{"text": "One object."}', ["a.json.gz"]),
        ("a.jsonl.gz", b'{"text": "One."}\n{"text": "Two."}\n', ["a.jsonl.gz#1", "a.jsonl.gz#2"]),
        ("a.csv.gz", b"text\nOne.\nTwo.\n", ["a.csv.gz#1", "a.csv.gz#2"]),
        ("a.HTML.GZ", (FIXTURES / "water_notice_page.html").read_bytes(), ["a.HTML.GZ"]),
        # Compressed but not named .gz: the gzip header is enough.
        ("plain.txt", b"Compressed under a plain name.", ["plain.txt"]),
    ],
)
def test_gzipped_inputs(name: str, payload: bytes, sources: list[str]) -> None:
    results = parse_input(name, gzip.compress(payload))
    assert [r.source for r in results] == sources
    assert all(isinstance(r, RawArticle) for r in results)


# --- web pages ----------------------------------------------------------------------------


def test_html_main_text_and_metadata() -> None:
    article = only_article(parse_input("pages/water.html", (FIXTURES / "water_notice_page.html").read_bytes()))
    assert article.source == "pages/water.html"
    assert article.title == "Boil-water notice extended for Eastbrook after second failed test"
    assert article.url == "https://valleycourier.example/local/eastbrook-boil-water-notice-extended"
    assert article.outlet == "Valley Courier"
    assert article.authors == ("Jonah Ellis",)
    assert article.published_at == datetime(2023, 8, 14, tzinfo=UTC)
    assert article.body.startswith("Residents of Eastbrook must keep boiling")
    assert "\u201cWe are not going to lift this until we are certain,\u201d said Maria Oyelaran" in article.body
    assert article.body.endswith("on bottled water and ice.")
    for boilerplate in ("Subscribe today", "Download our app", "Most read", "skate park", "All rights reserved"):
        assert boilerplate not in article.body


def test_html_site_name_beats_outlet_default() -> None:
    data = (FIXTURES / "water_notice_page.html").read_bytes()
    assert only_article(parse_input("w.html", data, outlet="Given Outlet")).outlet == "Valley Courier"


def test_html_without_metadata_uses_outlet_default() -> None:
    paragraphs = "".join(
        f"<p>Paragraph {i} of a plain page about the harbour strike, with enough words to count as text.</p>"
        for i in range(6)
    )
    data = f"<html><body><article>{paragraphs}</article></body></html>".encode()
    article = only_article(parse_input("plain.htm", data, outlet="Given Outlet"))
    assert article.outlet == "Given Outlet"
    assert article.published_at is None
    assert article.body.startswith("Paragraph 0 of a plain page")


def test_html_declared_charset_is_honoured() -> None:
    paragraphs = "".join(
        f"<p>Le port de Bréhat est resté fermé, jour {i}, selon le syndicat des dockers.</p>" for i in range(6)
    )
    page = f'<html><head><meta charset="iso-8859-15"></head><body><article>{paragraphs}</article></body></html>'
    article = only_article(parse_input("fr.html", page.encode("iso-8859-15")))
    assert "Bréhat est resté fermé" in article.body


# --- JSON and JSON Lines ------------------------------------------------------------------


def test_json_single_object_with_all_metadata() -> None:
    record = {
        "headline": "Talks resume",
        "body": "The union returned to the table.",
        "link": "https://news.example/talks",
        "publisher": "Wire Service",
        "byline": "By Ana Ruiz and Tom Bell",
        "published_at": "2024-03-11T15:42:00+02:00",
    }
    article = only_article(parse_input("one.json", json.dumps(record).encode(), outlet="Ignored"))
    assert article == RawArticle(
        source="one.json",
        body="The union returned to the table.",
        title="Talks resume",
        url="https://news.example/talks",
        outlet="Wire Service",
        authors=("Ana Ruiz", "Tom Bell"),
        published_at=datetime(2024, 3, 11, 13, 42, tzinfo=UTC),
    )


def test_json_array_numbers_records_by_position() -> None:
    data = json.dumps([{"text": "First."}, {"content": "Second.", "outlet": "Own Outlet"}], indent=2).encode()
    results = parse_input("arr.json", data, outlet="Default")
    assert [(r.source, r.body, r.outlet) for r in results] == [
        ("arr.json#1", "First.", "Default"),
        ("arr.json#2", "Second.", "Own Outlet"),
    ]


def test_json_array_keeps_records_before_a_syntax_error() -> None:
    data = b'[\n  {"text": "Good one."},\n  {"text": "Good two."},\n  {"text": oops}\n]'
    results = parse_input("arr.json", data)
    assert [type(r).__name__ for r in results] == ["RawArticle", "RawArticle", "RejectedInput"]
    assert results[2].source == "arr.json#3"
    assert "line 4" in results[2].reason


def test_json_wrapped_array() -> None:
    data = b'{"status": "ok", "articles": [{"text": "One.", "source": {"id": "x", "name": "Feed Outlet"}}]}'
    article = only_article(parse_input("feed.json", data))
    assert (article.source, article.outlet) == ("feed.json#1", "Feed Outlet")


def test_jsonl_mixed_good_and_bad_records() -> None:
    results = parse_input("mixed.jsonl", (FIXTURES / "mixed_records.jsonl").read_bytes(), outlet="Default")
    summary = [(r.source, type(r).__name__) for r in results]
    assert summary == [
        ("mixed.jsonl#1", "RawArticle"),
        ("mixed.jsonl#2", "RejectedInput"),
        ("mixed.jsonl#4", "RejectedInput"),
        ("mixed.jsonl#5", "RejectedInput"),
        ("mixed.jsonl#6", "RawArticle"),
    ]
    first, bad_json, no_text, blank_text, last = results
    assert (first.title, first.outlet, first.published_at) == ("One", "Record Outlet", datetime(2023, 5, 1, tzinfo=UTC))
    assert "malformed JSON on line 2" in bad_json.reason
    assert "no text field" in no_text.reason
    assert "empty 'body' field" in blank_text.reason
    assert (last.body, last.outlet, last.authors) == ("The fifth line is fine too.", "Default", ("Ada Brook",))


def test_jsonl_single_line_keeps_its_line_number() -> None:
    article = only_article(parse_input("one.jsonl", b'\n{"text": "Only record."}\n'))
    assert article.source == "one.jsonl#2"


def test_jsonl_rejects_non_object_lines() -> None:
    results = parse_input("x.jsonl", b'{"text": "ok"}\n["a", "list"]\n"a string"\n')
    assert [r.reason for r in results if isinstance(r, RejectedInput)] == [
        "line 2 is a JSON array, not an object with a text field",
        "line 3 is a JSON string, not an object with a text field",
    ]


def test_json_lines_in_a_json_file_and_u2028_inside_strings() -> None:
    data = '{"text": "Line\u2028separator inside"}\n{"text": "Second."}\n'.encode()
    results = parse_input("lines.json", data)
    assert [r.body for r in results] == ["Line\u2028separator inside", "Second."]


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"authors": ["Ana Ruiz", "Tom Bell", "Ana Ruiz"]}, ("Ana Ruiz", "Tom Bell")),
        ({"authors": "Ana Ruiz; Tom Bell"}, ("Ana Ruiz", "Tom Bell")),
        ({"authors": "Ana Ruiz, Tom Bell"}, ("Ana Ruiz", "Tom Bell")),
        ({"author": "Ruiz, Ana"}, ("Ruiz, Ana",)),
        ({"author": "By Ana Ruiz & Tom Bell"}, ("Ana Ruiz", "Tom Bell")),
        ({"authors": [{"name": "Ana Ruiz"}]}, ("Ana Ruiz",)),
        ({"author": ""}, ()),
        ({"author": 17}, ("17",)),
        ({}, ()),
    ],
)
def test_authors(record: dict, expected: tuple[str, ...]) -> None:
    data = json.dumps({"text": "Body.", **record}).encode()
    assert only_article(parse_input("a.json", data)).authors == expected


def test_list_of_paragraphs_is_joined() -> None:
    data = json.dumps({"text": ["First paragraph.", " ", "Second paragraph."]}).encode()
    assert only_article(parse_input("a.json", data)).body == "First paragraph.\n\nSecond paragraph."


def test_unparseable_date_still_loads_the_article() -> None:
    data = json.dumps({"text": "Body.", "date": "sometime last spring"}).encode()
    assert only_article(parse_input("a.json", data)).published_at is None


# --- CSV ----------------------------------------------------------------------------------


def test_csv_rows_with_metadata_and_bad_rows() -> None:
    data = (
        b"Title,Text,Date,Author,Publisher\n"
        b'First,"A body, with a comma.",2024-01-02,Ana Ruiz,\n'
        b'Second,"A body\nover two lines.",not a date,,Row Outlet\n'
        b"Third,,2024-01-03,,\n"
        b"Fourth,too,many,fields,here,extra\n"
        b'Fifth,"bad"quote,2024-01-04,,\n'
        b"Sixth,Last good row.,2024-01-05,,\n"
    )
    results = parse_input("rows.csv", data, outlet="Default")
    assert [(r.source, type(r).__name__) for r in results] == [
        ("rows.csv#1", "RawArticle"),
        ("rows.csv#2", "RawArticle"),
        ("rows.csv#3", "RejectedInput"),
        ("rows.csv#4", "RejectedInput"),
        ("rows.csv#5", "RejectedInput"),
        ("rows.csv#6", "RawArticle"),
    ]
    first, second, empty, too_many, bad_quote, sixth = results
    assert (first.title, first.body, first.authors, first.outlet) == (
        "First",
        "A body, with a comma.",
        ("Ana Ruiz",),
        "Default",
    )
    assert first.published_at == datetime(2024, 1, 2, tzinfo=UTC)
    assert (second.body, second.published_at, second.outlet) == ("A body\nover two lines.", None, "Row Outlet")
    assert "empty 'text' field" in empty.reason
    assert "6 fields but the header has 5" in too_many.reason
    assert "malformed CSV row 5 (line 7)" in bad_quote.reason
    assert sixth.body == "Last good row."


def test_csv_semicolon_delimited_with_bom() -> None:
    data = "\ufefftitle;body\nA;Semicolon body.\n".encode()
    article = only_article(parse_input("semi.csv", data))
    assert (article.title, article.body) == ("A", "Semicolon body.")


def test_csv_long_field() -> None:
    body = "word " * 60_000
    data = ("text\n" + '"' + body + '"\n').encode()
    assert only_article(parse_input("long.csv", data)).body == body.strip()


# --- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05", datetime(2024, 3, 5, tzinfo=UTC)),
        ("2024-03-05T14:30:00Z", datetime(2024, 3, 5, 14, 30, tzinfo=UTC)),
        ("2024-03-05T14:30:00-05:00", datetime(2024, 3, 5, 19, 30, tzinfo=UTC)),
        ("2024-03-05 14:30", datetime(2024, 3, 5, 14, 30, tzinfo=UTC)),
        ("Tue, 05 Mar 2024 14:30:00 GMT", datetime(2024, 3, 5, 14, 30, tzinfo=UTC)),
        ("March 5, 2024", datetime(2024, 3, 5, tzinfo=UTC)),
        ("5 March 2024", datetime(2024, 3, 5, tzinfo=UTC)),
        ("2024/03/05", datetime(2024, 3, 5, tzinfo=UTC)),
        (1709649000, datetime(2024, 3, 5, 14, 30, tzinfo=UTC)),
        ("1709649000000", datetime(2024, 3, 5, 14, 30, tzinfo=UTC)),
        # Nothing sensible to read: None, never an exception.
        ("03/05/2024", None),  # day-first or month-first? not guessed
        ("yesterday", None),
        ("", None),
        (2024, None),
        (True, None),
        ({"date": "2024-03-05"}, None),
        ("0001-01-01", None),
        ("9999-12-31T23:59:59", None),
    ],
)
def test_parse_date(value: object, expected: datetime | None) -> None:
    assert parse_date(value) == expected


# --- examples and properties --------------------------------------------------------------


def test_examples_all_load() -> None:
    files = sorted(p for p in EXAMPLES.iterdir() if p.name != "README.md")
    results = [r for path in files for r in parse_input(str(path), path.read_bytes())]
    assert all(isinstance(r, RawArticle) for r in results), [r for r in results if isinstance(r, RejectedInput)]
    assert len(results) >= 12
    assert {r.outlet for r in results} >= {
        "The Halvermouth Gazette",
        "Coastline Business Journal",
        "The Harbour Voice",
        "Meridian Press",
    }


def test_supported_suffixes_cover_gzip() -> None:
    assert all(ext in SUPPORTED_SUFFIXES and ext + ".gz" in SUPPORTED_SUFFIXES for ext in SUPPORTED_EXTENSIONS)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    extension=st.sampled_from([*SUPPORTED_EXTENSIONS, ".txt.gz", ".jsonl.gz", ".pdf", ""]),
    data=st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=2000).map(str.encode),
        st.builds(gzip.compress, st.binary(max_size=500)),
        st.sampled_from([b"[", b"{", b'{"text": 1}', b"[1, {]", b'text\n"', b"\x1f\x8b", b"<html>"]),
    ),
)
def test_parse_input_never_raises(extension: str, data: bytes) -> None:
    results = parse_input(f"random{extension}", data, outlet="X")
    assert results
    for result in results:
        assert isinstance(result, RawArticle | RejectedInput)
        if isinstance(result, RawArticle):
            assert result.body and result.body == result.body.strip()
            assert result.published_at is None or result.published_at.tzinfo is UTC
        else:
            assert result.reason


@pytest.mark.parametrize("junk", [b"\x00", b"\x01\x02\x03\x04\x05\x06\x07\x08" * 8])
@pytest.mark.parametrize("name", ["wire.jsonl", "wire.csv"])
def test_a_binary_line_rejects_that_record_not_the_file(name, junk):
    record = {"text": "The ferry to Gull Island resumed service on Monday.", "url": "https://gull.example/1"}
    if name.endswith(".jsonl"):
        data = json.dumps(record).encode() + b"\n" + junk + b"\n"
    else:
        data = b"text,url\n" + f'"{record["text"]}",{record["url"]}\n'.encode() + junk + b",\n"
    results = parse_input(name, data)
    assert [item.url for item in results if isinstance(item, RawArticle)] == ["https://gull.example/1"]
    assert [item.source for item in results if isinstance(item, RejectedInput)] == [f"{name}#2"]
