"""Direct quotations and their speakers, on sentences written the way news is written.

Every article here was written for these tests; the seed page is read from ../shared.
"""
from __future__ import annotations

import pytest

from quotewire import quote_spans
from quotewire.quote_spans import find_quotations
from quotewire.quotes import extract_quotes

SEED_DATELINE = "Jan 13, 2023 / 09:41 AM IST"


def quotes(nlp, text):
    doc = nlp(text)
    found = extract_quotes(doc)
    for q in found:  # the offsets contract holds for every quotation in one piece
        assert 0 <= q.start_char < q.end_char <= len(doc.text)
        if len(q.parts) <= 1:
            assert doc.text[q.start_char:q.end_char] == q.text
        else:
            assert q.text == " ".join(doc.text[s:e] for s, e in q.parts)
    return found


def only(found):
    assert len(found) == 1, found
    return found[0]


# -- the seed page ------------------------------------------------------------------------------
def test_seed_page_yields_its_three_quotes_all_john_kirby(nlp, seed_page):
    page = seed_page.read_text(encoding="utf-8")
    assert SEED_DATELINE in page
    body = page.split(SEED_DATELINE, 1)[1].strip()
    found = quotes(nlp, body)
    assert [q.speaker for q in found] == ["John Kirby"] * 3
    assert [q.cue for q in found] == ["told", "said", "told"]
    assert [q.speaker_kind for q in found] == ["person"] * 3
    assert "Coordinator for Strategic Communications" in found[0].speaker_role
    assert not any(q.is_scare_quote or q.is_partial for q in found)
    assert found[0].text.startswith("From our perspective") and found[2].text.startswith("And of course")


# -- where the speaker stands ---------------------------------------------------------------------
def test_speaker_after_the_quote_with_title_dropped_and_role_kept(nlp):
    q = only(quotes(nlp, "“The bridge will reopen in March,” Transport Minister Alan Reyes said on Tuesday."))
    assert (q.speaker, q.speaker_kind, q.cue) == ("Alan Reyes", "person", "said")
    assert q.text == "The bridge will reopen in March,"
    assert q.rule == "cue_subject_after" and q.confidence >= 0.9


def test_inverted_said_name_with_apposition(nlp):
    q = only(quotes(nlp, "“We have no plans to close the plant,” said Maria Lopez, a spokeswoman for the company."))
    assert q.speaker == "Maria Lopez"
    assert q.speaker_role == "a spokeswoman for the company"


def test_speaker_before_the_quote_with_colon_resolves_to_full_name(nlp):
    text = ("Health Secretary Patricia Hewitt defended the plan in parliament on Monday.\n\n"
            "Ms Hewitt said: “We will not back down on this.”")
    q = only(quotes(nlp, text))
    assert (q.speaker, q.cue) == ("Patricia Hewitt", "said")


def test_according_to(nlp):
    text = ("John Kirby briefed reporters at the Pentagon.\n\n"
            "According to Kirby, “the talks were productive and will continue next week.”")
    q = only(quotes(nlp, text))
    assert (q.speaker, q.cue, q.rule) == ("John Kirby", "according to", "according_to")


def test_relative_clause_aside_between_quote_and_verb(nlp):
    text = "“Sales are recovering faster than we planned,” Tom Walsh, who replaced Ann Ford as chief executive in May, told analysts."
    q = only(quotes(nlp, text))
    assert (q.speaker, q.cue) == ("Tom Walsh", "told")


# -- resolving the speaker within the article -----------------------------------------------------
def test_pronoun_across_sentences(nlp):
    text = ("Senator Elizabeth Grant visited the steel mill on Monday. She spoke with workers for an hour.\n\n"
            "“These jobs matter to every family in this valley,” she said.")
    q = only(quotes(nlp, text))
    assert (q.speaker, q.speaker_kind) == ("Elizabeth Grant", "person")


def test_surname_and_title_forms_resolve_to_the_name_first_introduced(nlp):
    text = ("President Maria Silva met the farmers' union in the capital on Friday.\n\n"
            "“We will not raise the fuel tax this year,” the president said.\n\n"
            "Union leader Carlos Mendes welcomed the pledge. “It is a good start,” Mendes said.\n\n"
            "“Nobody should pay more for bread,” Silva added.")
    found = quotes(nlp, text)
    assert [q.speaker for q in found] == ["Maria Silva", "Carlos Mendes", "Maria Silva"]
    assert [q.cue for q in found] == ["said", "said", "added"]


def test_unnamed_description_stays_a_description(nlp):
    q = only(quotes(nlp, "“We are reviewing the footage from the station,” a police spokesman said."))
    assert (q.speaker, q.speaker_kind) == ("a police spokesman", "description")


def test_organisation_named_with_of_and_and_is_one_organisation(nlp):
    text = ("The strike ended on Wednesday after 118 days.\n\n"
            "\"This tentative agreement represents a new paradigm,\" the Guild of Motion Picture and Stage Designers "
            "said in a statement Wednesday evening.")
    q = only(quotes(nlp, text))
    assert (q.speaker, q.speaker_kind) == ("Guild of Motion Picture and Stage Designers", "organization")


