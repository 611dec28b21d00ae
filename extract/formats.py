"""Parse input files (text, web pages, JSON, JSON Lines, CSV, any of them gzipped) into raw articles.

This is the pipeline's "extract" stage. :func:`parse_input` receives a file's name and bytes (the
caller does the reading) and returns one :class:`RawArticle` per article found, or a
:class:`RejectedInput` saying in plain words why a file or record could not be used. It never
raises on bad input: one broken record does not cost the good ones beside it.
"""

from __future__ import annotations

import codecs
import csv
import email.utils
import gzip
import io
import json
import re
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING

from transforms.text import count_words, normalize_text

if TYPE_CHECKING:
    from dateparser.date import DateDataParser
    from lxml.html import HtmlElement


@dataclass(frozen=True)
class RawArticle:
    """One article as found in an input, before any analysis.

    Attributes:
        source: where it came from: the input name, plus ``#n`` for a record of a multi-record file.
        body: the article text, normalized (:func:`transforms.text.normalize_text`); never empty.
        title: headline, if the input carries one.
        url: canonical URL, if known.
        outlet: publication name (from the input, else the ``outlet`` given to :func:`parse_input`).
        authors: bylines in input order, no duplicates.
        published_at: publication time, timezone-aware UTC; a date alone is midnight UTC.
    """

    source: str
    body: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    published_at: datetime | None = None


@dataclass(frozen=True)
class RejectedInput:
    """A file or record that yielded no article, with the reason in words a person understands."""

    source: str
    reason: str


ParseResult = RawArticle | RejectedInput


@dataclass(frozen=True)
class FormatRules:
    """Field names and limits used by :func:`parse_input` (swap them in tests or for new feeds).

    Field names are matched case-insensitively; the first field present with a value wins.
    """

    text_fields: tuple[str, ...] = ("text", "body", "content")
    title_fields: tuple[str, ...] = ("title", "headline")
    url_fields: tuple[str, ...] = ("url", "link", "canonical_url")
    outlet_fields: tuple[str, ...] = ("outlet", "source", "publisher", "site_name", "sitename")
    date_fields: tuple[str, ...] = ("published", "date", "published_at", "publishedat", "pubdate")
    author_fields: tuple[str, ...] = ("authors", "author", "byline")
    # Wrapper keys of a JSON object that holds the records ({"articles": [...]}).
    container_fields: tuple[str, ...] = ("articles", "items", "records", "data", "results")
    # Decompressed size above which a gzip file is refused (guards against "zip bombs").
    max_decompressed_bytes: int = 1 << 30
    # Share of control bytes above which a file is taken for binary.
    max_control_share: float = 0.05
    # A web page whose extracted text has fewer words than this holds no article (a menu, a
    # cookie notice, an error page), not a news story.
    min_html_words: int = 15
    # Dates outside these years are taken for parsing accidents, not publication dates.
    min_year: int = 1800
    max_year: int = 2200
    # Plain text starts with its headline (text exports): the first line is the title, not body text.
    title_from_first_line: bool = False
    # The longest first line taken for a headline; a longer one is a paragraph, and the text stays whole.
    max_title_words: int = 40


FORMAT_RULES = FormatRules()

SUPPORTED_EXTENSIONS: tuple[str, ...] = (".txt", ".html", ".htm", ".json", ".jsonl", ".ndjson", ".csv")
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(
    [*SUPPORTED_EXTENSIONS, *(extension + ".gz" for extension in SUPPORTED_EXTENSIONS)]
)
"""File-name endings :func:`parse_input` reads (for picking article files out of a folder)."""

# C0 control bytes other than tab, newline, form feed and carriage return, plus DEL.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
_GZIP_MAGIC = b"\x1f\x8b"
_CSV_FIELD_LIMIT = 1 << 28

