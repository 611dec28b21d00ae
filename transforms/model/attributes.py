"""The model's ``attribute_ruler`` as array lookups: the same coarse tags, morphology, lemmas and labels, cheaper.

The stock component runs spaCy's Matcher over every token and sets the attributes of every match
in Python, one token at a time: about 12% of the model's time on news text, though almost every
match is a tag mapped to its coarse tag and morphology. ``AttributeTable`` reads the same rules from
the loaded component and applies them per document with arrays: the leading rules that test the
tag alone become one lookup by tag; each later rule (a word, a dependency or whitespace, with its
tag) is tested on the token arrays, its matches applied in the ruler's order (a later rule wins),
and the results written back in one ``Doc.from_array``. ``tests/test_attribute_table.py`` proves
the two give the same annotations on every token of the corpus and of generated text.
"""

import re
from dataclasses import dataclass

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import StringStore
from spacy.tokens import Doc

READ = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE}
"""The token attributes the rules test, by the names patterns give them."""
WRITTEN = (POS, MORPH, LEMMA, TAG)
"""The attributes the rules set that are written back as arrays (DEP, set only on whitespace, by token)."""


class Tokens:
    """A document's tested attributes as arrays, with the positions of each value (built once per document)."""

    def __init__(self, doc: Doc) -> None:
        read = doc.to_array(list(READ.values()))
        self.columns = {attr: read[:, n] for n, attr in enumerate(READ.values())}
        self.length = len(doc)
        self.strings = doc.vocab.strings
        self._positions: dict[int, dict[int, np.ndarray]] = {}

    def positions(self, attr: int) -> dict[int, np.ndarray]:
        """Value -> the positions of the tokens that have it, for one attribute."""
        if attr not in self._positions:
            column = self.columns[attr]
            order = np.argsort(column, kind="stable")
            values, starts = np.unique(column[order], return_index=True)
            bounds = np.append(starts, len(order))
            self._positions[attr] = {int(value): order[bounds[n] : bounds[n + 1]] for n, value in enumerate(values)}
        return self._positions[attr]


@dataclass(frozen=True)
class AttributeTest:
    """One attribute test of a pattern's token: among some values, not among them, or matching a regex."""

    attr: int
    values: frozenset[int] = frozenset()
    negated: bool = False
    regex: re.Pattern[str] | None = None

    def candidates(self, tokens: Tokens) -> np.ndarray | None:
        """The positions passing this test, or None when only checking every token could tell (a NOT_IN)."""
        if self.negated:
            return None
        by_value = tokens.positions(self.attr)
        if self.regex is not None:
            found = [where for value, where in by_value.items() if self.regex.search(tokens.strings[value])]
        else:
            found = [by_value[value] for value in self.values if value in by_value]
        return np.concatenate(found) if found else np.empty(0, dtype=np.int64)

    def passes(self, tokens: Tokens, positions: np.ndarray) -> np.ndarray:
        """Which of ``positions`` pass this test (a few tokens: tested one by one)."""
        found = tokens.columns[self.attr][positions].tolist()
        if self.regex is not None:
            return np.array([bool(self.regex.search(tokens.strings[value])) for value in found], dtype=bool)
        return np.array([(value in self.values) != self.negated for value in found], dtype=bool)


@dataclass(frozen=True)
class Rule:
    """One of the ruler's later rules: the tests of each token of its pattern, what it sets, and on which token."""

    number: int
    """The ruler's rule it comes from (a rule with several patterns gives one ``Rule`` each)."""
    tokens: list[list[AttributeTest]]
    attrs: dict[int, int]
    """Attribute id -> value, as the ruler normalized them."""
    index: int
    """Which token of a match gets the attributes (negative: from the end)."""

    def targets(self, tokens: Tokens) -> np.ndarray:
        """Positions of the tokens this rule sets."""
        length = len(self.tokens)
        offset, anchor = next(
            (offset, test) for offset, tests in enumerate(self.tokens) for test in tests if not test.negated
        )
        starts = anchor.candidates(tokens) - offset
        starts = starts[(starts >= 0) & (starts <= tokens.length - length)]
        for position, tests in enumerate(self.tokens):
            for test in tests:
                if len(starts) and test is not anchor:
                    starts = starts[test.passes(tokens, starts + position)]
        return np.sort(starts) + (self.index if self.index >= 0 else length + self.index)


class UnsupportedRule(ValueError):
    """A ruler's rule tests something the table does not read (another attribute, an operator)."""


