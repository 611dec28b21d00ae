"""One name per entity across the warehouse: lone surnames and acronyms join the full names other articles give."""

import json
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner

from flows.cli import main
from flows.etl import etl
from schemas import TABLES
from transforms.linking import ANYWHERE, NEARBY, SAME_STORY, Sighting, choose
from warehouse import Warehouse

FULL_NAME = (
    "Senator Dana Whitcombe said on Tuesday that the harbour bill would pass before the summer recess.\n\n"
    '"We have the votes," Dana Whitcombe told reporters at the Associated Press briefing in Port Ellery.'
)
SURNAME_ONLY = (
    "The harbour bill is expected to reach the floor next week, according to its sponsor.\n\n"
    '"Nobody wants another season of closures," Whitcombe said. AP reporters counted 40 idle cranes.'
)
TWO_OKAFORS = (
    "Ruth Okafor, the port's chief engineer, and her brother Daniel Okafor, a crane operator, both spoke at "
    "the hearing on the dredging plan for Port Ellery."
)
OKAFOR_ALONE = (
    'The dredging plan was debated for hours. "The channel silts up every spring," said Okafor, who has worked at '
    "the port for 20 years."
)


def write_records(path: Path, records: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(record) for record in records), encoding="utf-8")
    return path


def record(text: str, outlet: str, day: int) -> dict:
    return {"text": text, "outlet": outlet, "published": f"2024-03-{day:02d}"}


def rows(store: Warehouse, sql: str) -> list[tuple]:
    return store.query(sql).rows


def when(day: int) -> datetime:
    return datetime(2024, 3, day, tzinfo=UTC)


def test_the_first_level_with_candidates_decides_and_only_one_candidate_links():
    barack = [Sighting("s1", when(1), when(3))]
    michelle = [Sighting("s2", when(20), when(22))]
    assert choose({"barack": barack, "michelle": michelle}, story_id="s1", published_at=when(2)).entity_id == "barack"
    nearby = choose({"barack": barack, "michelle": michelle}, story_id="s9", published_at=when(25))
    assert (nearby.entity_id, nearby.level) == (None, NEARBY)  # both within 30 days: ambiguous
    far = choose({"barack": barack}, story_id=None, published_at=datetime(2030, 1, 1, tzinfo=UTC))
    assert (far.entity_id, far.level) == ("barack", ANYWHERE)
    same = choose({"barack": barack, "michelle": barack}, story_id="s1", published_at=None)
    assert (same.entity_id, same.level, same.candidates) == (None, SAME_STORY, 2)
    assert choose({}, story_id="s1", published_at=None).entity_id is None


def test_a_surname_alone_joins_the_full_name_and_two_people_sharing_a_surname_stay_apart(prefect_harness, tmp_path):
    warehouse = str(tmp_path / "wh")
    first = write_records(tmp_path / "first.jsonl", [record(SURNAME_ONLY, "Harbour Voice", 5)])
    etl(inputs=[str(first)], warehouse=warehouse, workers=1)
    store = Warehouse(warehouse)
    assert ("Whitcombe",) in rows(store, "SELECT speaker FROM quotes")

    # A later run brings the full name: the article loaded before is linked to it, without spaCy.
    later = write_records(
        tmp_path / "later.jsonl",
        [
            record(FULL_NAME, "Coastline Wire", 4),
            record(TWO_OKAFORS, "Ellery Post", 6),
            record(OKAFOR_ALONE, "Ellery Post", 7),
        ],
    )
    summary = etl(inputs=[str(later)], warehouse=warehouse, workers=1)
    assert summary["mentions_linked"] >= 2
    assert rows(store, "SELECT DISTINCT speaker FROM quotes WHERE speaker LIKE '%Whitcombe'") == [("Dana Whitcombe",)]
    linked = rows(
        store,
        "SELECT m.text, e.name, m.linked FROM entity_mentions m JOIN entities e USING (entity_id) "
        "WHERE m.text IN ('Whitcombe', 'AP') ORDER BY 1",
    )
    assert linked == [("AP", "Associated Press", True), ("Whitcombe", "Dana Whitcombe", True)]
    assert rows(store, "SELECT count(*) FROM entities WHERE name = 'Whitcombe'") == [(0,)]
    # Two Okafors in the warehouse: the one written alone stays "Okafor".
    assert ("Okafor",) in rows(store, "SELECT speaker FROM quotes")
    assert rows(store, "SELECT count(*) FROM entity_mentions WHERE text = 'Okafor' AND linked") == [(0,)]


