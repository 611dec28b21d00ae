"""The spaCy model as the extractors use it: its components replaced by cheaper equivalents."""
