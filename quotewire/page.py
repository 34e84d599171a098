"""Page parser: the visible text of a news page in, the fields of an article out.

One entry point, `parse_page`. It never raises on odd text: what it cannot read is None.
"""
from __future__ import annotations

from quotewire.records import PageFields


def parse_page(text: str) -> PageFields:
    raise NotImplementedError
