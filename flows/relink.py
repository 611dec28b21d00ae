"""``newswh relink``: resolve every article's names again from the stored mentions, and link them across articles.

Not a Prefect flow: it runs no model and no workers, so it finishes in seconds instead of waiting
for a Prefect API to start. It is one load, like a run: all of it takes effect or none.
"""

from dataclasses import asdict
from datetime import UTC, datetime

from flows.inputs import aliases_from_lines, read_aliases
from flows.linking import link_entities
from flows.runs import RunCounts, new_run_id, run_row
from schemas import RUNS, to_arrow
from warehouse import Warehouse, WarehouseError


def relink(warehouse: str, aliases: str | None = None) -> dict:
    """Re-resolve and re-link the entities of every article of ``warehouse``; returns the run's summary.

    ``aliases`` (a CSV ``alias,canonical_name,type``) replaces the aliases in force (those of the
    latest run given any); without it they stay. Raises ``WarehouseError`` when there is no
    warehouse or another run holds it, ``InputError`` for a bad aliases file.
    """
    store = Warehouse(warehouse)
    if not store.exists():
        raise WarehouseError(f"no warehouse at {warehouse}: load one first with `newswh run INPUTS -w {warehouse}`")
    given = read_aliases(aliases) if aliases else None
    with store.writer_lock():
        store.recover()
        in_force = given if given is not None else aliases_from_lines(store.aliases_in_force())
        started_at = datetime.now(UTC)
        run_id = new_run_id(started_at)
        try:
            store.stage_missing_tables(run_id)
            linked = link_entities(store, run_id, everything=True, reresolve=True, aliases=in_force)
            counts = RunCounts(mentions_linked=linked.mentions_linked)
            model = store.query("SELECT max_by(model, run_id) FROM runs").rows[0][0]
            row = run_row(run_id, started_at, inputs=[], model=model, counts=counts, aliases=given)
            store.stage(run_id, {RUNS.name: to_arrow(RUNS, [row])})
            store.load_run(run_id)
        except BaseException:
            store.discard_run(run_id)
            raise
    return {"run_id": run_id, **asdict(counts), "seconds": (datetime.now(UTC) - started_at).total_seconds()}
