"""Score web-page body extraction (``parse_input`` on .html) against the html_dev corpus.

Usage::

    .venv/bin/python bench/eval_html.py            # the options parse_input uses
    .venv/bin/python bench/eval_html.py --compare  # also trafilatura's defaults and other options

Scoring follows ``../shared/corpus/README.md``: per page, bag-of-words precision, recall and F1 of
lower-cased ``\\w+`` tokens (multiset overlap) of the extracted body against the ground-truth text,
averaged over pages; a page that yields no article scores 0 on all three.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from extract import formats
from extract.formats import RawArticle, parse_input

ROOT = Path(__file__).resolve().parent.parent

CORPUS = ROOT.parent / "shared" / "corpus" / "html_dev"
RE_TOKEN = re.compile(r"\w+")

# Option sets compared with --compare (trafilatura's own defaults keep comments in).
VARIANTS: dict[str, dict[str, object]] = {
    "trafilatura defaults": {
        "include_comments": True,
        "include_tables": True,
        "favor_precision": False,
        "favor_recall": False,
        "fast": False,
    },
    "no comments": {
        "include_comments": False,
        "include_tables": True,
        "favor_precision": False,
        "favor_recall": False,
        "fast": False,
    },
    "no comments, favor_recall": {
        "include_comments": False,
        "include_tables": True,
        "favor_precision": False,
        "favor_recall": True,
        "fast": False,
    },
    "no comments, favor_precision": {
        "include_comments": False,
        "include_tables": True,
        "favor_precision": True,
        "favor_recall": False,
        "fast": False,
    },
    "no comments, no tables": {
        "include_comments": False,
        "include_tables": False,
        "favor_precision": False,
        "favor_recall": False,
        "fast": False,
    },
    "no comments, fast": {
        "include_comments": False,
        "include_tables": True,
        "favor_precision": False,
        "favor_recall": False,
        "fast": True,
    },
}


def score_page(extracted: str, truth: str) -> tuple[float, float, float]:
    """Bag-of-words precision, recall and F1 of ``extracted`` against ``truth``."""
    got = Counter(RE_TOKEN.findall(extracted.lower()))
    want = Counter(RE_TOKEN.findall(truth.lower()))
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    precision = overlap / sum(got.values())
    recall = overlap / sum(want.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def body_from_parse_input(name: str, data: bytes) -> str | None:
    """The body ``parse_input`` extracts from a page, with the current options."""
    article = next((item for item in parse_input(name, data) if isinstance(item, RawArticle)), None)
    return article.body if article else None


def body_from_raw_trafilatura(_name: str, data: bytes) -> str | None:
    """``trafilatura.extract`` with all its defaults, on the raw bytes: the README's reference."""
    import trafilatura

    return trafilatura.extract(data)


def evaluate(pages: list[tuple[str, bytes, str]], extract: Callable[[str, bytes], str | None]) -> dict[str, float]:
    """Average P/R/F1 over ``pages`` (name, html bytes, true text) of the bodies ``extract`` gives."""
    totals = [0.0, 0.0, 0.0]
    empty = 0
    started = time.perf_counter()
    for name, data, truth in pages:
        body = extract(name, data)
        if not body:
            empty += 1
            continue
        for i, value in enumerate(score_page(body, truth)):
            totals[i] += value
    count = len(pages)
    return {
        "precision": totals[0] / count,
        "recall": totals[1] / count,
        "f1": totals[2] / count,
        "no_article": empty,
        "ms_per_page": 1000 * (time.perf_counter() - started) / count,
    }


def print_row(label: str, result: dict[str, float]) -> None:
    print(
        f"{label:32} {result['precision']:6.3f} {result['recall']:6.3f} {result['f1']:6.3f} "
        f"{result['no_article']:6d} {result['ms_per_page']:8.1f}"
    )


def load_pages(corpus: Path) -> list[tuple[str, bytes, str]]:
    """(file name, bytes, ground-truth text) for every page in the corpus."""
    pages = []
    with (corpus / "ground_truth.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            path = corpus / record["file"]
            if path.is_file():
                pages.append((path.name, path.read_bytes(), record["text"]))
    return pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--compare", action="store_true", help="also score other trafilatura options")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help=f"html_dev folder (default {CORPUS})")
    args = parser.parse_args()
    if not (args.corpus / "ground_truth.jsonl").is_file():
        print(f"skipped: HTML corpus not found at {args.corpus} (see ../shared/corpus/README.md)")
        return 0
    pages = load_pages(args.corpus)
    print(f"{len(pages)} pages from {args.corpus}")
    header = f"{'options':32} {'P':>6} {'R':>6} {'F1':>6} {'empty':>6} {'ms/page':>8}"
    print(header)
    chosen = dict(formats.TRAFILATURA_OPTIONS)
    variants = {"parse_input (as shipped)": chosen}
    if args.compare:
        variants |= VARIANTS
    for label, options in variants.items():
        formats.TRAFILATURA_OPTIONS.clear()
        formats.TRAFILATURA_OPTIONS.update(options)
        print_row(label, evaluate(pages, body_from_parse_input))
    formats.TRAFILATURA_OPTIONS.clear()
    formats.TRAFILATURA_OPTIONS.update(chosen)
    if args.compare:
        print_row("trafilatura.extract(bytes) raw", evaluate(pages, body_from_raw_trafilatura))
        print("(the option rows all go through parse_input: its decoding and headline/table tidying;")
        print(" the last row is trafilatura alone with every default, the README's reference figure)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
