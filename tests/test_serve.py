"""Scheduling on a real local Prefect server: `newswh serve` picks up files dropped into an inbox."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from prefect import get_client
from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterName, LogFilter, LogFilterFlowRunId
from prefect.client.schemas.objects import FlowRun
from prefect.settings import PREFECT_API_URL, temporary_settings

from flows.etl import DEFAULT_MODEL, SKIPPED
from warehouse import Warehouse, WarehouseError

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds:.0f} s waiting for {what}")
        time.sleep(1)


def server_is_up(url: str) -> bool:
    try:
        return httpx.get(f"{url}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@contextlib.contextmanager
def background(command: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """A command in its own process group, ended with the whole group (Prefect starts children)."""
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            yield process
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory) -> Iterator[dict[str, str]]:
    """A real Prefect server on loopback with its own home; yields the environment that points at it."""
    home = tmp_path_factory.mktemp("prefect-home")
    url = f"http://127.0.0.1:{free_port()}/api"
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_API_URL": url, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    port = url.split(":")[2].split("/")[0]
    command = [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", port]
    with background(command, env, home / "server.log"):
        wait_for(lambda: server_is_up(url), seconds=120, what=f"the Prefect server at {url}")
        yield env


def finished_runs(server: dict[str, str], deployment: str) -> list[FlowRun]:
    """The flow runs of the deployment ``etl/<deployment>`` that have ended, oldest first."""
    with (
        temporary_settings(updates={PREFECT_API_URL: server["PREFECT_API_URL"]}),
        get_client(sync_client=True) as client,
    ):
        runs = client.read_flow_runs(deployment_filter=DeploymentFilter(name=DeploymentFilterName(any_=[deployment])))
    return sorted((run for run in runs if run.state and run.state.is_final()), key=lambda run: run.expected_start_time)


def logged(server: dict[str, str], flow_run: FlowRun) -> list[str]:
    """The messages a flow run logged."""
    with (
        temporary_settings(updates={PREFECT_API_URL: server["PREFECT_API_URL"]}),
        get_client(sync_client=True) as client,
    ):
        logs = client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run.id])))
    return [log.message for log in logs]


def articles_loaded(store: Warehouse) -> int:
    try:
        return store.query("SELECT count(*) FROM articles").rows[0][0] if store.exists() else 0
    except WarehouseError:
        return 0


def test_served_flow_loads_files_dropped_into_the_inbox(prefect_server, tmp_path):
    inbox, store = tmp_path / "inbox", Warehouse(tmp_path / "wh")
    inbox.mkdir()
    command = [str(BIN / "newswh"), "serve", str(inbox), "--warehouse", str(store.root), "--interval", "5"]
    with background(command, prefect_server, tmp_path / "serve.log"):
        (inbox / "ferry.txt").write_text(
            "“The ferry will run twice a day from Monday,” said harbour master Ines Varga.", encoding="utf-8"
        )
        wait_for(lambda: articles_loaded(store) == 1, seconds=180, what="the first file to be loaded")
        (inbox / "more.jsonl").write_text(
            '{"text": "The county bought 2 new ferries for $3 million, officials said."}\n'
            '{"text": "Ines Varga said 300 passengers rode the first day."}\n',
            encoding="utf-8",
        )
        wait_for(lambda: articles_loaded(store) == 3, seconds=180, what="the second file to be loaded")
        ticks = len(finished_runs(prefect_server, "inbox"))
        wait_for(lambda: len(finished_runs(prefect_server, "inbox")) >= ticks + 2, seconds=120, what="two idle runs")
    assert store.query("SELECT speaker FROM quotes WHERE kind = 'direct'").rows == [("Ines Varga",)]
    # the idle runs (the first, on the empty inbox, and those since) wrote nothing: two loads, two runs
    assert store.query("SELECT count(*) FROM runs").rows == [(2,)]
    assert store.query("SELECT count(*) FROM rejected_inputs").rows == [(0,)]
    assert len(list((store.root / "parquet" / "runs").glob("run-*.parquet"))) == 2
    assert all(run.state.is_completed() for run in finished_runs(prefect_server, "inbox"))


def test_serve_runs_at_once_and_a_run_meeting_another_writer_is_skipped(prefect_server, tmp_path):
    inbox, store = tmp_path / "inbox", Warehouse(tmp_path / "wh")
    inbox.mkdir()
    (inbox / "ferry.txt").write_text("Harbour master Ines Varga said the ferry runs twice a day.", encoding="utf-8")
    command = [
        str(BIN / "newswh"), "serve", str(inbox), "--warehouse", str(store.root), "--interval", "3600",
        "--name", "busy", "--batch-size", "7", "--workers", "1",
    ]  # fmt: skip
    with store.writer_lock(), background(command, prefect_server, tmp_path / "serve.log"):  # as a manual run would
        # an hour's interval: a run within minutes is the one made at start
        wait_for(lambda: finished_runs(prefect_server, "busy"), seconds=180, what="the run at start")
        (run,) = finished_runs(prefect_server, "busy")
        assert run.state.is_completed() and run.state.name == SKIPPED
        assert run.state.message.startswith(f"busy: another run (run by pid {os.getpid()} since ")
        wait_for(lambda: run.state.message in logged(prefect_server, run), seconds=60, what="the busy line logged")
    assert not store.exists()
    assert (run.parameters["batch_size"], run.parameters["workers"]) == (7, 1)  # run's options, passed through
    assert {f"warehouse:{store.root.resolve()}", f"model:{DEFAULT_MODEL}"} <= set(run.tags)


def test_serve_without_a_server_says_how_to_start_one(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_")}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")  # no profile that names a server either
    command = [str(BIN / "newswh"), "serve", str(tmp_path), "--warehouse", str(tmp_path / "wh"), "--interval", "60"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "prefect server start" in result.stderr and "PREFECT_API_URL" in result.stderr
    assert "Traceback" not in result.stderr
