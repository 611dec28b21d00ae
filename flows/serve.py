"""Serving the ETL flow on a schedule over an inbox folder (``newswh serve``)."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from prefect import serve
from prefect.deployments import run_deployment
from prefect.settings import get_current_settings

from flows.etl import etl

SERVER_HELP = (
    "Start one in another terminal:\n"
    "    prefect server start\n"
    "then point newswh at it and run this again:\n"
    "    export PREFECT_API_URL=http://127.0.0.1:4200/api"
)


class ServerError(RuntimeError):
    """No Prefect server to keep the schedule: the message says how to start one."""


def check_server() -> str:
    """The configured Prefect API URL, after checking that a server answers there."""
    url = get_current_settings().api.url
    if not url:
        raise ServerError(
            f"scheduled runs need a Prefect server, and none is configured (PREFECT_API_URL).\n{SERVER_HELP}"
        )
    try:
        httpx.get(f"{url.rstrip('/')}/health", timeout=5).raise_for_status()
    except httpx.HTTPError as error:
        raise ServerError(f"no Prefect server answers at {url} ({error}).\n{SERVER_HELP}") from error
    return url


def serve_inbox(
    inbox: Path,
    *,
    warehouse: Path,
    parameters: dict[str, Any],
    cron: str | None = None,
    interval: float | None = None,
    name: str = "inbox",
) -> None:
    """Serve ``etl`` over ``inbox``: one run at once, then on a cron or interval schedule, until interrupted.

    ``parameters`` are the flow's other parameters (``model``, ``metadata``, ...). Runs never
    overlap (a run that outlasts the interval delays the next), and each only reads the files the
    warehouse's ledger has not seen.
    """
    check_server()
    deployment = etl.to_deployment(
        name=name,
        cron=cron,
        interval=timedelta(seconds=interval) if interval else None,
        parameters={"inputs": [str(inbox.resolve())], "warehouse": str(warehouse.resolve()), **parameters},
        description=f"news-warehouse: load new articles from {inbox} into {warehouse}",
    )
    # a schedule's first run comes a whole interval (or cron period) after it starts: run once now
    run_deployment(deployment.apply(), timeout=0)
    serve(deployment, limit=1)
