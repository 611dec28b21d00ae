"""Rule data for the extractors, as small CSV files beside this module, read once at import.

Every file is declared in ``RULE_FILES``: its columns and the values each may hold. A file that
does not match its declaration (another header, a missing or empty cell, a value not allowed, a
number that is not one) fails loudly when it is read, naming the file and the line.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

RULES_DIR = Path(__file__).parent


@dataclass(frozen=True)
class RuleColumn:
    """A column of a rule file: any non-empty text, one of ``allowed`` (several, space-separated, when
    ``several``), or a number."""

    name: str
    allowed: frozenset[str] = frozenset()
    several: bool = False
    number: bool = False


def _text(*names: str) -> tuple[RuleColumn, ...]:
    return tuple(RuleColumn(name) for name in names)


def _one_of(name: str, *allowed: str, several: bool = False) -> RuleColumn:
    return RuleColumn(name, frozenset(allowed), several=several)


CUE_TYPES = ("speech", "thought", "stance", "other")
"""What an attribution's cue says the source did: spoke or wrote, thought, took a stand, or something else."""

RULE_FILES: dict[str, tuple[RuleColumn, ...]] = {
    "entity_generic_words.csv": _text("word"),
    "entity_known_initials.csv": _text("name"),
    "entity_nicknames.csv": _text("nickname", "name"),
    "entity_places.csv": _text("place"),
    "entity_possessive_heads.csv": _text("word"),
    "entity_possessive_names.csv": _text("name"),
    "entity_titles.csv": _text("title"),
    "number_currencies.csv": (
        *_text("alias", "iso"),
        _one_of("position", "prefix", "suffix"),
        RuleColumn("factor", number=True),
    ),
    "number_hedges.csv": (*_text("phrase"), _one_of("position", "before", "after")),
    "number_units.csv": _text("alias", "unit"),
    "number_words.csv": (
        *_text("word"),
        RuleColumn("value", number=True),
        _one_of("role", "unit", "tens", "scale", "plural"),
    ),
    "quote_cues.csv": (
        *_text("cue"),
        _one_of("cue_type", *CUE_TYPES),
        _one_of(
            "frames", "quote", "clause", "object", "infinitive", "preposition", "noun", "noun_preposition", several=True
        ),
    ),
    "quote_first_names.csv": (*_text("name"), _one_of("gender", "f", "m")),
    "quote_given_names.csv": (*_text("name"), _one_of("gender", "f", "m")),
    "quote_title_words.csv": (*_text("word"), _one_of("kind", "noun", "verb")),
    "quote_world_names.csv": (*_text("name"), _one_of("gender", "f", "m")),
    "search_stopwords.csv": _text("word"),
}
"""Every rule file and its columns."""


class RuleFileError(ValueError):
    """A rule file does not match its declaration in ``RULE_FILES``."""


def read_rule_csv(name: str, rules_dir: Path = RULES_DIR) -> list[dict[str, str]]:
    """Rows of one rule CSV, keyed by its header, checked against ``RULE_FILES``.

    Blank lines and '#' comment lines are skipped; cells are stripped.

    Raises:
        RuleFileError: naming the file and line, when the file is undeclared or a row breaks its declaration.
    """
    path = rules_dir / name
    if name not in RULE_FILES:
        raise RuleFileError(f"{path}: not a declared rule file (transforms.rules.RULE_FILES)")
    declared = RULE_FILES[name]
    rows = numbered_csv_rows(path.read_text(encoding="utf-8"))
    if not rows:
        raise RuleFileError(f"{path}: empty, expected the header {','.join(column.name for column in declared)}")
    (header_line, header), body = rows[0], rows[1:]
    if header != [column.name for column in declared]:
        expected = ",".join(column.name for column in declared)
        raise RuleFileError(f"{path}, line {header_line}: header {','.join(header)!r}, expected {expected!r}")
    for number, cells in body:
        _check_row(path, number, declared, cells)
    return [dict(zip(header, cells, strict=True)) for _, cells in body]


def numbered_csv_rows(text: str) -> list[tuple[int, list[str]]]:
    """(line number, stripped cells) of each record of a one-record-per-line CSV; blank and '#' lines skipped.

    Rule files and the user's aliases file are read this way, so their errors can name the line.
    """
    return [
        (number, [cell.strip() for cell in next(csv.reader([line]))])
        for number, line in enumerate(text.lstrip("\ufeff").splitlines(), 1)
        if line.strip() and not line.lstrip().startswith("#")
    ]


def _check_row(path: Path, number: int, declared: tuple[RuleColumn, ...], cells: list[str]) -> None:
    where = f"{path}, line {number}"
    if len(cells) != len(declared):
        raise RuleFileError(f"{where}: {len(cells)} cells, expected {len(declared)}")
    for column, cell in zip(declared, cells, strict=True):
        if not cell:
            raise RuleFileError(f"{where}: empty {column.name}")
        if column.number:
            try:
                float(cell)
            except ValueError:
                raise RuleFileError(f"{where}: {column.name} {cell!r} is not a number") from None
        values = cell.split() if column.several else [cell]
        if column.allowed and (bad := [value for value in values if value not in column.allowed]):
            allowed = ", ".join(sorted(column.allowed))
            raise RuleFileError(f"{where}: {column.name} {bad[0]!r} is not one of {allowed}")