RE_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]{2,40})""", re.I)
RE_AUTHOR_SPLIT = re.compile(r"\s*(?:;|\||\n|\s+and\s+|\s+&\s+)\s*", re.I)
RE_BYLINE_PREFIX = re.compile(r"^(?:by|written by|von|par|por)\s+", re.I)
RE_SPACES = re.compile(r"\s+")
# The "|---|---|" rule line trafilatura writes under a table's header row: layout, not text.
RE_TABLE_RULE = re.compile(r"^\|(?:\s*:?-+:?\s*\|)+[ \t]*(?:\n|$)", re.M)
RE_EPOCH = re.compile(r"^\d{9,13}(?:\.\d+)?$")
# RFC 2822 as feeds write it ("Tue, 05 Mar 2024 14:30:00 GMT"), with a zone email.utils knows: the
# fast path. Anything looser goes to dateparser (email.utils would read "11:45 PM" as 11:45).
RE_RFC_2822 = re.compile(
    r"(?:[a-z]{3}, )?\d{1,2} [a-z]{3} \d{4} \d{1,2}:\d{2}(?::\d{2})?(?: (?:[+-]\d{4}|GMT|UTC?|Z|[ECMP][SD]T))?", re.I
)
# Numeric dates with the year last (03/04/2024, 5.3.24): day-first or month-first differs between
# countries, so they are refused rather than guessed.
RE_NUMERIC_DAY_MONTH = re.compile(r"(?<!\d)\d{1,2}[./-]\d{1,2}[./-]\d{2,4}(?!\d)")
# Words that label the times of a byline ("Published: ...", "Updated 2:30 PM EST, ...").
RE_DATE_LABEL = re.compile(
    r"\b(first published|originally published|published|posted|last updated|updated|last modified|modified)\b"
    r"(?:\s+(?:on|at))?\s*:?",
    re.I,
)
UPDATE_LABELS = frozenset({"last updated", "updated", "last modified", "modified"})
# Longer "dates" are sentences, not bylines (and dateparser's cost grows with the length).
MAX_DATE_CHARS = 120
# dateparser reads absolute dates only: no "relative-time" parser ("yesterday", "2 hours ago" need
# a "now" a batch run does not have) and a date must give its day, month and year (it would fill
# "March 5" or "March 2024" in from today's date).
DATEPARSER_SETTINGS: dict[str, object] = {
    "PARSERS": ["absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
}

# trafilatura options: comments are not the article. trafilatura always runs htmldate, whose date is
# used only when the page's metadata gives none (see _page_published_at); _DATE_PARAMS keep it from
# reading the clock (its default latest date is today) and from its slowest search.
TRAFILATURA_OPTIONS: dict[str, object] = {
    "include_comments": False,
    "include_tables": True,
    "favor_precision": True,  # measured on html_dev (bench/eval_html.py): F1 0.963 vs 0.954 default
    "favor_recall": False,
    "fast": False,
}
_DATE_PARAMS = {
    "original_date": True,
    "extensive_search": False,
    "max_date": "2199-12-31",
}
# <meta> names, properties and itemprops (lower-cased) that give a page's publication time.
PUBLISHED_META: frozenset[str] = frozenset(
    {
        "article:published_time",
        "og:article:published_time",
        "og:published_time",
        "article:published",
        "datepublished",
        "date_published",
        "publishdate",
        "publish-date",
        "publish_date",
        "pubdate",
        "og:pubdate",
        "published",
        "published_at",
        "parsely-pub-date",
        "sailthru.date",
        "article_date_original",
        "analyticsattributes.articledate",
        "cxenseparse:recs:publishtime",
        "citation_publication_date",
        "dc.date",
        "dc.date.issued",
        "dc.date.created",
        "dcterms.date",
        "dcterms.issued",
        "dcterms.created",
        "date",
    }
)
RE_JSON_LD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{4,60})"')


def parse_input(
    name: str,
    data: bytes,
    *,
    outlet: str | None = None,
    rules: FormatRules = FORMAT_RULES,
) -> list[RawArticle | RejectedInput]:
    """Parse one input file's bytes into raw articles and rejections, in input order.

    Args:
        name: the file's path as the user gave it; its extension picks the format and it becomes
            the ``source`` of what is returned.
        data: the file's bytes.
        outlet: publication name to use for articles whose input names none (a record's own
            ``outlet``/``source``/``publisher`` field or a web page's site name wins).
        rules: field names and limits, see :class:`FormatRules`.

    Returns:
        One item per article or rejected file/record:

        - ``.txt``: the whole text is the body; no title or metadata is guessed, unless
          ``rules.title_from_first_line`` says the first line is the headline (taken when the text
          has more lines and it is at most ``rules.max_title_words`` words). Source ``name``.
        - ``.html``/``.htm``: main text and metadata (title, authors, site name, canonical URL)
          extracted by trafilatura; the publication time from the page's own metadata (JSON-LD,
          ``<meta>`` tags, ``<time datetime>``), never guessed from its text. Source ``name``.
        - ``.json``/``.jsonl``/``.ndjson``: JSON Lines, a JSON array of objects, an object holding
          such an array (``{"articles": [...]}``) or a single object. One article per record; a
          record's source is ``name#n`` with n the 1-based *line number* for JSON Lines and the
          1-based *position in the array* for arrays. A single object keeps ``name``.
        - ``.csv``: a header row, then one article per row; source ``name#n`` with n the 1-based
          *record number* (the header not counted; a quoted field may span several lines).
        - any of these with ``.gz`` appended (or gzip-compressed under its plain name).

        Records take the body from ``text``/``body``/``content``, and optionally ``title``,
        ``url``, ``outlet``/``source``/``publisher``, ``published``/``date``/``published_at``,
        ``authors`` (a list or a string)/``author``.

    Notes:
        Never raises on bad input. Text that is not UTF-8 is read as the charset a web page
        declares, else as Windows-1252 (a superset of Latin-1 for printable text); a UTF-8 or
        UTF-16 byte-order mark is honoured. An unparseable date gives ``published_at=None``; the
        article still loads. Pure: no I/O, no clock.
    """
    outlet = clean_line(outlet)
    lowered = name.lower()
    if lowered.endswith(".gz"):
        lowered = lowered[:-3]
    if data.startswith(_GZIP_MAGIC):
        data_or_error = _gunzip(data, rules)
        if isinstance(data_or_error, str):
            return [RejectedInput(name, data_or_error)]
        data = data_or_error
    elif name.lower().endswith(".gz"):
        if not data.strip():
            return [RejectedInput(name, "empty file")]
        return [RejectedInput(name, "named .gz but not gzip-compressed (no gzip header)")]

    extension = _extension(lowered)
    parser = _PARSERS.get(extension)
    if parser is None:
        shown = extension or "(no extension)"
        supported = ", ".join(SUPPORTED_EXTENSIONS)
        return [RejectedInput(name, f"unsupported file type {shown}: expected one of {supported}, or .gz")]

    text_or_error = _decode(
        data, is_html=extension in (".html", ".htm"), of_records=extension in RECORD_EXTENSIONS, rules=rules
    )
    if isinstance(text_or_error, RejectedInput):
        return [RejectedInput(name, text_or_error.reason)]
    return parser(name, text_or_error, outlet, rules) or [RejectedInput(name, "no articles found: only blank lines")]


# --- bytes to text -------------------------------------------------------------------------


def _extension(lowered_name: str) -> str:
    """Return the last extension of a (lower-cased, .gz-stripped) path, with its dot."""
    base = lowered_name.replace("\\", "/").rsplit("/", 1)[-1]
    dot = base.rfind(".")
    return base[dot:] if dot > 0 else ""


def _gunzip(data: bytes, rules: FormatRules) -> bytes | str:
    """Decompress gzip ``data``; return the bytes, or a reason string when it is damaged."""
    limit = rules.max_decompressed_bytes
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            out = stream.read(limit + 1)
    except EOFError:
        return "truncated gzip file: it ends before the compressed data does"
    except (gzip.BadGzipFile, zlib.error, OSError) as exc:
        return f"corrupt gzip file ({exc})"
    if len(out) > limit:
        return f"gzip file decompresses to more than {limit:,} bytes; refused"
    return out


def _decode(data: bytes, *, is_html: bool, of_records: bool, rules: FormatRules) -> str | RejectedInput:
    """Turn file bytes into text, or say why they are not text.

    A file of records (JSON, CSV) is never rejected whole for binary bytes: a damaged line or row
    is rejected on its own by the record parser, and the file's good records still load.
    """
    if not data.strip():
        return RejectedInput("", "empty file" if not data else "empty file (only whitespace)")
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                return RejectedInput(
                    "",
                    f"undecodable text: starts with a {codec} byte-order mark "
                    f"but byte {exc.start + len(bom)} is not valid {codec}",
                )
    if b"\x00" in data and not of_records:
        return RejectedInput("", "binary file (contains NUL bytes), not text")
    sample = data[:65536]
    control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if control > rules.max_control_share * len(sample) and not of_records:
        return RejectedInput("", f"binary file ({control} control bytes in the first {len(sample)}), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _mostly_utf8(data)
    if mostly_utf8 is not None:
        return mostly_utf8
    if is_html:
        declared = _declared_charset(data)
        if declared is not None:
            try:
                return data.decode(declared)
            except (UnicodeDecodeError, LookupError):
                pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        return RejectedInput(
            "",
            f"undecodable text: neither UTF-8 nor Windows-1252/Latin-1 "
            f"(byte 0x{data[exc.start]:02x} at offset {exc.start})",
        )


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few damaged bytes (two files glued together, a cut-off character).

    Returns the text with each bad byte as U+FFFD when valid multi-byte characters outnumber the
    bad bytes four to one (reading such text as Windows-1252 would garble every good character);
    None when the bytes look like a single-byte encoding instead.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = sum(1 for char in text if char > "\x7f") - text.count("\ufffd")
    return text if good >= 4 * bad > 0 else None


def _declared_charset(data: bytes) -> str | None:
    """Return the Python codec a web page's ``<meta charset>`` names, if any and known."""
    match = RE_CHARSET.search(data[:4096])
    if match is None:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


