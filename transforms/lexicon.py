"""Closed-class linguistic knowledge every extractor reads: pronouns, honorifics, name suffixes, first names,
gendered nouns and the dependency relations the attribution walks follow.

One home, so entities, quotes, linking and scoring cannot drift apart. Open-class word lists (cue verbs,
titles, units) stay in ``transforms/rules/*.csv``; the first names are read from there too.
"""

from __future__ import annotations

from collections.abc import Sequence

from transforms.rules import read_rule_csv

FEMALE = "female"
MALE = "male"

# Pronouns and pronoun-like determiners: never a name, never looked up as an entity.
PRONOUNS = frozenset(
    [
        "i",
        "me",
        "my",
        "mine",
        "we",
        "us",
        "our",
        "ours",
        "you",
        "your",
        "yours",
        "he",
        "him",
        "his",
        "she",
        "her",
        "hers",
        "it",
        "its",
        "they",
        "them",
        "their",
        "theirs",
        "this",
        "that",
        "these",
        "those",
        "who",
        "whom",
        "whose",
        "which",
        "what",
        "someone",
        "somebody",
        "anyone",
        "everyone",
        "one",
    ]
)
# The personal pronouns that stand for a source: a speaker written this way must be resolved to count.
PERSONAL_PRONOUNS = frozenset(
    ["he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "his", "hers", "their"]
)
# The third-person singular pronouns that stand for one person, with the gender each asks of its antecedent.
PERSON_PRONOUN_GENDERS = {"he": MALE, "she": FEMALE}
# Pronouns that tell the gender of the person they stand for (subject, object, possessive, reflexive).
GENDERED_PRONOUNS = {
    **dict.fromkeys(["he", "him", "his", "himself"], MALE),
    **dict.fromkeys(["she", "her", "hers", "herself"], FEMALE),
}
# Possessive determiners: "in his 30s", "their mid-70s" (an age, where "the 1990s" is a date).
POSSESSIVE_DETERMINERS = frozenset({"my", "your", "his", "her", "its", "our", "their"})
# Pronouns that stand for an organisation or group (with the entity types each may refer to).
GROUP_PRONOUN_TYPES = {
    "it": frozenset({"ORG"}),
    "they": frozenset({"ORG", "NORP"}),
    "we": frozenset({"ORG", "NORP"}),
}
RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})
# The reader, addressed outside quotes ("you know", "you see"): never the source of reported speech.
ADDRESSEE_PRONOUNS = frozenset({"you"})
# Written forms of speech cues (``rules/quote_cues.csv`` lemmas) for evidence read from text alone, without spaCy's
# lemmas ("Trump said he …"): form -> lemma.
SPEECH_VERB_FORMS = {
    "said": "say",
    "says": "say",
    "told": "tell",
    "tells": "tell",
    "added": "add",
    "wrote": "write",
    "writes": "write",
    "argued": "argue",
    "insisted": "insist",
    "explained": "explain",
    "announced": "announce",
}
# Demonstratives: as a subject they point at a thing or a statement ("That said, …"), never at a speaker.
DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})

