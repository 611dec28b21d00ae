"""Stories on our own examples: what the signature holds, how pairs score, which groups merge and which must not."""

from datetime import UTC, datetime

import pytest

from transforms.stories import (
    FEATURES,
    average_link,
    build_signature,
    comparable_article,
    entity_counts,
    headline,
    inverse_frequency,
    number_keys,
    pair_features,
    reference_year,
    same_story_probability,
)

DAY = datetime(2026, 3, 4, tzinfo=UTC)


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        ("Port strike ends", "Dock workers went back.", "Port strike ends"),
        (
            None,
            "Port strike ends after eight days\n\nDock workers went back on Monday.",
            "Port strike ends after eight days",
        ),
        (
            None,
            "Dock workers went back on Monday. " + "The port reopened slowly. " * 10,
            "Dock workers went back on Monday.",
        ),
        ("  Port   strike\nends ", "x", "Port strike ends"),
        ("word " * 40, "x", ("word " * 23).strip() + "…"),
    ],
)
def test_headline(title, body, expected):
    assert headline(title, body) == expected


@pytest.mark.parametrize(
    ("published", "body", "year"),
    [
        (DAY, "Back in 1998 the port struck too.", 2026),
        (None, "The 2019 strike was shorter than the one in 2021, which ended in May.", 2021),
        (None, "The strike has lasted 1200 hours.", None),
        (None, "No year at all.", None),
    ],
)
def test_reference_year(published, body, year):
    assert reference_year(published, body) == year


def test_number_keys_leave_out_small_counts():
    numbers = [(2.0, "count", None), (1200.0, "count", None), (4.5, "percent", "percent"), (4500000.0, "money", "USD")]
    assert number_keys(numbers) == ("1200|count|", "4.5|percent|percent", "4500000|money|USD")


def test_entity_counts_fold_case_and_keep_story_types():
    mentions = [("Dana Whitlock", "PERSON"), ("DANA WHITLOCK", "ORG"), ("Monday", "DATE"), ("Calloway", "GPE")]
    assert entity_counts(mentions) == {"dana whitlock": 2, "calloway": 1}


def test_rarer_terms_weigh_more_and_lead_the_keys():
    signature = build_signature(
        "a",
        term_counts={"strike": 3, "port": 3, "calloway": 1},
        entities={"dana whitlock": 2, "calloway": 1},
        year=2026,
        numbers=("3|percent|percent",),
        term_df={"strike": 90, "port": 90, "calloway": 2},
        entity_df={"dana whitlock": 1, "calloway": 40},
        documents=100,
        run_id="r",
    )
    assert signature.terms[0] == "calloway"
    assert abs(sum(weight * weight for weight in signature.term_weights) - 1) < 1e-4
    assert signature.keys[0] == "t:calloway" and "e:dana whitlock" in signature.keys
    assert signature.keys.index("e:dana whitlock") < signature.keys.index("e:calloway")


def test_a_term_every_article_holds_still_counts_a_little():
    assert inverse_frequency(2, 2) > 0
    assert inverse_frequency(1, 100) > inverse_frequency(50, 100)


GENERIC = {"strike": 30, "dockworker": 20, "contract": 30, "inmate": 20, "escape": 30, "prison": 30, "guard": 30}
"""Document frequencies (of 100) of the words any story of its kind uses; an event's own words are seen once or twice."""


def article(article_id, terms, entities, *, published=None, year=None, numbers=(), documents=100, entity_df=None):
    signature = build_signature(
        article_id,
        term_counts=terms,
        entities=entities,
        year=year,
        numbers=numbers,
        term_df={term: GENERIC.get(term, 2) for term in terms},
        entity_df=entity_df or {},
        documents=documents,
        run_id="r",
    )
    return comparable_article(
        signature, published_at=published, entity_df=entity_df or {}, number_df={}, documents=documents
    )


STRIKE = {"strike": 4, "dockworker": 3, "crane": 2, "calloway": 2, "contract": 2}
ESCAPE = {"inmate": 4, "escape": 3, "prison": 3, "guard": 2}


