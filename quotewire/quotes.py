"""Direct quotations and their speakers, from a parsed article body."""
from __future__ import annotations

from spacy.tokens import Doc

from quotewire.records import Quote


def extract_quotes(doc: Doc) -> list[Quote]:
    raise NotImplementedError