# --- formats -------------------------------------------------------------------------------


def _parse_txt(name: str, text: str, outlet: str | None, rules: FormatRules) -> list[ParseResult]:
    """A plain-text file is one article body; with ``rules.title_from_first_line``, a headline line and a body."""
    body = normalize_text(text)
    if not body:
        return [RejectedInput(name, "empty file (only whitespace)")]
    title = None
    if rules.title_from_first_line:
        first, _, rest = body.partition("\n")
        if rest.strip() and count_words(first) <= rules.max_title_words:
            title, body = clean_line(first), rest.lstrip()
    return [RawArticle(source=name, body=body, title=title, outlet=outlet)]


def _parse_html(name: str, text: str, outlet: str | None, rules: FormatRules) -> list[ParseResult]:
    """A web page: trafilatura finds the main text and the page's metadata; the publication time is read apart."""
    import trafilatura

    try:
        # Parsed once: trafilatura extracts from a copy of the tree, _page_published_at reads this one.
        tree = trafilatura.load_html(text)
        document = None
        if tree is not None:
            document = trafilatura.bare_extraction(
                tree,
                with_metadata=True,
                date_extraction_params=_DATE_PARAMS,
                **TRAFILATURA_OPTIONS,  # type: ignore[arg-type]
            )
    except Exception as exc:  # a third-party parser on arbitrary input: any failure is a rejection
        return [RejectedInput(name, f"could not parse the web page ({type(exc).__name__}: {exc})")]
    body = normalize_text(document.text or "") if document is not None else ""
    body = _tidy_page_text(body, clean_line(document.title) if document is not None else None)
    words = count_words(body)
    if tree is None or words < rules.min_html_words:
        found = f"only {words} words of text found" if words else "no text found"
        return [
            RejectedInput(name, f"web page with no article text ({found}: navigation, boilerplate or an empty page)")
        ]
    return [
        RawArticle(
            source=name,
            body=body,
            title=clean_line(document.title),
            url=clean_line(document.url),
            outlet=clean_line(document.sitename) or outlet,
            authors=parse_authors(document.author),
            # htmldate's date (trafilatura's) when the metadata gives none: usually the visible byline.
            published_at=_page_published_at(tree, rules) or parse_date(document.date, rules=rules),
        )
    ]