def test_relink_applies_new_aliases_to_every_article_without_the_model(prefect_harness, tmp_path):
    warehouse = str(tmp_path / "wh")
    feed = write_records(
        tmp_path / "feed.jsonl", [record(FULL_NAME, "Coastline Wire", 4), record(SURNAME_ONLY, "Harbour Voice", 5)]
    )
    etl(inputs=[str(feed)], warehouse=warehouse, workers=1)
    store = Warehouse(warehouse)
    parquet_before = store.read_parquet(TABLES["quotes"]).num_rows
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,canonical_name,type\nDana Whitcombe,Dana Ellis Whitcombe,PERSON\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["relink", "-w", warehouse, "--aliases", str(aliases), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["mentions_linked"] >= 3
    assert rows(store, "SELECT DISTINCT speaker FROM quotes WHERE speaker LIKE '%Whitcombe%'") == [
        ("Dana Ellis Whitcombe",)
    ]
    assert rows(
        store,
        "SELECT DISTINCT m.text FROM entity_mentions m JOIN entities e USING (entity_id) "
        "WHERE e.name = 'Dana Ellis Whitcombe' ORDER BY 1",
    ) == [("Dana Whitcombe",), ("Whitcombe",)]
    assert rows(store, "SELECT count(*) FROM entities WHERE name = 'Dana Whitcombe'") == [(0,)]
    # The Parquet dataset follows: the same quotes, the new speaker.
    published = store.read_parquet(TABLES["quotes"])
    assert published.num_rows == parquet_before
    assert "Dana Ellis Whitcombe" in published.column("speaker").to_pylist()
    # Mistakes get a message and exit 1.
    missing = runner.invoke(main, ["relink", "-w", str(tmp_path / "nowhere")])
    assert missing.exit_code == 1 and "no warehouse" in missing.output


CORVANE_AS_FIRM = (
    "Corvane, the ferry operator, reported a loss for the year. Analysts at Corvane's bank expect more cuts."
)
CORVANE_AS_FIRM_AGAIN = "Corvane shares fell 3% in Oslo on Friday, and analysts at Corvane's bank expect more cuts."
CORVANE_SPEAKS = '"We will keep the night crossings," Corvane told the harbour board on Tuesday.'


def test_a_one_word_person_that_other_articles_type_as_an_organisation_joins_it(prefect_harness, tmp_path):
    warehouse = str(tmp_path / "wh")
    first = write_records(
        tmp_path / "first.jsonl",
        [record(CORVANE_SPEAKS, "Harbour Voice", 5), record(CORVANE_AS_FIRM, "Ellery Post", 6)],
    )
    etl(inputs=[str(first)], warehouse=warehouse, workers=1)
    store = Warehouse(warehouse)
    # One article typing "Corvane" as an organisation does not outweigh the one that names it as a person.
    assert rows(store, "SELECT speaker, speaker_gender FROM quotes WHERE kind = 'direct'") == [("Corvane", "unknown")]
    assert rows(store, "SELECT name FROM article_people") == [("Corvane",)]

    # A second such article does: the quote's speaker becomes the organisation, with no gender.
    later = write_records(tmp_path / "later.jsonl", [record(CORVANE_AS_FIRM_AGAIN, "Coastline Wire", 7)])
    summary = etl(inputs=[str(later)], warehouse=warehouse, workers=1)
    assert summary["mentions_linked"] >= 1
    speaker = rows(
        store,
        "SELECT q.speaker, q.speaker_gender, e.type FROM quotes q JOIN entities e ON e.entity_id = q.speaker_entity_id "
        "WHERE q.kind = 'direct'",
    )
    assert speaker == [("Corvane", None, "ORG")]
    assert rows(store, "SELECT count(*) FROM article_people") == [(0,)]
    assert rows(store, "SELECT count(*) FROM entities WHERE name = 'Corvane' AND type = 'PERSON'") == [(0,)]
