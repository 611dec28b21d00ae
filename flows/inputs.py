"""Finding and reading input files: the only file reading the flow does before the warehouse."""

import glob
from dataclasses import dataclass
from pathlib import Path

from transforms.entities import ALIAS_HEADER, EntityAliases, parse_aliases
from transforms.formats import RejectedInput
from transforms.metadata import ArticleMetadata, parse_manifest

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
        path = Path(pattern)
        if GLOB_CHARACTERS & set(pattern):
            matches = [Path(m) for m in glob.glob(pattern, recursive=True)]
            candidates = [m for m in matches if m.is_file() and has_suffix(m, suffixes)]
            candidates += [f for m in matches if m.is_dir() for f in files_below(m, suffixes)]
        elif path.is_dir():
            candidates = files_below(path, suffixes)
        elif path.is_file():
            candidates = [path]
        else:
            candidates = []
        if not candidates and not path.is_dir():  # an existing folder without articles is an empty inbox
            missing.append(
                RejectedInput(source=pattern, reason="no such file, or no article files in that folder or glob")
            )
        for candidate in candidates:
            found.setdefault(candidate.resolve(), candidate)
    return sorted(found.values()), missing


def unmatched_inputs(patterns: list[str]) -> list[str]:
    """The paths and globs that name nothing at all: no such file or folder, or a glob matching nothing."""
    return [
        pattern
        for pattern in patterns
        if not (glob.glob(pattern, recursive=True) if GLOB_CHARACTERS & set(pattern) else Path(pattern).exists())
    ]


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


def aliases_from_lines(lines: list[str]) -> EntityAliases:
    """Aliases stored by a run (``runs.aliases``: CSV lines without the header), parsed."""
    return parse_aliases("\n".join([",".join(ALIAS_HEADER), *lines]))


def read_aliases(path: str) -> EntityAliases:
    """The user's aliases CSV (``alias,canonical_name,type``), parsed."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read the aliases file {path}: {error}") from error
    try:
        return parse_aliases(text)
    except ValueError as error:
        raise InputError(f"aliases file {path}: {error}") from error


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
    manifest_path = Path(path)
    try:
        text = manifest_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read the metadata file {path}: {error}") from error
    try:
        rows = parse_manifest(text)
    except ValueError as error:
        raise InputError(f"metadata file {path}: {error}") from error
    folder = manifest_path.parent
    by_file: dict[Path, ArticleMetadata] = {}
    unmatched = []
    for row in rows:
        pattern = row.file if Path(row.file).is_absolute() else str(folder / row.file)
        if GLOB_CHARACTERS & set(row.file):
            matches = [Path(match) for match in glob.glob(pattern, recursive=True)]
        else:
            matches = [Path(pattern)]
        files = [match.resolve() for match in matches if match.is_file()]
        if not files:
            unmatched.append(row.line)
        for file in files:
            by_file[file] = row.metadata.over(by_file.get(file, ArticleMetadata()))
    return Manifest(by_file=by_file, unmatched_lines=unmatched)