def _tidy_page_text(body: str, title: str | None) -> str:
    """Drop what trafilatura keeps that is not article text.

    Notes:
        Pages often repeat the headline as the body's first line; the title is stored apart, so the
        repeat goes (11 of 92 html_dev pages; F1 +0.001). Markdown table rule lines carry no words.
    """
    if title is not None:
        first, newline, rest = body.partition("\n")
        if newline and RE_SPACES.sub(" ", first).strip() == title:
            body = rest.lstrip()
    if "|-" in body or "|:" in body or "| -" in body:
        body = RE_TABLE_RULE.sub("", body)
    return body


def _parse_json(name: str, text: str, outlet: str | None, rules: FormatRules) -> list[ParseResult]:
    """JSON Lines, a JSON array, a wrapped array or a single object, whichever the text is."""
    stripped = text.lstrip(" \t\r\n")
    if stripped.startswith("["):
        offset_line = text.count("\n", 0, len(text) - len(stripped))
        return _parse_json_array(name, stripped, outlet, rules, offset_line=offset_line)
    is_lines_name = name.lower().removesuffix(".gz").endswith((".jsonl", ".ndjson"))
    # Split on "\n" only: str.splitlines() would also split on U+2028 and other separators that
    # JSON strings may legally hold unescaped.
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    nonblank = [line for line in lines if line.strip()]
    if len(nonblank) > 1 and any(_is_json_object(line) for line in nonblank[:5]):
        return _parse_json_lines(name, lines, outlet, rules)
    try:
        value = json.loads(text)
    except ValueError as exc:
        if is_lines_name:
            return _parse_json_lines(name, lines, outlet, rules)
        return [RejectedInput(name, _json_error(exc))]
    if isinstance(value, list):
        return _records_to_results(name, enumerate(value, 1), outlet, rules)
    if isinstance(value, dict):
        wrapped = _wrapped_records(value, rules)
        if wrapped is not None:
            return _records_to_results(name, enumerate(wrapped, 1), outlet, rules)
        if is_lines_name and len(nonblank) == 1:
            number = next(n for n, line in enumerate(lines, 1) if line.strip())
            return [_record_to_result(f"{name}#{number}", value, outlet, rules, where=f"line {number}")]
        return [_record_to_result(name, value, outlet, rules)]
    return [RejectedInput(name, f"JSON holds a {_json_type(value)}, not an article object or a list of them")]


