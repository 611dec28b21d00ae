"""Article metadata as data: what a user gives per file, every record that carried an article, and merging them.

Metadata (outlet, title, publication time, URL, authors) is not extracted by the NLP, so correcting it
never needs spaCy: a run that gives metadata for inputs already loaded updates those articles, and a
run that gives none keeps what is there. Every record that carried an article is kept as one of its
sources, so the same text run by three outlets is one article with three sources.
"""

import csv
import dataclasses
from dataclasses import dataclass
from datetime import datetime

from extract.formats import RawArticle, clean_line, parse_authors, parse_date

METADATA_FIELDS = ("outlet", "title", "published", "url", "authors")
"""The columns a metadata manifest may have besides ``file``."""


@dataclass(frozen=True)
class ArticleMetadata:
    """The metadata of an article, of one of its records, or given by a user for a file; None and () are "not given"."""

    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    authors: tuple[str, ...] = ()
    published_at: datetime | None = None

    @classmethod
    def of(cls, raw: RawArticle) -> "ArticleMetadata":
        return cls(outlet=raw.outlet, title=raw.title, url=raw.url, authors=raw.authors, published_at=raw.published_at)

    def __bool__(self) -> bool:
        return any(getattr(self, field.name) for field in dataclasses.fields(self))

    def over(self, other: "ArticleMetadata") -> "ArticleMetadata":
        """These values where given, ``other``'s elsewhere: what is not given never blanks a value."""
        return ArticleMetadata(
            outlet=self.outlet or other.outlet,
            title=self.title or other.title,
            url=self.url or other.url,
            authors=self.authors or other.authors,
            published_at=self.published_at or other.published_at,
        )

    def key(self) -> tuple[str, ...]:
        """The given values as text, for the input ledger: a file given other metadata is read again."""
        return tuple(
            f"{field.name}={value.isoformat() if isinstance(value, datetime) else value}"
            for field in dataclasses.fields(self)
            if (value := getattr(self, field.name))
        )

    def apply(self, raw: RawArticle) -> RawArticle:
        """``raw`` with these values in place of what its input says: a manifest names the file, so it wins."""
        return dataclasses.replace(raw, **dataclasses.asdict(self.over(ArticleMetadata.of(raw)))) if self else raw


@dataclass(frozen=True)
class ManifestRow:
    """One row of a metadata manifest: the files it names (a path or a glob, as written) and their metadata."""

    line: int
    file: str
    metadata: ArticleMetadata


def parse_manifest(csv_text: str) -> list[ManifestRow]:
    """Parse a metadata manifest: a CSV with a ``file`` column, then any of ``outlet,title,published,url,authors``.

    Blank lines are skipped; an empty cell gives nothing for that file. ``authors`` may list several
    names ("Ana Ruiz; Tom Bell"); ``published`` is read like any publication date.

    Raises:
        ValueError: naming the line, for a missing ``file`` column, an unknown column, a row with
            another number of fields than the header, an empty ``file`` or an unreadable date.
    """
    reader = csv.reader(csv_text.lstrip("\ufeff").splitlines())
    rows = [(number, [value.strip() for value in row]) for number, row in enumerate(reader, 1) if any(row)]
    if not rows:
        raise ValueError("the metadata file is empty: expected a header line such as 'file,outlet,title,published'")
    _, header = rows[0]
    columns = [name.lower() for name in header]
    if "file" not in columns:
        raise ValueError(f"line 1: no 'file' column in the header {','.join(header)!r}")
    unknown = [name for name in columns if name not in ("file", *METADATA_FIELDS)]
    if unknown:
        expected = ", ".join(("file", *METADATA_FIELDS))
        raise ValueError(f"line 1: unknown column {unknown[0]!r}; the columns are {expected}")
    manifest = []
    for number, values in rows[1:]:
        if len(values) != len(columns):
            raise ValueError(f"line {number}: {len(values)} fields, but the header has {len(columns)}")
        cells = dict(zip(columns, values, strict=True))
        if not cells["file"]:
            raise ValueError(f"line {number}: the 'file' cell is empty")
        published = None
        if cells.get("published"):
            published = parse_date(cells["published"])
            if published is None:
                raise ValueError(f"line {number}: cannot read the date {cells['published']!r}")
        metadata = ArticleMetadata(
            outlet=clean_line(cells.get("outlet")),
            title=clean_line(cells.get("title")),
            published_at=published,
            url=clean_line(cells.get("url")),
            authors=parse_authors(cells.get("authors") or None),
        )
        manifest.append(ManifestRow(line=number, file=cells["file"], metadata=metadata))
    return manifest


@dataclass(frozen=True)
class ArticleSource:
    """One row of ``article_sources``: an input record that carried an article, with the metadata it gave."""

    article_id: str
    source: str
    outlet: str | None
    url: str | None
    title: str | None
    authors: tuple[str, ...]
    published_at: datetime | None
    run_id: str

    @property
    def metadata(self) -> ArticleMetadata:
        return ArticleMetadata(
            outlet=self.outlet, title=self.title, url=self.url, authors=self.authors, published_at=self.published_at
        )


def source_row(article_id: str, raw: RawArticle, *, run_id: str, loaded: ArticleSource | None) -> ArticleSource:
    """The ``article_sources`` row of a record: what it gives over what the same record gave before.

    ``run_id`` stays the run that first read the record.
    """
    metadata = ArticleMetadata.of(raw)
    if loaded is not None:
        metadata = metadata.over(loaded.metadata)
    return ArticleSource(
        article_id=article_id,
        source=raw.source,
        run_id=loaded.run_id if loaded is not None else run_id,
        **dataclasses.asdict(metadata),
    )
