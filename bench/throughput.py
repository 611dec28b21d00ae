"""Throughput of the whole pipeline against raw spaCy, on the same BBC articles.

Usage:
    .venv/bin/python bench/throughput.py --articles 500     # also 2225, or 10000 (altered copies)
    .venv/bin/python bench/throughput.py --articles 10000 --then 500   # then 500 more: into it, and into an empty one

Writes the articles as one-article .txt files in a temporary folder, then measures
1. raw spaCy: the configured model's full default pipeline, ``nlp.pipe`` over the texts with as
   many processes as the pipeline's workers;
2. the whole pipeline: ``newswh run`` (the real Prefect flow, files to a fresh warehouse) in a
   subprocess, sampling the resident memory and CPU time of it and all its children.
Prints words/s of both, their ratio, seconds per stage, peak RSS and cores busy, ready to paste
into a note. Skips with a message when ``../shared/corpus/bbc`` is absent.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import spacy

from flows.etl import DEFAULT_MODEL
from flows.extraction import NLP_BATCH_SIZE
from transforms.text import count_words

ROOT = Path(__file__).resolve().parents[1]
BBC = ROOT.parent / "shared" / "corpus" / "bbc" / "articles.jsonl"
NEWSWH = Path(sys.executable).parent / "newswh"
SAMPLE_SECONDS = 0.25


def load_texts(count: int) -> list[str]:
    """``count`` distinct BBC texts: the corpus's distinct ones, then copies altered in their first and last lines.

    The corpus repeats some texts; the pipeline would skip a repeat that raw spaCy parses, so none is used twice.
    """
    with BBC.open(encoding="utf-8") as lines:
        originals = list(dict.fromkeys(json.loads(line)["text"] for line in lines))
    texts = []
    for n in range(count):
        text, edition = originals[n % len(originals)], n // len(originals)
        texts.append(text if edition == 0 else f"Edition {edition}: {text}\n\nThis is edition {edition}.")
    return texts


def measure_raw_spacy(texts: list[str], model: str, processes: int) -> float:
    """Seconds for the model's full default pipeline over ``texts`` in ``processes`` processes.

    The model as spaCy loads it, not as ``load_model`` adapts it for the pipeline: the comparison is
    with what a user of spaCy alone would run.
    """
    nlp = spacy.load(model)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=NLP_BATCH_SIZE, n_process=processes):
        pass
    return time.perf_counter() - started


@dataclass
class ProcessTreeSamples:
    """Peak memory of a process tree, its CPU seconds, and the cores it kept busy while worker processes ran."""

    peak_rss: int = 0
    peak_pss: int = 0
    cpu_seconds: dict[int, float] = field(default_factory=dict)
    worker_busy: list[float] = field(default_factory=list)
    sampled_at: float = 0.0

    def sample(self, root: psutil.Process) -> None:
        now, previous = time.perf_counter(), dict(self.cpu_seconds)
        rss = pss = workers = 0
        for member in [root, *root.children(recursive=True)]:
            try:
                memory, times = member.memory_full_info(), member.cpu_times()
                workers += "spawn_main" in " ".join(member.cmdline())
            except psutil.NoSuchProcess:
                continue
            rss, pss = rss + memory.rss, pss + memory.pss
            self.cpu_seconds[member.pid] = times.user + times.system
        self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
        if workers and self.sampled_at:
            used = sum(self.cpu_seconds[pid] - seconds for pid, seconds in previous.items() if pid in self.cpu_seconds)
            self.worker_busy.append(used / (now - self.sampled_at))
        self.sampled_at = now

    @property
    def total_cpu(self) -> float:
        return sum(self.cpu_seconds.values())


def run_pipeline(folder: Path, warehouse: Path, workers: int) -> tuple[float, dict, ProcessTreeSamples]:
    """(wall seconds, run summary, samples) of ``newswh run --json`` on ``folder``."""
    env = {**os.environ, "PREFECT_LOGGING_LEVEL": "WARNING"}
    command = [str(NEWSWH), "run", str(folder), "--warehouse", str(warehouse), "--workers", str(workers), "--json"]
    samples = ProcessTreeSamples()
    started = time.perf_counter()
    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as child:
        watched = psutil.Process(child.pid)
        while child.poll() is None:
            samples.sample(watched)
            time.sleep(SAMPLE_SECONDS)
        output = child.stdout.read()
    wall = time.perf_counter() - started
    if child.returncode:
        raise SystemExit(f"newswh run failed with exit code {child.returncode}")
    return wall, json.loads(output), samples


def write_articles(texts: list[str], folder: Path) -> Path:
    folder.mkdir()
    for number, text in enumerate(texts):
        (folder / f"{number:06d}.txt").write_text(text, encoding="utf-8")
    return folder


def report_pipeline(label: str, words: int, wall: float, summary: dict, samples: ProcessTreeSamples) -> None:
    """Print one pipeline run's figures."""
    flow_seconds = summary["seconds"]
    print(f"{label:<26}{wall:8.1f} s  {words / wall:8,.0f} words/s  (incl. Prefect start-up)")
    print(f"  articles new {summary['articles_new']:,}, quotes {summary['quotes']:,}, numbers {summary['numbers']:,}")
    print("  seconds per stage (NLP and extractors summed over workers; share of wall time):")
    for stage, seconds in flow_seconds.items():
        print(f"    {stage:<10}{seconds:8.1f} s  {seconds / wall:6.1%}")
    busy = samples.worker_busy
    busy_text = f"{sum(busy) / len(busy):.2f} cores busy while workers ran" if busy else "no worker processes"
    print(f"  peak memory of all processes together: RSS {samples.peak_rss / 2**30:.2f} GiB, "
          f"PSS {samples.peak_pss / 2**30:.2f} GiB (shared pages counted once)")  # fmt: skip
    print(f"  {samples.total_cpu / wall:.2f} cores busy over the run, {busy_text}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--then", type=int, default=0, help="then load this many more into the same warehouse")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    args = parser.parse_args()
    if not BBC.exists():
        print(f"skipped: BBC corpus not found at {BBC}")
        return 0
    texts = load_texts(args.articles + args.then)
    first, then = texts[: args.articles], texts[args.articles :]
    words = sum(count_words(text) for text in first)
    with tempfile.TemporaryDirectory() as scratch:
        warehouse = Path(scratch) / "wh"
        spacy_seconds = measure_raw_spacy(first, args.model, args.workers)
        fixed, _, _ = run_pipeline(write_articles([], Path(scratch) / "none"), Path(scratch) / "empty", args.workers)
        wall, summary, samples = run_pipeline(write_articles(first, Path(scratch) / "first"), warehouse, args.workers)
        print(f"articles {len(first):,}  words {words:,}  model {args.model}  workers {args.workers}  "
              f"cores on this machine {os.cpu_count()}")  # fmt: skip
        spacy_rate, pipeline_rate = words / spacy_seconds, words / wall
        print(f"raw spaCy, {args.workers} process(es)   {spacy_seconds:8.1f} s  {spacy_rate:8,.0f} words/s")
        report_pipeline("whole pipeline (newswh)", words, wall, summary, samples)
        print(f"ratio pipeline / spaCy    {pipeline_rate / spacy_rate:8.2f}")
        print(f"fixed cost: newswh run with no input files takes {fixed:.1f} s (Prefect start-up and shutdown); "
              f"without it the pipeline does {words / (wall - fixed):,.0f} words/s, "
              f"ratio {words / (wall - fixed) / spacy_rate:.2f}")  # fmt: skip
        if then:
            then_words = sum(count_words(text) for text in then)
            then_folder = write_articles(then, Path(scratch) / "then")
            print(f"then {len(then):,} more articles ({then_words:,} words):")
            for label, target in (
                (f"into the {len(first):,}", warehouse),
                ("into an empty warehouse", Path(scratch) / "fresh"),
            ):
                report_pipeline(label, then_words, *run_pipeline(then_folder, target, args.workers))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
