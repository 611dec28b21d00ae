"""How ``newswh run`` shows a run's progress: a bar on a terminal, plain lines otherwise."""

import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

import click
from prefect.logging.handlers import PrefectConsoleHandler
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
from rich.progress import Progress as Bar

from flows.progress import Progress, listening

PLAIN_LINE_SECONDS = 10.0
"""Plain progress lines come at each step of a run and at most this often while it reads."""
CONSOLE_LEVEL_VARIABLE = "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"
"""Prefect's setting of its console log level, read by each process when it starts."""


@contextmanager
def progress_shown(*, plain: bool) -> Iterator[None]:
    """Show the progress of the runs started inside this block: a bar, or (``plain``) lines on stderr."""
    if plain:
        with listening(PlainLines()):
            yield
        return
    bar = Bar(
        TextColumn("{task.description:<15}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[detail]:<16}"),
        TimeRemainingColumn(),
        transient=True,
    )
    files = bar.add_task("files read", total=None, detail="")
    batches = bar.add_task("batches loaded", total=None, detail="")

    def show(progress: Progress) -> None:
        detail = f"{progress.articles_parsed:,} articles"
        bar.update(files, completed=progress.files_read, total=progress.files_total, detail=detail)
        bar.update(
            batches, completed=progress.batches_staged, total=progress.batches_planned or None, detail=progress.step
        )

    with console_warnings_only(bar.console), bar, listening(show):
        yield


class PlainLines:
    """Progress as lines on stderr: one at each step, and at most every ``PLAIN_LINE_SECONDS`` within one."""

    def __init__(self) -> None:
        self.step = ""
        self.last = 0.0

    def __call__(self, progress: Progress) -> None:
        now = time.monotonic()
        if progress.step != self.step or now - self.last >= PLAIN_LINE_SECONDS:
            click.echo(f"progress: {progress.describe()}", err=True)
            self.step, self.last = progress.step, now


@contextmanager
def console_warnings_only(console: Console) -> Iterator[None]:
    """Print only Prefect's warnings and errors on the terminal, on ``console`` (above the bar), for the block.

    Info lines, a few per batch, would push the bar up the screen line by line; worker processes,
    which write to the terminal themselves, read the level from the environment when they start.
    Every line still goes to the Prefect API and its UI.
    """
    handlers = [handler for handler in logging.getLogger().handlers if isinstance(handler, PrefectConsoleHandler)]
    saved = [(handler, handler.level, handler.console) for handler in handlers]
    level_before = os.environ.get(CONSOLE_LEVEL_VARIABLE)
    os.environ[CONSOLE_LEVEL_VARIABLE] = "WARNING"
    for handler in handlers:
        handler.setLevel(logging.WARNING)
        handler.console = console
    try:
        yield
    finally:
        for handler, level, handler_console in saved:
            handler.setLevel(level)
            handler.console = handler_console
        if level_before is None:
            del os.environ[CONSOLE_LEVEL_VARIABLE]
        else:
            os.environ[CONSOLE_LEVEL_VARIABLE] = level_before
