"""Prefect's API for one command: the configured server, else a temporary one, started before anything else.

With no server configured, Prefect starts a temporary API when a flow first calls it: after the
command has imported the pipeline (about 1.8 s) and Prefect's server code (1.5 s), and only then
the server's own start-up (about 4 s). ``prefect_api`` starts the same server (Prefect's own
command for it) as the command begins, so that it boots while the command imports and checks its
inputs; ``wait_until_ready`` is called just before the flow. The server stops when the block ends.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

STARTUP_SECONDS = 60.0
"""How long the temporary server may take to answer (Prefect's own default is 10 s; a busy machine needs more)."""
POLL_SECONDS = 0.1
STOP_SECONDS = 5.0
DRAIN_SECONDS = 5.0
"""How long the logs and events still queued may take to reach the API before it stops."""
SERVER_ENVIRONMENT = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
"""What Prefect gives its temporary server: no UI, no background services."""


class ApiError(RuntimeError):
    """The temporary Prefect API did not start."""


@dataclass
class TemporaryApi:
    """A Prefect API server in a subprocess, for the length of one command."""

    process: subprocess.Popen[bytes]
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def wait_until_ready(self) -> None:
        """Block until the server answers its health check (``ApiError`` if it exits or takes too long)."""
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ApiError(f"the temporary Prefect API exited with code {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=1) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(POLL_SECONDS)
        raise ApiError(f"the temporary Prefect API did not answer within {STARTUP_SECONDS:.0f} s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class ConfiguredApi:
    """A server the user configured (PREFECT_API_URL): nothing to start or wait for."""

    def wait_until_ready(self) -> None:
        return None


@contextmanager
def prefect_api() -> Iterator[TemporaryApi | ConfiguredApi]:
    """The API the command's flow runs report to: the configured one, else a temporary server started now.

    Inside the block, Prefect in this process and in the processes it starts uses the temporary
    server (``PREFECT_API_URL``); call ``wait_until_ready`` before running a flow.
    """
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    if get_current_settings().api.url:
        yield ConfiguredApi()
        return
    api = start_server()
    previous = os.environ.get("PREFECT_API_URL")
    os.environ["PREFECT_API_URL"] = api.url  # for processes the flow starts
    try:
        with temporary_settings(updates={PREFECT_API_URL: api.url}):
            try:
                yield api
            finally:
                drain_to_api()
    finally:
        api.stop()
        if previous is None:
            del os.environ["PREFECT_API_URL"]
        else:
            os.environ["PREFECT_API_URL"] = previous


def drain_to_api() -> None:
    """Send the logs and events still queued in this process to the API, before it stops."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        worker.drain_all(timeout=DRAIN_SECONDS)


def start_server() -> TemporaryApi:
    """Start Prefect's temporary API server (the command Prefect itself runs) on a free port, without waiting."""
    spec = find_spec("prefect")
    if spec is None or spec.origin is None:
        raise ApiError("Prefect is not installed")
    port = free_port()
    command = [
        sys.executable, "-m", "uvicorn", "--app-dir", str(Path(spec.origin).parent.parent),
        "--factory", "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
        "--log-level", "error", "--lifespan", "on",
    ]  # fmt: skip
    process = subprocess.Popen(command, env={**os.environ, **SERVER_ENVIRONMENT})
    return TemporaryApi(process=process, port=port)


def free_port() -> int:
    """A port nothing listens on now (the kernel's choice)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
