"""Article metadata as data: corrections given later, never wiped, every outlet that ran a text, manifests, headlines."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from extract.formats import FORMAT_RULES, RawArticle, parse_input
from extract.metadata import ArticleMetadata, ArticleSource, parse_manifest, source_row
from flows.cli import main
from flows.etl import etl
from warehouse import Warehouse

QUAY_STORY = (
    "Dockworkers at Port Ellery walked out on Monday after talks over night shifts broke down.\n\n"
    '"We will stay out until the rota is fair," said Ines Marlow, who leads the dockworkers\' union.\n\n'
    "The port authority said 40 ships were waiting at anchor."
)
MILL_STORY = (
    "The Brackwater paper mill will close its second line in March, cutting 120 jobs.\n\n"
    '"It is a hard day for the valley," said the mill\'s manager, Tomas Reyne.'
)
HEADLINE_STORY = (
    "Calif. Harbor Board May Raise Pilot Fees, Officials Say\n"
    "The Harbor Board of Calloway will vote on Friday on higher fees for harbour pilots.\n\n"
    '"Fees have not moved in ten years," said board member Ada Fenwick.'
)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def rows(store: Warehouse, sql: str) -> list[tuple]:
    return store.query(sql).rows


# --- pure: manifests, merging, first-line titles ------------------------------------------


def test_manifest_rows_parse_dates_authors_and_refuse_mistakes():
    manifest = parse_manifest(
        "file,outlet,title,published,authors\n"
        "texts/*.txt,Valley Courier,,,\n"
        'texts/mill.txt,,Mill to cut jobs,"March 5, 2024",Ana Ruiz; Tom Bell\n'
    )
    assert [row.file for row in manifest] == ["texts/*.txt", "texts/mill.txt"]
    assert manifest[0].metadata == ArticleMetadata(outlet="Valley Courier")
    assert manifest[1].metadata.published_at == datetime(2024, 3, 5, tzinfo=UTC)
    assert manifest[1].metadata.authors == ("Ana Ruiz", "Tom Bell")
    for text, message in [
        ("outlet,title\nx,y\n", "no 'file' column"),
        ("file,section\na.txt,sport\n", "unknown column 'section'"),
        ("file,published\na.txt,someday soon\n", "line 2: cannot read the date"),
        ("file,outlet\na.txt\n", "line 2: 1 fields"),
        ("", "empty"),
    ]:
        with pytest.raises(ValueError, match=message):
            parse_manifest(text)


def test_a_record_never_blanks_what_it_does_not_give():
    loaded = ArticleSource(
        article_id="a1",
        source="x.txt",
        outlet="Valley Courier",
        url=None,
        title="Old title",
        authors=("Ana Ruiz",),
        published_at=None,
        run_id="run-1",
    )
    again = source_row("a1", RawArticle(source="x.txt", body="text", title="New title"), run_id="run-2", loaded=loaded)
    assert (again.outlet, again.title, again.authors, again.run_id) == (
        "Valley Courier",
        "New title",
        ("Ana Ruiz",),
        "run-1",
    )


def test_first_line_title_is_kept_out_of_the_body():
    rules = FORMAT_RULES.__class__(title_from_first_line=True)
    (article,) = parse_input("story.txt", HEADLINE_STORY.encode(), rules=rules)
    assert article.title == "Calif. Harbor Board May Raise Pilot Fees, Officials Say"
    assert article.body.startswith("The Harbor Board of Calloway")
    (whole,) = parse_input("story.txt", HEADLINE_STORY.encode())
    assert whole.title is None and whole.body == HEADLINE_STORY
    (one_line,) = parse_input("note.txt", b"Only one line here.", rules=rules)
    assert one_line.title is None and one_line.body == "Only one line here."


# --- flows: real runs ---------------------------------------------------------------------


def test_metadata_given_later_updates_articles_without_extracting_them_again(prefect_harness, tmp_path):
    folder = tmp_path / "texts"
    write(folder, "quay.txt", QUAY_STORY)
    write(folder, "mill.txt", MILL_STORY)
    warehouse = str(tmp_path / "wh")
    first = etl(inputs=[str(folder)], warehouse=warehouse, workers=1)
    assert first["articles_new"] == 2
    store = Warehouse(warehouse)
    mentions = rows(store, "SELECT mention_id, entity_id FROM entity_mentions ORDER BY 1")
    assert rows(store, "SELECT DISTINCT outlet FROM articles") == [(None,)]

    again = etl(inputs=[str(folder)], warehouse=warehouse, outlet="Valley Courier", workers=1)
    assert (again["articles_updated"], again["articles_new"], again["articles_replaced"]) == (2, 0, 0)
    assert again["entity_mentions"] == 0 and again["seconds"]["nlp"] == 0
    assert rows(store, "SELECT DISTINCT outlet FROM articles") == [("Valley Courier",)]
    assert rows(store, "SELECT DISTINCT outlet FROM article_sources") == [("Valley Courier",)]
    assert rows(store, "SELECT mention_id, entity_id FROM entity_mentions ORDER BY 1") == mentions
    assert rows(store, "SELECT DISTINCT run_id FROM articles") == [(first["run_id"],)]

    same = etl(inputs=[str(folder)], warehouse=warehouse, outlet="Valley Courier", workers=1)
    assert same["files_unchanged"] == 2 and same["articles_updated"] == 0


def test_a_run_that_extracts_again_keeps_the_metadata_it_does_not_give(prefect_harness, tmp_path):
    folder = tmp_path / "texts"
    write(folder, "quay.txt", QUAY_STORY)
    aliases = write(tmp_path, "aliases.csv", "alias,canonical_name,type\nInes Marlow,Inès Marlow,PERSON\n")
    warehouse = str(tmp_path / "wh")
    etl(inputs=[str(folder)], warehouse=warehouse, outlet="Valley Courier", workers=1)
    store = Warehouse(warehouse)
    # New aliases re-resolve the stored mentions: nothing is extracted again, no metadata touched.
    again = etl(inputs=[str(folder)], warehouse=warehouse, aliases=str(aliases), workers=1)
    assert (again["articles_replaced"], again["seconds"]["nlp"]) == (0, 0)
    assert rows(store, "SELECT outlet FROM articles") == [("Valley Courier",)]
    assert ("Inès Marlow",) in rows(store, "SELECT speaker FROM quotes")
    # A page whose text changed is extracted again; what its new record does not say stays.
    page = {"url": "https://courier.example/quay", "title": "Dockworkers walk out"}
    first = write(tmp_path, "first.jsonl", json.dumps({**page, "text": QUAY_STORY, "outlet": "Valley Courier"}))
    edited = write(tmp_path, "edited.jsonl", json.dumps({**page, "text": QUAY_STORY + " Talks resume on Friday."}))
    etl(inputs=[str(first)], warehouse=warehouse, workers=1)
    replaced = etl(inputs=[str(edited)], warehouse=warehouse, workers=1)
    assert replaced["articles_replaced"] == 1
    assert rows(store, "SELECT outlet, title FROM articles WHERE url IS NOT NULL") == [
        ("Valley Courier", "Dockworkers walk out")
    ]


def test_the_same_text_from_two_outlets_is_one_article_with_two_sources(prefect_harness, tmp_path):
    records = [
        {"text": QUAY_STORY, "outlet": "Coastline Wire", "title": "Dockworkers walk out"},
        {"text": QUAY_STORY, "outlet": "Harbour Voice", "title": "Port strike begins"},
    ]
    feed = write(tmp_path, "feed.jsonl", "\n".join(json.dumps(record) for record in records))
    warehouse = str(tmp_path / "wh")
    summary = etl(inputs=[str(feed)], warehouse=warehouse, workers=1)
    assert (summary["articles_new"], summary["articles_duplicate"], summary["sources_new"]) == (1, 1, 2)
    store = Warehouse(warehouse)
    assert rows(store, "SELECT outlet, title FROM articles") == [("Coastline Wire", "Dockworkers walk out")]
    assert rows(store, "SELECT source, outlet FROM article_sources ORDER BY source") == [
        (f"{feed}#1", "Coastline Wire"),
        (f"{feed}#2", "Harbour Voice"),
    ]
    assert rows(store, "SELECT outlet, article_count FROM story_coverage ORDER BY outlet") == [
        ("Coastline Wire", 1),
        ("Harbour Voice", 1),
    ]
    # A third outlet's copy in a later run only adds a source; the comparisons count it.
    later = write(tmp_path, "later.jsonl", json.dumps({"text": QUAY_STORY, "outlet": "Ellery Post"}))
    third = etl(inputs=[str(later)], warehouse=warehouse, workers=1)
    assert (third["articles_unchanged"], third["sources_new"], third["articles_updated"]) == (1, 1, 0)
    assert rows(store, "SELECT outlet FROM articles") == [("Coastline Wire",)]
    assert rows(store, "SELECT count(DISTINCT outlet) FROM article_sources") == [(3,)]
    assert rows(store, "SELECT outlet_count, outlets FROM stories") == [
        (3, ["Coastline Wire", "Ellery Post", "Harbour Voice"])
    ]
    assert rows(store, "SELECT outlet_count FROM quotes_by_speaker") == [(3,)]
    compared = CliRunner().invoke(main, ["compare", rows(store, "SELECT story_id FROM stories")[0][0], "-w", warehouse])
    assert compared.exit_code == 0, compared.output
    assert all(
        f"{outlet} (1 article)" in compared.output for outlet in ("Coastline Wire", "Ellery Post", "Harbour Voice")
    )


def test_a_manifest_gives_each_text_file_its_metadata_in_one_run(prefect_harness, tmp_path):
    folder = tmp_path / "exports"
    write(folder, "courier/quay.txt", QUAY_STORY)
    write(folder, "courier/mill.txt", MILL_STORY)
    write(folder, "ledger/harbor.txt", HEADLINE_STORY)
    manifest = write(
        folder,
        "metadata.csv",
        "file,outlet,title,published,url,authors\n"
        "courier/*.txt,Valley Courier,,,,\n"
        "courier/mill.txt,,Mill line to close,2024-03-05T09:30:00-05:00,https://courier.example/mill,Ana Ruiz\n"
        "ledger/harbor.txt,Calloway Ledger,,,,\n"
        "missing/*.txt,Nobody,,,,\n",
    )
    warehouse = str(tmp_path / "wh")
    runner = CliRunner()
    result = runner.invoke(
        main,
        ["run", str(folder), "--metadata", str(manifest), "--title-from-first-line", "-w", warehouse, "--json"],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["articles_new"] == 3
    store = Warehouse(warehouse)
    by_file = {
        Path(source).name: rest
        for source, *rest in rows(store, "SELECT source, outlet, title, published_at, url, authors FROM articles")
    }
    first_line = QUAY_STORY.split("\n")[0]
    assert by_file["quay.txt"][:2] == ["Valley Courier", first_line]
    assert by_file["mill.txt"] == [
        "Valley Courier",
        "Mill line to close",
        datetime(2024, 3, 5, 14, 30, tzinfo=UTC),
        "https://courier.example/mill",
        ["Ana Ruiz"],
    ]
    assert by_file["harbor.txt"][:2] == ["Calloway Ledger", "Calif. Harbor Board May Raise Pilot Fees, Officials Say"]

    bad = write(tmp_path, "bad.csv", "file,section\nx.txt,sport\n")
    refused = runner.invoke(main, ["run", str(folder), "--metadata", str(bad), "-w", warehouse])
    assert refused.exit_code == 1 and "unknown column 'section'" in refused.output


def test_a_headline_line_is_not_analysed_and_offsets_point_into_the_body(prefect_harness, tmp_path):
    text = write(tmp_path, "harbor.txt", HEADLINE_STORY)
    warehouse = str(tmp_path / "wh")
    etl(inputs=[str(text)], warehouse=warehouse, title_from_first_line=True, workers=1)
    store = Warehouse(warehouse)
    ((title, body),) = rows(store, "SELECT title, body FROM articles")
    assert title.startswith("Calif. Harbor Board") and not body.startswith("Calif.")
    speakers = rows(store, "SELECT speaker FROM quotes")
    assert speakers == [("Ada Fenwick",)]
    assert rows(
        store,
        "SELECT count(*) FROM entity_mentions m JOIN articles a USING (article_id) "
        "WHERE substr(a.body, m.start_char + 1, m.end_char - m.start_char) <> m.text",
    ) == [(0,)]


def test_urls_with_tracking_parameters_are_one_article_and_older_ids_migrate(prefect_harness, tmp_path):
    from transforms.ids import stable_id
    from warehouse.checks import run_checks

    warehouse = str(tmp_path / "wh")
    tracked = "https://Courier.example/quay?utm_source=newsletter&fbclid=abc#comments"
    feed = write(tmp_path, "feed.jsonl", json.dumps({"url": tracked, "text": QUAY_STORY, "outlet": "Valley Courier"}))
    etl(inputs=[str(feed)], warehouse=warehouse, workers=1)
    store = Warehouse(warehouse)
    (clean_id,) = [row[0] for row in rows(store, "SELECT article_id FROM articles")]

    # An older version's warehouse: the id hashed the URL as given, and the clean URL loaded apart.
    old_id = stable_id("url", "https://courier.example/quay?utm_source=newsletter&fbclid=abc")
    store.rename_articles({clean_id: old_id})
    clean = write(
        tmp_path,
        "clean.jsonl",
        json.dumps({"url": "https://courier.example/quay", "text": QUAY_STORY + " Talks resume.", "outlet": "Post"}),
    )
    etl(inputs=[str(clean)], warehouse=warehouse, workers=1)
    assert rows(store, "SELECT count(*) FROM articles") == [(2,)]
    with duckdb_connection(store) as con:
        con.execute("UPDATE runs SET schema_version = 6")

    # The next run (of anything) migrates: one article, both records its sources, every check holding.
    summary = etl(inputs=[str(feed)], warehouse=warehouse, workers=1)
    assert summary["articles_unchanged"] == 0 or summary["articles_replaced"] == 1
    assert rows(store, "SELECT article_id FROM articles") == [(clean_id,)]
    assert rows(store, "SELECT count(*) FROM article_sources WHERE article_id = ?".replace("?", f"'{clean_id}'")) == [
        (2,)
    ]
    assert rows(store, "SELECT count(*) FROM story_articles") == [(1,)]
    assert run_checks(store) == []
    for mention_id, start, end in rows(store, "SELECT mention_id, start_char, end_char FROM entity_mentions"):
        assert mention_id == stable_id("entity_mention", clean_id, start, end)


def duckdb_connection(store: Warehouse):
    import duckdb

    return duckdb.connect(str(store.db_path))


def test_a_metadata_update_never_takes_another_text_of_the_same_page(prefect_harness, tmp_path):
    """The page's own record now holds another text, but an earlier record in the run has the loaded one."""
    page = {"url": "https://courier.example/quay", "outlet": "Valley Courier"}
    own = write(tmp_path / "feeds", "b.jsonl", json.dumps({**page, "text": QUAY_STORY}))
    warehouse = str(tmp_path / "wh")
    etl(inputs=[str(own)], warehouse=warehouse, workers=1)
    store = Warehouse(warehouse)
    mentions = rows(store, "SELECT count(*) FROM entity_mentions")
    own.write_text(json.dumps({**page, "text": MILL_STORY, "title": "Mill"}), encoding="utf-8")
    write(tmp_path / "feeds", "a.jsonl", json.dumps({**page, "text": QUAY_STORY, "title": "Quay"}))
    etl(inputs=[str(tmp_path / "feeds")], warehouse=warehouse, workers=1)
    assert rows(store, "SELECT count(*) FROM entity_mentions") == mentions
    assert rows(store, "SELECT body = ? FROM articles".replace("?", "'" + QUAY_STORY.replace("'", "''") + "'")) == [
        (True,)
    ]
