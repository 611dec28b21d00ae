"""Finding and reading input files: the only file reading the flow does before the warehouse."""

import glob
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from extract.aliases import ALIAS_HEADER, parse_aliases
from extract.formats import RejectedInput
from extract.metadata import ArticleMetadata, parse_manifest
from transforms.entities import EntityAliases

T = TypeVar("T")

GLOB_CHARACTERS = frozenset("*?[")
MAX_INPUT_BYTES = 256 * 2**20
"""Largest input file read (256 MiB): a run holds a group of files in memory at once; split bigger exports."""


def find_inputs(patterns: list[str], *, suffixes: frozenset[str]) -> tuple[list[Path], list[RejectedInput]]:
    """Expand files, folders (recursively) and globs into a sorted list of distinct files.

    Inside folders and globs only files whose name ends in one of ``suffixes`` are taken (a README
    beside the articles is not an article); a file named explicitly is always taken, so a wrong
    type gets a clear rejection rather than silence. A path or glob that matches nothing is rejected;
    an existing folder without article files is not (an empty inbox: nothing new).
    """
    found: dict[Path, Path] = {}
    missing: list[RejectedInput] = []
    for pattern in patterns:
        is_glob = bool(GLOB_CHARACTERS & set(pattern))
        named = matches(pattern)
        candidates = [m for m in named if m.is_file() and (not is_glob or has_suffix(m, suffixes))]
        candidates += [f for m in named if m.is_dir() for f in files_below(m, suffixes)]
        # an existing folder named without articles in it is an empty inbox
        if not candidates and (is_glob or not Path(pattern).is_dir()):
            missing.append(
                RejectedInput(source=pattern, reason="no such file, or no article files in that folder or glob")
            )
        for candidate in candidates:
            found.setdefault(candidate.resolve(), candidate)
    return sorted(found.values()), missing


def matches(pattern: str) -> list[Path]:
    """The existing files and folders a path or glob names (none: it names nothing)."""
    if GLOB_CHARACTERS & set(pattern):
        return [Path(match) for match in glob.glob(pattern, recursive=True)]
    path = Path(pattern)
    return [path] if path.exists() else []


def unmatched_inputs(patterns: list[str]) -> list[str]:
    """The paths and globs that name nothing at all: no such file or folder, or a glob matching nothing."""
    return [pattern for pattern in patterns if not matches(pattern)]


def files_below(folder: Path, suffixes: frozenset[str]) -> list[Path]:
    """Article files anywhere below ``folder``, skipping hidden files and folders."""
    return [
        path
        for path in folder.rglob("*")
        if path.is_file()
        and has_suffix(path, suffixes)
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    ]


def has_suffix(path: Path, suffixes: frozenset[str]) -> bool:
    name = path.name.lower()
    return any(name.endswith(suffix) for suffix in suffixes)


def read_input(path: Path, *, max_bytes: int = MAX_INPUT_BYTES) -> bytes | RejectedInput:
    """The file's bytes, or a rejection saying why it could not be read (unreadable, or over ``max_bytes``)."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return RejectedInput(
                source=str(path),
                reason=f"file is {size / 2**20:,.0f} MiB, over the {max_bytes / 2**20:,.0f} MiB limit for one "
                "input file: split it into smaller files",
            )
        return path.read_bytes()
    except OSError as error:
        return RejectedInput(source=str(path), reason=f"cannot read the file: {error.strerror or error}")


class InputError(ValueError):
    """An input the run cannot start without (such as the aliases file) is missing or malformed."""


def aliases_from_lines(lines: list[str] | None) -> EntityAliases | None:
    """Aliases stored by a run (``runs.aliases``: CSV lines without the header), parsed; None for none stored."""
    return None if lines is None else parse_aliases("\n".join([",".join(ALIAS_HEADER), *lines]))


def read_user_file(path: str, what: str, parse: Callable[[str], T]) -> T:
    """A file the user gives (``what``: "aliases file", ...), read and parsed; any problem is an ``InputError``."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read the {what} {path}: {error}") from error
    try:
        return parse(text)
    except ValueError as error:
        raise InputError(f"{what} {path}: {error}") from error


def read_aliases(path: str) -> EntityAliases:
    """The user's aliases CSV (``alias,canonical_name,type``), parsed."""
    return read_user_file(path, "aliases file", parse_aliases)


@dataclass(frozen=True)
class Manifest:
    """A metadata manifest read and matched to files: the metadata given for each file (resolved path)."""

    by_file: dict[Path, ArticleMetadata]
    unmatched_lines: list[int]
    """Lines whose ``file`` names no existing file (a typo, or files not there yet)."""

    def given_for(self, path: Path) -> ArticleMetadata:
        return self.by_file.get(path.resolve(), ArticleMetadata())


def read_manifest(path: str) -> Manifest:
    """The user's metadata manifest (``--metadata FILE.csv``), its ``file`` paths and globs matched to files.

    A relative ``file`` is relative to the manifest's folder (so the manifest can sit beside the
    articles and be used from anywhere). A file named by several rows gets each row's values in
    turn: a later row's value replaces an earlier one's, so general globs go first, single files after.
    """
    rows = read_user_file(path, "metadata file", parse_manifest)
    folder = Path(path).parent
    by_file: dict[Path, ArticleMetadata] = {}
    unmatched = []
    for row in rows:
        pattern = row.file if Path(row.file).is_absolute() else str(folder / row.file)
        files = [match.resolve() for match in matches(pattern) if match.is_file()]
        if not files:
            unmatched.append(row.line)
        for file in files:
            by_file[file] = row.metadata.over(by_file.get(file, ArticleMetadata()))
    return Manifest(by_file=by_file, unmatched_lines=unmatched)
