"""Scaling out: NLP on a Dask cluster or a local process pool gives the same warehouse as one process, row for row."""

from collections import Counter
from pathlib import Path
from uuid import UUID

from distributed import Client, LocalCluster, get_task_stream
from prefect import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId, TaskRunFilter, TaskRunFilterName

from flows.etl import etl
from schemas import TABLES
from warehouse import Warehouse

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
"""Thirteen articles we wrote ourselves, in every input format; both runs of a test read this same folder."""

RUN_SPECIFIC = frozenset({"run_id", "ingested_at", "started_at", "finished_at"})
"""Columns that differ between two runs of the same inputs by design: the run's id and clock."""

SHOWN = 5
"""Differing rows shown per table in a failure message."""


def hashable(value: object) -> object:
    """A cell that can be counted: lists (authors, inputs) become tuples."""
    return tuple(hashable(item) for item in value) if isinstance(value, list) else value


def compared_columns(name: str) -> list[str]:
    """The columns of table ``name`` that two runs of the same inputs must agree on."""
    return [column for column in TABLES[name].columns if column not in RUN_SPECIFIC]


def read_tables(root: Path) -> dict[str, list[tuple]]:
    """Every table of the warehouse at ``root`` as sorted rows, without the run-specific columns."""
    store = Warehouse(root)
    tables = {}
    for name in TABLES:
        quoted = ", ".join(f'"{column}"' for column in compared_columns(name))
        rows = store.query(f"SELECT {quoted} FROM {name} ORDER BY ALL").rows
        tables[name] = [tuple(hashable(cell) for cell in row) for row in rows]
    return tables


def assert_same_warehouse(first: Path, second: Path) -> None:
    """Assert the two warehouses hold the same rows in every table, naming the rows that differ."""
    left, right = read_tables(first), read_tables(second)
    problems = []
    for name in TABLES:
        only_left = Counter(left[name]) - Counter(right[name])
        only_right = Counter(right[name]) - Counter(left[name])
        if only_left or only_right:
            problems.append(
                f"{name}: {len(left[name])} rows in {first.name}, {len(right[name])} in {second.name}\n"
                f"  columns: {compared_columns(name)}\n"
                f"  only in {first.name}: {list(only_left.elements())[:SHOWN]}\n"
                f"  only in {second.name}: {list(only_right.elements())[:SHOWN]}"
            )
    assert not problems, "warehouses differ:\n" + "\n".join(problems)


def assert_loaded_everything(root: Path) -> None:
    """Guard against two equally empty warehouses: the examples give rows in every extracted table."""
    counts = Warehouse(root).row_counts()
    assert counts["articles"] >= 12, counts
    for name in ("entities", "entity_mentions", "quotes", "numbers"):
        assert counts[name] > 0, counts


def transform_task_states(flow_run_id: UUID) -> list[str]:
    """The state of each ``transform_batch`` task run the Prefect API recorded for the flow run."""
    with get_client(sync_client=True) as client:
        task_runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])),
            task_run_filter=TaskRunFilter(name=TaskRunFilterName(like_="transform_batch")),
        )
    return [task_run.state.type.value for task_run in task_runs]


def test_dask_cluster_run_equals_a_local_run(prefect_harness, tmp_path):
    on_dask, local = tmp_path / "on_dask", tmp_path / "local"
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
        Client(cluster, set_as_default=False) as client,
    ):
        with get_task_stream(client) as stream:
            state = etl(
                inputs=[str(EXAMPLES)],
                warehouse=str(on_dask),
                dask_address=cluster.scheduler_address,
                batch_size=2,
                return_state=True,
            )
        worker_addresses = set(cluster.scheduler_info["workers"])
    etl(inputs=[str(EXAMPLES)], warehouse=str(local), workers=1)

    assert_loaded_everything(on_dask)
    assert_same_warehouse(on_dask, local)
    summary = state.result()
    transforms = [item for item in stream.data if item["key"].startswith("transform_batch")]
    english = summary["articles_new"] - summary["articles_not_english"]
    assert len(transforms) == -(-english // 2), stream.data  # one task per batch of two articles
    assert {item["worker"] for item in transforms} == worker_addresses  # both cluster workers took batches
    # The workers reported their task runs to the flow's Prefect API (not to an ephemeral server of their own).
    assert transform_task_states(state.state_details.flow_run_id) == ["COMPLETED"] * len(transforms)


def test_process_pool_run_equals_a_single_process_run(prefect_harness, tmp_path):
    pooled, single = tmp_path / "workers_2", tmp_path / "workers_1"
    etl(inputs=[str(EXAMPLES)], warehouse=str(pooled), workers=2, batch_size=2)  # six batches over two processes
    etl(inputs=[str(EXAMPLES)], warehouse=str(single), workers=1)

    assert_loaded_everything(pooled)
    assert_same_warehouse(pooled, single)
