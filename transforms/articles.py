"""Article records: identity, metadata, language, and the record of what the extractors found in one article."""

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import unquote_plus, urlsplit, urlunsplit

import courlan

from extract.formats import RawArticle
from transforms.entities import Entity, EntityMention
from transforms.ids import stable_id
from transforms.numbers import Number
from transforms.quotes import Quote
from transforms.text import content_hash, count_words, detect_language

ENGLISH = "en"
# Query parameters that say how a reader arrived, not what they read: campaign tags, ad-click and
# mailing-list ids, referrers (whole names, lower-cased). courlan's own list is not used: it strips any
# name that starts with a tracker word ("ga", "source", "cid", "uid": the game= of a match report) and
# bare keys ("?226"), which would put different articles under one id.
RE_TRACKING_PARAM = re.compile(
    r"(?:utm|mc|pk|mtm|itm|oly|vero|hsa|at|ga)_\w*|_ga|_gl|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|ysclid"
    r"|twclid|ttclid|igshid|mkt_tok|ref|ref_?src|ref_?url|referr?er|source|cmp|cmpid|icid|ocid|ncid|smid"
)


@dataclass(frozen=True)
class Article:
    """One row of the ``articles`` table."""

    article_id: str
    source: str
    url: str | None
    outlet: str | None
    title: str | None
    authors: tuple[str, ...]
    published_at: datetime | None
    language: str
    body: str
    word_count: int
    content_hash: str
    ingested_at: datetime
    run_id: str
    extraction_key: str | None


@dataclass(frozen=True)
class Extraction:
    """What the English-model extractors found in one article."""

    entities: tuple[Entity, ...]
    mentions: tuple[EntityMention, ...]
    quotes: tuple[Quote, ...]
    numbers: tuple[Number, ...]


def normalize_url(url: str) -> str:
    """The URL as an identity: the same page however it was linked to.

    courlan lower-cases the scheme and host, drops a default port, decodes a punycode host and tidies
    the path; the fragment, a trailing slash and tracking parameters (``RE_TRACKING_PARAM``) go. Other
    parameters identify content (``?id=123``, ``?story=...``) and stay as written, in their order.
    http/https and ``www.`` are kept: they can be different sites.
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
    except ValueError:  # a URL urllib cannot split ("http://[::1"): its text is its identity
        return text
    query = "&".join(
        piece
        for piece in parts.query.split("&")
        if piece and not RE_TRACKING_PARAM.fullmatch(unquote_plus(piece.partition("=")[0]).lower())
    )
    path = parts.path.rstrip("/")
    try:
        base = courlan.normalize_url(parts._replace(path=path, query="", fragment=""))
    except ValueError:  # a path courlan cannot percent-encode (a lone surrogate): the plain normalization
        base = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, "", ""))
    return f"{base}?{query}" if query else base


def identify_article(raw: RawArticle) -> str:
    """The article's identity: its URL when it has one (so an edited page replaces its old version), else its body.

    Notes:
        The same text reached by two paths is one article; the same text under two URLs is two.
    """
    if raw.url:
        return url_article_id(raw.url)
    return stable_id("body", content_hash(raw.body))


def url_article_id(url: str) -> str:
    """The id of the article at ``url``: tracking parameters and fragments make no other article."""
    return stable_id("url", normalize_url(url))


# The version of the extracted tables' contents: a warehouse written with an older one extracts every
# article again when its file is read again (schema 8 added cue types, statements, genders and quote ids; 9
# splits number ranges written with dashes and reads given names of many countries).
EXTRACTION_VERSION = 9


def extraction_key(model: str) -> str:
    """What an article's extracted rows depend on besides its text: the spaCy model and ``EXTRACTION_VERSION``.

    The user's aliases are not part of it: a change of aliases re-resolves the stored mentions
    (``flows.linking``) instead of running the model again.
    """
    return stable_id("extraction", model, EXTRACTION_VERSION)


def input_key(data: bytes, extracted_with: str, given: tuple[str, ...] = ()) -> str:
    """An input file's ledger key: its bytes, the extraction settings and the metadata the run gives for it.

    Any of them changing means reading the file again: a run giving an outlet for files loaded
    without one updates their articles. ``given`` is empty when the run gives nothing, so files
    read by older versions keep their keys.
    """
    return stable_id("input", hashlib.sha256(data).hexdigest(), extracted_with, *given)


def make_article(raw: RawArticle, *, ingested_at: datetime, run_id: str, extracted_with: str) -> Article:
    """The ``articles`` row for ``raw``, with its language detected; ``extracted_with`` is its ``extraction_key``."""
    return Article(
        article_id=identify_article(raw),
        source=raw.source,
        url=raw.url,
        outlet=raw.outlet,
        title=raw.title,
        authors=raw.authors,
        published_at=raw.published_at,
        language=detect_language(raw.body),
        body=raw.body,
        word_count=count_words(raw.body),
        content_hash=content_hash(raw.body),
        ingested_at=ingested_at,
        run_id=run_id,
        extraction_key=extracted_with,
    )


def is_english(article: Article) -> bool:
    """Whether the English-model extractors apply: English, or too short to tell."""
    return article.language in (ENGLISH, "und")
