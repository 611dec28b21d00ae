"""Article records: identity, metadata, language, and the record of what the extractors found in one article."""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit, urlunsplit

from transforms.entities import Entity, EntityAliases, EntityMention
from transforms.formats import RawArticle
from transforms.ids import stable_id
from transforms.numbers import Number
from transforms.quotes import Quote
from transforms.text import content_hash, count_words, detect_language

ENGLISH = "en"


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
    """The URL as an identity: scheme and host lower-cased, no fragment, no trailing slash."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def identify_article(raw: RawArticle) -> str:
    """The article's identity: its URL when it has one (so an edited page replaces its old version), else its body.

    Notes:
        The same text reached by two paths is one article; the same text under two URLs is two.
    """
    if raw.url:
        return stable_id("url", normalize_url(raw.url))
    return stable_id("body", content_hash(raw.body))


def extraction_key(model: str, aliases: EntityAliases | None) -> str:
    """What an article's extracted rows depend on besides its text: the model and the user's aliases."""
    return stable_id("extraction", model, *(aliases.entries if aliases else ()))


def input_key(data: bytes, extracted_with: str) -> str:
    """An input file's ledger key: its bytes and the extraction settings (either changing means re-reading it)."""
    return stable_id("input", hashlib.sha256(data).hexdigest(), extracted_with)


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