def test_two_outlets_on_one_event_score_high():
    a = article("a", STRIKE, {"dana whitlock": 3, "calloway": 2}, published=DAY)
    b = article("b", STRIKE | {"mayor": 1}, {"dana whitlock": 2, "calloway": 1}, published=DAY.replace(hour=18))
    assert same_story_probability(pair_features(a, b, shared_passage=True)) > 0.9


def test_look_alike_events_years_apart_score_low():
    a = article("a", ESCAPE | {"tunnel": 3, "hollis": 3}, {"hollis prison": 3, "ray keller": 2}, year=2011)
    b = article("b", ESCAPE | {"laundry": 3, "marlow": 3}, {"marlow prison": 3, "tom vance": 2}, year=2019)
    features = dict(zip(FEATURES, pair_features(a, b, shared_passage=False), strict=True))
    assert features["main_entity_conflict"] == 1 and features["years_apart"] == 1
    assert same_story_probability(tuple(features.values())) < 0.3


def test_unrelated_articles_score_near_zero():
    a = article("a", STRIKE, {"dana whitlock": 3})
    b = article("b", ESCAPE, {"ray keller": 3})
    assert same_story_probability(pair_features(a, b, shared_passage=False)) < 0.05


def test_dates_weeks_apart_lower_the_score():
    a = article("a", STRIKE, {"dana whitlock": 3}, published=DAY)
    same_day = article("b", STRIKE, {"dana whitlock": 3}, published=DAY)
    weeks_later = article("c", STRIKE, {"dana whitlock": 3}, published=DAY.replace(day=28))
    assert same_story_probability(pair_features(a, same_day, shared_passage=False)) > same_story_probability(
        pair_features(a, weeks_later, shared_passage=False)
    )


def test_new_articles_form_their_own_groups():
    probabilities = {("a", "b"): 0.9, ("b", "c"): 0.8, ("a", "c"): 0.7, ("c", "d"): 0.1}
    clusters = average_link(["a", "b", "c", "d"], {}, probabilities)
    assert [cluster.articles for cluster in clusters] == [("a", "b", "c"), ("d",)]
    assert all(cluster.stories == () for cluster in clusters)


def test_a_new_article_joins_a_loaded_story():
    clusters = average_link(
        ["new"], {"old1": "story-1", "old2": "story-1"}, {("new", "old1"): 0.9, ("new", "old2"): 0.7}
    )
    assert [(cluster.articles, cluster.stories) for cluster in clusters] == [(("new", "old1", "old2"), ("story-1",))]


def test_a_weak_link_to_one_member_of_a_large_story_is_not_enough():
    story = {f"old{n}": "story-1" for n in range(10)}
    clusters = average_link(["new"], story, {("new", "old0"): 0.95})
    assert [(cluster.articles, cluster.stories) for cluster in clusters] == [(("new",), ())]


def test_a_new_article_can_join_two_loaded_stories():
    story_of = {"a1": "story-a", "b1": "story-b"}
    probabilities = {("new", "a1"): 0.9, ("new", "b1"): 0.9, ("a1", "b1"): 0.6}
    (cluster,) = average_link(["new"], story_of, probabilities)
    assert cluster.stories == ("story-a", "story-b")


def test_loaded_stories_never_split():
    story_of = {"a1": "story-a", "a2": "story-a"}
    (cluster,) = average_link(["new"], story_of, {("new", "a1"): 1.0, ("new", "a2"): 0.1})
    assert cluster.articles == ("a1", "a2", "new") and cluster.stories == ("story-a",)  # average 0.55: joins whole


def test_joining_a_loaded_story_takes_a_margin_more():
    story_of = {"a1": "story-a", "a2": "story-a"}
    (cluster,) = average_link(["new"], story_of, {("new", "a1"): 0.9, ("new", "a2"): 0.0})
    assert cluster.articles == ("new",)  # average 0.45: enough between new articles, not to join a loaded story
    assert average_link(["new", "other"], {}, {("new", "other"): 0.45})[0].articles == ("new", "other")
