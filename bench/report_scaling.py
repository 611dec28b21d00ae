"""Size and time of ``newswh report`` as the warehouse grows.

Usage:
    .venv/bin/python bench/report_scaling.py                  # 1,000 and 10,000 articles
    .venv/bin/python bench/report_scaling.py --size 50000

No spaCy and no corpus: the warehouse is filled with ``load_scaling.Synthesizer``'s articles (~40
entity mentions, ~10 quotes and ~8 numbers each), then spread over 20 outlets and 60 days, with
quotes of three kinds and genders, numbers of every kind, and stories of 8 articles, so every
section of the report has data. Each size is reported by the real command in a fresh process
(imports and the inlined chart library included): wall seconds and the file's size.
"""

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
from load_scaling import Synthesizer

from warehouse import Warehouse

OUTLETS = 20
STORY_ARTICLES = 8
SPREAD_SQL = [
    f"UPDATE articles SET outlet = 'Outlet ' || (hash(article_id) % {OUTLETS}), "
    "published_at = published_at + to_days(CAST(hash(article_id) % 60 AS INTEGER))",
    "UPDATE quotes SET statement_id = quote_id, cue_type = 'speech', "
    "kind = ['direct', 'mixed', 'indirect'][CAST(1 + hash(quote_id) % 3 AS BIGINT)], "
    "speaker_gender = CASE WHEN speaker_entity_id IS NULL THEN NULL "
    "ELSE ['female', 'male', 'unknown'][CAST(1 + hash(speaker_entity_id) % 3 AS BIGINT)] END",
    "UPDATE numbers SET kind = ['count', 'money', 'percent', 'measure'][CAST(1 + hash(number_id) % 4 AS BIGINT)], "
    "value = value * (1 + hash(number_id) % 1000)",
    "UPDATE numbers SET unit = CASE kind WHEN 'money' THEN 'USD' WHEN 'percent' THEN 'percent' "
    "WHEN 'measure' THEN 'km' END",
    f"""INSERT INTO story_articles
        SELECT article_id, 'story-' || (row_number() OVER (ORDER BY article_id) // {STORY_ARTICLES}), 1.0, title, run_id
        FROM articles""",
    """INSERT INTO stories
        SELECT sa.story_id, arg_min(a.title, a.published_at), min(a.published_at), max(a.published_at), count(*),
            count(DISTINCT a.outlet), list(DISTINCT a.outlet ORDER BY a.outlet), arg_min(a.article_id, a.published_at),
            any_value(a.run_id)
        FROM story_articles sa JOIN articles a USING (article_id) GROUP BY sa.story_id""",
]
"""Spread the synthesized articles over outlets, days, kinds and stories (the synthesizer makes one of each)."""


def build(root: Path, size: int) -> None:
    """A warehouse of ``size`` synthesized articles, spread by ``SPREAD_SQL``."""
    store = Warehouse(root)
    synth = Synthesizer()
    run_number = 0
    while synth.next_article < size:
        store.load_run(synth.stage_run(store, run_number))
        run_number += 1
    with duckdb.connect(str(store.db_path)) as con:
        for sql in SPREAD_SQL:
            con.execute(sql)


def timed_report(root: Path, output: Path) -> float:
    """Wall seconds of ``newswh report`` in a fresh process."""
    started = time.perf_counter()
    command = [Path(sys.executable).with_name("newswh"), "report", "-w", root, "-o", output]
    subprocess.run([str(part) for part in command], check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, action="append", help="articles in the warehouse (repeatable)")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="report-scaling-") as workdir:
        for size in args.size or [1_000, 10_000]:
            root, output = Path(workdir) / f"wh-{size}", Path(workdir) / f"report-{size}.html"
            print(f"building a warehouse of {size:,} articles ...", flush=True)
            build(root, size)
            seconds = timed_report(root, output)
            rows.append((size, seconds, output.stat().st_size))
    print()
    print(f"{'articles':>10} {'report s':>9} {'report MB':>10}")
    for size, seconds, size_bytes in rows:
        print(f"{size:>10,} {seconds:>9.2f} {size_bytes / 1e6:>10.2f}")


if __name__ == "__main__":
    main()
