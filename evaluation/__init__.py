"""Scoring extracted quotes and numbers against gold annotations, for ``newswh eval`` and the benchmarks.

Not a transform: it reads extractor output and gold, and its figures are how the extractors are judged.
"""