def test_organisation_as_speaker(nlp):
    text = "“The recall covers 40,000 vehicles sold since 2021,” Toyota said in a statement."
    q = only(quotes(nlp, text))
    assert (q.speaker, q.speaker_kind) == ("Toyota", "organization")


# -- quotations that run on, are interrupted, or continue -------------------------------------------
def test_quotation_over_several_paragraphs_is_one_row(nlp):
    text = ("Fire chief Dana Wells described the night.\n\n"
            "“The wind turned at about two in the morning and the line broke in three places.\n\n"
            "“By dawn we had lost the ridge, and we pulled every crew back to the river,” Wells said.")
    q = only(quotes(nlp, text))
    assert len(q.parts) == 2
    assert q.text.startswith("The wind turned") and q.text.endswith("back to the river,")
    assert q.speaker == "Dana Wells"


def test_interrupted_quotation_is_one_row_with_two_parts(nlp):
    text = ("Ngozi Okafor, the finance minister, spoke after the vote.\n\n"
            "“We are ready,” Ms. Okafor said. “The rest is up to them.”")
    q = only(quotes(nlp, text))
    assert q.text == "We are ready, The rest is up to them."
    assert len(q.parts) == 2 and q.speaker == "Ngozi Okafor" and q.cue == "said"


def test_two_speakers_in_one_paragraph_stay_two_rows(nlp):
    text = "“We will appeal,” said lawyer Ben Carter. “There is nothing to appeal,” prosecutor Lisa Huang replied."
    found = quotes(nlp, text)
    assert [q.speaker for q in found] == ["Ben Carter", "Lisa Huang"]


def test_quote_paragraph_right_after_the_speakers_quote_joins_it(nlp):
    text = ("“The harvest is the worst in a decade,” said Peter Okoye, who farms near Kano.\n\n"
            "“Prices at the market have doubled since June.”")
    q = only(quotes(nlp, text))
    assert q.speaker == "Peter Okoye" and len(q.parts) == 2
    assert q.text == "The harvest is the worst in a decade, Prices at the market have doubled since June."


def test_unattributed_quote_after_narration_continues_the_previous_speaker(nlp):
    text = ("“The harvest is the worst in a decade,” said Peter Okoye, who farms near Kano.\n\n"
            "Rain came three weeks late this year, and the river fell to its lowest level since 1998.\n\n"
            "“We will plant again in March if the seed arrives.”")
    found = quotes(nlp, text)
    assert [q.speaker for q in found] == ["Peter Okoye", "Peter Okoye"]
    assert found[1].rule == "continuation"


# -- marks that are not quotations, or cannot be trusted -------------------------------------------
def test_odd_number_of_quote_marks_never_raises_and_keeps_what_is_closed(nlp):
    text = ("The mayor said the deal was “done. Nobody expected it to pass so fast.\n\n"
            "“We start building in April,” Mayor Joan Pike said.")
    found = quotes(nlp, text)
    assert [q.text for q in found] == ["We start building in April,"]
    assert found[0].speaker == "Joan Pike"


def test_stray_closing_mark_yields_no_span_into_the_narration(nlp):
    found = quotes(nlp, 'The council voted 7-2." Residents were not consulted, critics said.')
    assert found == []


def test_apostrophes_are_not_quote_marks(nlp):
    text = ("It’s the players’ union that objected, and fans of ’70s rock ’n’ roll agreed.\n\n"
            "The minister said: ‘It’s the clubs’ decision, not ours.’")
    q = only(quotes(nlp, text))
    assert q.text == "It’s the clubs’ decision, not ours."
    assert q.cue == "said"


def test_straight_quotes_and_nested_quotes(nlp):
    text = '"He told me \'we are done\' and left," Anna Berg said.'
    q = only(quotes(nlp, text))
    assert q.text == "He told me 'we are done' and left,"
    assert q.speaker == "Anna Berg"


def test_scare_quotes_and_titles_are_flagged_not_attributed(nlp):
    text = ("The so-called “reset” with Moscow lasted two years. Officials watched the film “Thirteen Days” "
            "before the summit.")
    found = quotes(nlp, text)
    assert [q.text for q in found] == ["reset", "Thirteen Days"]
    assert all(q.is_scare_quote and q.speaker is None for q in found)


def test_partial_quote_woven_into_the_sentence_is_flagged(nlp):
    text = "Opposition leader Sam Tran called the budget “a step in the wrong direction” on Wednesday."
    q = only(quotes(nlp, text))
    assert q.is_partial and not q.is_scare_quote


def test_body_without_quotes(nlp):
    assert quotes(nlp, "The central bank left rates unchanged on Thursday.") == []
    assert quotes(nlp, "") == []


