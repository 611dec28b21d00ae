"""What every load records about itself: its id, its counts, and its ``runs`` row (a run of the flow, or a relink)."""

import secrets
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from extract.aliases import alias_lines
from schemas import SCHEMA_VERSION
from transforms.entities import EntityAliases
from transforms.tally import Tally


def new_run_id(started_at: datetime) -> str:
    """A run id that sorts by start time."""
    return started_at.strftime("%Y%m%dT%H%M%S%fZ") + "-" + secrets.token_hex(3)


@dataclass
class RunCounts(Tally):
    """What a run did; becomes the ``runs`` row and the summary."""

    files_read: int = 0
    articles_new: int = 0
    articles_unchanged: int = 0
    articles_replaced: int = 0
    articles_duplicate: int = 0
    articles_not_english: int = 0
    rejected: int = 0
    entity_mentions: int = 0
    quotes: int = 0
    numbers: int = 0
    files_unchanged: int = 0
    articles_related: int = 0
    stories_new: int = 0
    stories_merged: int = 0
    duplicates: int = 0
    shared_quotes: int = 0
    """The five above: what relating the articles did (``flows.coverage.RelationCounts``)."""
    articles_updated: int = 0
    sources_new: int = 0
    mentions_linked: int = 0


def run_row(
    run_id: str,
    started_at: datetime,
    *,
    inputs: list[str],
    model: str,
    counts: RunCounts,
    aliases: EntityAliases | None,
) -> dict:
    """The ``runs`` row of a completed load; ``aliases`` are the ones it was given (None: it was given none)."""
    return {
        "run_id": run_id,
        "started_at": started_at,
        "finished_at": datetime.now(UTC),
        "status": "completed",
        "inputs": inputs,
        "model": model,
        "schema_version": SCHEMA_VERSION,
        **asdict(counts),
        "aliases": alias_lines(aliases) if aliases is not None else None,
    }
