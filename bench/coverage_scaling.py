"""What adding 500 articles costs as the warehouse grows: stories, duplicates, shared quotes, and the whole run.

Usage:
    .venv/bin/python bench/coverage_scaling.py                          # sizes 0 and 10,000
    .venv/bin/python bench/coverage_scaling.py --size 10000 --size 100000
    .venv/bin/python bench/coverage_scaling.py --size 100000 --keep /tmp/wh100k   # keep (and reuse) the big one

The warehouses are filled with synthetic variations of the BBC corpus, without spaCy: each synthetic
event rewrites a BBC article (half its words swapped for words drawn from the corpus, names for
names), and each of its 1-9 articles keeps most of the event's sentences with a few more words
swapped, a date within two days of the event's and one of twenty outlets; capitalised word runs
stand in for entity mentions. They are staged and loaded in runs of 10,000 through the real relate
step (search index, fingerprints, duplicates, shared quotes, stories) and the real load. Then the
same 500 real BBC articles, none of them a template of the synthetic ones, are added with
``newswh run`` (the real flow, with spaCy) to a copy of each warehouse. Prints per size the run's
wall time, its stage seconds (relate: indexing and relating; load; nlp summed over workers) and
the peak memory of all its processes.
"""

import argparse
import json
import random
import re
import shutil
import tempfile
import time
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

from throughput import BBC, run_pipeline, write_articles

from flows.coverage import index_tables, relate_articles
from flows.etl import RunCounts, new_run_id
from schemas import ARTICLES, ENTITIES, ENTITY_MENTIONS, RUNS, SCHEMA_VERSION, to_arrow
from transforms.articles import normalize_url
from transforms.ids import stable_id
from transforms.text import content_hash, count_words
from warehouse import Warehouse

NEXT_ARTICLES = 500
BUILD_RUN = 10_000
OUTLETS = [f"Outlet {n}" for n in range(20)]
RE_TOKEN = re.compile(r"\w+|[^\w\s]+|\s+")
RE_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)*")
START = datetime(2021, 1, 1, tzinfo=UTC)


class Synthesizer:
    """Synthetic articles grouped in events, from BBC templates; deterministic for a seed."""

    def __init__(self, templates: list[str], seed: int = 11) -> None:
        self.random = random.Random(seed)
        self.templates = templates
        words = [w for t in templates for w in re.findall(r"\b[a-z]+\b", t)]
        names = [w for t in templates for w in re.findall(r"\b[A-Z][a-z]+\b", t)]
        self.words, self.names = words, names
        self.article_number = 0

    def swap(self, text: str, share: float) -> str:
        """``text`` with ``share`` of its words replaced by corpus words (names by names)."""
        tokens = RE_TOKEN.findall(text)
        for n, token in enumerate(tokens):
            if token[0].isalpha() and self.random.random() < share:
                tokens[n] = self.random.choice(self.names if token[0].isupper() else self.words)
        return "".join(tokens)

    def event(self) -> list[dict]:
        """The articles of one event."""
        base = self.swap(self.random.choice(self.templates), 0.5)
        sentences = re.split(r"(?<=[.!?])\s+", base)
        day = START + timedelta(days=self.random.randrange(3 * 365))
        articles = []
        for _ in range(self.random.choice([1, 1, 2, 3, 3, 4, 5, 6, 9])):
            kept = [s for s in sentences if self.random.random() < 0.85] or sentences[:1]
            paragraphs = [" ".join(kept[i : i + 3]) for i in range(0, len(kept), 3)]
            body = self.swap("\n\n".join(paragraphs), 0.1)
            self.article_number += 1
            articles.append(
                {
                    "number": self.article_number,
                    "title": " ".join(body.split()[:8]),
                    "body": body,
                    "outlet": self.random.choice(OUTLETS),
                    "published_at": day + timedelta(hours=self.random.randrange(48)),
                }
            )
        return articles

    def articles(self, count: int) -> list[dict]:
        found: list[dict] = []
        while len(found) < count:
            found += self.event()
        return found[:count]


def article_rows(article: dict, run_id: str) -> dict[str, list[dict]]:
    """The ``articles``, ``entities`` and ``entity_mentions`` rows of a synthetic article."""
    body = article["body"]
    url = f"https://synthetic.example/{article['number']}"
    article_id = stable_id("url", normalize_url(url))
    row = {
        "article_id": article_id,
        "source": f"synthetic.jsonl#{article['number']}",
        "url": url,
        "outlet": article["outlet"],
        "title": article["title"],
        "authors": [],
        "published_at": article["published_at"],
        "language": "en",
        "body": body,
        "word_count": count_words(body),
        "content_hash": content_hash(body),
        "ingested_at": START,
        "run_id": run_id,
        "extraction_key": "synthetic",
    }
    entities, mentions = {}, []
    for match in RE_NAME.finditer(body):
        name = match.group()
        entity_type = ("PERSON", "ORG", "GPE")[int(stable_id(name)[:2], 16) % 3]
        entity_id = stable_id("entity", entity_type, name)
        entities[entity_id] = {"entity_id": entity_id, "name": name, "type": entity_type}
        mentions.append(
            {
                "mention_id": stable_id("mention", article_id, match.start(), match.end()),
                "article_id": article_id,
                "entity_id": entity_id,
                "text": name,
                "start_char": match.start(),
                "end_char": match.end(),
            }
        )
    return {ARTICLES.name: [row], ENTITIES.name: list(entities.values()), ENTITY_MENTIONS.name: mentions}


