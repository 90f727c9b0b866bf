"""The example queries of ontology/queries, each with its exact expected answer on the bundled reports."""
import csv
import io
from pathlib import Path

import pytest

from kg.index.load import load_index
from kg.graph.sparql import run_query

QUERIES = Path(__file__).resolve().parents[2] / "ontology" / "queries"


@pytest.fixture(scope="module")
def run(hashing_index, hashing_embedder):
    dataset = load_index(hashing_index, hashing_embedder).dataset

    def rows(name: str) -> list[tuple[str, ...]]:
        text = run_query(dataset, (QUERIES / f"{name}.rq").read_text(encoding="utf-8"), "csv")
        return [tuple(row) for row in csv.reader(io.StringIO(text))][1:]

    return rows


def test_every_query_says_what_it_answers():
    files = sorted(QUERIES.glob("*.rq"))
    assert len(files) >= 12
    for file in files:
        assert file.read_text(encoding="utf-8").startswith("# "), file.name


def test_owners_and_their_crcs(run):
    rows = run("owners-and-crcs")
    assert ("Purple Futures", "Merseyside CRC") in rows
    assert ("Purple Futures", "Cheshire & Greater Manchester CRC") in rows
    assert {crc for owner, crc in rows if owner == "Purple Futures"} == {
        "Cheshire & Greater Manchester CRC", "Hampshire & Isle of Wight CRC",
        "Humberside, Lincolnshire & North Yorkshire CRC", "Merseyside CRC", "West Yorkshire CRC",
    }
    assert ("Sodexo Justice Services", "Cumbria & Lancashire CRC") in rows
    assert ("Reducing Reoffending Partnership", "Staffordshire & West Midlands CRC") in rows


def test_inadequate_standards(run):
    assert run("inadequate-standards") == [
        ("Cumbria & Lancashire CRC", "2.1", "Assessment", "cumbria-lancashire-crc-2019"),
        ("Cumbria & Lancashire CRC", "2.2", "Planning", "cumbria-lancashire-crc-2019"),
        ("Cumbria & Lancashire CRC", "2.3", "Implementation and delivery", "cumbria-lancashire-crc-2019"),
        ("Cumbria & Lancashire CRC", "4.1", "Unpaid work", "cumbria-lancashire-crc-2019"),
        ("Merseyside CRC", "2.4", "Reviewing", "merseyside-crc-2018"),
        ("Staffordshire & West Midlands CRC", "2.2", "Planning", "staffordshire-west-midlands-crc-2018"),
        ("Staffordshire & West Midlands CRC", "2.3", "Implementation and delivery", "staffordshire-west-midlands-crc-2018"),
        ("Staffordshire & West Midlands CRC", "2.4", "Reviewing", "staffordshire-west-midlands-crc-2018"),
        ("Staffordshire & West Midlands CRC", "4.2", "Through the Gate", "staffordshire-west-midlands-crc-2018"),
    ]
    assert run("inadequate-count-per-crc") == [
        ("Cumbria & Lancashire CRC", "4"), ("Staffordshire & West Midlands CRC", "4"), ("Merseyside CRC", "1"),
    ]


def test_key_question_percentages(run):
    rows = run("key-question-percentages")
    assert len(rows) == 19 * 3 - 4  # Merseyside printed "-" for its four unpaid-work questions
    assert ("2.3.3", "Staffordshire & West Midlands CRC", "32") in rows
    assert ("2.3.3", "Cumbria & Lancashire CRC", "40") in rows
    assert ("2.3.3", "Merseyside CRC", "46") in rows
    lowest = dict((q, (crc, p)) for q, crc, p in run("lowest-key-question"))
    assert lowest["2.3.3"] == ("Staffordshire & West Midlands CRC", "32")
    assert lowest["4.2.3"] == ("Staffordshire & West Midlands CRC", "36")


def test_recommendations_about_risk_of_harm(run):
    rows = run("risk-of-harm-recommendations")
    assert [(r[0], r[1]) for r in rows] == [
        ("cumbria-lancashire-crc-2019", "4"), ("greater-manchester-qi-2017", "7"),
        ("merseyside-crc-2018", "1"), ("merseyside-crc-2018", "2"), ("merseyside-crc-2018", "4"),
        ("merseyside-omi-2007", "1"), ("merseyside-omi-2007", "3"),
        ("staffordshire-west-midlands-crc-2018", "1"), ("staffordshire-west-midlands-crc-2018", "2"),
    ]
    assert rows[2][2] == "Merseyside CRC"


