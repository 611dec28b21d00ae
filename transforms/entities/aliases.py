"""User aliases: ``EntityAliases``, the names a user merges by hand (parsed from their CSV by ``extract.aliases``).

What string rules cannot merge ("Hillary Rodham Clinton", "NYT") a user merges here. Kept apart from the
rules so the flows that read and record a run's aliases (``flows.inputs``, ``flows.runs``) need nothing else;
``alias_key`` is also the comparison form of ``entity_possessive_names.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

RE_QUOTE_CHARS = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


@dataclass(frozen=True)
class EntityAliases:
    """User-supplied aliases: a name as written (or as resolved) -> the canonical (name, type) to use instead.

    Build it with ``extract.aliases.parse_aliases``; pass it with ``extract_entities(..., aliases=...)`` or
    ``ENTITY_RULES.with_aliases(...)``. Matching is case-insensitive, on the cleaned name with straight
    quotes and single spaces.

    Attributes:
        entries: (alias, canonical_name, type) rows, in file order, chains already followed.
    """

    entries: tuple[tuple[str, str, str], ...] = ()
    _by_key: dict[str, tuple[str, str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_key = {alias_key(alias): (name, entity_type) for alias, name, entity_type in self.entries}
        object.__setattr__(self, "_by_key", by_key)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def lookup(self, name: str) -> tuple[str, str] | None:
        """The (canonical_name, type) a name is an alias of, or None."""
        return self._by_key.get(alias_key(name))


def alias_key(name: str) -> str:
    """The comparison form of an alias: casefolded, straight quotes and dashes, single spaces."""
    return " ".join(name.translate(RE_QUOTE_CHARS).split()).casefold()