def test_find_quotations_without_a_parse():
    raw = find_quotations("“A,” he said, “B.”\n\n“C goes on\n\n“and ends.”")
    assert [len(q.parts) for q in raw] == [1, 1, 2]


# -- more ways news credits a speaker -------------------------------------------------------------
def test_dash_credit_after_the_quote(nlp):
    text = ("We asked readers what the new bridge means to them.\n\n"
            "“It cuts my commute in half and I finally see my kids at dinner.” ― Rosa Delgado, Newark\n\n"
            "“The tolls are too high for people who work nights.” ― Kwame Asante")
    found = quotes(nlp, text)
    assert [q.speaker for q in found] == ["Rosa Delgado", "Kwame Asante"]
    assert all(q.rule == "dash_credit" for q in found)


def test_quote_introduced_by_a_colon_in_the_previous_paragraph(nlp):
    text = ("Mayor Joan Pike addressed the council after the vote. Pike said:\n\n"
            "“We owe every family in this city a safe walk to school.”")
    q = only(quotes(nlp, text))
    assert (q.speaker, q.cue) == ("Joan Pike", "said")


def test_name_and_colon_roundup_style(nlp):
    text = ("Both candidates rejected the plan on Sunday.\n\n"
            "Sen. Laura Chen and Gov. Mark Ruiz spoke separately.\n\n"
            "Chen: “This plan raises taxes on every working family.”")
    q = only(quotes(nlp, text))
    assert (q.speaker, q.rule) == ("Laura Chen", "colon_name")


def test_quoted_nickname_is_part_of_the_full_name(nlp):
    text = ('Rep. Robert C. "Bobby" Scott opened his back yard for the annual cookout on Monday.\n\n'
            '"I never miss this one," Scott said.')
    found = [q for q in quotes(nlp, text) if not q.is_scare_quote]
    assert [q.speaker for q in found] == ['Robert C. "Bobby" Scott']


def test_honorific_chooses_between_people_who_share_a_surname(nlp):
    text = ("Mr. Obama spoke first at the dinner, and Michelle Obama followed him.\n\n"
            "“We have work to do,” Mr. Obama said.\n\n"
            "“And we will do it together,” Mrs. Obama said.")
    found = quotes(nlp, text)
    assert [q.speaker for q in found][1:] == ["Michelle Obama"]
    assert found[0].speaker != "Michelle Obama"


def test_unnamed_source_speaking_of_a_named_person_is_not_that_person(nlp):
    text = ("Senator Dana Whitfield lost the primary on Tuesday.\n\n"
            "A longtime adviser said of Whitfield, “She never stopped believing she could win.”")
    found = quotes(nlp, text)
    assert [(q.speaker, q.speaker_kind) for q in found] == [("A longtime adviser", "description")]


def test_person_a_participle_follows_is_the_speaker(nlp):
    text = ("A new ad from the Moreno campaign went on the air on Monday.\n\n"
            "The ad uses footage of Carla Diaz asking, “Why are we not further ahead?”")
    q = only(quotes(nlp, text))
    assert q.speaker == "Carla Diaz" and q.cue == "asking"


def test_title_of_a_place_before_the_name_the_parse_makes_the_subject(nlp):
    text = ("“The talks will go on all night,” said Minister for Foreign Affairs Penny Wong.\n\n"
            "“We will not back down,” Chief Minister of Delhi Arvind Kejriwal told reporters.")
    found = quotes(nlp, text)
    assert [(q.speaker, q.speaker_role) for q in found] == [
        ("Penny Wong", "Minister for Foreign Affairs"), ("Arvind Kejriwal", "Chief Minister of Delhi")]


def test_a_thing_next_to_the_verb_is_not_a_speaker(nlp):
    text = "The app ends that familiar fear of being caught outside and suddenly thinking “Did I leave the stove on?”"
    q = only(quotes(nlp, text))
    assert q.speaker is None and "“" not in (q.speaker_role or "")


def test_definite_description_refers_to_the_person_the_story_is_about(nlp):
    text = ("Donald Trump toured a steel plant in Ohio on Wednesday.\n\n"
            "“We are going to bring these jobs back,” the New York businessman said.")
    q = only(quotes(nlp, text))
    assert q.speaker == "Donald Trump"
    assert q.speaker_role == "the New York businessman"


def test_markup_attributes_are_not_quotations(nlp):
    text = 'The senator posted a video.\n\n<tweet tweet-id="783499116076687360"><tweet/>.'
    assert quotes(nlp, text) == []


@pytest.mark.parametrize("text", [
    '"', '“”', '"""', "‘’‘", '“ ” “', 'He said: "', '"A" "B" "C" "D',
    "“" * 50 + "x" + "”" * 49, "'Tis the season, ’twas said, rock ’n’ roll.",
    "Line one “open\nline two” close\n\n“ \n”", "<a href=\"x\">“</a>",
])
def test_hostile_marks_never_raise_and_keep_offsets(nlp, text):
    for q in quotes(nlp, text):
        assert q.text.strip() and q.start_char < q.end_char


