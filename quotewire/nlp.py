"""The language model: loaded once per process, shared by quote and party extraction.

An article body is parsed once (`nlp.pipe`); the resulting Doc goes to both extractors.
"""
from __future__ import annotations

import functools

import spacy
from spacy.language import Language

from quotewire.settings import DEFAULT_MODEL


@functools.lru_cache(maxsize=2)
def load_language_model(name: str = DEFAULT_MODEL) -> Language:
    """The spaCy pipeline the extractors expect: the model named by the setting, plus our
    rule components (entity ruler and alias tables, see `quotewire.parties`)."""
    from quotewire import parties

    nlp = spacy.load(name)
    parties.configure_pipeline(nlp)
    return nlp
