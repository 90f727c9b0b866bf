"""Facts printed in prose: providers of every era, ratings, owners, people, dates and caseloads."""
import pytest

from ingest.extract.prose import extract_prose_facts
from ingest.extract.providers import damaged_crc
from ingest.gazetteer import load_gazetteer
from ingest.metadata import report_title
from ingest.normalise import clean_lines
from ingest.sources import Document
from tests.conftest import SHARED


def facts(*lines: str, title: str | None = None):
    cleaned = clean_lines(list(lines))
    return extract_prose_facts(cleaned, title if title is not None else lines[0], load_gazetteer())


def test_a_rating_given_in_a_sentence_is_read_with_its_provider():
    read = facts("Essex probation service receives mixed performance report",
                 "Her Majesty’s Inspectorate of Probation has given Essex CRC a ‘requires improvement’ rating, but "
                 "acknowledged some aspects of its service are delivered well.")
    assert read.to_json()["overall_ratings"] == [{"provider": "Essex CRC", "rating": "Requires improvement", "line": 2}]


def test_rating_words_that_are_not_ratings_are_not_read():
    read = facts("Essex CRC - a mixed report",
                 "Inspectors found the organisation had “an outstanding approach to local partnership working”.",
                 "The quality of service delivery was inadequate, and good overall in places.",
                 "Contents: Summary of ratings ...... 10")
    assert read.ratings == []


def test_counts_of_ratings_are_not_one_providers_rating():
    read = facts("London probation service continues to improve performance",
                 "HM Inspectorate of Probation conducted a routine inspection of London Community Rehabilitation "
                 "Company (CRC).",
                 "The Inspectorate looked at 10 aspects of the CRC’s work and rated performance against half of these "
                 "as ‘good’ and half as ‘requiring improvement’. Based on these findings, the Inspectorate has given "
                 "the organisation an overall rating of ‘Requires improvement’.")
    assert read.to_json()["overall_ratings"] == [{"provider": "London CRC", "rating": "Requires improvement", "line": 3}]


def test_pdus_regions_and_a_standard_rating_in_a_sentence():
    read = facts("An inspection of probation services in Cwm Taf Morgannwg PDU",
                 "The inspection of Cwm Taf Morgannwg (CTM) Probation Delivery Unit presents a complex picture.",
                 "The inspection team therefore awarded a ‘Good’ rating for leadership.",
                 "The overall rating is ‘Requires improvement’.",
                 "This inspection was one of three carried out in the Probation Service – Greater Manchester region. "
                 "The other two are Tameside PDU and Wigan PDU, which both received an overall rating of "
                 "‘Requires improvement’.")
    assert [(p.name, p.type) for p in read.providers] == [
        ("Cwm Taf Morgannwg PDU", "PDU"), ("Probation Service", "ProbationService"),
        ("Greater Manchester region", "Region"), ("Tameside PDU", "PDU"), ("Wigan PDU", "PDU")]
    out = read.to_json()
    assert out["standard_ratings"] == [{"provider": "Cwm Taf Morgannwg PDU", "standard": "leadership",
                                        "rating": "Good", "line": 3}]
    assert out["overall_ratings"] == [
        {"provider": "Cwm Taf Morgannwg PDU", "rating": "Requires improvement", "line": 4},
        {"provider": "Tameside PDU", "rating": "Requires improvement", "line": 5},
        {"provider": "Wigan PDU", "rating": "Requires improvement", "line": 5}]


def test_a_text_about_an_area_names_its_crc_nps_division_and_trust():
    read = facts("Probation services in Derbyshire - A mixed picture",
                 "The National Probation Service (NPS) in Derbyshire was working well, but the Community "
                 "Rehabilitation Company (CRC) was not.",
                 "The quality of the CRC’s work was lower than that formerly seen in the probation trust.")
    assert [(p.name, p.type) for p in read.providers] == [
        ("NPS Midlands division", "NPSDivision"),
        ("Derbyshire, Leicestershire, Nottinghamshire & Rutland CRC", "CRC"),
        ("Derbyshire Probation Trust", "ProbationTrust")]


