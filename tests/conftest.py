from __future__ import annotations

from pathlib import Path

import pytest

from quotewire.settings import CHECKOUT, Settings

SHARED = CHECKOUT.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy pipeline, loaded once for the whole test session."""
    from quotewire.nlp import load_language_model

    return load_language_model(Settings.from_env().model)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"../shared is absent ({SHARED}): this test needs the shared data")
    return SHARED


@pytest.fixture(scope="session")
def seed_page(shared_dir) -> Path:
    pages = sorted((shared_dir / "seed").glob("*"))
    if not pages:
        pytest.skip("../shared/seed holds no page")
    return pages[0]
