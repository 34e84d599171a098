"""Stable, content-derived identifiers.

Ids must not change between runs or machines: analysts keep saved queries that use them.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata


def digest(text: str, length: int = 16) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def article_id(text: str) -> str:
    """Id of an article: the hash of its page text after decoding and newline normalisation."""
    return digest(text)


def slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def party_id(name: str, party_type: str) -> str:
    """`person:joe-biden`: readable, and the same for the same canonical name and type."""
    # Names differing only in case, accents or punctuation ('U.S. Navy', 'US Navy') share an id;
    # a name with no Latin letters at all falls back to a hash of itself.
    return f"{party_type}:{slug(name) or digest(name, 12)}"


def quote_id(article: str, start_char: int, end_char: int) -> str:
    return digest(f"{article}:{start_char}:{end_char}")
