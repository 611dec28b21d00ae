"""Deterministic ids: the same input always gives the same row keys."""

import hashlib


def stable_id(*parts: object) -> str:
    """Return a 16-hex-digit id hashed from ``parts`` (joined with a separator no text contains)."""
    joined = "\x1f".join("" if part is None else str(part) for part in parts)
    # surrogatepass: a lone surrogate (valid in JSON, "\ud800") still hashes, as its own bytes
    return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()[:16]