# Honorifics (lowercase, no period) that tell a person's gender where they stand before the name.
HONORIFIC_GENDERS = {
    **dict.fromkeys(["mr", "sir", "lord", "baron", "earl", "duke", "prince", "king"], MALE),
    **dict.fromkeys(
        ["mrs", "ms", "miss", "dame", "lady", "baroness", "countess", "duchess", "princess", "queen"], FEMALE
    ),
}
# Nouns for people that tell their gender: "a spokeswoman, Jane Roe,", "actress Jane Roe", "Roe, 41, a mother of two".
# Nouns used for anyone ("chairman", "actor", "host") are not here.
_MALE_NOUNS = (
    "spokesman congressman councilman businessman sportsman policeman fireman anchorman statesman assemblyman"
    " alderman father husband son brother grandfather uncle nephew boyfriend widower man boy gentleman dad king"
    " prince duke lord monk"
)
_FEMALE_NOUNS = (
    "spokeswoman chairwoman congresswoman councilwoman businesswoman sportswoman policewoman anchorwoman"
    " stateswoman assemblywoman alderwoman mother wife daughter sister grandmother aunt niece girlfriend widow"
    " woman girl lady mum mom queen princess duchess actress waitress heroine hostess nun"
)
GENDERED_NOUNS = {**dict.fromkeys(_MALE_NOUNS.split(), MALE), **dict.fromkeys(_FEMALE_NOUNS.split(), FEMALE)}
# Surname endings that agree with the bearer's gender (Russian, Ukrainian, Belarusian, Bulgarian and Central Asian
# surnames: Petrova, Petrov; Kovalevskaya; Czech and Slovak -ová): a tie-break after the first name, like it.
SURNAME_ENDING_GENDERS = {
    **dict.fromkeys(["ova", "eva", "ová", "ovna", "evna", "skaya", "tskaya"], FEMALE),
    **dict.fromkeys(["ov", "ev", "ovich", "evich"], MALE),
}
# Spanish and Italian surnames that end like those and say nothing of gender (Officer Jovaniel Cordova).
SURNAMES_NOT_GENDERED = frozenset({"cordova", "córdova", "casanova", "villanova", "genova", "nova"})
# Singular nouns that name a person, for unnamed sources ("a Treasury spokesman", "one fan", "an Iowa Democrat");
# a noun ending in one of PERSON_NOUN_ENDINGS counts too ("a campaign strategist", "a senior politician").
_PERSON_NOUNS = (
    "official source aide adviser advisor minister mp executive analyst lawyer attorney fan resident witness"
    " diplomat officer director spokesperson person insider member expert observer voter democrat republican"
    " conservative liberal activist supporter critic friend colleague neighbour neighbor relative parent teacher"
    " student doctor nurse worker employee manager boss coach player judge senator governor mayor president"
    " secretary chief candidate delegate operative staffer donor leader owner investor trader economist"
    " scientist researcher professor author writer journalist reporter editor producer singer star actor agent"
    " detective prosecutor lawmaker legislator representative ambassador envoy negotiator veteran victim"
    " survivor passenger customer client patient nominee challenger rival opponent incumbent contender runner"
    " successor predecessor spouse"
)
PERSON_NOUNS = frozenset(_PERSON_NOUNS.split())
PERSON_NOUN_ENDINGS = ("man", "woman", "person", "ist", "ian")


def is_person_word(word: str) -> bool:
    """A lowercase noun (a lemma) for a person: a role, a kind or a gendered noun ("senator", "spokeswoman",
    "strategist", "politician")."""
    return word in PERSON_NOUNS or word in GENDERED_NOUNS or word.endswith(PERSON_NOUN_ENDINGS)


# Singular nouns that head an apposition naming an organisation ("Corvane, the ferry operator", "Brightline, a
# rail company"): the name is not a person's, whatever one sentence looked like.
_ORGANISATION_NOUNS = (
    "company firm operator maker carrier airline retailer bank lender insurer broadcaster network publisher"
    " giant group chain brand platform website site app startup start-up manufacturer supplier provider"
    " developer conglomerate agency charity club team party union organisation organization corporation"
    " business outlet newspaper magazine channel studio label band university college school hospital"
)
ORGANISATION_NOUNS = frozenset(_ORGANISATION_NOUNS.split())


# Titles that may be cut from any entity span, not only PERSON ones ("President Obama" typed ORG); job words
# such as "Justice" or "Agent" are cut only from PERSON spans ("Justice Department" keeps its first word).
HONORIFICS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "mx",
        "dr",
        "prof",
        "rev",
        "sir",
        "president",
        "senator",
        "sen",
        "rep",
        "gov",
        "gen",
        "sgt",
        "lt",
        "col",
        "capt",
        "pastor",
        "rabbi",
        "imam",
        "reverend",
    ]
)

