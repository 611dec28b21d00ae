"""The aliases CSV a user supplies, read into ``EntityAliases`` and written back.

Input parsing, like ``extract.formats``: a bad line is a user's mistake reported with its line number,
before any article is extracted.
"""

from __future__ import annotations

import csv
import io

from transforms.entities.aliases import EntityAliases, alias_key
from transforms.entities.words import KEEP_LABELS
from transforms.rules import numbered_csv_rows

ALIAS_HEADER = ("alias", "canonical_name", "type")


def parse_aliases(csv_text: str) -> EntityAliases:
    """Parse a user's aliases CSV (header ``alias,canonical_name,type``) into an ``EntityAliases``.

    Args:
        csv_text: the file's text. Blank lines and lines starting with "#" are skipped.

    Returns:
        The aliases, chains followed ("NYTimes" -> "NYT" -> "New York Times" gives "New York Times").

    Raises:
        ValueError: naming the line, for a missing or wrong header, a row without exactly three non-empty
            fields, an unknown type (not one of the kept spaCy labels), one alias given two different
            targets, or a cycle of aliases.
    """
    rows = numbered_csv_rows(csv_text)
    if not rows:
        raise ValueError("aliases file is empty: expected the header line 'alias,canonical_name,type'")
    number, header = rows[0]
    if tuple(value.lower() for value in header) != ALIAS_HEADER:
        raise ValueError(f"line {number}: expected the header 'alias,canonical_name,type', got {','.join(header)!r}")
    targets: dict[str, tuple[str, str, str, int]] = {}
    for number, fields in rows[1:]:
        if len(fields) != 3 or not all(fields):
            raise ValueError(
                f"line {number}: expected 3 non-empty fields (alias,canonical_name,type), got {','.join(fields)!r}"
            )
        alias, name, entity_type = fields
        name = " ".join(name.split())
        entity_type = entity_type.upper()
        if entity_type not in KEEP_LABELS:
            expected = ", ".join(sorted(KEEP_LABELS))
            raise ValueError(f"line {number}: unknown type {fields[2]!r}; expected one of {expected}")
        key = alias_key(alias)
        previous = targets.get(key)
        if previous is not None and (alias_key(previous[1]), previous[2]) != (alias_key(name), entity_type):
            raise ValueError(
                f"line {number}: alias {alias!r} already maps to {previous[1]!r} ({previous[2]}) on line {previous[3]}"
            )
        targets.setdefault(key, (alias, name, entity_type, number))
    entries: list[tuple[str, str, str]] = []
    for key, (alias, name, entity_type, number) in targets.items():
        seen = {key}
        while (target := targets.get(next_key := alias_key(name))) is not None:
            name, entity_type = target[1], target[2]
            if alias_key(name) == next_key:
                break  # a fixed point: the alias only fixes the spelling of a canonical name
            if next_key in seen:
                raise ValueError(f"line {number}: aliases form a cycle through {target[0]!r}")
            seen.add(next_key)
        entries.append((alias, name, entity_type))
    return EntityAliases(entries=tuple(entries))


def alias_lines(aliases: EntityAliases) -> list[str]:
    """The aliases as CSV lines (without the header), as ``parse_aliases`` reads them back."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(aliases.entries)
    return buffer.getvalue().splitlines()