def _is_json_object(line: str) -> bool:
    """Whether one line is a complete JSON object (the sign of a JSON Lines file)."""
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _parse_json_lines(name: str, lines: list[str], outlet: str | None, rules: FormatRules) -> list[ParseResult]:
    """One JSON value per line; a bad line is rejected on its own, with its line number."""
    results: list[ParseResult] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        source = f"{name}#{number}"
        try:
            value = json.loads(line)
        except ValueError as exc:
            detail = _json_error(exc, with_line=False)
            results.append(RejectedInput(source, f"malformed JSON on line {number}: {detail}"))
            continue
        results.append(_record_to_result(source, value, outlet, rules, where=f"line {number}"))
    return results


def _parse_json_array(
    name: str, text: str, outlet: str | None, rules: FormatRules, *, offset_line: int
) -> list[ParseResult]:
    """Walk a JSON array element by element, so the records before a syntax error still load."""
    decoder = json.JSONDecoder()
    results: list[ParseResult] = []
    position = 1
    number = 0
    length = len(text)

    def skip_space(at: int) -> int:
        while at < length and text[at] in " \t\r\n":
            at += 1
        return at

    def line_of(at: int) -> int:
        return offset_line + text.count("\n", 0, at) + 1

    position = skip_space(position)
    if position < length and text[position] == "]":
        return [RejectedInput(name, "JSON array is empty: no articles")]
    while True:
        number += 1
        try:
            value, position = decoder.raw_decode(text, position)
        except ValueError as exc:
            results.append(
                RejectedInput(
                    f"{name}#{number}",
                    f"malformed JSON in array element {number} (line {line_of(getattr(exc, 'pos', position))}): "
                    f"{_json_error(exc, with_line=False)}; the rest of the file was not read",
                )
            )
            return results
        results.append(_record_to_result(f"{name}#{number}", value, outlet, rules, where=f"element {number}"))
        position = skip_space(position)
        if position < length and text[position] == ",":
            position = skip_space(position + 1)
            continue
        if position < length and text[position] == "]":
            if skip_space(position + 1) < length:
                where = f"line {line_of(position + 1)}"
                results.append(RejectedInput(name, f"unexpected text after the JSON array ({where})"))
            return results
        results.append(
            RejectedInput(
                name,
                f"malformed JSON after array element {number} (line {line_of(position)}): expected ',' or ']'"
                + ("" if position < length else "; the file ends early (truncated?)"),
            )
        )
        return results


