"""``newswh export`` to each format, its mistakes, and ``newswh sql``'s wrapped table, on a warehouse built by hand."""

import csv
import json
import os
import pty
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result
from story_warehouse import body_of, build_story_warehouse

from flows.cli import MAX_CELL_LINES, MAX_CELL_WIDTH, WHOLE_VALUES_NOTE, main
from schemas import QUOTES

NEWSWH = Path(sys.executable).with_name("newswh")
STORIES = "SELECT story_id, outlets, first_published, article_count FROM stories ORDER BY story_id"
SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    return build_story_warehouse(tmp_path_factory.mktemp("export") / "wh").root


def newswh(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


def export(warehouse: Path, query_or_table: str, path: Path) -> Result:
    result = newswh("export", query_or_table, "-o", path, "-w", warehouse)
    assert result.exit_code == 0, result.output
    return result


def xlsx_cells(path: Path) -> dict[str, tuple[str, str | None]]:
    """Each written cell of the workbook's sheet by reference ("B2"): (its text, its type: inlineStr, b or None)."""
    with zipfile.ZipFile(path) as archive:
        root = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    return {cell.get("r"): ("".join(cell.itertext()), cell.get("t")) for cell in root.iter(f"{SHEET}c")}


def test_csv_holds_plain_values(warehouse, tmp_path):
    result = export(warehouse, STORIES, tmp_path / "stories.csv")
    assert result.stdout == f"wrote 2 rows to {tmp_path / 'stories.csv'}\n"
    with (tmp_path / "stories.csv").open(encoding="utf-8", newline="") as handle:
        assert list(csv.DictReader(handle)) == [
            {
                "story_id": "story-bridge",
                "outlets": "Harbor Gazette; Tidewater Post",
                "first_published": "2026-03-01T08:00:00+00:00",
                "article_count": "4",
            },
            {
                "story_id": "story-fair",
                "outlets": "Tidewater Post",
                "first_published": "2026-03-05T10:00:00+00:00",
                "article_count": "1",
            },
        ]


def test_jsonl_has_an_object_per_line_with_lists_as_arrays(warehouse, tmp_path):
    export(warehouse, STORIES, tmp_path / "stories.jsonl")
    lines = (tmp_path / "stories.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [
        {
            "story_id": "story-bridge",
            "outlets": ["Harbor Gazette", "Tidewater Post"],
            "first_published": "2026-03-01T08:00:00+00:00",
            "article_count": 4,
        },
        {
            "story_id": "story-fair",
            "outlets": ["Tidewater Post"],
            "first_published": "2026-03-05T10:00:00+00:00",
            "article_count": 1,
        },
    ]


def test_parquet_keeps_the_columns_types(warehouse, tmp_path):
    export(warehouse, STORIES, tmp_path / "stories.parquet")
    table = pq.read_table(tmp_path / "stories.parquet")
    assert table.schema.field("outlets").type == pa.list_(pa.string())
    assert table.schema.field("first_published").type == pa.timestamp("us", tz="UTC")
    assert table.schema.field("article_count").type == pa.int32()
    assert table.to_pylist() == [
        {
            "story_id": "story-bridge",
            "outlets": ["Harbor Gazette", "Tidewater Post"],
            "first_published": datetime(2026, 3, 1, 8, 0, tzinfo=UTC),
            "article_count": 4,
        },
        {
            "story_id": "story-fair",
            "outlets": ["Tidewater Post"],
            "first_published": datetime(2026, 3, 5, 10, 0, tzinfo=UTC),
            "article_count": 1,
        },
    ]


def test_xlsx_holds_plain_values_and_numbers_as_numbers(warehouse, tmp_path):
    export(warehouse, STORIES, tmp_path / "stories.xlsx")
    assert xlsx_cells(tmp_path / "stories.xlsx") == {
        "A1": ("story_id", "inlineStr"),
        "B1": ("outlets", "inlineStr"),
        "C1": ("first_published", "inlineStr"),
        "D1": ("article_count", "inlineStr"),
        "A2": ("story-bridge", "inlineStr"),
        "B2": ("Harbor Gazette; Tidewater Post", "inlineStr"),
        "C2": ("2026-03-01T08:00:00+00:00", "inlineStr"),
        "D2": ("4", None),
        "A3": ("story-fair", "inlineStr"),
        "B3": ("Tidewater Post", "inlineStr"),
        "C3": ("2026-03-05T10:00:00+00:00", "inlineStr"),
        "D3": ("1", None),
    }


def test_xlsx_keeps_text_as_text_and_says_when_excel_cut_a_cell(warehouse, tmp_path):
    path = tmp_path / "odd.xlsx"
    query = "SELECT '=1+1' AS formula, 'https://example.org' AS url, true AS flag, NULL AS nothing, repeat('x', 40000) AS long_text"
    result = export(warehouse, query, path)
    assert result.stdout == (
        f"wrote 1 row to {path}; 1 cell longer than Excel's 32,767 characters cut "
        "(.csv, .jsonl and .parquet keep them whole)\n"
    )
    cells = xlsx_cells(path)
    assert cells["A2"] == ("=1+1", "inlineStr") and cells["B2"] == ("https://example.org", "inlineStr")
    assert cells["C2"] == ("1", "b") and "D2" not in cells
    assert cells["E2"] == ("x" * 32_767, "inlineStr")


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet", ".xlsx"])
def test_a_name_alone_exports_the_whole_table_or_view(warehouse, tmp_path, suffix):
    for name, rows in (("quotes", 6), ("speech", 6)):
        path = tmp_path / f"{name}{suffix}"
        assert export(warehouse, name, path).stdout == f"wrote {rows} rows to {path}\n"
    assert sorted(os.listdir(tmp_path)) == [f"quotes{suffix}", f"speech{suffix}"]


def test_the_whole_quotes_table_reads_back_the_same_in_every_format(warehouse, tmp_path):
    for suffix in (".csv", ".jsonl", ".parquet"):
        export(warehouse, "quotes", tmp_path / f"quotes{suffix}")
    with (tmp_path / "quotes.csv").open(encoding="utf-8", newline="") as handle:
        from_csv = [row["text"] for row in csv.DictReader(handle)]
    from_jsonl = [json.loads(line)["text"] for line in (tmp_path / "quotes.jsonl").read_text("utf-8").splitlines()]
    from_parquet = pq.read_table(tmp_path / "quotes.parquet")
    assert from_parquet.column_names == QUOTES.columns
    assert from_csv == from_jsonl == from_parquet.column("text").to_pylist() and len(from_csv) == 6


def test_times_are_exported_in_utc_wherever_the_export_runs(warehouse, tmp_path):
    path = tmp_path / "dates.csv"
    query = "SELECT published_at FROM articles WHERE article_id = 'g1'"
    process = subprocess.run(
        [NEWSWH, "export", query, "-o", path, "-w", warehouse],
        env={**os.environ, "TZ": "Asia/Tokyo"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert process.returncode == 0, process.stderr
    assert path.read_text(encoding="utf-8") == "published_at\n2026-03-01T08:00:00+00:00\n"


@pytest.mark.parametrize(
    ("query", "output", "message"),
    [
        (
            "quotes",
            "quotes.txt",
            "Error: cannot tell the format of {out}: name a file ending in .csv, .jsonl, .parquet, .xlsx",
        ),
        ("quotez", "quotes.csv", "Error: no table or view named quotez (`newswh tables` lists them)"),
        ("SELEC 1", "quotes.csv", 'Error: Parser Error: syntax error at or near "SELEC"'),
        ("SELECT * FROM quotez", "quotes.csv", "Error: Catalog Error: Table with name quotez does not exist!"),
        ("quotes", "missing/quotes.csv", "Error: cannot write {out}: there is no folder {tmp}/missing"),
        ("quotes", "folder.csv", "Error: cannot write {out}: it is a folder; name a file in it"),
    ],
)
def test_mistakes_exit_1_with_a_message_and_write_nothing(warehouse, tmp_path, query, output, message):
    (tmp_path / "folder.csv").mkdir()
    out = tmp_path / output
    result = newswh("export", query, "-o", out, "-w", warehouse)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == message.format(out=out, tmp=tmp_path)
    assert "Traceback" not in result.output and result.stdout == ""
    assert sorted(os.listdir(tmp_path)) == ["folder.csv"] and not os.listdir(tmp_path / "folder.csv")


def test_a_missing_warehouse_says_how_to_make_one(tmp_path):
    result = newswh("export", "quotes", "-o", tmp_path / "quotes.csv", "-w", tmp_path / "nowhere")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: no warehouse at {tmp_path / 'nowhere'}: load one first with `newswh run")
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet", ".xlsx"])
def test_a_query_failing_midway_leaves_the_older_file_as_it_was(warehouse, tmp_path, suffix):
    path = tmp_path / f"old{suffix}"
    path.write_bytes(b"the older export")
    # the first 25,000 rows are written (more than one batch) before the query fails
    query = "SELECT CASE WHEN range < 25000 THEN range ELSE error('no row 25000') END AS n FROM range(30000)"
    result = newswh("export", query, "-o", path, "-w", warehouse)
    assert result.exit_code == 1 and result.stderr == "Error: Invalid Input Error: no row 25000\n", result.output
    assert path.read_bytes() == b"the older export" and os.listdir(tmp_path) == [path.name]


def test_export_help_has_an_example():
    result = newswh("export", "-h")
    assert result.exit_code == 0 and "Example:\n    newswh export quotes -o quotes.xlsx" in result.output


# --- newswh sql: long values wrap within their column ---------------------------------------


def sql_table(warehouse: Path, query: str, *options: str) -> list[str]:
    result = newswh("sql", query, "-w", warehouse, *options)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def test_a_long_value_wraps_under_itself_and_a_note_says_how_to_get_it_whole(warehouse):
    lines = sql_table(warehouse, "SELECT article_id, body FROM articles WHERE article_id IN ('g1', 'g2') ORDER BY 1")
    body_column = len("article_id  ")
    assert lines[0].rstrip() == "article_id  body" and lines[1] == "----------  " + "-" * MAX_CELL_WIDTH
    assert [line[:body_column].strip() for line in lines[2:-2]] == ["g1", "", "", "g2", "", ""]
    assert all(len(line) <= body_column + MAX_CELL_WIDTH for line in lines[2:-2])
    wrapped = [line[body_column:] for line in lines[2:-2]]
    assert " ".join(wrapped[:3]) == body_of("g1").replace("\n", " ")
    assert " ".join(wrapped[3:]) == body_of("g2")
    assert lines[-2:] == ["(2 rows)", WHOLE_VALUES_NOTE]


def test_max_width_0_never_wraps(warehouse):
    lines = sql_table(warehouse, "SELECT article_id, body FROM articles WHERE article_id = 'g2'", "--max-width", "0")
    assert lines[2] == f"g2          {body_of('g2')}" and lines[-1] == "(1 row)"


def test_a_value_longer_than_its_lines_is_shortened_with_an_ellipsis(warehouse):
    query = "SELECT repeat('harbour ', 40) AS text"  # 320 characters: 40 lines of 8
    lines = sql_table(warehouse, query, "--max-width", "8")
    assert lines[2:-2] == ["harbour"] * (MAX_CELL_LINES - 1) + ["harbour…"]
    assert lines[-1] == WHOLE_VALUES_NOTE


def test_short_values_need_no_note(warehouse):
    assert sql_table(warehouse, "SELECT outlet FROM articles WHERE article_id = 'g1'") == [
        "outlet        ",
        "--------------",
        "Harbor Gazette",
        "(1 row)",
    ]


def test_the_table_fits_the_terminal_it_is_printed_to(warehouse):
    query = "SELECT article_id, outlet, title, body, body AS again FROM articles ORDER BY 1"
    controller, terminal = pty.openpty()
    with subprocess.Popen(
        [NEWSWH, "sql", query, "-w", warehouse], stdout=terminal, env={**os.environ, "COLUMNS": "80"}
    ) as process:
        os.close(terminal)
        output = b""
        while chunk := read_terminal(controller):
            output += chunk
    os.close(controller)
    assert process.returncode == 0
    lines = output.decode().splitlines()
    assert lines[-1] == WHOLE_VALUES_NOTE and max(len(line) for line in lines) <= 80
    assert lines[0].split() == ["article_id", "outlet", "title", "body", "again"]


def read_terminal(controller: int) -> bytes:
    """The next output a process wrote to its terminal; b"" once it has closed it."""
    try:
        return os.read(controller, 65536)
    except OSError:  # Linux reports the other end closed as EIO
        return b""