def build(store: Warehouse, synthesizer: Synthesizer, size: int) -> None:
    """Fill ``store`` with ``size`` synthetic articles, in runs of BUILD_RUN, through the real relate and load."""
    while (held := store.row_counts().get("articles", 0) if store.exists() else 0) < size:
        started_at = datetime.now(UTC)
        run_id = new_run_id(started_at)
        articles = synthesizer.articles(min(BUILD_RUN, size - held))
        started = time.perf_counter()
        for first in range(0, len(articles), 1000):
            tables: dict[str, list[dict]] = {}
            for article in articles[first : first + 1000]:
                for name, rows in article_rows(article, run_id).items():
                    tables.setdefault(name, []).extend(rows)
            store.stage(run_id, {name: to_arrow(TABLE_OF[name], rows) for name, rows in tables.items()})
            indexable = [SimpleNamespace(**row) for row in tables[ARTICLES.name]]
            store.stage(run_id, index_tables(indexable, run_id))
        staged = time.perf_counter()
        counts = RunCounts(articles_new=len(articles))
        relations = relate_articles.fn(store, run_id)
        for name, value in asdict(relations).items():
            setattr(counts, name, value)
        related = time.perf_counter()
        run_row = {
            "run_id": run_id, "started_at": started_at, "finished_at": datetime.now(UTC), "status": "completed",
            "inputs": ["synthetic"], "model": "synthetic", "schema_version": SCHEMA_VERSION, **asdict(counts),
        }  # fmt: skip
        store.stage(run_id, {RUNS.name: to_arrow(RUNS, [run_row])})
        store.load_run(run_id)
        print(
            f"  built {held + len(articles):>7,} articles: staged {staged - started:5.1f} s, "
            f"related {related - staged:6.1f} s, loaded {time.perf_counter() - related:5.1f} s, "
            f"{relations.stories_new:,} stories new",
            flush=True,
        )


TABLE_OF = {ARTICLES.name: ARTICLES, ENTITIES.name: ENTITIES, ENTITY_MENTIONS.name: ENTITY_MENTIONS}


def read_bbc() -> tuple[list[str], list[str]]:
    """(templates, next): BBC's distinct texts, the last NEXT_ARTICLES kept apart as the real articles to add."""
    with BBC.open(encoding="utf-8") as lines:
        texts = list(dict.fromkeys(json.loads(line)["text"] for line in lines))
    random.Random(5).shuffle(texts)
    return texts[:-NEXT_ARTICLES], texts[-NEXT_ARTICLES:]


def measure(label: str, folder: Path, warehouse: Path) -> dict:
    wall, summary, samples = run_pipeline(folder, warehouse, workers=2)
    seconds = summary["seconds"]
    print(
        f"{label:<28} wall {wall:6.1f} s  relate {seconds['relate']:5.2f} s  load {seconds['load']:5.2f} s  "
        f"nlp {seconds['nlp']:6.1f} s  relate/nlp {seconds['relate'] / seconds['nlp']:6.1%}  "
        f"peak RSS {samples.peak_rss / 2**30:.2f} GiB",
        flush=True,
    )
    print(
        f"{'':<28} stories new {summary['stories_new']}, merged {summary['stories_merged']}, "
        f"duplicates {summary['duplicates']}, shared quotes {summary['shared_quotes']}",
        flush=True,
    )
    return {"wall": wall, **seconds, "peak_rss": samples.peak_rss}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, action="append", help="Warehouse sizes to measure (0 is always measured).")
    parser.add_argument("--keep", type=Path, help="Build the largest warehouse here and keep it (reused if present).")
    args = parser.parse_args()
    if not BBC.exists():
        print(f"skipped: BBC corpus not found at {BBC}")
        return 0
    sizes = sorted(set(args.size or [10_000]) - {0})
    templates, upcoming = read_bbc()
    with tempfile.TemporaryDirectory() as scratch:
        folder = write_articles(upcoming, Path(scratch) / "next")
        results = {0: measure("into an empty warehouse", folder, Path(scratch) / "empty")}
        big = args.keep or Path(scratch) / "big"
        store = Warehouse(big)
        synthesizer = Synthesizer(templates)
        if store.exists():  # reuse: skip the synthetic articles already there
            synthesizer.articles(store.row_counts()["articles"])
        for size in sizes:
            print(f"building {size:,} synthetic articles in {big}", flush=True)
            started = time.perf_counter()
            build(store, synthesizer, size)
            print(f"  {time.perf_counter() - started:.0f} s", flush=True)
            copy = Path(scratch) / f"copy-{size}"
            shutil.copytree(big, copy)
            results[size] = measure(f"into {size:,}", folder, copy)
            shutil.rmtree(copy)
        base = results[0]
        for size in sizes:
            ratio = (results[size]["relate"] + results[size]["load"]) / (base["relate"] + base["load"])
            print(f"relate + load, {size:,} against empty: {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
