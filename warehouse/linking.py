"""What linking entities across articles reads: lone names, their candidates, and where those are named.

Queries over a ``CoverageReader`` (the loaded warehouse and the run's staged rows together). Rows the
run stages stand for the article's rows; loaded rows of an article the run stages again are left out.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import pyarrow as pa

from warehouse.coverage import CoverageReader, current_rows

STORED_MENTIONS = current_rows(
    "entity_mentions", "article_id, mention_id, entity_id, text, start_char, end_char, label, linked"
)
MENTIONS = (
    "(SELECT m.article_id, m.mention_id, coalesce(r.entity_id, m.entity_id) AS entity_id, m.text, m.start_char, "
    "m.end_char, m.label, r.mention_id IS NULL AND coalesce(m.linked, false) AS linked "
    f"FROM {STORED_MENTIONS} m LEFT JOIN resolved_mentions r ON r.mention_id = m.mention_id)"
)
"""Every mention as the run will leave it before linking: with its article's own entity where resolved again."""
ENTITIES = (
    "(SELECT DISTINCT ON (entity_id) entity_id, name, type FROM ("
    "SELECT entity_id, name, type FROM resolved_entities UNION ALL "
    "SELECT entity_id, name, type FROM staged_entities UNION ALL "
    "SELECT entity_id, name, type FROM wh.entities))"
)


def prepare(reader: CoverageReader) -> None:
    """Create the reader's tables of names resolved again (``remember_resolutions``)."""
    reader.con.execute("CREATE TEMP TABLE IF NOT EXISTS resolved_mentions (mention_id VARCHAR, entity_id VARCHAR)")
    reader.con.execute(
        "CREATE TEMP TABLE IF NOT EXISTS resolved_entities (entity_id VARCHAR, name VARCHAR, type VARCHAR)"
    )


def remember_resolutions(
    reader: CoverageReader, mentions: list[tuple[str, str]], entities: list[tuple[str, str, str]]
) -> None:
    """Let the look-ups see mentions resolved again: (mention_id, entity_id), and (entity_id, name, type)."""
    for table, rows, columns in (
        ("resolved_mentions", mentions, ["mention_id", "entity_id"]),
        ("resolved_entities", entities, ["entity_id", "name", "type"]),
    ):
        if rows:
            batch = pa.Table.from_arrays([pa.array(values, pa.string()) for values in zip(*rows, strict=True)], columns)
            reader.con.register("resolved_batch", batch)
            reader.con.execute(f"INSERT INTO {table} SELECT * FROM resolved_batch")
            reader.con.unregister("resolved_batch")


STORIES = (
    "(SELECT article_id, story_id FROM staged_story_articles UNION ALL SELECT article_id, story_id "
    "FROM wh.story_articles WHERE article_id NOT IN (SELECT article_id FROM staged_story_articles))"
)
DATES = current_rows("articles", "article_id, published_at")


def extracted_articles(reader: CoverageReader) -> list[str]:
    """The articles whose entities the run extracted."""
    return [row[0] for row in reader.rows("SELECT DISTINCT article_id FROM staged_entity_mentions ORDER BY 1")]


def all_articles(reader: CoverageReader) -> list[str]:
    """Every article with an entity mention."""
    return [row[0] for row in reader.rows(f"SELECT DISTINCT article_id FROM {MENTIONS} ORDER BY 1")]


def new_full_names(reader: CoverageReader) -> list[tuple[str, str]]:
    """(name, type) of the entities of two words or more the run stages that the warehouse does not hold yet."""
    return reader.rows(
        "SELECT DISTINCT name, type FROM staged_entities WHERE name LIKE '% %' "
        "AND entity_id NOT IN (SELECT entity_id FROM wh.entities) ORDER BY 1, 2"
    )


def people_named_like_staged_things(reader: CoverageReader) -> list[str]:
    """Loaded articles (not staged again) with a one-word PERSON whose name the run stages as an organisation, a
    place or a product: more articles typing it so may now outweigh that person (``transforms.linking.other_type``)."""
    return [
        row[0]
        for row in reader.rows(
            "SELECT DISTINCT m.article_id FROM wh.entity_mentions m JOIN wh.entities e ON e.entity_id = m.entity_id "
            "WHERE e.type = 'PERSON' AND e.name IN (SELECT name FROM staged_entities WHERE type <> 'PERSON' "
            "AND name NOT LIKE '% %') AND m.article_id NOT IN (SELECT article_id FROM staged_articles) ORDER BY 1"
        )
    ]


def articles_writing(reader: CoverageReader, keys: Iterable[str]) -> list[str]:
    """Loaded articles (not staged again) that write one of ``keys`` alone: unresolved, or linked before."""
    return [
        row[0]
        for row in reader.rows(
            "SELECT DISTINCT m.article_id FROM wh.entity_mentions m JOIN wh.entities e ON e.entity_id = m.entity_id "
            "WHERE m.text IN (SELECT unnest(?::VARCHAR[])) AND (coalesce(m.linked, false) OR e.name = m.text) "
            "AND m.article_id NOT IN (SELECT article_id FROM staged_articles) ORDER BY 1",
            sorted(set(keys)),
        )
    ]


def article_mentions(
    reader: CoverageReader, article_ids: Iterable[str]
) -> dict[str, list[tuple[str, str, int, int, str | None, bool]]]:
    """(mention_id, entity_id, start, end, label, linked) of each article's mentions, in text order."""
    return _grouped(
        reader.rows(
            f"SELECT article_id, mention_id, entity_id, start_char, end_char, label, linked FROM {MENTIONS} "
            "WHERE article_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY article_id, start_char",
            sorted(set(article_ids)),
        )
    )


