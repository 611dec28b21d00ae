"""A user's mistakes on the command line: a clear message, exit 1, nothing created."""

import json

from click.testing import CliRunner

from flows.cli import main
from warehouse import Warehouse


def test_a_path_or_glob_matching_nothing_exits_1_and_creates_nothing(tmp_path):
    warehouse = tmp_path / "wh"
    runner = CliRunner()
    for mistake in (str(tmp_path / "artcles"), str(tmp_path / "*.jsnol")):
        result = runner.invoke(main, ["run", mistake, "-w", str(warehouse)])
        assert result.exit_code == 1, result.output
        assert mistake in result.output and "Traceback" not in result.output
    assert not warehouse.exists()


def test_an_empty_inbox_folder_is_nothing_new(prefect_harness, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    result = CliRunner().invoke(main, ["run", str(inbox), "-w", str(tmp_path / "wh"), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["run_id"], summary["files_read"], summary["rejected"]) == (None, 0, 0)
    assert not Warehouse(tmp_path / "wh").exists()  # no run, no rejection recorded: nothing written


def test_a_missing_model_says_in_one_line_how_to_install_it(tmp_path):
    (tmp_path / "a.txt").write_text("Harbour pilots met on Monday.", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["run", str(tmp_path / "a.txt"), "-w", str(tmp_path / "wh"), "--model", "xx_nope"]
    )
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "pip install xx-nope" in result.output


def test_h_is_help_everywhere():
    for command in ([], ["run"], ["sql"], ["relink"], ["eval", "quotes"]):
        result = CliRunner().invoke(main, [*command, "-h"])
        assert result.exit_code == 0 and "Usage:" in result.output, command


def test_lists_are_plain_values_in_csv_and_tables(prefect_harness, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"text": "Harbour pilots met on Monday to discuss fees.", "authors": "Ann Cole and Bo Li"}', encoding="utf-8"
    )
    warehouse = str(tmp_path / "wh")
    assert CliRunner().invoke(main, ["run", str(feed), "-w", warehouse]).exit_code == 0
    for output_format in ("csv", "table"):
        result = CliRunner().invoke(
            main, ["sql", "SELECT authors FROM articles", "-w", warehouse, "--format", output_format]
        )
        assert "Ann Cole; Bo Li" in result.output and "[" not in result.output, result.output