def test_every_attributed_quote_says_how(nlp):
    text = ("Fire chief Dana Wells spoke on Monday.\n\n"
            "“We lost the ridge,” Wells said. “We will hold the river.”\n\n"
            "“The wind decides,” she added.")
    for q in quotes(nlp, text):
        assert q.speaker == "Dana Wells"
        assert q.rule and 0 < q.confidence <= 1


def test_acronym_and_documents_speak_for_the_organisation(nlp):
    text = ("The International Monetary Fund cut its forecast for global growth on Tuesday.\n\n"
            "“Risks remain tilted to the downside,” the IMF said.\n\n"
            "“Trade tensions weigh on investment,” the IMF report said.")
    found = quotes(nlp, text)
    assert [(q.speaker, q.speaker_kind) for q in found] == [("International Monetary Fund", "organization")] * 2


def test_pronoun_goes_to_the_person_just_introduced(nlp):
    text = ("“The turnout will be low,” said Bryan Alder, a county official.\n\n"
            "That worries Henry Cole, president of the local tenants' union.\n\n"
            "“Nobody is knocking on doors for this race,” he said.")
    found = quotes(nlp, text)
    assert [q.speaker for q in found] == ["Bryan Alder", "Henry Cole"]


def test_title_before_the_name_in_an_inverted_attribution(nlp):
    text = "“The draft bill is a good start,” said co-ordinator Peter Facey."
    q = only(quotes(nlp, text))
    assert q.speaker == "Peter Facey"


def test_abbreviated_military_title_does_not_end_the_sentence(nlp):
    text = ("“The candidates just don’t understand the military,” said Army Capt. Christian Pardo, "
            "who is stationed in Texas. “Their plans are far out there.”")
    q = only(quotes(nlp, text))
    assert q.speaker == "Christian Pardo" and len(q.parts) == 2


def test_the_company_and_the_prime_minister_resolve_within_the_article(nlp):
    text = ("Harbor Motors Ltd said on Monday it would raise truck prices by 4 per cent from June.\n\n"
            "“The increase covers the whole range,” the company said in a filing.\n\n"
            "Britain will host a summit on shipping emissions, Rishi Sunak announced in Oslo.\n\n"
            "“We cannot wait another decade,” the prime minister said.")
    found = quotes(nlp, text)
    assert [(q.speaker, q.speaker_kind) for q in found] == [
        ("Harbor Motors Ltd", "organization"), ("Rishi Sunak", "person")]


def test_a_name_after_a_title_is_a_person_whatever_the_model_says(nlp):
    text = ("“Inflation is expected to ease next year,” central bank Governor Anil Mehrotra said.\n\n"
            "“We remain watchful,” Mehrotra told reporters.")
    found = quotes(nlp, text)
    assert [q.speaker for q in found] == ["Anil Mehrotra", "Anil Mehrotra"]
    assert all(q.speaker_kind == "person" for q in found)


def test_a_guessed_gender_does_not_stick_to_the_wrong_person(nlp):
    text = ("Gov. Dale Prentiss described Senator Ana Whitcomb as “reckless” after she attacked the "
            "state police.\n\n"
            "Prentiss, who has backed the police union for years, repeated the charge on Wednesday.\n\n"
            "“It is reckless and it is wrong,” he said.")
    q = [q for q in quotes(nlp, text) if q.text.startswith("It is reckless")]
    assert only(q).speaker == "Dale Prentiss"


def test_given_name_only_in_a_quoted_event_name_completes_the_surname(nlp):
    # The narration says only `President Hollis`; his full name appears in the quoted name of a
    # drive, and his wife's name must not be taken for his.
    text = ("President Hollis urged voters to turn out on Tuesday.\n\n"
            "Civic groups are staging “Thomas Hollis Weekend,” a drive to register first-time voters, "
            "with his wife, Ruth Hollis, at their side.\n\n"
            "“This is about your own future,” Mr. Hollis said.")
    q = [q for q in quotes(nlp, text) if q.text.startswith("This is about")]
    assert only(q).speaker == "Thomas Hollis"


def test_given_name_the_model_leaves_out_of_the_entity(nlp):
    text = ("Ifeoma Joseph loves the bakery her grandmother opened in 1962.\n\n"
            "“We need the money to keep the ovens going,” said Joseph, who has three children.")
    q = only([q for q in quotes(nlp, text) if not q.is_scare_quote])
    assert q.speaker == "Ifeoma Joseph"


def test_she_after_an_unnamed_speaker_continues_the_description(nlp):
    text = ("Mayor Frank Delgado said the town would recover. “We have been through worse,” he said.\n\n"
            "At a pharmacy near the square, a cashier said she had heard angry talk all week. "
            "“People are scared,” said the woman, who asked not to be named because she feared for her job. "
            "“Too much anger,” she said.")
    found = [q for q in quotes(nlp, text) if not q.is_scare_quote]
    assert [q.speaker for q in found] == ["Frank Delgado", "the woman", "the woman"]
    assert found[2].speaker_kind == "description"