# Title words spelled out, and offices with two names, so "the governor" finds "Gov. Dana Roe" and "the
# congressman" finds "Rep. Dev Amin" (lowercase, no period).
TITLE_SPELLINGS = {
    "gov": "governor",
    "govs": "governor",
    "sen": "senator",
    "sens": "senator",
    "rep": "representative",
    "reps": "representative",
    "congressman": "representative",
    "congresswoman": "representative",
    "congressmember": "representative",
    "lt": "lieutenant",
    "gen": "general",
    "atty": "attorney",
    "sec": "secretary",
    "pres": "president",
    "supt": "superintendent",
    "sgt": "sergeant",
    "det": "detective",
    "capt": "captain",
    "col": "colonel",
    "cmdr": "commander",
    "insp": "inspector",
    "prof": "professor",
    "amb": "ambassador",
}
# Words before a title that make it another office: "Vice President Roe" is not "the president".
TITLE_RANK_WORDS = frozenset({"vice", "deputy", "lieutenant", "assistant", "under"})


def spell_title(words: Sequence[str]) -> tuple[str, ...]:
    """A title's lowercase words (no periods) spelled out: ("lt", "gov") -> ("lieutenant", "governor");
    hyphenated titles come apart ("vice-president")."""
    return tuple(TITLE_SPELLINGS.get(part, part) for word in words for part in word.split("-") if part)


# Generational suffixes: "Donald Trump Jr." has surname "Trump" and is not "Donald Trump".
NAME_SUFFIXES = frozenset(["jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v"])
ROMAN_SUFFIXES = frozenset(suffix.upper() for suffix in NAME_SUFFIXES if set(suffix) <= set("iv"))


def _name_genders(rule_file: str) -> dict[str, str]:
    """Lowercase first name -> the gender it usually signals, from a ``name,gender`` rule file."""
    return {row["name"].lower(): {"f": FEMALE, "m": MALE}[row["gender"]] for row in read_rule_csv(rule_file)}


# Common first names (lowercase) with the gender they usually signal: only a hint the text can overrule.
# Written alone, one of these is a first name rather than a surname.
FIRST_NAME_GENDERS = _name_genders("quote_first_names.csv")
# Every first name the gender tie-break reads: the common ones, then rarer given names (which alone may be
# surnames), then given names of many countries (``quote_world_names.csv``); an earlier list wins.
GIVEN_NAME_GENDERS = {
    **_name_genders("quote_world_names.csv"),
    **_name_genders("quote_given_names.csv"),
    **FIRST_NAME_GENDERS,
}

# Coarse tags of verbs and auxiliaries.
VERBAL_POS = frozenset({"VERB", "AUX"})
# Dependency relations of a clause's subject.
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# Dependency relations of a noun said of another ("Roe, a senator", "Roe is a senator", "Senate candidate Roe").
PREDICATE_DEPS = frozenset({"appos", "attr", "compound", "oprd"})
# Dependency relations of a verb's objects ("Roe told Lee she …": Lee may be the "she").
OBJECT_DEPS = frozenset({"dobj", "dative", "iobj"})
# Clauses whose subject pronoun a reader takes for the subject of the clause they hang from ("Roe said she …",
# "Roe left after she …", "Roe arrived and she …").
MATRIX_CLAUSE_DEPS = frozenset({"ccomp", "advcl", "conj"})
# A cue without its own subject borrows the one of the verb it hangs from ("…, adding that …",
# "praised the plan before criticizing …").
CLIMB_DEPS = frozenset({"conj", "xcomp", "advcl", "pcomp", "prep"})
# A direct quote's cue climbs through parataxis too ("Homan slammed her, saying …", "she laughed and added …").
QUOTE_CLIMB_DEPS = CLIMB_DEPS | {"parataxis"}
