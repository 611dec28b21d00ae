"""How far a run has got, for whoever watches it: the flow reports, a listener the caller installs shows.

The flow updates a ``Progress`` after each group of files it reads and each batch it stages, and
keeps a Prefect progress artifact in step for the UI. A caller that wants to show progress (``newswh
run`` draws a bar on a terminal) installs a listener around its call with ``listening``; the flow
never knows how it is shown.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Protocol
from uuid import UUID

from prefect.artifacts import create_progress_artifact, update_progress_artifact


@dataclass(frozen=True)
class Progress:
    """A run's counts so far."""

    files_total: int
    files_read: int = 0
    articles_parsed: int = 0
    """Records of the files read that became articles (new, changed or not)."""
    batches_planned: int = 0
    """Batches the new English articles found so far make (more may follow while files are read)."""
    batches_staged: int = 0
    step: str = "reading"
    """What the run is doing: reading (and analysing), relating, loading, done."""

    @property
    def percent(self) -> float:
        """Files read and batches staged, of the files and the batches known so far (100 when done)."""
        if self.step == "done":
            return 100.0
        known = self.files_total + self.batches_planned
        return 100.0 * (self.files_read + self.batches_staged) / known if known else 0.0

    def describe(self) -> str:
        """One line: 'reading: 200 of 450 files, 1,830 articles, 12 of 14 batches staged'."""
        return (
            f"{self.step}: {self.files_read:,} of {self.files_total:,} files, {self.articles_parsed:,} articles, "
            f"{self.batches_staged:,} of {self.batches_planned:,} batches staged"
        )


class ProgressListener(Protocol):
    def __call__(self, progress: Progress) -> None: ...


_listener: ContextVar[ProgressListener | None] = ContextVar("progress_listener", default=None)


@contextmanager
def listening(listener: ProgressListener) -> Iterator[None]:
    """Send the progress of the runs started inside this block (in this thread) to ``listener``."""
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)


class ProgressReport:
    """A run's progress as it changes: told to the installed listener, and shown in the Prefect UI.

    The progress artifact (``artifact_key``) is created at the first ``publish``: a run that finds
    nothing new publishes none.
    """

    def __init__(self, *, artifact_key: str) -> None:
        self.progress = Progress(files_total=0)
        self.artifact_key = artifact_key
        self.artifact_id: UUID | None = None
        self.listener = _listener.get()

    def update(self, **counts: int) -> None:
        """Set some counts (``files_total=450``) and tell the listener."""
        self._tell(replace(self.progress, **counts))

    def advance(self, **counts: int) -> None:
        """Add to some counts (``batches_staged=1``) and tell the listener."""
        self._tell(replace(self.progress, **{name: getattr(self.progress, name) + n for name, n in counts.items()}))

    def enter(self, step: str) -> None:
        """The run moves on to ``step`` (relating, loading, done)."""
        self._tell(replace(self.progress, step=step))

    def publish(self) -> None:
        """Show the progress in the Prefect UI."""
        if self.artifact_id is None:
            self.artifact_id = create_progress_artifact(
                self.progress.percent, key=self.artifact_key, description=self.progress.describe()
            )
        else:
            update_progress_artifact(self.artifact_id, self.progress.percent, description=self.progress.describe())

    def _tell(self, progress: Progress) -> None:
        self.progress = progress
        if self.listener:
            self.listener(progress)
