"""Throughput of the whole pipeline against raw spaCy, on the same BBC articles.

Usage:
    .venv/bin/python bench/throughput.py --articles 500     # also 2225, or 10000 (altered copies)

Writes the articles as one-article .txt files in a temporary folder, then measures
1. raw spaCy: the configured model's full default pipeline, ``nlp.pipe`` over the texts in one
   process (the pipeline's own process count today);
2. the whole pipeline: ``newswh run`` (the real Prefect flow, files to a fresh warehouse) in a
   subprocess, sampling the resident memory of it and all its children.
Prints words/s of both, their ratio, wall times and peak RSS, ready to paste into a note.
Skips with a message when ``../shared/corpus/bbc`` is absent.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import spacy

from flows.etl import DEFAULT_MODEL, NLP_BATCH_SIZE
from transforms.text import count_words

ROOT = Path(__file__).resolve().parents[1]
BBC = ROOT.parent / "shared" / "corpus" / "bbc" / "articles.jsonl"
NEWSWH = Path(sys.executable).parent / "newswh"


def load_texts(count: int) -> list[str]:
    """``count`` distinct BBC texts; past the corpus size, copies altered by a numbered sentence."""
    with BBC.open(encoding="utf-8") as lines:
        originals = [json.loads(line)["text"] for line in lines]
    return [
        originals[n % len(originals)] + ("" if n < len(originals) else f"\n\nEdition {n // len(originals)}.")
        for n in range(count)
    ]


def measure_raw_spacy(texts: list[str], model: str) -> float:
    """Seconds for the model's full default pipeline over ``texts``."""
    nlp = spacy.load(model)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=NLP_BATCH_SIZE):
        pass
    return time.perf_counter() - started


def tree_rss(process: psutil.Process) -> int:
    """Resident memory of a process and all its children, in bytes."""
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total


def measure_pipeline(folder: Path, warehouse: Path) -> tuple[float, int, float]:
    """(wall seconds, peak RSS of the process tree, CPU seconds) of ``newswh run`` on ``folder``."""
    env = {**os.environ, "PREFECT_LOGGING_LEVEL": "WARNING"}
    started = time.perf_counter()
    child = subprocess.Popen([str(NEWSWH), "run", str(folder), "--warehouse", str(warehouse)], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    watched = psutil.Process(child.pid)
    peak = 0
    while child.poll() is None:
        peak = max(peak, tree_rss(watched))
        time.sleep(0.2)
    wall = time.perf_counter() - started
    if child.returncode:
        raise SystemExit(f"newswh run failed with exit code {child.returncode}")
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, peak, cpu.ru_utime + cpu.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    args = parser.parse_args()
    if not BBC.exists():
        print(f"skipped: BBC corpus not found at {BBC}")
        return 0
    texts = load_texts(args.articles)
    words = sum(count_words(text) for text in texts)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "articles"
        folder.mkdir()
        for number, text in enumerate(texts):
            (folder / f"{number:06d}.txt").write_text(text, encoding="utf-8")
        spacy_seconds = measure_raw_spacy(texts, args.model)
        wall, peak, cpu = measure_pipeline(folder, Path(scratch) / "wh")
    spacy_rate, pipeline_rate = words / spacy_seconds, words / wall
    print(f"articles {len(texts):,}  words {words:,}  model {args.model}  cores on this machine {os.cpu_count()}")
    print(f"raw spaCy, 1 process      {spacy_seconds:8.1f} s  {spacy_rate:8,.0f} words/s")
    print(f"whole pipeline (newswh)   {wall:8.1f} s  {pipeline_rate:8,.0f} words/s  (incl. Prefect start-up)")
    print(f"ratio pipeline / spaCy    {pipeline_rate / spacy_rate:8.2f}")
    print(f"pipeline peak RSS (all processes) {peak / 2**30:.2f} GiB; CPU {cpu:.0f} s = {cpu / wall:.2f} cores busy")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