def _parse_csv(name: str, text: str, outlet: str | None, rules: FormatRules) -> list[ParseResult]:
    """A header row naming the fields, then one article per row."""
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)  # article bodies outgrow the 128 KiB default
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = ","
    if "," not in first_line:
        delimiter = next((d for d in ("\t", ";", "|") if d in first_line), ",")
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        return [RejectedInput(name, "empty CSV file")]
    except csv.Error as exc:
        return [RejectedInput(name, f"malformed CSV header row: {exc}")]
    fields = [field.strip().lower() for field in header]
    if not any(field in fields for field in rules.text_fields):
        wanted = "/".join(rules.text_fields)
        return [
            RejectedInput(
                name, f"CSV header has no text column (expected {wanted}); header was: {', '.join(header)[:200]}"
            )
        ]
    results: list[ParseResult] = []
    number = 0
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return results
        except csv.Error as exc:
            number += 1
            results.append(RejectedInput(f"{name}#{number}", f"malformed CSV row {number} (line {line}): {exc}"))
            continue
        if not row or (len(row) == 1 and not row[0].strip()):
            continue  # blank line between records
        number += 1
        source = f"{name}#{number}"
        if len(row) != len(fields):
            results.append(
                RejectedInput(
                    source,
                    f"malformed CSV row {number} (line {line}): it has {len(row)} "
                    f"fields but the header has {len(fields)}",
                )
            )
            continue
        record = dict(zip(fields, row, strict=True))
        results.append(_record_to_result(source, record, outlet, rules, where=f"row {number}"))


RECORD_EXTENSIONS = (".json", ".jsonl", ".ndjson", ".csv")
"""Formats holding one article per record, each rejected or loaded on its own."""

_PARSERS: dict[str, Callable[[str, str, str | None, FormatRules], list[ParseResult]]] = {
    ".txt": _parse_txt,
    ".html": _parse_html,
    ".htm": _parse_html,
    ".json": _parse_json,
    ".jsonl": _parse_json,
    ".ndjson": _parse_json,
    ".csv": _parse_csv,
}


# --- records -------------------------------------------------------------------------------


def _records_to_results(
    name: str,
    numbered: Iterator[tuple[int, object]] | list[tuple[int, object]],
    outlet: str | None,
    rules: FormatRules,
) -> list[ParseResult]:
    """Records of an array: source ``name#n``; an empty array is one rejection."""
    results = [
        _record_to_result(f"{name}#{number}", value, outlet, rules, where=f"element {number}")
        for number, value in numbered
    ]
    return results or [RejectedInput(name, "JSON array is empty: no articles")]


def _wrapped_records(value: dict[str, object], rules: FormatRules) -> list[object] | None:
    """The record list of ``{"articles": [...]}``-style wrappers, when the object is not an article."""
    keys = {str(key).lower(): key for key in value}
    if any(field in keys for field in rules.text_fields):
        return None
    for field in rules.container_fields:
        inner = value.get(keys[field]) if field in keys else None
        if isinstance(inner, list):
            return inner
    return None


def _record_to_result(
    source: str, record: object, outlet: str | None, rules: FormatRules, *, where: str = "the record"
) -> ParseResult:
    """Map one JSON object or CSV row onto a RawArticle (or say why it is not one)."""
    if not isinstance(record, dict):
        return RejectedInput(source, f"{where} is a JSON {_json_type(record)}, not an object with a text field")
    fields = {str(key).strip().lower(): value for key, value in record.items()}
    present = [field for field in rules.text_fields if field in fields]
    if not present:
        wanted = "/".join(rules.text_fields)
        return RejectedInput(source, f"{where} has no text field (expected {wanted})")
    raw_body = next((fields[field] for field in present if fields[field] not in (None, "")), None)
    if isinstance(raw_body, list) and all(isinstance(part, str) for part in raw_body):
        raw_body = "\n\n".join(part.strip() for part in raw_body if part.strip())  # paragraphs
    if raw_body is not None and not isinstance(raw_body, str):
        return RejectedInput(source, f"{where}: field '{present[0]}' holds a JSON {_json_type(raw_body)}, not text")
    body = normalize_text(raw_body or "")
    if not body:
        return RejectedInput(source, f"{where} has an empty '{present[0]}' field")
    if not any(char.isalnum() for char in body):
        return RejectedInput(source, f"{where}: field '{present[0]}' holds no letters or digits, not text")
    return RawArticle(
        source=source,
        body=body,
        title=clean_line(_first_value(fields, rules.title_fields)),
        url=clean_line(_first_value(fields, rules.url_fields)),
        outlet=_outlet_name(_first_value(fields, rules.outlet_fields)) or outlet,
        authors=parse_authors(_first_value(fields, rules.author_fields)),
        published_at=parse_date(_first_value(fields, rules.date_fields), rules=rules),
    )