def test_a_one_word_answer_with_its_reporting_verb_is_a_quotation(nlp):
    text = ("Reporters asked Gov. Luis Ortega where he would watch the returns. "
            "“Albuquerque,” he answered.")
    q = only(quotes(nlp, text))
    assert not q.is_scare_quote and not q.is_partial
    assert q.speaker == "Luis Ortega" and q.cue == "answered"


def test_a_whole_clause_quoted_after_said_is_not_a_partial_quote(nlp):
    text = ("Senator Grace Whitfield said “there is no plan to raise taxes on families earning less than "
            "$400,000 a year.” She called the rival bill “a gift to the wealthy.”")
    found = quotes(nlp, text)
    assert len(found) == 2
    full, woven = found
    assert not full.is_partial and full.speaker == "Grace Whitfield"
    assert woven.is_partial  # `called it "..."`: the reporter's sentence around the speaker's words


def test_a_clause_opened_by_when_after_the_quote_is_not_its_attribution(nlp):
    text = ("Mayor Dan Whitlock told the forum, “That is just good business,” when his rival Carla Nunez "
            "criticised him for the tax break.")
    q = only([q for q in quotes(nlp, text) if q.text.startswith("That is just")])
    assert q.speaker == "Dan Whitlock"


def test_but_a_clause_between_quote_and_inverted_attribution_keeps_it(nlp):
    text = ("“Most people would call that a defeat for the governor” if the margin stays under five points, "
            "said Ellen Marsh, an analyst at the Harwood Institute.")
    q = only([q for q in quotes(nlp, text) if not q.is_scare_quote])
    assert q.speaker == "Ellen Marsh"


def test_an_unattributed_quote_goes_to_the_person_the_paragraph_is_about_not_a_thing(nlp):
    text = ("Director Maria Lopez said she thought the 19th Amendment was worth a film because “most people "
            "never learned how it was won,” she said. “We cannot understand today if we forget that fight.”")
    found = [q for q in quotes(nlp, text) if not q.is_scare_quote]
    assert found and all(q.speaker == "Maria Lopez" for q in found)


def test_the_book_speaks_for_the_author_the_story_named(nlp):
    text = ("Dr. Helen Ashby served as the team physician for a decade.\n\n"
            "Ashby wrote a memoir of those years, published in 2009.\n\n"
            "“The coach hid the injury from everyone, even the owners,” the book said.")
    q = only(quotes(nlp, text))
    assert q.speaker == "Helen Ashby" and q.speaker_kind == "person"


def test_the_article_speaks_for_the_paper_that_ran_it(nlp):
    text = ("Thirty years ago, a Chronicle article praised the mayor for rebuilding the harbour.\n\n"
            "“Few expected the docks to reopen this decade,” the article read.")
    q = only(quotes(nlp, text))
    assert q.speaker == "Chronicle"


def test_a_name_in_apposition_the_parse_hung_under_a_party_label(nlp):
    # On real pages the parser sometimes hangs `Joan Reyes` under the bracketed party label and
    # makes the label the apposition. The same sentence, with that parse, must still credit her.
    from spacy.tokens import Doc

    text = ('Rep. Harlan Voss spent the morning at the levee.\n\n'
            '"We have his back!" Voss\'s niece, state Del. Joan Reyes (D-Newport News), shouted to the crowd.')
    parsed = nlp(text)
    heads, deps = [t.head.i for t in parsed], [t.dep_ for t in parsed]
    reyes, label = next(t.i for t in parsed if t.text == "Reyes"), next(t.i for t in parsed if t.text == "News")
    niece = next(t.i for t in parsed if t.text == "niece")
    assert heads[reyes] == niece  # the model's own parse, which the rules already read right
    heads[reyes], deps[reyes] = label, "nmod"
    heads[label], deps[label] = niece, "appos"
    doc = Doc(nlp.vocab, words=[t.text for t in parsed], spaces=[bool(t.whitespace_) for t in parsed],
              tags=[t.tag_ for t in parsed], pos=[t.pos_ for t in parsed], lemmas=[t.lemma_ for t in parsed],
              heads=heads, deps=deps,
              ents=[f"{t.ent_iob_}-{t.ent_type_}" if t.ent_type_ else "O" for t in parsed])
    q = only(extract_quotes(doc))
    assert q.speaker == "Joan Reyes"


def test_a_surname_misspelt_by_one_letter_is_the_person_introduced(nlp):
    text = ("Campaign volunteer Tamika Holloway has knocked on doors in Dayton since June.\n\n"
            "“People want to be asked what they think,” Hollowey said.")
    q = only(quotes(nlp, text))
    assert q.speaker == "Tamika Holloway"


def test_an_organisations_short_name_is_the_organisation(nlp):
    text = ("Brisco Energy spun off its unionized mines in 2007, while Brisco kept its western operations.\n\n"
            "In a statement, Brisco said: “The new company was highly successful when it began trading.”")
    q = only(quotes(nlp, text))
    assert (q.speaker, q.speaker_kind) == ("Brisco Energy", "organization")


