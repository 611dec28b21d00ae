"""The Prefect API of a command: a temporary server started as the command begins, or the configured one."""

import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from flows.api import ApiError, ConfiguredApi, TemporaryApi, free_port, prefect_api
from warehouse import Warehouse

BIN = Path(sys.executable).parent
ARTICLE = (
    "The ferry to Gull Island resumed service on Monday after a two-week repair. “We expect 400 passengers "
    "a day,” said Ines Varga, the operator's manager.\n"
)


def without_a_server(tmp_path: Path) -> dict[str, str]:
    """The environment of a user who configured no Prefect server (and has no profile naming one)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_")}
    return {**env, "PREFECT_HOME": str(tmp_path / "prefect-home"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}


def test_a_run_without_a_server_starts_a_temporary_api_and_stops_it(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "ferry.txt").write_text(ARTICLE, encoding="utf-8")
    command = [str(BIN / "newswh"), "run", str(inbox), "--warehouse", str(tmp_path / "wh"), "--workers", "1"]
    result = subprocess.run(command, env=without_a_server(tmp_path), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "articles new          1" in result.stdout
    assert "Error logging to API" not in result.stderr + result.stdout  # logs reached the API before it stopped
    assert Warehouse(tmp_path / "wh").query("SELECT count(*) FROM quotes").rows[0][0] >= 1
    port = re.search(r"http://127\.0\.0\.1:(\d+)/runs/flow-run/", result.stderr + result.stdout).group(1)
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2)


def test_a_configured_server_is_used_and_nothing_is_started(prefect_harness):
    with prefect_api() as api:
        assert isinstance(api, ConfiguredApi)
        api.wait_until_ready()


def test_a_temporary_api_that_exits_is_an_error_not_a_wait():
    exited = subprocess.Popen([sys.executable, "-c", "raise SystemExit(2)"])
    api = TemporaryApi(process=exited, port=free_port())
    with pytest.raises(ApiError, match="exited with code 2"):
        api.wait_until_ready()
