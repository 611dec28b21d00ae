"""The shorter forms a name may be written as, and a person's canonical spelling.

``surname_keys`` ("Ana Garcia Lopez" -> "Garcia Lopez", "Lopez"), ``acronym_keys`` ("Harbor Safety Board" ->
"HSB"), ``is_acronym`` and ``canonical_person_name`` ("Donald J. Trump" -> "Donald Trump"). Kept apart because
both the resolution within an article and the linking across articles (``transforms.linking``,
``flows.linking``) look names up by these keys, and must agree.
"""

from __future__ import annotations

import re

from transforms.entities.cleaning import RE_DOTTED_ACRONYM
from transforms.entities.rules import ENTITY_RULES, EntityRules, _initials_key

RE_ACRONYM = re.compile(r"[A-Z][A-Z&]{1,7}$")


# Undotted national prefixes an acronym may leave out ("US Harbor Safety Board" is also "HSB"); dotted ones
# ("U.S.") are recognised by RE_DOTTED_ACRONYM.
NATIONAL_PREFIXES = frozenset(["US", "UK", "UN", "EU"])


# A middle initial inside a person's name: "J", "J." or dotted letters "H.W." / "H. W." (one token each).
RE_MIDDLE_INITIAL = re.compile(r"[A-Z]\.?|(?:[A-Z]\.){2,3}")


def _strip_suffix(words: tuple[str, ...], rules: EntityRules) -> tuple[tuple[str, ...], str]:
    """Split a generational suffix off a person's name words: ("Donald", "Trump", "Jr.") -> (.., "jr")."""
    if len(words) > 1 and words[-1].lower().rstrip(",") in rules.name_suffixes:
        return words[:-1], words[-1].lower().rstrip(".")
    if len(words) > 2 and words[-2].endswith(",") and words[-1].lower() in rules.name_suffixes:
        return words[:-1], words[-1].lower().rstrip(".")
    return words, ""


def _initials(words: tuple[str, ...], rules: EntityRules) -> str:
    """The acronym a name spells: first letters of its significant words ("Customs and Border Protection" = CBP)."""
    letters = []
    for word in words:
        if word.lower() in rules.acronym_stopwords:
            continue
        if RE_DOTTED_ACRONYM.match(word):
            letters.append(word.replace(".", "").upper())
            continue
        for piece in word.split("-"):
            if piece[:1].isalpha():
                letters.append(piece[0].upper())
    return "".join(letters)


def _acronym_of(key: str) -> str:
    """The acronym a form is ("ICE", "U.S." -> "US"), or "" when it is not one."""
    if " " in key:
        return ""
    bare = key.replace(".", "")
    return bare if RE_ACRONYM.match(bare) and bare.isupper() else ""


def is_acronym(name: str) -> bool:
    """Whether a name is written as an acronym ("ICE", "U.S."): the cross-article linker's lone names."""
    return bool(_acronym_of(name))


def surname_keys(name: str, rules: EntityRules = ENTITY_RULES) -> tuple[str, ...]:
    """The shorter forms a person's full name may be written as alone: its trailing words, longest first.

    "Ana Garcia Lopez" -> ("Garcia Lopez", "Lopez"), "Hal Brandt Jr." -> ("Brandt",), "Lopez" -> (). Within an
    article a surname joins the full name it ends; the cross-article linker looks names up the same way.
    """
    words, _ = _strip_suffix(tuple(name.split()), rules)
    return tuple(" ".join(words[cut:]) for cut in range(1, len(words)))


def acronym_keys(name: str, rules: EntityRules = ENTITY_RULES) -> tuple[str, ...]:
    """The acronyms a multi-word name (not a person's) may be written as: its initials ("Harbor Safety Board" ->
    ("HSB",)), and after a national prefix also without it ("U.S. Harbor Safety Board" -> ("USHSB", "HSB")).
    """
    words = tuple(name.split())
    if len(words) < 2:
        return ()
    spelled = _initials(words, rules)
    if len(spelled) < 2:
        return ()
    if RE_DOTTED_ACRONYM.match(words[0]) or words[0] in NATIONAL_PREFIXES:
        rest = _initials(words[1:], rules)
        if len(rest) >= 2:
            return spelled, rest
    return (spelled,)


def canonical_person_name(name: str, *, rules: EntityRules = ENTITY_RULES) -> str:
    """The canonical spelling of a person's name, the same whatever form an article used.

    "Donald J. Trump" -> "Donald Trump", "Maria L. Ortega" -> "Maria Ortega", "E. J. Dionne" -> "E.J. Dionne",
    "Robert Casey, Jr." -> "Robert Casey Jr.".

    Notes:
        Single-letter middle initials are dropped (a first initial stays: "J. Christopher Stevens"), except
        for the people listed in ``entity_known_initials.csv`` ("George W. Bush" vs "George H. W. Bush"),
        who get that file's spelling. Full middle names stay ("Hillary Rodham Clinton"): use an alias to
        merge those.
    """
    words = tuple(name.split())
    key = _initials_key(words, rules.name_suffixes)
    if key is not None and key in rules.known_initials:
        return rules.known_initials[key]
    suffix = ""
    if len(words) > 2 and words[-1].lower().rstrip(".") in rules.name_suffixes:
        bare = words[-1].rstrip(".")
        suffix = bare.upper() if bare.lower() in {"ii", "iii", "iv", "v"} else bare.capitalize() + "."
        words = words[:-1]
    words = (*words[:-1], words[-1].rstrip(",")) if words else words
    if len(words) >= 3 and not RE_MIDDLE_INITIAL.fullmatch(words[0]):
        words = (words[0], *(word for word in words[1:-1] if not RE_MIDDLE_INITIAL.fullmatch(word)), words[-1])
    # Leading initials written apart ("E. J.") are written together ("E.J."), as most newsrooms do.
    lead = 0
    while lead < len(words) - 1 and re.fullmatch(r"[A-Z]\.", words[lead]):
        lead += 1
    if lead > 1:
        words = ("".join(words[:lead]), *words[lead:])
    return " ".join((*words, suffix) if suffix else words)
