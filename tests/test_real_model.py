"""End-to-end checks with the bundled all-MiniLM-L6-v2 model (loaded once per session)."""
import json

import pytest

from ingest.sources import read_document
from kg.citations import MAX_CITATION_LINES, quote_is_verbatim
from tests.conftest import DEV_QUESTIONS, REPORTS

pytestmark = pytest.mark.real_model


def _lines(file_name):
    return read_document(REPORTS / file_name).lines


def test_model_is_the_bundled_minilm(real_engine):
    assert real_engine.index.manifest["model"] == {
        "name": "sentence-transformers/all-MiniLM-L6-v2",
        "dimension": 384,
        "precision": "bfloat16",
    }


def test_every_dev_citation_is_verbatim_at_its_lines(real_engine):
    if not DEV_QUESTIONS.exists():
        pytest.skip("shared/eval/questions-dev.jsonl is not beside the project")
    questions = [json.loads(line)["question"] for line in DEV_QUESTIONS.read_text().splitlines() if line.strip()]
    assert len(questions) == 39
    checked = 0
    for question in questions:
        for citation in real_engine.ask(question).citations:
            assert citation.end_line - citation.start_line + 1 <= MAX_CITATION_LINES
            assert quote_is_verbatim(_lines(citation.report), citation.start_line, citation.end_line, citation.quote), (
                question,
                citation,
            )
            checked += 1
    assert checked >= 150


def test_domestic_abuse_question_cites_criticised_crcs(real_engine):
    answer = real_engine.ask("Which CRCs were criticised for domestic abuse checks?")
    assert not answer.abstained
    cited = {(c.report, c.start_line) for c in answer.citations}
    # Staffordshire & West Midlands: "a low rate of checks with police domestic abuse units".
    assert ("staffordshire-west-midlands-crc-2018.txt", 429) in cited
    # Cumbria and Lancashire: "No up-to-date check was made with the police".
    assert ("cumbria-lancashire-crc-2019.txt", 431) in cited


def test_factoid_cites_the_exact_line(real_engine):
    answer = real_engine.ask("What was Merseyside Probation Area's total revenue budget in 2006/2007?")
    first = answer.citations[0]
    assert (first.report, first.start_line) == ("merseyside-omi-2007.txt", 888)
    assert "£26.556m" in first.quote


def test_off_topic_questions_abstain(real_engine):
    for question in ("What is the capital of France?", "How do I bake sourdough bread?"):
        answer = real_engine.ask(question)
        assert answer.abstained, (question, answer.confidence)
        assert answer.citations == []


def test_criticised_crcs_are_listed_and_the_praised_division_is_not(real_engine):
    answer = real_engine.ask("Which CRCs were criticised for domestic abuse checks?")
    labels = [item["label"] for item in answer.items]
    assert sorted(labels) == [
        "Cheshire & Greater Manchester CRC", "Cumbria & Lancashire CRC", "Merseyside CRC",
        "Staffordshire & West Midlands CRC",
    ]
    assert all(item["type"] == "CRC" for item in answer.items)
    lines = {(c.report, c.start_line) for c in answer.citations}
    assert ("merseyside-crc-2018.txt", 68) in lines and ("cumbria-lancashire-crc-2019.txt", 431) in lines
    for item in answer.items:
        assert item["citations"], item


def test_dv_paraphrase_names_the_commended_public_provider(real_engine):
    answer = real_engine.ask(
        "Which of the privately run probation companies were faulted over their checks in DV cases, "
        "and which public-sector provider was commended for carrying such checks out?"
    )
    labels = [item["label"] for item in answer.items]
    assert {"Merseyside CRC", "Cumbria & Lancashire CRC", "Staffordshire & West Midlands CRC",
            "Cheshire & Greater Manchester CRC"} <= set(labels)
    assert "NPS North West division" in labels
    assert "Merseyside Probation Area" not in labels


