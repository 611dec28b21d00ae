"""Attributions: direct quotations, reported speech and mixed ones, each with its cue and resolved speaker.

The pipeline is three linear passes over one parsed article:

1. ``find_quote_spans`` (``marks``) pairs quotation marks paragraph by paragraph from the characters
   alone (curly and straight double marks; single marks only when the article has no double ones).
2. ``extract_quotes`` (``extract``) looks, for each span, for a reporting cue (a verb lemma from
   ``rules/quote_cues.csv`` or a phrase such as "according to") right after the quote or before it
   in the same sentence, takes the cue's subject from the dependency parse as the speaker mention
   (``attribution``), drops scare quotes and titles (``speech``), and carries attributions over to
   unattributed quotes that continue an attributed one.
3. ``find_reported_clauses`` (``reported``, with the frames of its cues in ``frames``) finds reported
   speech in the parse ("X said that …", "…, X said", "according to X, …"). A clause that is wholly
   one quotation stays that direct quote; a clause that carries quotation marks is one ``mixed``
   attribution (its partial quotes are not emitted again as direct ones, as annotators mark them);
   the rest is ``indirect``.

Speaker mentions are then resolved in document order (``speakers``): names through the article's
entities; he/she to the last person of a compatible gender (honorifics, first names, earlier
pronouns); it/they/we to the last organisation or group that was a clause subject; "the spokesman"
to the person an appositive introduced as one; "the agency" to the organisation whose name holds the
word; a relative "who" to the noun it hangs from.

Each attribution also gets a cue type (``rules.cue_types``: speech, thought, stance, other), the id
of the statement it is part of, and the speaker's gender as the article shows it (``genders``).

The other modules: ``rules`` holds the lexicons and thresholds of both kinds of attribution (read
from ``transforms/rules/*.csv``), ``subjects`` the subject-finding both share, and ``context`` the
per-article lookups the direct-quote passes share.
"""

from transforms.quotes.extract import Quote, extract_quotes, quoted_word_spans
from transforms.quotes.genders import PersonEvidence, person_evidence, person_genders, with_person_genders
from transforms.quotes.marks import find_quote_spans
from transforms.quotes.reported import find_reported_clauses
from transforms.quotes.rules import QUOTE_RULES, REPORTED_RULES

__all__ = [
    "QUOTE_RULES",
    "REPORTED_RULES",
    "PersonEvidence",
    "Quote",
    "extract_quotes",
    "find_quote_spans",
    "find_reported_clauses",
    "person_evidence",
    "person_genders",
    "quoted_word_spans",
    "with_person_genders",
]