def test_prisons_of_crcs(run):
    assert run("prisons-of-crcs") == [
        ("Cumbria & Lancashire CRC", "HM Prison Low Newton"),
        ("Cumbria & Lancashire CRC", "HM Prison Preston"),
        ("Cumbria & Lancashire CRC", "HM Prison Styal"),
        ("Merseyside CRC", "HM Prison Liverpool"),
        ("Staffordshire & West Midlands CRC", "HM Prison Oakwood"),
    ]


def test_the_sentence_behind_an_edge(run):
    rows = run("sentence-behind-an-edge")
    assert ("merseyside-crc-2018.txt", "166", "166", "2.4\tReviewing\tInadequate") in rows
    assert len(rows) == 9


def test_overall_ratings_and_2007_criteria(run):
    assert run("overall-ratings") == [
        ("Cumbria & Lancashire CRC", "Requires improvement", "2019-05"),
        ("Merseyside CRC", "Requires improvement", "2018-09"),
        ("Staffordshire & West Midlands CRC", "Requires improvement", "2018"),
    ]
    criteria = run("criteria-2007")
    assert criteria[0] == ("1.1", "Preparing for sentence", "82%")
    assert criteria[1] == ("1.2", "Assessment of risk of harm", "")
    assert ("4.3", "Resource deployment", "Well met") in criteria
    assert len(criteria) == 20


def test_owner_members(run):
    assert run("owner-members") == [
        ("Purple Futures", "3SC"), ("Purple Futures", "Interserve"), ("Purple Futures", "P3"),
        ("Purple Futures", "Shelter"), ("Reducing Reoffending Partnership", "Change, Grow, Live"),
        ("Reducing Reoffending Partnership", "Ingeus"), ("Reducing Reoffending Partnership", "St Giles Trust"),
        ("Sodexo Justice Services", "Nacro"),
    ]


def test_findings_queries(run):
    domestic = run("domestic-abuse-findings")
    assert ("Staffordshire & West Midlands CRC", "weakness", "10") in domestic
    assert ("NPS North West division", "strength", "3") in domestic
    assert ("Cheshire & Greater Manchester CRC", "weakness", "3") in domestic
    topics = {row[0]: (int(row[1]), int(row[2])) for row in run("findings-per-topic")}
    assert topics["risk_of_harm"] == (74, 158)
    assert topics["domestic_abuse"] == (12, 26)
    shared = dict(run("partners-shared"))
    assert shared["User Voice"] == "3"


def test_the_tallies_count_what_the_findings_say(hashing_index, hashing_embedder):
    """The per-report tallies the example queries read give the same counts as grouping every finding."""
    dataset = load_index(hashing_index, hashing_embedder).dataset
    prefix = "PREFIX pkg: <https://w3id.org/probation-kg/ontology#>\n"

    def table(query: str) -> set[tuple[str, ...]]:
        return {tuple(row) for row in csv.reader(io.StringIO(run_query(dataset, prefix + query, "csv")))}

    assert table("""SELECT ?t ?p (COUNT(?f) AS ?n) WHERE { ?f a pkg:Finding ; pkg:topic ?t ; pkg:polarity ?p } GROUP BY ?t ?p""") == \
        table("""SELECT ?t ?p (SUM(?c) AS ?n) WHERE { ?x a pkg:FindingTally ; pkg:tallyTopic ?t ; pkg:tallyPolarity ?p ;
                 pkg:findingCount ?c } GROUP BY ?t ?p""")
    by_provider = table("""SELECT ?o ?t ?p (COUNT(?f) AS ?n) WHERE { ?f a pkg:Finding ; pkg:topic ?t ; pkg:polarity ?p ;
                           pkg:provider ?o } GROUP BY ?o ?t ?p""")
    assert len(by_provider) > 100
    assert by_provider == table("""SELECT ?o ?t ?p (SUM(?c) AS ?n) WHERE { ?x a pkg:ProviderFindingTally ; pkg:tallyTopic ?t ;
                                   pkg:tallyPolarity ?p ; pkg:tallyProvider ?o ; pkg:findingCount ?c } GROUP BY ?o ?t ?p""")


def test_reports_and_chunks_queries(run, hashing_index, hashing_embedder):
    index = load_index(hashing_index, hashing_embedder)
    rows = run("reports")
    assert [r[0] for r in rows] == sorted(index.reports)
    assert {r[0]: int(r[2]) for r in rows} == {rid: r.chunk_count for rid, r in index.reports.items()}
    assert ("merseyside-crc-2018", "2.4. Reviewing", "501", "506") in run("chunks-in-section")