def test_exact_lookups_and_honest_gaps(real_engine):
    unpaid = real_engine.ask("How was Unpaid work (standard 4.1) rated in each of the three CRC rated inspections?")
    assert {i["label"]: i["detail"] for i in unpaid.items} == {
        "Cumbria & Lancashire CRC": "4.1 Unpaid work: Inadequate",
        "Merseyside CRC": "4.1 Unpaid work: No rating",
        "Staffordshire & West Midlands CRC": "4.1 Unpaid work: Good",
    }
    missing = real_engine.ask("What overall rating did Northumbria CRC receive in HMI Probation's 2018 inspection?")
    assert missing.abstained
    assert missing.answer == "The ingested reports do not give an overall rating for Northumbria CRC."
    lowest = real_engine.ask("Which CRC had the lowest percentage for key question 2.3.3?")
    assert (lowest.items[0]["label"], lowest.items[0]["detail"]) == ("Staffordshire & West Midlands CRC", "2.3.3: 32%")


def test_a_list_named_in_quotes(real_engine):
    answer = real_engine.ask("Which practices or services are highlighted as an 'Organisational strength' in the "
                             "Greater Manchester report, and which provider does each belong to?")
    cited = [(c.report, c.start_line) for c in answer.citations[:4]]
    assert cited == [("greater-manchester-qi-2017.txt", n) for n in (364, 468, 474, 476)]
    assert "Circles of Support and Accountability" in answer.answer
    # The listed practices are the answer's items, each cited at its own line.
    assert [(i["type"], answer.citations[i["citations"][0] - 1].start_line) for i in answer.items] == [
        ("Finding", 364), ("Finding", 468), ("Finding", 474), ("Finding", 476)]
    assert answer.items[1]["label"].startswith("The health and justice mental health in-reach team")


def test_abbreviations_and_footnotes_of_the_cited_text_are_spelled_out(real_engine):
    samm = real_engine.ask("Which voluntary organisation did Merseyside Probation Area fund to support the families of "
                           "murder and manslaughter victims, and which probation staff did it work with?")
    assert "VLOs: Victim liaison officers" in samm.answer
    assert ("merseyside-omi-2007.txt", 149) in {(c.report, c.start_line) for c in samm.citations}  # the glossary row
    northumbria = real_engine.ask(
        "The Cumbria and Lancashire report says a management-oversight problem had already been raised with its parent "
        "company after a 2018 inspection of another CRC. Which CRC was that, and what was recommended?")
    assert "note 1: HMI Probation. (2018). An inspection of Northumbria Community Rehabilitation Company." in northumbria.answer
    assert ("cumbria-lancashire-crc-2019.txt", 78) in {(c.report, c.start_line) for c in northumbria.citations}
    assert "Sodexo Justice Services — owns Cumbria & Lancashire CRC" in northumbria.answer  # "parent company"
    # A note about something not asked (a data source) is left out.
    led = real_engine.ask("Who led the May 2019 inspection of Cumbria and Lancashire CRC?")
    assert "Footnotes of the cited text" not in led.answer


def test_which_reports_lists_reports_and_percentages_are_stated(real_engine):
    women = real_engine.ask("In which reports are services for women praised outright, and in which are they praised "
                            "but found limited or inconsistent?")
    labels = [item["label"] for item in women.items]
    assert "Cheshire & Greater Manchester CRC and NPS North West division" in labels
    assert "NPS North West division" not in labels and women.answer.startswith("Reports where providers are praised:")
    share = real_engine.ask("In Cumbria and Lancashire CRC's unpaid work cases, in what percentage was there an assessment "
                            "of the person's motivation and willingness to comply?")
    assert share.answer.startswith("Figure: 13% [1]\n")
    assert share.citations[0].quote.startswith("An assessment of people’s motivation and willingness to comply was present in only 13 per cent")


def test_a_standard_described_by_what_it_covers_is_read_from_the_ontology(real_engine):
    answer = real_engine.ask("Which CRC was judged 'Inadequate' on the standard covering resettlement work before "
                             "release from prison, and how were the others judged on it?").to_json()
    assert answer["request"]["parts"][0]["standards"] == ["4.2"]
    assert [(i["label"], i["detail"]) for i in answer["items"]] == [
        ("Staffordshire & West Midlands CRC", "4.2 Through the Gate: Inadequate"),
        ("Cumbria & Lancashire CRC", "4.2 Through the Gate: Requires improvement"),
        ("Merseyside CRC", "4.2 Through the Gate: Requires improvement")]
    # No standard is read from a description that fits none of them clearly.
    vague = real_engine.ask("How were CRCs judged on the standard about the weather in the office car parks?").to_json()
    assert "standards" not in vague["request"]
