"""Parties (people, organisations, countries, places) mentioned in a parsed article body."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from quotewire.records import Mention


def configure_pipeline(nlp: Language) -> None:
    """Add our rule components (entity ruler, ...) to a freshly loaded model, in place."""


def extract_mentions(doc: Doc) -> list[Mention]:
    raise NotImplementedError
