"""Gold annotation files (``newswh eval``): PolNeAR-style quote folders and numbers JSON Lines, read into the
scorer's records with errors that name the file and the line or passage."""

import json
import re
from pathlib import Path

from evaluation.scoring import GoldNumber, GoldQuote


class GoldError(ValueError):
    """A gold file that cannot be read: the message says which file and line."""


def read_jsonl(path: Path) -> list[dict]:
    """Objects of a JSON Lines file; blank lines and lines starting with ``//`` are comments."""
    if not path.is_file():
        raise GoldError(f"no gold file at {path}")
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() and not line.lstrip().startswith("//"):
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise GoldError(f"{path}, line {number}: not JSON ({error.msg})") from error
    return records


def read_quote_gold(gold_dir: Path, limit: int | None) -> list[tuple[str, str, list[GoldQuote]]]:
    """(article id, raw text, gold attributions) per article of a gold folder in the PolNeAR format."""
    articles = []
    for record in read_jsonl(gold_dir / "gold.jsonl")[:limit]:
        try:
            raw = (gold_dir / record["file"]).read_text(encoding="utf-8")
            gold = [
                GoldQuote(
                    kind=quote["quote_type"],
                    content_spans=tuple(map(tuple, quote["content_spans"])),
                    speaker=quote.get("speaker"),
                    speaker_spans=tuple(map(tuple, quote.get("speaker_spans") or ())),
                    speaker_gender=quote.get("speaker_gender"),
                    gendered="speaker_gender" in quote,
                )
                for quote in record["quotes"]
            ]
        except (KeyError, OSError) as error:
            raise GoldError(f"{gold_dir / 'gold.jsonl'}: article {record.get('article_id')!r}: {error}") from error
        articles.append((record["article_id"], raw, gold))
    return articles


def next_occurrence(text: str, needle: str, start: int) -> int:
    """Where ``needle`` next stands as written from ``start``: not inside a longer word or number ("10" is not
    in "2010", "$40" not in "$40.15"); the first occurrence of any kind when it never stands alone; -1 if none."""
    left = r"(?<![0-9A-Za-z])" if needle[:1].isalnum() else ""
    right = r"(?![0-9A-Za-z]|[.,]\d)" if needle[-1:].isalnum() else ""
    found = re.compile(left + re.escape(needle) + right).search(text, start)
    return found.start() if found else text.find(needle, start)


def read_number_gold(path: Path) -> list[tuple[str, str, list[GoldNumber]]]:
    """(passage id, text, gold numbers) per passage.

    A number's span is its ``start``/``end``, else the next occurrence of its ``text`` in the passage
    (``next_occurrence``); its optional ``in_quote`` (true or false) is scored only where given.
    """
    passages = []
    for index, record in enumerate(read_jsonl(path)):
        passage_id, text = record.get("id", str(index)), record.get("text", "")
        gold, searched_from = [], {}
        for item in record.get("numbers", []):
            try:
                if "start" in item and "end" in item:
                    start, end = item["start"], item["end"]
                else:
                    start = next_occurrence(text, item["text"], searched_from.get(item["text"], 0))
                    if start < 0:
                        raise GoldError(f"{path}: passage {passage_id!r}: {item['text']!r} is not in its text")
                    end = start + len(item["text"])
                    searched_from[item["text"]] = end
                in_quote = item.get("in_quote")
                if in_quote is not None and not isinstance(in_quote, bool):
                    raise TypeError("in_quote must be true, false or left out")
                gold.append(
                    GoldNumber(
                        start, end, float(item["value"]), item["kind"], item.get("unit"), item.get("counted"),
                        bool(item.get("approximate", False)), in_quote,
                    )
                )  # fmt: skip
            except (KeyError, TypeError, ValueError) as error:
                raise GoldError(f"{path}: passage {passage_id!r}: bad number {item!r} ({error})") from error
        passages.append((passage_id, text, gold))
    return passages
