"""The sources registry (schemas/sources.yaml) and credit resolution."""
from __future__ import annotations

import collections
import re
from zoneinfo import ZoneInfo

import pytest
import yaml

from quotewire.sources import REGISTRY_PATH, load_registry, lookup, resolve

# The wires and publishers the issue names, each with credit forms pages really print.
REQUIRED = {
    "pti": ["PTI", "Press Trust of India"],
    "ians": ["IANS"],
    "ani": ["ANI"],
    "uni": ["UNI"],
    "reuters": ["Reuters", "Thomson Reuters"],
    "ap": ["AP", "The Associated Press", "Associated Press"],
    "afp": ["AFP", "Agence France-Presse"],
    "bloomberg": ["Bloomberg", "Bloomberg News"],
    "xinhua": ["Xinhua"],
    "kyodo": ["Kyodo", "KYODO"],
    "yonhap": ["Yonhap"],
    "dpa": ["dpa", "DPA"],
    "aap": ["AAP"],
    "efe": ["EFE"],
    "ansa": ["ANSA"],
    "tass": ["TASS", "ITAR-TASS"],
    "moneycontrol": ["Moneycontrol News"],
    "the-hindu": ["The Hindu"],
    "hindustan-times": ["Hindustan Times", "HT Correspondent"],
    "times-of-india": ["The Times of India", "TNN"],
    "ndtv": ["NDTV"],
    "economic-times": ["Economic Times", "ET Bureau"],
    "business-standard": ["Business Standard"],
    "mint": ["Mint", "Livemint"],
    "nytimes": ["The New York Times", "NYT"],
    "washington-post": ["The Washington Post"],
    "cnn": ["CNN"],
    "fox-news": ["Fox News"],
    "breitbart": ["Breitbart News"],
    "politico": ["Politico", "POLITICO"],
    "guardian": ["The Guardian", "Guardian staff and agencies"],
    "bbc": ["BBC", "BBC News"],
}


def test_registry_size_and_fields():
    sources = load_registry()
    assert len(sources) >= 50
    assert len({s.source_id for s in sources}) == len(sources)
    for s in sources:
        assert s.kind in ("agency", "publisher")
        ZoneInfo(s.time_zone)  # raises on a zone that does not exist
        assert s.wikidata_id is None or re.fullmatch(r"Q[1-9]\d*", s.wikidata_id)
    assert sum(s.wikidata_id is not None for s in sources) >= 40


def test_every_entry_states_its_date_order_and_variants():
    rows = yaml.safe_load(REGISTRY_PATH.read_text("utf-8"))["sources"]
    for row in rows:
        assert row["date_order"] in ("DMY", "MDY"), row["id"]
        assert row["variants"], row["id"]


def test_no_credit_form_names_two_sources():
    owners = collections.defaultdict(set)
    for row in yaml.safe_load(REGISTRY_PATH.read_text("utf-8"))["sources"]:
        for variant in [row["name"], row["id"], *row["variants"]]:
            owners[re.sub(r"[^a-z0-9]+", " ", variant.lower()).strip().removeprefix("the ")].add(row["id"])
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


@pytest.mark.parametrize("source_id, credits", sorted(REQUIRED.items()))
def test_required_sources_resolve_from_their_credit_forms(source_id, credits):
    for credit in credits:
        assert resolve(credit).source_id == source_id, credit


def test_wires_are_agencies_and_papers_are_publishers():
    assert resolve("PTI").kind == "agency"
    assert resolve("Reuters").kind == "agency"
    assert resolve("The Hindu").kind == "publisher"
    assert resolve("Moneycontrol News").kind == "publisher"


def test_home_zones():
    assert resolve("PTI").time_zone == "Asia/Kolkata"
    assert resolve("AP").time_zone == "America/New_York"
    assert resolve("Kyodo").time_zone == "Asia/Tokyo"
    assert resolve("BBC").time_zone == "Europe/London"


def test_matching_ignores_case_punctuation_and_the():
    assert resolve("press trust of india").source_id == "pti"
    assert resolve("Associated Press").source_id == resolve("The Associated Press").source_id
    assert resolve("Agence France Presse").source_id == "afp"


def test_unknown_credit_is_kept_under_its_own_name():
    source = resolve("The Riverside Gazette")
    assert source.kind == "unknown"
    assert source.name == "The Riverside Gazette"
    assert source.source_id == "the-riverside-gazette"
    assert lookup("The Riverside Gazette") is None