def article_speakers(reader: CoverageReader, article_ids: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
    """(quote_id, speaker_entity_id) of each article's quotes with a resolved speaker."""
    quotes = current_rows("quotes", "article_id, quote_id, speaker_entity_id")
    return _grouped(
        reader.rows(
            f"SELECT article_id, quote_id, speaker_entity_id FROM {quotes} "
            "WHERE article_id IN (SELECT unnest(?::VARCHAR[])) AND speaker_entity_id IS NOT NULL ORDER BY 1, 2",
            sorted(set(article_ids)),
        )
    )


def speaker_genders(reader: CoverageReader, quote_ids: Iterable[str]) -> dict[str, str | None]:
    """The speaker gender each quote has now."""
    quotes = current_rows("quotes", "quote_id, speaker_gender")
    return dict(
        reader.rows(
            f"SELECT quote_id, speaker_gender FROM {quotes} WHERE quote_id IN (SELECT unnest(?::VARCHAR[]))",
            sorted(set(quote_ids)),
        )
    )


def entities(reader: CoverageReader, entity_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """(name, type) of each entity, staged or loaded."""
    return {
        entity_id: (name, entity_type)
        for entity_id, name, entity_type in reader.rows(
            f"SELECT entity_id, name, type FROM {ENTITIES} WHERE entity_id IN (SELECT unnest(?::VARCHAR[]))",
            sorted(set(entity_ids)),
        )
    }


def people_named(reader: CoverageReader, surnames: Iterable[str]) -> list[tuple[str, str]]:
    """(entity_id, name) of the people of two words or more whose last word is one of ``surnames``."""
    return reader.rows(
        f"SELECT entity_id, name FROM {ENTITIES} WHERE type = 'PERSON' AND name LIKE '% %' "
        "AND string_split(name, ' ')[-1] IN (SELECT unnest(?::VARCHAR[])) ORDER BY 1",
        sorted(set(surnames)),
    )


def typed_names(reader: CoverageReader, names: Iterable[str]) -> dict[str, list[tuple[str, str, int]]]:
    """For each name, (entity_id, type, articles) of the entities of exactly that name, with the number of articles
    whose own text resolves a mention to each (mentions linked across articles do not count)."""
    return _grouped(
        reader.rows(
            f"SELECT e.name, e.entity_id, e.type, count(DISTINCT m.article_id) FROM {MENTIONS} m "
            f"JOIN {ENTITIES} e ON e.entity_id = m.entity_id WHERE e.name IN (SELECT unnest(?::VARCHAR[])) "
            "AND NOT m.linked GROUP BY 1, 2, 3 ORDER BY 1, 2",
            sorted(set(names)),
        )
    )


def names_starting_with(reader: CoverageReader, letters: Iterable[str]) -> list[tuple[str, str, str]]:
    """(entity_id, name, type) of the non-person entities of two words or more starting with one of ``letters``."""
    return reader.rows(
        f"SELECT entity_id, name, type FROM {ENTITIES} WHERE type <> 'PERSON' AND name LIKE '% %' "
        "AND upper(left(name, 1)) IN (SELECT unnest(?::VARCHAR[])) ORDER BY 1",
        sorted(set(letters)),
    )


def resolved_acronyms(reader: CoverageReader, acronyms: Iterable[str]) -> list[tuple[str, str]]:
    """(acronym, entity_id) where an article writes the acronym and resolves it itself to a longer name."""
    return reader.rows(
        f"SELECT DISTINCT m.text, m.entity_id FROM {MENTIONS} m JOIN {ENTITIES} e ON e.entity_id = m.entity_id "
        "WHERE m.text IN (SELECT unnest(?::VARCHAR[])) AND NOT m.linked AND e.name <> m.text "
        "AND e.type <> 'PERSON' ORDER BY 1, 2",
        sorted(set(acronyms)),
    )


def sightings(
    reader: CoverageReader, entity_ids: Iterable[str]
) -> dict[str, list[tuple[str | None, datetime | None, datetime | None]]]:
    """Where each entity is named by an article's own text: (story, first, last publication time) per story."""
    return _grouped(
        reader.rows(
            f"SELECT m.entity_id, s.story_id, min(d.published_at), max(d.published_at) FROM {MENTIONS} m "
            f"LEFT JOIN {STORIES} s ON s.article_id = m.article_id LEFT JOIN {DATES} d ON d.article_id = m.article_id "
            "WHERE m.entity_id IN (SELECT unnest(?::VARCHAR[])) AND NOT m.linked GROUP BY 1, 2 ORDER BY 1, 2",
            sorted(set(entity_ids)),
        )
    )


def contexts(reader: CoverageReader, article_ids: Iterable[str]) -> dict[str, tuple[str | None, datetime | None]]:
    """(story, publication time) of each article."""
    return {
        article_id: (story_id, published)
        for article_id, story_id, published in reader.rows(
            f"SELECT d.article_id, s.story_id, d.published_at FROM {DATES} d LEFT JOIN {STORIES} s "
            "ON s.article_id = d.article_id WHERE d.article_id IN (SELECT unnest(?::VARCHAR[]))",
            sorted(set(article_ids)),
        )
    }


def _grouped(rows: list[tuple[Any, ...]]) -> dict[Any, list[Any]]:
    """Rows by their first column: the rest of each row, in the query's order."""
    found: dict[Any, list[Any]] = {}
    for key, *rest in rows:
        found.setdefault(key, []).append(tuple(rest))
    return found