def test_the_writers_own_father_is_a_description_not_the_last_subject(nlp):
    text = ("Senator Dale Crowe keeps telling voters the country is under siege.\n\n"
            "“We live in the last days,” my father often said.")
    q = only(quotes(nlp, text))
    assert (q.speaker, q.speaker_kind) == ("my father", "description")


# -- mixed quotations: the speaker's words at the end of the reporter's own sentence ---------------
def test_said_that_then_quoted_words_is_indirect_speech_not_a_direct_quotation(nlp):
    text = ("Finance Minister Rhea Castell said that “the budget will be balanced by 2027.” "
            "Castell said that if the talks collapse, “We will have to start again from nothing.”")
    found = quotes(nlp, text)
    assert len(found) == 2
    assert all(q.is_partial and not q.is_scare_quote for q in found)


def test_lower_case_quote_completing_narration_the_attribution_interrupts_is_partial(nlp):
    text = ("Mayor Ines Roldan spoke at the opening of the depot on Friday. If the state cuts the grant, "
            "she said, “the buses will stop running at nine.” Sooner or later, Roldan told reporters, "
            "“every city will face the same choice.”")
    found = quotes(nlp, text)
    assert len(found) == 2 and all(q.is_partial for q in found)


def test_lower_case_quote_after_a_bare_attribution_stays_a_direct_quotation(nlp):
    text = ("Coach Dana Miles watched the replay twice. She said, “we lost it in the first ten minutes.” "
            "But, she added, “nobody in that room gave up.” Later she wrote to the players, telling them, "
            "“you made this town proud.” The bus left at noon, and Miles said, “see you in August.”")
    found = quotes(nlp, text)
    assert len(found) == 4
    assert not any(q.is_partial or q.is_scare_quote for q in found)
    assert all(q.speaker == "Dana Miles" for q in found)


def test_script_and_code_a_scraper_kept_hold_no_quotations():
    text = ('The harbour reopened on Friday, port director Anna Berg said.\n\n'
            '{"settings":{"signUpText":"Subscribe to our newsletter","errorText":"Please enter a valid email address."}}\n\n'
            'USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"\n\n'
            '“Ships are moving again,” Berg said.')
    found = find_quotations(text)
    assert [text[q.start:q.end] for q in found] == ["Ships are moving again,"]


def test_two_apostrophes_are_not_quote_marks_unless_the_setting_says_so(nlp):
    assert quote_spans.READ_TWO_APOSTROPHES is False  # the default: QUOTEWIRE_TWO_APOSTROPHE_QUOTES unset
    text = "''We are ready,'' Ms. Ruiz said. The vote is on Monday."
    assert quotes(nlp, text) == []


def test_single_quote_nested_in_unread_two_apostrophe_quotation_is_not_a_quotation(nlp):
    text = ("Many of the visitors were veterans, the curator said, and ''I had to stop and think, "
            "'This is their own story.'.''\n\nThe exhibit runs until May.")
    assert quotes(nlp, text) == []


def test_quotation_after_the_clause_its_reporting_verb_governs_is_partial(nlp):
    # The verb's content is the reporter's clause; the quotation only completes it.
    text = ("Senator Ana Brill said the state has what the plan needs most: “Patience, and a lot of it.” "
            "Brill asked the crowd to welcome the new mayor - “my oldest friend in politics.”")
    found = quotes(nlp, text)
    assert len(found) == 2 and all(q.is_partial and not q.is_scare_quote for q in found)
    assert all(q.speaker == "Ana Brill" for q in found)


def test_quotation_after_said_colon_with_nothing_between_stays_direct(nlp):
    text = ("Senator Ana Brill said on Monday: “Patience, and a lot of it.” "
            "Brill told the crowd, “Welcome the new mayor.”")
    found = quotes(nlp, text)
    assert len(found) == 2 and not any(q.is_partial for q in found)


def test_quotation_continuing_a_paraphrase_in_the_next_sentence_is_partial(nlp):
    # `X "fragment," Y said. "Z."` and `paraphrase, Y said. "Z."`: the quotation goes on with
    # content the reporter began in the narration (a mixed quotation), not a direct one.
    text = ("Teachers are “watching who runs for the board,” union leader Carla Nunez said. "
            "“That should worry every candidate.”\n\n"
            "The council may delay the vote until the audit is done, Councilman Pete Ward said. "
            "“Nobody wants to sign a budget twice.”")
    found = quotes(nlp, text)
    assert len(found) == 3 and all(q.is_partial for q in found)
    assert [q.speaker for q in found] == ["Carla Nunez", "Carla Nunez", "Pete Ward"]