class AttributeTable:
    """Drop-in replacement of a loaded ``AttributeRuler``: the same rules, applied with arrays.

    Raises ``UnsupportedRule`` for a ruler with a rule it cannot apply exactly as the ruler does.
    """

    def __init__(self, ruler: AttributeRuler) -> None:
        patterns = ruler.patterns
        for pattern in patterns:
            _check_supported(pattern)
        strings = ruler.vocab.strings
        leading = 0
        while leading < len(patterns) and _tests_tag_alone(patterns[leading]):
            leading += 1
        self.tag_values: dict[int, dict[int, int]] = {}
        for number in range(leading):
            for tag in _values(patterns[number]["patterns"][0][0]["TAG"]):
                self.tag_values.setdefault(strings.add(tag), {}).update(ruler.attrs[number])
        self.rules = [
            Rule(
                number=number,
                tokens=[_token_tests(token, strings) for token in pattern],
                attrs=dict(ruler.attrs[number]),
                index=ruler.indices[number],
            )
            for number in range(leading, len(patterns))
            for pattern in patterns[number]["patterns"]
        ]

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        tokens = Tokens(doc)
        written = doc.to_array(list(WRITTEN))
        values = {attr: written[:, n].copy() for n, attr in enumerate(WRITTEN)}
        for tag, where in tokens.positions(TAG).items():
            for attr, value in self.tag_values.get(tag, {}).items():
                values[attr][where] = value
        deps: list[tuple[int, int]] = []
        for rule in self.rules:
            where = rule.targets(tokens)
            if not len(where):
                continue
            for attr, value in rule.attrs.items():
                if attr in values:
                    values[attr][where] = value
                else:
                    deps += [(int(position), value) for position in where]
        doc.from_array(list(WRITTEN), np.stack([values[attr] for attr in WRITTEN], axis=1))
        for position, value in deps:
            doc[position].dep = value
        return doc


@Language.factory("attribute_table")
def make_attribute_table(nlp: Language, name: str) -> AttributeTable:
    """An ``AttributeTable`` of the rules of ``nlp``'s ``attribute_ruler``."""
    return AttributeTable(nlp.get_pipe("attribute_ruler"))


def use_attribute_table(nlp: Language) -> Language:
    """``nlp`` with its ``attribute_ruler`` replaced by an ``AttributeTable`` of the same rules.

    A model without one, or whose ruler has a rule the table cannot apply, keeps its own.
    """
    if "attribute_ruler" not in nlp.pipe_names:
        return nlp
    try:
        nlp.add_pipe("attribute_table", before="attribute_ruler")
    except UnsupportedRule:
        return nlp
    nlp.remove_pipe("attribute_ruler")
    return nlp


def _check_supported(pattern: dict) -> None:
    """Raise ``UnsupportedRule`` unless each token tests attributes of ``READ``: a value, IN, NOT_IN or REGEX."""
    for tokens in pattern["patterns"]:
        for token in tokens:
            for name, spec in token.items():
                if name not in READ or (isinstance(spec, dict) and not set(spec) <= {"IN", "NOT_IN", "REGEX"}):
                    raise UnsupportedRule(f"attribute ruler rule tests {name}: {spec!r}")
                if isinstance(spec, dict) and len(spec) != 1:
                    raise UnsupportedRule(f"attribute ruler rule combines tests on {name}: {spec!r}")


def _tests_tag_alone(pattern: dict) -> bool:
    tokens = pattern["patterns"]
    return len(tokens) == 1 and len(tokens[0]) == 1 and set(tokens[0][0]) == {"TAG"} and pattern["index"] == 0


def _values(spec: object) -> list[str]:
    """The strings an exact or ``IN`` test accepts."""
    return list(spec["IN"]) if isinstance(spec, dict) else [spec]  # type: ignore[index]


def _token_tests(token: dict, strings: StringStore) -> list[AttributeTest]:
    """The tests of one token of a pattern."""
    tests = []
    for name, spec in token.items():
        attr = READ[name]
        if name == "IS_SPACE":
            tests.append(AttributeTest(attr, values=frozenset({int(bool(spec))})))
        elif isinstance(spec, dict) and "REGEX" in spec:
            tests.append(AttributeTest(attr, regex=re.compile(spec["REGEX"])))
        elif isinstance(spec, dict) and "NOT_IN" in spec:
            tests.append(
                AttributeTest(attr, values=frozenset(_hash(value, strings) for value in spec["NOT_IN"]), negated=True)
            )
        else:
            tests.append(AttributeTest(attr, values=frozenset(_hash(value, strings) for value in _values(spec))))
    return tests


def _hash(value: str, strings: StringStore) -> int:
    """The id ``Doc.to_array`` gives a string value: 0 for the empty string (no tag, no dependency)."""
    return 0 if value == "" else strings.add(value)
