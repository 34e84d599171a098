"""Code versions of the derivation steps, computed from the files that implement them.

A page is re-parsed (and an article re-extracted) when the code or reference data that derived
it changes: a run after an upgrade refreshes every row, a run with nothing new does nothing.
"""
from __future__ import annotations

import functools
import hashlib

from quotewire.settings import CHECKOUT

_PARSER_FILES = ("quotewire/page*.py", "quotewire/dates.py", "quotewire/sources.py", "schemas/sources.yaml")
_EXTRACTOR_FILES = (
    "quotewire/nlp.py", "quotewire/extraction.py", "quotewire/quote*.py", "quotewire/speakers.py", "quotewire/part*.py",
    "schemas/parties/**/*", "schemas/quote_model/**/*",
)


@functools.cache
def _fingerprint(patterns: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    for pattern in patterns:
        for path in sorted(CHECKOUT.glob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(CHECKOUT).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def parser_version() -> str:
    return _fingerprint(_PARSER_FILES)


def extractor_version(model: str) -> str:
    from quotewire.quote_spans import READ_TWO_APOSTROPHES  # a setting that changes what is extracted

    return f"{_fingerprint(_EXTRACTOR_FILES)}:{model}" + (":two-apostrophes" if READ_TWO_APOSTROPHES else "")