def _first_value(fields: Mapping[str, object], names: tuple[str, ...]) -> object:
    """The first of ``names`` present with a non-empty value."""
    for field in names:
        value = fields.get(field)
        if value not in (None, "", [], {}):
            return value
    return None


def clean_line(value: object) -> str | None:
    """A metadata string on one line with single spaces, or None when empty or not text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    cleaned = RE_SPACES.sub(" ", normalize_text(value)).strip()
    return cleaned or None


def _outlet_name(value: object) -> str | None:
    """An outlet as a string, or from ``{"name": ...}`` (the shape news APIs use for "source")."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("title")
    return clean_line(value)


def parse_authors(value: object) -> tuple[str, ...]:
    """Authors from a list, or a string such as "By Ana Ruiz and Tom Bell" / "Ruiz; Bell"."""
    if value is None:
        return ()
    parts: list[object]
    if isinstance(value, list):
        parts = [item.get("name") if isinstance(item, dict) else item for item in value]
    elif isinstance(value, dict):
        parts = [value.get("name")]
    else:
        parts = [value]
    names: list[str] = []
    for part in parts:
        text = clean_line(part)
        if text is None:
            continue
        pieces = RE_AUTHOR_SPLIT.split(RE_BYLINE_PREFIX.sub("", text))
        for piece in pieces:
            # "Ruiz, Ana" is one person written surname-first; "Ana Ruiz, Tom Bell" is two people.
            commas = [p.strip() for p in piece.split(",")]
            people = commas if all(" " in p for p in commas if p) and len(commas) > 1 else [piece]
            for person in people:
                person = RE_BYLINE_PREFIX.sub("", person.strip(" ,")).strip()
                if person and person not in names:
                    names.append(person)
    return tuple(names)


def parse_date(value: object, *, rules: FormatRules = FORMAT_RULES) -> datetime | None:
    """Parse a publication date as written in feeds, page metadata and bylines into an aware UTC datetime.

    Args:
        value: ISO 8601 ("2024-03-05", "2024-03-05T14:30:00Z", "+02:00" offsets), RFC 2822
            ("Tue, 05 Mar 2024 14:30:00 GMT"), Unix epoch seconds/milliseconds (a number or a string
            of digits), or an English byline read by dateparser ("Published: March 5, 2024",
            "July 9, 2024 at 2:30 p.m. EDT", "Updated 2:30 PM EST, Tue March 5, 2024").

    Returns:
        The moment in UTC, zone names (EST, BST, CET...) and offsets applied; a date alone is
        midnight UTC; a time without a zone is taken as UTC. None when the value cannot be read or
        falls outside ``rules.min_year``..``rules.max_year``.

    Notes:
        Refused rather than guessed: numeric day/month dates ("03/04/2024": the order differs
        between countries), dates missing their day or year ("March 5", "March 2024") and relative
        ones ("yesterday", "2 hours ago"): a batch run has no "now", and never reads the clock.
        When a byline gives both a publication and an update time, the publication time wins; an
        "Updated" time is used only when it is the only one.
    """
    written = _read_date(value)
    return None if written is None else _as_utc(written, rules)


