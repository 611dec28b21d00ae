"""How the cost of loading one run grows with the warehouse it is loaded into.

Usage:
    .venv/bin/python bench/load_scaling.py                    # 500 into an empty warehouse, then into 10,000
    .venv/bin/python bench/load_scaling.py --size 10000 --size 100000

No spaCy and no corpus: rows are synthesized per article at realistic sizes (a ~3,000-character
body, ~40 entity mentions, ~10 quotes, ~8 numbers, a few entities seen for the first time, the rest
drawn from those already loaded), built with ``schemas.to_arrow`` and staged in batches as a run
stages them, then loaded with ``Warehouse.load_run``: one run per 500 articles. For each size the
warehouse is filled with that many articles first (untimed), then the next 500 are timed, once all
new and once with 5% of them replacing articles of older runs (their old rows leave older files).
Prints a table ready to paste into a note: articles already held, seconds for the next 500
(``load_run`` wall), of which the DuckDB transaction and the Parquet publish.
"""

import argparse
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from schemas import (
    ARTICLES,
    ENTITIES,
    ENTITY_MENTIONS,
    LOADED_INPUTS,
    NUMBERS,
    QUOTES,
    REJECTED_INPUTS,
    RUNS,
    SCHEMA_VERSION,
    to_arrow,
)
from transforms.ids import stable_id
from warehouse import Warehouse

RUN_ARTICLES = 500
MENTIONS, QUOTES_PER_ARTICLE, NUMBERS_PER_ARTICLE, NEW_ENTITIES = 40, 10, 8, 4
FILLER = (
    "the council said on tuesday that harbour repairs would cost more than expected and residents "
    "who live near the water asked when the ferry would return while officials blamed the storm "
    "season for delays to a project first promised three years ago by the previous mayor"
)
WORDS = FILLER.split()
START = datetime(2026, 1, 1, tzinfo=UTC)


class Synthesizer:
    """Rows for consecutive articles, deterministic for a seed; remembers the entities loaded so far."""

    def __init__(self, seed: int = 7) -> None:
        self.random = random.Random(seed)
        self.entities: list[str] = []
        self.next_article = 0
        self.next_entity = 0

    def run_id(self, number: int) -> str:
        return f"{(START + timedelta(minutes=number)):%Y%m%dT%H%M%S}000000Z-{number:06x}"

    def article_rows(self, number: int, run_id: str, edition: int = 0) -> dict[str, list[dict]]:
        """One article's rows in every article-owned table, plus its new entities."""
        rng = self.random
        article_id = stable_id("article", str(number))
        body = " ".join(rng.choices(WORDS, k=480)) + (f" Edition {edition}." if edition else "")
        fresh = []
        for _ in range(NEW_ENTITIES):
            name = f"Person {self.next_entity}"
            self.next_entity += 1
            fresh.append({"entity_id": stable_id("entity", "PERSON", name), "name": name, "type": "PERSON"})
        self.entities += [entity["entity_id"] for entity in fresh]
        known = [entity["entity_id"] for entity in fresh]
        known += rng.sample(self.entities, min(len(self.entities), MENTIONS - len(fresh)))
        spans = [(start, start + 12) for start in range(0, 60 * 60, 60)]
        mentions = [
            {
                "mention_id": stable_id("mention", article_id, str(start)),
                "article_id": article_id,
                "entity_id": known[n % len(known)],
                "text": body[start:end],
                "start_char": start,
                "end_char": end,
                "label": "PERSON",
                "linked": False,
                "gender": "unknown",
            }
            for n, (start, end) in enumerate(spans[:MENTIONS])
        ]
        quotes = [
            {
                "quote_id": stable_id("quote", article_id, str(n)),
                "article_id": article_id,
                "text": body[start + 3 : end + 40],
                "start_char": start + 3,
                "end_char": end + 40,
                "cue": "said",
                "speaker": None if n % 3 == 2 else f"Person {n}",
                "speaker_entity_id": None if n % 3 == 2 else known[n % len(known)],
                "speaker_text": body[start:end],
                "speaker_start": start,
                "speaker_end": end,
                "kind": "direct",
                "cue_type": "speech",
                "statement_id": stable_id("quote", article_id, str(n)),
                "speaker_gender": None if n % 3 == 2 else "unknown",
            }
            for n, (start, end) in enumerate(spans[MENTIONS : MENTIONS + QUOTES_PER_ARTICLE])
        ]
        numbers = [
            {
                "number_id": stable_id("number", article_id, str(n)),
                "article_id": article_id,
                "text": "about 300",
                "value": 300.0 + n,
                "kind": "count",
                "unit": None,
                "counted": "home",
                "approximate": True,
                "in_quote": False,
                "start_char": 2000 + 20 * n,
                "end_char": 2009 + 20 * n,
                "quote_id": None,
            }
            for n in range(NUMBERS_PER_ARTICLE)
        ]
        article = {
            "article_id": article_id,
            "source": f"inbox/{number}.txt",
            "url": f"https://harbour.example/{number}",
            "outlet": "Harbour Example",
            "title": f"Story {number}",
            "authors": ["A. Writer"],
            "published_at": START,
            "language": "en",
            "body": body,
            "word_count": 480,
            "content_hash": stable_id("body", body),
            "ingested_at": START,
            "run_id": run_id,
            "extraction_key": "bench",
        }
        return {
            ARTICLES.name: [article],
            ENTITIES.name: fresh,
            ENTITY_MENTIONS.name: mentions,
            QUOTES.name: quotes,
            NUMBERS.name: numbers,
            LOADED_INPUTS.name: [
                {"input_key": stable_id("input", str(number), str(edition)), "source": article["source"],
                 "size_bytes": len(body), "run_id": run_id}
            ],
        }  # fmt: skip

    def stage_run(self, store: Warehouse, run_number: int, *, replace: int = 0, batch_size: int = 200) -> str:
        """Stage a run of ``RUN_ARTICLES`` articles (``replace`` of them new editions of older ones), in batches."""
        run_id = self.run_id(run_number)
        numbers = self.random.sample(range(self.next_article), replace) if replace else []
        numbers += list(range(self.next_article, self.next_article + RUN_ARTICLES - len(numbers)))
        self.next_article += RUN_ARTICLES - replace
        for first in range(0, len(numbers), batch_size):
            batch: dict[str, list[dict]] = {}
            for index in range(first, min(first + batch_size, len(numbers))):
                rows = self.article_rows(numbers[index], run_id, edition=run_number if index < replace else 0)
                for name, table_rows in rows.items():
                    batch.setdefault(name, []).extend(table_rows)
            tables = {ARTICLES, ENTITIES, ENTITY_MENTIONS, QUOTES, NUMBERS, LOADED_INPUTS}
            store.stage(run_id, {table.name: to_arrow(table, batch[table.name]) for table in tables})
        counters = {f.name: 0 for f in RUNS.schema if f.type == "int32"}
        run = {**counters, "run_id": run_id, "started_at": START, "finished_at": START, "status": "completed",
               "inputs": ["inbox/"], "model": "bench", "schema_version": SCHEMA_VERSION, "aliases": None,
               "articles_new": RUN_ARTICLES - replace, "articles_replaced": replace}  # fmt: skip
        rejected = [{"source": f"inbox/bad-{run_number}.txt", "reason": "empty file", "run_id": run_id}]
        store.stage(
            run_id, {RUNS.name: to_arrow(RUNS, [run]), REJECTED_INPUTS.name: to_arrow(REJECTED_INPUTS, rejected)}
        )
        return run_id


