"""The sources registry (`schemas/sources.yaml`): credit forms as printed -> canonical sources.

The registry is data we own; this module only loads it and matches credits against it.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from quotewire.ids import slug
from quotewire.records import Source

REGISTRY_PATH = Path(__file__).resolve().parents[1] / "schemas" / "sources.yaml"


@dataclass(frozen=True)
class RegistryEntry:
    source: Source
    date_order: str  # 'DMY' or 'MDY'
    variants: tuple[str, ...]


def _key(credit: str) -> str:
    """Match key of a credit: case, punctuation and a leading 'The' do not matter."""
    k = re.sub(r"[^a-z0-9]+", " ", credit.lower()).strip()
    return re.sub(r"^the ", "", k)


@functools.lru_cache(maxsize=1)
def _registry() -> tuple[tuple[RegistryEntry, ...], dict[str, RegistryEntry]]:
    data = yaml.safe_load(REGISTRY_PATH.read_text(encoding="utf-8"))
    entries = []
    by_key: dict[str, RegistryEntry] = {}
    for row in data["sources"]:
        source = Source(
            source_id=row["id"],
            name=row["name"],
            kind=row["kind"],
            time_zone=row.get("time_zone"),
            wikidata_id=row.get("wikidata_id"),
        )
        variants = tuple(dict.fromkeys([row["name"], row["id"], *row.get("variants", [])]))
        entry = RegistryEntry(source, row.get("date_order") or "DMY", variants)
        entries.append(entry)
        for v in variants:
            by_key.setdefault(_key(v), entry)
    return tuple(entries), by_key


def load_registry() -> list[Source]:
    """Every source in the registry."""
    return [e.source for e in _registry()[0]]


def lookup(credit: str | None) -> RegistryEntry | None:
    """The registry entry a credit names ('PTI', 'Moneycontrol News'), or None."""
    if not credit:
        return None
    return _registry()[1].get(_key(credit))


def resolve(credit: str) -> Source:
    """The canonical source for a credit; an unknown credit becomes an `unknown` source under
    its own name (never dropped)."""
    entry = lookup(credit)
    if entry:
        return entry.source
    name = credit.strip()
    return Source(source_id=slug(name) or "unknown", name=name, kind="unknown")


def date_order(source: Source | None) -> str | None:
    """'DMY' or 'MDY' for a registry source, None when we do not know the source."""
    if source is None:
        return None
    entry = lookup(source.source_id)
    return entry.date_order if entry and entry.source == source else None