def _read_date(value: object) -> datetime | None:
    """The moment ``value`` gives, as written: aware when it names its zone or offset, else naive."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)) or (isinstance(value, str) and RE_EPOCH.match(value.strip())):
        return _from_epoch(float(value))
    if isinstance(value, str):
        return _parse_date_text(RE_SPACES.sub(" ", value).strip())
    return None


def _as_utc(written: datetime, rules: FormatRules) -> datetime | None:
    """``written`` in UTC (a naive time is taken as UTC), or None outside the plausible years."""
    if not rules.min_year <= written.year <= rules.max_year:  # checked first: year 1 or 9999 can overflow
        return None
    return written.replace(tzinfo=UTC) if written.tzinfo is None else written.astimezone(UTC)


def _from_epoch(seconds: float) -> datetime | None:
    """Unix time in seconds, or milliseconds when too large to be seconds."""
    if seconds > 1e11:
        seconds /= 1000
    if seconds < 1e8:
        return None  # a small number ("2024") is not a 1970 timestamp
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _parse_date_text(text: str) -> datetime | None:
    """ISO 8601 and RFC 2822 first (exact and fast), then dateparser for dates as bylines write them."""
    if not text:
        return None
    candidate = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    try:
        return datetime.fromisoformat(candidate)
    except ValueError:
        pass
    if RE_RFC_2822.fullmatch(text):
        try:
            return email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    if len(text) > MAX_DATE_CHARS or RE_NUMERIC_DAY_MONTH.search(text):
        return None
    return _parse_byline(text)


def _parse_byline(text: str) -> datetime | None:
    """A byline's publication time: each labelled part ("Published ...", "Updated ...") is read on its own.

    The first part that is not an update time wins; an update time only when no other part is a date.
    """
    parts = RE_DATE_LABEL.split(text)  # [text before the first label, label, its text, label, its text...]
    updated: datetime | None = None
    for label, part in [("", parts[0]), *zip(parts[1::2], parts[2::2], strict=True)]:
        parsed = _dateparser_date(part.strip(" ,;|-"))
        if parsed is None:
            continue
        if label.lower() not in UPDATE_LABELS:
            return parsed
        updated = updated or parsed
    return updated


def _dateparser_date(text: str) -> datetime | None:
    """dateparser's reading of ``text`` (aware when the text names a zone), or None."""
    if not text:
        return None
    try:
        return _date_parser().get_date_data(text).date_obj
    except Exception:  # a third-party parser on arbitrary text: any failure means "not a date"
        return None


@cache
def _date_parser() -> DateDataParser:
    """One English dateparser, built on first use (importing and configuring it is the slow part)."""
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings=DATEPARSER_SETTINGS)


def _page_published_at(tree: HtmlElement, rules: FormatRules) -> datetime | None:
    """The publication time a web page declares in its metadata, in UTC.

    Notes:
        The first value that names its zone wins (a CMS's naive local time, such as ``sailthru.date``,
        is hours off), else the first value read; see :func:`_page_date_values` for the order. The
        page's metadata comes first: htmldate, even without its "extensive" search, prefers dates in
        the URL and in the page's text (headlines, cited links, ad scripts), and stops at the first
        header tag even when it has no zone and the JSON-LD has one. Its date is used only when the
        metadata gives none (15 of 92 html_dev pages, mostly visible bylines).
    """
    first: datetime | None = None
    for value in _page_date_values(tree):
        written = _read_date(value)
        if written is None:
            continue
        moment = _as_utc(written, rules)
        if moment is not None and written.tzinfo is not None:
            return moment
        first = first or moment
    return first


def _page_date_values(tree: HtmlElement) -> Iterator[str]:
    """Publication times from a page's metadata, most trusted first.

    JSON-LD ``datePublished`` (where it and the ``article:published_time`` tag disagree on html_dev
    pages, the tag mostly gives local time labelled +00:00), ``<meta>`` tags, then ``<time datetime>``
    (which can also mark comments or other stories).
    """
    for script in tree.iterfind('.//script[@type="application/ld+json"]'):
        yield from RE_JSON_LD_PUBLISHED.findall(script.text or "")
    for meta in tree.iterfind(".//meta[@content]"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or ""
        if key.lower() in PUBLISHED_META:
            yield meta.get("content", "")
    for element in tree.iterfind(".//time[@datetime]"):
        yield element.get("datetime", "")


def _json_error(exc: ValueError, *, with_line: bool = True) -> str:
    """A JSON syntax error in words, with its line and column when known."""
    message = getattr(exc, "msg", None) or str(exc)
    if with_line and hasattr(exc, "lineno"):
        return f"malformed JSON at line {exc.lineno}, column {exc.colno}: {message}"
    if hasattr(exc, "colno"):
        return f"{message} (column {exc.colno})"
    return message


def _json_type(value: object) -> str:
    """The JSON name of a Python value's type."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (int, float)):
        return "number"
    return "null"