def test_short_lower_case_words_in_a_list_of_quoted_labels_are_not_quotations(nlp):
    text = ("The governor called his rival a “career politician,” a “tax hiker,” “weak” and “tired.” "
            "“Yes,” the rival answered.")
    found = quotes(nlp, text)
    direct = [q for q in found if not (q.is_partial or q.is_scare_quote)]
    assert [q.text for q in direct] == ["Yes,"]
    assert "weak" in [q.text for q in found if q.is_scare_quote]


def test_capitalised_quotation_after_narration_without_a_reporting_verb_is_partial(nlp):
    text = ("Mayor Lena Kim spoke to the council on Friday about the housing bill.\n\n"
            "If the bill passes, “It will fill a gap we have had for years.”\n\n"
            "Moreover, the party has called a referendum - “No to Paid Parking” - for June.")
    found = quotes(nlp, text)
    assert len(found) == 2 and all(q.is_partial or q.is_scare_quote for q in found)


def test_quotation_after_a_speech_verb_we_do_not_list_stays_direct(nlp):
    text = "Mayor Lena Kim was asked about the budget. Kim shot back, “I chose to fix the roads first.”"
    q = only(quotes(nlp, text))
    assert not q.is_partial and not q.is_scare_quote


def test_a_list_of_quoted_words_is_not_a_quotation(nlp):
    text = ("Officials searched the archive for words such as \"harbour,\" \"storm,\" \"Gdansk\" and \"evacuation.\" "
            "The crowd chanted \"Open the port,\" and \"Pay the crews.\"\n\n"
            "\"We found nothing,\" the archivist said. \"Nothing at all.\"")
    found = quotes(nlp, text)
    direct = [q for q in found if not (q.is_partial or q.is_scare_quote)]
    assert [q.text for q in direct] == ["We found nothing, Nothing at all."]


def test_quoted_words_in_headlines_and_titles_are_not_quotations(nlp):
    text = ("The harbour reopened on Friday, port director Anna Berg said.\n\n"
            "Related: Mayor’s Latest Jab At Port Board: ‘They Will Not Listen’\n\n"
            "“Storm Season” Survival Guide\n\n"
            "“Ships are moving again,” Berg said.")
    found = quotes(nlp, text)
    assert [q.text for q in found if not (q.is_partial or q.is_scare_quote)] == ["Ships are moving again,"]
    assert {"They Will Not Listen", "Storm Season"} <= {q.text for q in found if q.is_scare_quote}


def test_second_piece_of_an_interrupted_fragment_is_a_fragment(nlp):
    text = ("The late publisher “stood for a cheerful kind of thrift”, as the Gazette wrote in his obituary, "
            "“that counted every penny twice.”")
    found = quotes(nlp, text)
    assert len(found) == 2 and all(q.is_partial for q in found)


def test_the_reporters_next_sentence_is_not_an_attribution(nlp):
    text = ("As my grandmother liked to say, “If you think you have arrived, you are ready to be shown the door.” "
            "There is no such thing as lasting success.")
    q = only(quotes(nlp, text))
    assert (q.speaker, q.speaker_kind, q.cue) == ("my grandmother", "description", "say")


def test_interrupted_quotation_stays_one_row_whatever_the_attribution_says(nlp):
    text = ("Governor Terry Vance restored the voting rights of 13,000 people on Friday.\n\n"
            "\"I have no idea how these men and women voted,\" he said of people whose rights were restored, "
            "\"But I do know that they made an investment in their town.\"\n\n"
            "“We did it for the families,” Vance said. “ And we will do more.”")
    found = quotes(nlp, text)
    assert [len(q.parts) for q in found] == [2, 2]
    assert all(q.speaker == "Terry Vance" and not q.is_partial for q in found)


def test_a_dash_opening_the_next_paragraph_is_not_a_credit(nlp):
    text = ("“I think there is resistance to change,” Ramos said on Sunday.\n\n"
            "“So I think that many Americans resist seeing their country change.”\n\n"
            "– An immigrant himself –.\n\n"
            "Ramos, who lives in Miami, became a citizen in 2008.")
    found = quotes(nlp, text)
    assert len(found) == 1 and found[0].speaker == "Ramos" and len(found[0].parts) == 2


def test_quotation_after_a_bare_attribution_sentence_stays_direct(nlp):
    text = ("The plan was approved on Tuesday. Councilman Pete Ward agreed. "
            "“Nobody wants to sign a budget twice.”")
    q = only(quotes(nlp, text))
    assert not q.is_partial and q.speaker == "Pete Ward"


def test_double_quotes_typed_as_two_apostrophes(nlp, monkeypatch):
    monkeypatch.setattr(quote_spans, "READ_TWO_APOSTROPHES", True)
    text = ("Senator Alma Ruiz spoke after the vote.\n\n"
            "''It's the workers' money, not the board's,'' Ms. Ruiz said. ''They will get it back.''\n\n"
            "Her aide recalled the moment: ''She told them, 'Not one cent.'''")
    found = quotes(nlp, text)
    assert [q.text for q in found] == ["It's the workers' money, not the board's, They will get it back.",
                                       "She told them, 'Not one cent.'"]
    assert found[0].speaker == "Alma Ruiz" and found[0].cue == "said"
    assert not any(q.is_partial or q.is_scare_quote for q in found)