def timed_load(store: Warehouse, run_id: str) -> tuple[float, float | None, float | None]:
    """(wall, DuckDB, Parquet) seconds of one ``load_run``."""
    started = time.perf_counter()
    report = store.load_run(run_id)
    wall = time.perf_counter() - started
    return wall, getattr(report, "duckdb_seconds", None), getattr(report, "parquet_seconds", None)


def measure(size: int, workdir: Path, batch_size: int) -> list[tuple[str, int, tuple]]:
    """Fill a warehouse with ``size`` articles, then time the next run, all new and with 5% replacements."""
    store = Warehouse(workdir / f"wh-{size}")
    synth = Synthesizer()
    run_number = 0
    filled = time.perf_counter()
    while synth.next_article < size:
        store.load_run(synth.stage_run(store, run_number, batch_size=batch_size))
        run_number += 1
        if run_number % 20 == 0:
            print(f"  ... {synth.next_article:,} articles loaded ({time.perf_counter() - filled:.0f} s)", flush=True)
    rows = [("next 500, all new", size, timed_load(store, synth.stage_run(store, run_number, batch_size=batch_size)))]
    held = synth.next_article
    replace = RUN_ARTICLES // 20
    rows.append(
        (
            f"next 500, {replace} replacing older",
            held,
            timed_load(store, synth.stage_run(store, run_number + 1, replace=replace, batch_size=batch_size)),
        )
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, action="append", help="articles already held (repeatable); 10000")
    parser.add_argument("--batch-size", type=int, default=200, help="articles per staged batch (the flow's default)")
    args = parser.parse_args()
    sizes = [0, *(args.size or [10_000])]
    results = []
    with tempfile.TemporaryDirectory(prefix="load-scaling-") as workdir:
        for size in sizes:
            print(f"warehouse of {size:,} articles ...", flush=True)
            results += measure(size, Path(workdir), args.batch_size)

    def seconds(value: float | None) -> str:
        return "-" if value is None else f"{value:.2f}"

    print()
    print(f"{'load':<28} {'articles held':>13} {'s for next 500':>14} {'DuckDB s':>9} {'Parquet s':>9}")
    for label, held, (wall, in_duckdb, in_parquet) in results:
        print(f"{label:<28} {held:>13,} {wall:>14.2f} {seconds(in_duckdb):>9} {seconds(in_parquet):>9}")


if __name__ == "__main__":
    main()
