"""Scoring and `newswh eval` on gold annotations we wrote ourselves."""

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from evaluation.gold import read_number_gold
from evaluation.scoring import GoldQuote, needs_canonical_speaker, normalize_with_offsets, score_quotes
from flows.cli import main
from transforms.ids import stable_id
from transforms.quotes import Quote
from transforms.text import normalize_text

FIXTURES = Path(__file__).parent / "fixtures"

ARTICLE = (
    "The harbour reopened on Friday.\r\n\r\n"
    "“We are back to full strength,” said Marta Kovac, the harbour master. "
    "She added that 40 ships were waiting.\r\n"
)


def quote(body: str, fragment: str, speaker_text: str | None, speaker: str | None, kind: str = "direct") -> Quote:
    start = body.index(fragment)
    speaker_start = body.index(speaker_text) if speaker_text else None
    return Quote(
        quote_id=stable_id(start),
        article_id="a1",
        text=fragment,
        start_char=start,
        end_char=start + len(fragment),
        cue="said",
        speaker=speaker,
        speaker_entity_id=None,
        speaker_text=speaker_text,
        speaker_start=speaker_start,
        speaker_end=speaker_start + len(speaker_text) if speaker_text else None,
        kind=kind,
    )


def gold_quote(raw: str, fragment: str, speaker_text: str, kind: str = "direct") -> GoldQuote:
    start, speaker_start = raw.index(fragment), raw.index(speaker_text)
    return GoldQuote(
        kind, ((start, start + len(fragment)),), speaker_text, ((speaker_start, speaker_start + len(speaker_text)),)
    )


def test_normalized_offsets_map_back_to_the_raw_text():
    body, offsets = normalize_with_offsets("  Cafe\u0301 said “hi”.\r\nDone. ")
    assert body == "Café said “hi”.\nDone."
    start = body.index("“hi”")
    assert "  Cafe\u0301 said “hi”.\r\nDone. "[offsets[start] : offsets[start + 4]] == "“hi”"
    assert offsets[len(body)] == len("  Cafe\u0301 said “hi”.\r\nDone.")


def test_scores_by_kind_with_speakers():
    body, offsets = normalize_with_offsets(ARTICLE)
    gold = [
        gold_quote(ARTICLE, "“We are back to full strength,”", "Marta Kovac"),
        gold_quote(ARTICLE, "that 40 ships were waiting", "She", kind="indirect"),
    ]
    extracted = [
        quote(body, "“We are back to full strength,”", "Marta Kovac", "Marta Kovac"),
        quote(body, "that 40 ships were waiting", "She", None, kind="indirect"),
        quote(body, "The harbour reopened", None, None, kind="indirect"),
    ]
    scores = score_quotes(ARTICLE, gold, extracted, offsets)
    direct, indirect = scores.by_kind["direct"], scores.by_kind["indirect"]
    assert (direct.gold, direct.found, direct.correct, direct.speaker_right, direct.speaker_resolved) == (1, 1, 1, 1, 1)
    assert (indirect.gold, indirect.found, indirect.extracted, indirect.correct) == (1, 1, 2, 1)
    assert indirect.speaker_right == 1 and indirect.speaker_resolved == 0  # "She" was never resolved
    assert {kind for kind, _, _ in scores.misses} == {"false indirect", "unresolved indirect"}


def test_a_quote_covering_less_than_half_is_missed():
    body, offsets = normalize_with_offsets(ARTICLE)
    gold = [gold_quote(ARTICLE, "“We are back to full strength,”", "Marta Kovac")]
    scores = score_quotes(ARTICLE, gold, [quote(body, "We are", "Marta Kovac", "Marta Kovac")], offsets)
    assert scores.by_kind["direct"].found == 0 and scores.by_kind["direct"].correct == 1


def test_a_quote_extracted_in_parts_is_found_when_the_parts_cover_half():
    raw = "“The channel is open. “The ships are back. “The town is busy again,” said Marta Kovac.\n"
    body, offsets = normalize_with_offsets(raw)
    gold = [gold_quote(raw, raw[: raw.index(" said")], "Marta Kovac")]
    parts = [
        quote(body, "“The ships are back.", "Marta Kovac", "Marta Kovac"),
        quote(body, "“The town is busy again,”", "Marta Kovac", "Marta Kovac"),
    ]
    assert score_quotes(raw, gold, parts[:1], offsets).by_kind["direct"].found == 0
    scores = score_quotes(raw, gold, parts, offsets)
    assert scores.by_kind["direct"].found == 1 and scores.by_kind["direct"].speaker_right == 1


@pytest.mark.parametrize(
    ("speaker_text", "expected"),
    [("he", True), ("She", True), ("the Times", True), ("Albence", True), ("officials", False),
     ("a spokesman for the agency", False), ("The snarky headline", False)],
)  # fmt: skip
def test_which_speakers_must_resolve(speaker_text, expected):
    assert needs_canonical_speaker(speaker_text) is expected


def test_cli_eval_quotes_on_a_gold_folder(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a1.txt").write_text(ARTICLE, encoding="utf-8")
    fragment, speaker = "“We are back to full strength,”", "Marta Kovac"
    record = {
        "article_id": "a1",
        "file": "articles/a1.txt",
        "quotes": [
            {
                "quote_type": "direct",
                "content_spans": [[ARTICLE.index(fragment), ARTICLE.index(fragment) + len(fragment)]],
                "speaker": speaker,
                "speaker_spans": [[ARTICLE.index(speaker), ARTICLE.index(speaker) + len(speaker)]],
            }
        ],
    }
    (tmp_path / "gold.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "quotes", str(tmp_path)])
    assert result.exit_code == 0, result.output
    direct = next(line for line in result.output.splitlines() if line.startswith("direct"))
    assert direct.split()[:4] == ["direct", "1", "1", "1.000"]
    assert direct.split()[-2:] == ["1.000", "1.000"]


def test_cli_eval_numbers_meets_the_targets_on_our_gold():
    result = CliRunner().invoke(main, ["eval", "numbers", str(FIXTURES / "numbers_gold.jsonl")])
    assert result.exit_code == 0, result.output
    figures = {
        name: float(value) for name, value in re.findall(r"(precision|recall|unit|counted) ([0-9.]+)", result.output)
    }
    assert figures["precision"] >= 0.9 and figures["recall"] >= 0.9
    assert figures["unit"] >= 0.85 and figures["counted"] >= 0.85


def test_cli_eval_reports_a_broken_gold_file(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "p1", "text": "Two boats.", "numbers": [{"text": "three", "value": 3, "kind": "count"}]}\n')
    result = CliRunner().invoke(main, ["eval", "numbers", str(gold)])
    assert result.exit_code == 1 and "'three' is not in its text" in result.output


def test_a_gold_number_without_offsets_is_found_where_it_stands_alone(tmp_path):
    gold = tmp_path / "gold.jsonl"
    text = "In 2010 the fare was $40.15; now 10 trips cost $40 in all."
    numbers = [
        {"text": "10", "value": 10, "kind": "count", "counted": "trip"},
        {"text": "$40", "value": 40, "kind": "money", "unit": "USD"},
    ]
    gold.write_text(json.dumps({"id": "p1", "text": text, "numbers": numbers}) + "\n")
    ((_, _, (trips, fare)),) = read_number_gold(gold)
    assert text[trips.start_char : trips.end_char + 6] == "10 trips"
    assert text[fare.start_char : fare.end_char + 3] == "$40 in"


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_normalized_offsets_give_the_pipelines_body(raw):
    body, offsets = normalize_with_offsets(raw)
    assert body == normalize_text(raw)
    assert len(offsets) == len(body) + 1
