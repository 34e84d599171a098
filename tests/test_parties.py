"""Mentioned parties: real spaCy parses of sentences written for these tests, and the seed page."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotewire.ids import party_id
from quotewire.parties import RULER_NAME, configure_pipeline, extract_mentions

DATELINE = "Jan 13, 2023 / 09:41 AM IST"


def mentions(nlp, text):
    found = extract_mentions(nlp(text))
    for m in found:  # the contract every caller relies on
        assert text[m.start_char:m.end_char] == m.mention
        assert m.party_type in {"person", "organization", "country", "location"}
    for a, b in zip(found, found[1:]):  # in reading order, one party per stretch of text
        assert a.end_char <= b.start_char, (a, b)
    return found


def parties(found):
    return {(m.name, m.party_type) for m in found}


def names_of(found, written):
    return {m.name for m in found if m.mention == written}


# -- the seed page ------------------------------------------------------------------------------
def test_seed_page_yields_the_parties_it_names(nlp, seed_page):
    page = seed_page.read_text(encoding="utf-8")
    assert DATELINE in page, "the seed page layout changed"
    body = page.split(DATELINE, 1)[1].strip()
    found = mentions(nlp, body)
    got = parties(found)

    for person in ["Joe Biden", "Fumio Kishida", "John Kirby"]:
        assert (person, "person") in got
    for country in ["United States", "Japan", "China", "Italy", "United Kingdom", "France",
                    "Canada", "Australia", "South Korea"]:
        assert (country, "country") in got
    assert ("National Security Council", "organization") in got
    for place in ["White House", "Washington", "Tokyo"]:
        assert {(place, "organization"), (place, "location")} & got, place

    # every `Kirby` is John Kirby; `US`, `Japanese` and `the Republic of Korea` name countries
    assert names_of(found, "Kirby") == {"John Kirby"}
    assert len([m for m in found if m.mention == "Kirby"]) >= 2
    assert names_of(found, "US") == {"United States"}
    assert names_of(found, "Japanese") == {"Japan"}
    assert names_of(found, "Republic of Korea") == {"South Korea"}
    assert not [m for m in found if m.mention == "PTI"]
    # nobody on the page is a person called `Kishida` or `Kirby` alone
    assert not {n for n, t in got if t == "person" and " " not in n}


# -- aliases ------------------------------------------------------------------------------------
def test_a_title_of_a_place_is_not_part_of_the_name(nlp):
    names = {m.name for m in extract_mentions(nlp(
        "“We will not back down,” Chief Minister of Delhi Arvind Kejriwal told reporters. Kejriwal met the governor."))}
    assert "Arvind Kejriwal" in names and not any(n.startswith("Delhi ") for n in names)


def test_country_aliases_are_one_country(nlp):
    text = ("The U.S. has warned Moscow. Officials in the United States said America would "
            "not wait, and the USA will send more aid to Ukraine, a US diplomat said.")
    found = mentions(nlp, text)
    us = {m.mention for m in found if m.name == "United States"}
    assert {"U.S.", "United States", "America", "USA", "US"} <= us
    assert all(m.party_type == "country" for m in found if m.name == "United States")
    assert ("Ukraine", "country") in parties(found)
    assert ("Moscow", "location") in parties(found)


def test_organisation_acronyms_and_aliases(nlp):
    text = ("The National Security Council (NSC) met on Monday. An NSC official said the "
            "meeting was routine. Separately, the Fed raised interest rates, and the Federal "
            "Reserve chair said more increases were likely.")
    found = mentions(nlp, text)
    assert names_of(found, "NSC") == {"National Security Council"}
    assert names_of(found, "Fed") == {"Federal Reserve"}
    assert names_of(found, "Federal Reserve") == {"Federal Reserve"}
    assert {m.party_type for m in found if m.name == "National Security Council"} == {
        "organization"}


def test_acronym_defined_by_the_article_resolves_to_its_full_name(nlp):
    text = ("The Kenya Wildlife Service said poaching had fallen. The KWS has hired 500 new "
            "rangers this year.")
    found = mentions(nlp, text)
    assert names_of(found, "KWS") == {"Kenya Wildlife Service"}


def test_places_that_are_not_countries_stay_places(nlp):
    # countrynames maps cities and states to their country; a city is not its country
    text = "The talks moved from Tokyo to Washington, and later to Texas and New York."
    found = mentions(nlp, text)
    for place in ["Tokyo", "Washington", "Texas", "New York"]:
        assert names_of(found, place) == {place}
    assert not [m for m in found if m.party_type == "country"]


# -- demonyms -----------------------------------------------------------------------------------
def test_demonyms_mention_their_country(nlp):
    text = ("Japanese officials met American and German diplomats in Paris, while Kurdish "
            "fighters held the town.")
    found = mentions(nlp, text)
    assert names_of(found, "Japanese") == {"Japan"}
    assert names_of(found, "American") == {"United States"}
    assert names_of(found, "German") == {"Germany"}
    assert not [m for m in found if m.mention == "Kurdish"]  # a people, not a country


# -- titles, determiners, possessives -----------------------------------------------------------
def test_titles_and_possessives_are_stripped_and_resolved(nlp):
    text = ("President Joe Biden spoke on Tuesday. Later, Biden's aides said President Biden "
            "would travel to Ohio. Prime Minister Rishi Sunak welcomed Mr. Biden's remarks.")
    found = mentions(nlp, text)
    written = {m.mention for m in found if m.name == "Joe Biden"}
    assert written == {"Joe Biden", "Biden"}
    assert len([m for m in found if m.name == "Joe Biden"]) == 4
    assert ("Rishi Sunak", "person") in parties(found)
    assert not [m for m in found if m.mention.startswith(("President", "Prime", "Mr"))]
    assert not [m for m in found if m.mention.endswith(("'s", "’s"))]


def test_determiners_are_not_part_of_the_name(nlp):
    text = "Reporters gathered outside the White House as the Kremlin denied the report."
    found = mentions(nlp, text)
    assert {"White House", "Kremlin"} <= {m.mention for m in found}
    assert not [m for m in found if m.mention.lower().startswith("the ")]


# -- resolution within the article --------------------------------------------------------------
def test_surname_resolves_to_full_name_given_later(nlp):
    text = ("Kirby told reporters the visit would go ahead. \"We are ready,\" said John Kirby, "
            "a spokesman for the National Security Council.")
    found = mentions(nlp, text)
    assert names_of(found, "Kirby") == {"John Kirby"}


def test_two_people_sharing_a_surname_stay_two(nlp):
    text = ("Joe Biden and his wife Jill Biden arrived in Delaware on Friday. Joe Biden met "
            "local officials. Jill Biden, a teacher, visited a school, and Biden later said "
            "the trip was a success.")
    found = mentions(nlp, text)
    people = {n for n, t in parties(found) if t == "person"}
    assert {"Joe Biden", "Jill Biden"} <= people
    assert "Biden" not in people
    # a bare surname goes to the person the article introduced first, even right after the
    # other one
    assert names_of(found, "Biden") == {"Joe Biden"}


def test_same_full_name_with_middle_initial_is_one_person(nlp):
    text = ("Dr. Maria K. Lopez leads the clinic. Maria Lopez said demand had doubled, and "
            "Lopez expects more patients in the spring.")
    found = mentions(nlp, text)
    assert {m.name for m in found if m.party_type == "person"} == {"Maria K. Lopez"}


# -- stable ids ---------------------------------------------------------------------------------
def test_party_ids_are_stable_across_runs_and_articles(nlp):
    first = mentions(nlp, "President Biden met Japanese Prime Minister Fumio Kishida in Tokyo.")
    second = mentions(nlp, "Joe Biden, the US president, flew to Japan on Sunday.")
    again = mentions(nlp, "President Biden met Japanese Prime Minister Fumio Kishida in Tokyo.")
    ids = lambda found: sorted(party_id(m.name, m.party_type) for m in found)  # noqa: E731
    assert ids(first) == ids(again)
    assert "country:japan" in ids(first) and "country:japan" in ids(second)
    # `Biden` alone is only `Joe Biden` when the article says so: the first article never does
    assert "person:joe-biden" in ids(second)


# -- the pipeline -------------------------------------------------------------------------------
def test_ruler_runs_after_ner_and_leaves_the_parse_alone(nlp):
    assert nlp.pipe_names.index(RULER_NAME) > nlp.pipe_names.index("ner")
    configure_pipeline(nlp)  # a second call must not add a second ruler
    assert nlp.pipe_names.count(RULER_NAME) == 1
    text = ("\"We will not back down,\" Japan's foreign minister told reporters in Tokyo, "
            "adding that the U.S. and the UK agreed.")
    with nlp.select_pipes(disable=[RULER_NAME]):
        plain = nlp(text)
    ruled = nlp(text)
    assert [(t.text, t.dep_, t.head.i) for t in plain] == [(t.text, t.dep_, t.head.i)
                                                            for t in ruled]


def test_credit_line_is_not_a_mention(nlp):
    text = "PTI\n\nIndia and Bangladesh signed a trade pact in New Delhi on Monday."
    found = mentions(nlp, text)
    assert not [m for m in found if m.mention == "PTI"]
    assert ("India", "country") in parties(found)


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "2023 2024 42", "the and of"])
def test_texts_without_names_yield_nothing(nlp, text):
    assert extract_mentions(nlp(text)) == []


# -- how news is laid out -----------------------------------------------------------------------
def test_dateline_city_and_agency_credit(nlp):
    text = ("LONDON (Reuters) - Britain's finance minister said on Monday the economy would "
            "grow this year.\n\nALLAHABAD, India - Pilgrims bathed in the river.\n\n"
            "EXCLUSIVE - A memo seen by reporters shows the plan was dropped.")
    found = mentions(nlp, text)
    assert names_of(found, "LONDON") == {"London"}
    assert names_of(found, "ALLAHABAD") == {"Allahabad"}  # the model misses this one
    assert names_of(found, "India") == {"India"}
    assert names_of(found, "Britain") == {"United Kingdom"}
    assert not [m for m in found if m.mention in ("Reuters", "EXCLUSIVE")]


def test_a_party_name_the_model_cut_short_is_made_whole(nlp):
    text = ("Former Liberal Democrat MP Jane Hollis said the Liberal Democrats would back the "
            "bill, while Democrats in Washington stayed silent.")
    found = mentions(nlp, text)
    assert {m.name for m in found if "Liberal" in m.mention} == {"Liberal Democrats"}
    assert not [m for m in found if m.name == "Democratic Party" and m.start_char < 60]


def test_company_suffixes_and_tickers_stay_out_of_the_canonical_name(nlp):
    text = ("Shares of Harlow Freight Inc. rose 4 percent. Harlow Freight said profits "
            "doubled, and Harlow Freight Inc. plans to hire 300 drivers.")
    found = mentions(nlp, text)
    assert {(m.name, m.party_type) for m in found if m.mention.startswith("Harlow")} == {
        ("Harlow Freight", "organization")}
    assert {"Harlow Freight Inc.", "Harlow Freight"} <= {m.mention for m in found}


def test_a_doc_without_entities_yields_nothing(nlp):
    assert extract_mentions(nlp.make_doc("President Biden met Kishida in Tokyo.")) == []


def test_surname_the_model_missed_or_mislabelled_joins_the_person(nlp):
    text = ("Pop star Britney Spears returned to the stage on Friday. Spears, 41, thanked her "
            "fans. Alonzo Mourning will miss the game. Mourning hurt his knee in practice. "
            "Fans cheered the Detroit Pistons on Sunday night.")
    found = mentions(nlp, text)
    assert {(m.name, m.party_type) for m in found if m.mention == "Spears"} == {
        ("Britney Spears", "person")}
    assert {(m.name, m.party_type) for m in found if m.mention == "Mourning"} == {
        ("Alonzo Mourning", "person")}
    assert ("Detroit Pistons", "organization") in parties(found)


def test_a_countrys_institution_is_one_organisation_under_one_name(nlp):
    text = ("Officials at the U.S. Department of Education said the grants would continue. "
            "The US Senate passed the bill, and US Defense Secretary Lloyd Austin met the "
            "British Army chief.")
    found = mentions(nlp, text)
    got = parties(found)
    assert ("United States Department of Education", "organization") in got
    assert ("United States Senate", "organization") in got
    assert ("British Army", "organization") in got
    # a title after the country is not an institution: the country stays a country
    assert names_of(found, "US") == {"United States"}
    assert ("Lloyd Austin", "person") in got


# -- robustness ---------------------------------------------------------------------------------
NEWSY_PIECES = ["President", "Joe", "Biden", "Biden's", "U.S.", "US", "Japanese", "the", "The",
                "Fed", "NSC", "(Reuters)", "LONDON", "-", "—", ",", ".", "\n", "\n\n", "said",
                "Inc.", "Corp", "Mr.", "Dr", "of", "and", "Kirby", "John", "'", "’s", "\"",
                "Department", "Army", "British", "O'Neill", "Co", "IBM", "2023", "Paris,"]


@given(st.lists(st.sampled_from(NEWSY_PIECES), max_size=40))
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_arrangement_of_newsy_words_keeps_the_offsets_and_never_fails(nlp, caplog, pieces):
    text = " ".join(pieces)
    caplog.clear()
    with caplog.at_level("ERROR", logger="quotewire.parties"):
        mentions(nlp, text)  # checks every offset
    assert not caplog.records, caplog.text  # a swallowed exception is a bug too


def test_a_company_shortened_to_its_first_word_is_still_the_company(nlp):
    text = ("Kellner Oil Co said on Tuesday it would sell its refinery. Kellner said the sale "
            "would close in May. Shares of Marden Corp fell 3 percent; Marden said demand had "
            "weakened.")
    found = mentions(nlp, text)
    assert {(m.name, m.party_type) for m in found if m.mention.startswith("Kellner")} == {
        ("Kellner Oil", "organization")}
    assert {(m.name, m.party_type) for m in found if m.mention.startswith("Marden")} == {
        ("Marden", "organization")}


# -- page furniture, products, common words ------------------------------------------------------
def test_share_buttons_and_priced_products_are_not_parties(nlp):
    text = ("Maria Lopez opened her salon in Leeds on Friday.\n\n"
            "For a bolder look, try Glossline Velvet Cream in Midnight Plum (£12.50, "
            "glossline.co.uk).\n\n"
            "Post to Facebook Post to Twitter Post to Reddit Post to Newsvine Post to Digg\n")
    found = mentions(nlp, text)
    assert ("Maria Lopez", "person") in parties(found)
    assert ("Leeds", "location") in parties(found)
    assert not [m for m in found if m.start_char >= text.index("For a bolder")]


def test_a_common_word_opening_a_sentence_is_not_a_name(nlp):
    text = ("Learn how to read the label before you buy. Overseas, Japan's Nikkei average fell "
            "0.6 percent.")
    found = mentions(nlp, text)
    assert not [m for m in found if m.mention in ("Learn", "Overseas")]
    assert ("Japan", "country") in parties(found)


# -- types ----------------------------------------------------------------------------------------
def test_a_title_before_a_name_makes_it_a_person(nlp):
    text = ("RBI Governor Shaktikanta Das said inflation would ease in the coming months, "
            "while the rupee held steady.")
    assert ("Shaktikanta Das", "person") in parties(mentions(nlp, text))


def test_places_named_by_their_context_are_places(nlp):
    text = ("Pilgrims travelled from the state of Madhya Pradesh and from Sioux Falls, S.D., "
            "to the Imperial Valley, where the Yamuna river floods every spring.")
    found = parties(mentions(nlp, text))
    for place in ["Madhya Pradesh", "Sioux Falls", "Imperial Valley"]:
        assert (place, "location") in found, place


def test_national_teams_in_a_sports_story_are_organisations(nlp):
    text = ("Wales beat Fiji 32-10 in the World Cup match on Sunday, and Wales coach Warren "
            "Gatland praised his forwards. Fiji scored two tries but missed four penalty goals. "
            "Italy versus Fiji is next week's fixture.")
    found = parties(mentions(nlp, text))
    assert ("Wales", "organization") in found
    assert ("Fiji", "organization") in found
    assert not [name for name, kind in found if kind in ("country", "location")
                and name in ("Wales", "Fiji")]


def test_the_same_country_outside_sport_stays_a_country(nlp):
    text = "Wales and Fiji signed a trade agreement on Sunday, officials in Cardiff said."
    found = parties(mentions(nlp, text))
    assert ("Fiji", "country") in found


def test_a_first_name_alone_resolves_to_the_one_person_who_has_it(nlp):
    text = ("The model Emily Ratajkowski posted the photo on Monday. 'I wanted to show it,' "
            "said Emily.")
    found = mentions(nlp, text)
    alone = [m for m in found if m.mention == "Emily"]
    assert alone and all(m.name == "Emily Ratajkowski" for m in alone)


def test_events_and_abbreviated_common_nouns_are_not_parties(nlp):
    text = ("Kenyan runner Ruth Chepngetich won the London Marathon on Sunday. Ministers said "
            "sexual assault referral centres (Sarcs) would get more money, and Sarcs in "
            "Yorkshire welcomed the news.")
    found = mentions(nlp, text)
    assert not [m for m in found if "Marathon" in m.mention or m.mention == "Sarcs"]
    assert ("Ruth Chepngetich", "person") in parties(found)


def test_a_lower_case_word_after_an_organisation_is_not_its_name(nlp):
    text = ("Fighters loyal to the cleric, whose Mahdi Army militia controls the district, "
            "withdrew on Friday.")
    found = mentions(nlp, text)
    assert "Mahdi Army militia" not in {m.mention for m in found}


def test_a_state_university_is_not_the_state(nlp):
    text = "He was disappointed with the Ohio State recruiter, but Texas still wanted him."
    found = parties(mentions(nlp, text))
    assert ("Ohio State", "organization") in found
    assert ("Ohio", "location") not in found
    assert ("Texas", "location") in found


def test_a_plural_place_word_after_a_list_stays_with_the_place(nlp):
    text = "Clinics in Riverside and San Bernardino Counties in California reopened on Monday."
    found = mentions(nlp, text)
    assert "Counties" not in {m.mention for m in found}
    assert ("California", "location") in parties(found)


def test_his_or_her_after_a_name_the_model_called_an_organisation(nlp):
    found = parties(mentions(nlp, "All eyes have been on Meghan Markle and her glowing skin "
                                  "since the engagement."))
    assert ("Meghan Markle", "person") in found
    found = parties(mentions(nlp, "Goldman Sachs and its partners agreed to the deal."))
    assert ("Goldman Sachs", "organization") in found


def test_a_magazine_written_with_a_possessive_is_one_organisation(nlp):
    text = "She posed in Harper's Bazaar in 2016. In Harper's, she wrote about fame."
    found = mentions(nlp, text)
    assert {m.name for m in found} == {"Harper's Bazaar"}
    assert {m.party_type for m in found} == {"organization"}


def test_radio_stations_and_awards(nlp):
    text = ("During his appearance on the KIIS FM radio show, the actor thanked the Man and "
            "Woman of the Year committee.")
    found = mentions(nlp, text)
    assert ("KIIS FM", "organization") in parties(found)
    assert not [m for m in found if "Woman" in m.mention]


def test_currencies_and_bonds_are_not_their_issuers(nlp):
    text = ("The Australian dollar fell against the U.S. dollar while Treasury bills rallied. "
            "The Treasury said it would borrow less.")
    found = mentions(nlp, text)
    assert not [m for m in found if m.mention in ("Australian", "U.S.")]
    assert [m.start_char for m in found if m.mention == "Treasury"] == [text.rindex("Treasury")]


def test_a_dateline_in_capitals_and_the_city_in_the_body_are_one_place(nlp):
    text = ("NAIROBI (Reuters) - Kenya's central bank held its main lending rate on Tuesday, "
            "Governor Kamau Thugge told reporters in Nairobi.")
    found = mentions(nlp, text)
    assert names_of(found, "NAIROBI") == names_of(found, "Nairobi") == {"Nairobi"}
    assert {m.party_type for m in found if m.name == "Nairobi"} == {"location"}
    assert ("Kamau Thugge", "person") in parties(found)


def test_places_in_brackets_after_an_organisation_are_part_of_its_name(nlp):
    text = ("Rape Crisis (England and Wales) said victims need local services. "
            "Boris Johnson (UK) and Emmanuel Macron (France) met in Paris.")
    found = mentions(nlp, text)
    assert ("Rape Crisis England and Wales", "organization") in parties(found)
    assert not [m for m in found if m.mention in ("England", "Wales")]
    assert names_of(found, "UK") == {"United Kingdom"}  # a person's country stays a country
    assert names_of(found, "France") == {"France"}
