"""Run the real extraction pipeline on gold annotations and score it (``newswh eval``)."""

from dataclasses import dataclass
from pathlib import Path

from evaluation.gold import read_number_gold, read_quote_gold
from evaluation.scoring import NumberScores, QuoteScores, normalize_with_offsets, score_numbers
from evaluation.scoring import score_quotes as score_article_quotes
from flows.etl import DEFAULT_MODEL
from flows.extraction import StageSeconds, parse_and_extract
from transforms.articles import Extraction
from transforms.text import count_words


@dataclass(frozen=True)
class Timing:
    """Where an evaluation's time went."""

    articles: int
    words: int
    nlp_seconds: float
    extract_seconds: float


def extract_timed(texts: list[str], article_ids: list[str], *, model: str) -> tuple[list[Extraction], Timing]:
    """Extract from every text exactly as ``etl``'s workers do, timing spaCy and the extractors apart."""
    seconds = StageSeconds()
    extractions = parse_and_extract(texts, article_ids, model=model, aliases=None, seconds=seconds)
    words = sum(count_words(text) for text in texts)
    return extractions, Timing(len(texts), words, seconds.nlp, seconds.entities + seconds.quotes + seconds.numbers)


def evaluate_quotes(
    gold_dir: Path, *, model: str = DEFAULT_MODEL, limit: int | None = None
) -> tuple[QuoteScores, Timing]:
    """Extract quotes from every gold article exactly as ``etl`` does and score them by kind."""
    articles = read_quote_gold(gold_dir, limit)
    bodies = [normalize_with_offsets(raw) for _, raw, _ in articles]
    extractions, timing = extract_timed(
        [body for body, _ in bodies], [article_id for article_id, _, _ in articles], model=model
    )
    scores = QuoteScores()
    for (_, raw, gold), (_, offsets), extraction in zip(articles, bodies, extractions, strict=True):
        scores.add(score_article_quotes(raw, gold, extraction.quotes, offsets))
    return scores, timing


def evaluate_numbers(gold_file: Path, *, model: str = DEFAULT_MODEL) -> tuple[NumberScores, Timing]:
    """Extract numbers from every gold passage exactly as ``etl`` does and score them."""
    passages = read_number_gold(gold_file)
    extractions, timing = extract_timed(
        [text for _, text, _ in passages], [passage_id for passage_id, _, _ in passages], model=model
    )
    scores = NumberScores()
    for (_, text, gold), extraction in zip(passages, extractions, strict=True):
        scores.add(score_numbers(text, gold, extraction.numbers))
    return scores, timing