def test_two_apostrophes_keep_offsets_and_a_lone_pair_yields_no_garbage(monkeypatch):
    monkeypatch.setattr(quote_spans, "READ_TWO_APOSTROPHES", True)
    text = "He called it ''a disgrace'' and left. The ''rock 'n' roll era, he said, ended."
    raw = find_quotations(text)
    assert len(raw) == 1 and [text[s:e] for s, e in raw[0].parts] == ["a disgrace"]


def test_the_reporters_next_sentence_after_a_question_is_not_an_attribution(nlp):
    text = ("Mara Olsen taught history for twenty years. “Was I going to stay in the classroom forever?” "
            "she told me. “Or was I going to do something?” Olsen put her house up for sale that spring.")
    q = only(quotes(nlp, text))
    assert len(q.parts) == 2 and q.speaker == "Mara Olsen" and q.cue == "told"


def test_a_relative_clause_or_the_reporters_and_after_a_quote_is_not_its_attribution(nlp):
    text = ("Governor Paul Brandt has attacked the pipeline deal - “I will never sign it,” he said, “not in a "
            "hundred years” - and vowed to repeal it. “We can still win in Ohio,” said Lena Cho, his campaign "
            "manager. “And we have a real chance in Oregon,” which votes in May.")
    found = [q for q in quotes(nlp, text) if not (q.is_partial or q.is_scare_quote)]
    assert [(len(q.parts), q.speaker) for q in found] == [(2, "Paul Brandt"), (2, "Lena Cho")]


def test_after_a_question_a_clause_with_its_own_object_is_narration(nlp):
    text = ("Senator Ruth Alder faced the committee for six hours. Alder, exasperated, finally answered: "
            "“What difference does it make now?” Her opponents cited the line for months. "
            "“Why did you wait?” Alder asked the chairman.")
    found = quotes(nlp, text)
    assert [q.speaker for q in found] == ["Ruth Alder", "Ruth Alder"]
    assert [q.cue for q in found] == ["answered", "asked"]


def test_invisible_formatting_characters_from_scraped_pages_do_not_hide_a_quotation(nlp):
    text = ("Readers answered the mayor's post within minutes.\n\n"
            "\u202a”Keep the library open, it is the only quiet place in town!” posted Dora Venn.\n\n"
            "Another reader,\u200b Sam Ortiz, wrote:\u200b“We will be there on Monday.”")
    found = quotes(nlp, text)
    assert [(q.text, q.speaker) for q in found] == [
        ("Keep the library open, it is the only quiet place in town!", "Dora Venn"),
        ("We will be there on Monday.", "Sam Ortiz")]


def test_a_sentence_ending_in_a_colon_introduces_its_subjects_quotation(nlp):
    text = ("The storm flooded three districts overnight. Governor Lena Marsh issued the following statement:\n\n"
            "“Our crews will work through the weekend until every road is open.”\n\n"
            "Wait, it gets worse:\n\n"
            "“Residents should boil their water until further notice.”")
    found = quotes(nlp, text)
    assert found[0].speaker == "Lena Marsh" and found[0].rule == "colon_subject"
    assert found[-1].rule != "colon_subject"


def test_a_party_label_in_brackets_is_not_the_speaker(nlp):
    text = ("While discussing the tweet on a radio show, Speaker of the House Rep. Tom Haskell (R-WI) said "
            "“the bill will pass before the recess.”\n\n"
            "(Asked about the vote, Haskell later told reporters, “We have the numbers.”)")
    found = quotes(nlp, text)
    assert [q.speaker for q in found] == ["Tom Haskell", "Tom Haskell"]


def test_a_participle_right_after_the_quote_goes_on_from_the_verb_before_it(nlp):
    text = ("Club founder Jeremy Vale said the members would still meet for dinner, but said, “It’s time we "
            "change how we do it,” promising the Lantern Society would return to its roots.")
    q = only(quotes(nlp, text))
    assert q.speaker == "Jeremy Vale" and q.cue == "said"


def test_lower_case_quote_finishing_narration_before_an_attribution_after_it_is_partial(nlp):
    text = ("Campaign director Ana Ruiz explained the new strategy. In past campaigns, “we could reach every "
            "voter by mail,” she said. Yet, “it is hard to know who reads anything now,” Ruiz added.")
    found = quotes(nlp, text)
    assert [(q.is_partial, q.speaker) for q in found] == [(True, "Ana Ruiz"), (False, "Ana Ruiz")]


def test_an_unfamiliar_name_right_after_an_inverted_said_is_the_speaker(nlp):
    text = ("Consultant Ron Skelly vouched for both hires. “Having access to the voter file and two people who "
            "understand it is valuable,” said Skelly, explaining he worked more closely with one of them.")
    assert only(quotes(nlp, text)).speaker == "Ron Skelly"