def test_owners_stated_in_prose():
    read = facts("South Yorkshire CRC - beginning to address problems",
                 "The inspection rated the Sodexo-owned CRC as ‘Requires Improvement’, following our findings in "
                 "Sodexo’s Northumbria CRC.",
                 "Cumbria and Lancashire CRC is run by Sodexo Justice Services in partnership with Nacro. Earlier, "
                 "inspectors looked at Sodexo’s work in Northamptonshire and Suffolk.",
                 "This was the second inspection of work undertaken by a CRC owned by Working Links.")
    assert [(o.provider, o.owner, o.line) for o in read.owners] == [
        ("South Yorkshire CRC", "Sodexo", 2), ("Northumbria CRC", "Sodexo", 2),
        ("Cumbria & Lancashire CRC", "Sodexo Justice Services in partnership with Nacro", 3),
        ("Bedfordshire, Northamptonshire, Cambridgeshire & Hertfordshire CRC", "Sodexo", 3),
        ("Norfolk & Suffolk CRC", "Sodexo", 3),
        ("South Yorkshire CRC", "Working Links", 4)]


def test_people_and_roles_including_a_statement_wrapped_over_two_lines():
    read = facts("An inspection of central functions supporting",
                 "Chief Inspector of Probation Justin Russell said: “This is encouraging.”",
                 "said Dame Glenys Stacy, Chief Inspector of Probation, publishing the report.",
                 "This inspection was led by HM Inspector Keith McInnis, supported by a team of",
                 "inspectors. The manager responsible for",
                 "this inspection programme is Sally Lester. We would like to thank all those")
    assert [(p.name, p.role, p.line) for p in read.people] == [
        ("Justin Russell", "Chief Inspector of Probation", 2),
        ("Dame Glenys Stacy", "Chief Inspector of Probation", 3),
        ("Keith McInnis", "lead inspector", 4),
        ("Sally Lester", "inspection programme manager", 5)]


def test_dates_and_caseloads():
    read = facts("Probation service for Manchester North ‘Requires improvement’",
                 "The Essex Community Rehabilitation Company – which supervises more than 4,000 low and medium-risk "
                 "offenders – was inspected.",
                 "Tameside PDU received an overall rating of ‘Requires improvement’ (also published on 25 May 2023).",
                 "The report relates to findings from inspections undertaken between December 2014 and January 2015.",
                 "Tameside PDU scored 12 out of 27, the highest score of the three.")
    assert read.dates == {"published": "25 May 2023", "fieldwork": "between December 2014 and January 2015",
                          "lines": [3, 4]}
    assert [(f.what, f.value, f.line) for f in read.figures] == [
        ("people supervised (low and medium-risk offenders)", "more than 4,000", 2),
        ("inspection score", "12 out of 27", 5)]


def test_a_crc_name_damaged_by_text_extraction_is_still_resolved():
    gazetteer = load_gazetteer()
    assert damaged_crc("Humberside, & North ", gazetteer) == "Humberside, Lincolnshire & North Yorkshire CRC"
    assert damaged_crc(", Leicestershire, and Rutland ", gazetteer) == \
        "Derbyshire, Leicestershire, Nottinghamshire & Rutland CRC"
    assert damaged_crc("West ", gazetteer) is None  # two CRCs begin so: not one name


def test_a_short_text_takes_its_first_line_as_title_never_its_whole_text():
    lines = ("Essex probation service receives mixed performance report",
             "Essex Community Rehabilitation Company – which supervises more than 4,000 low and medium-risk offenders "
             "– has received a mixed write-up from independent inspectors.",
             "Her Majesty’s Inspectorate of Probation has given Essex CRC a ‘requires improvement’ rating.")
    document = Document(path="essex.txt", file_name="essex.txt", report_id="essex", lines=lines, sha256="x")
    assert report_title(document) == "Essex probation service receives mixed performance report"
    paragraph = Document(path="p.txt", file_name="p.txt", report_id="p", lines=(lines[1] + " " + lines[2],), sha256="y")
    assert report_title(paragraph) == lines[1]


@pytest.mark.skipif(not (SHARED / "eval" / "corpus-facts.jsonl").exists(), reason="shared/eval is not beside the project")
def test_corpus_facts_meet_their_targets():
    from kg.evaluate.corpus import evaluate_corpus

    scores = evaluate_corpus(SHARED / "eval" / "corpus-facts.jsonl", SHARED / "corpus")["scores"]
    assert scores["providers"]["recall"] >= 0.95 and scores["providers"]["precision"] >= 0.9
    assert scores["overall_ratings"]["recall"] >= 0.95 and scores["overall_ratings"]["precision"] >= 0.9
    for key in ("standard_ratings", "owners", "people"):
        assert scores[key]["recall"] >= 0.9, key
