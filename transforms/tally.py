"""Counters that add up: per-batch counts summed into a run's, per-article scores into a corpus's."""

from dataclasses import fields
from typing import Self


class Tally:
    """Mixin for a dataclass whose fields all support ``+`` (counts, lists of examples)."""

    def add(self, other: Self) -> None:
        """Add ``other``'s fields into this one's."""
        for counter in fields(self):
            setattr(self, counter.name, getattr(self, counter.name) + getattr(other, counter.name))
