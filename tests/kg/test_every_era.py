"""Publications of every era and kind in one index: the real HMIP openings of shared/corpus and the reports."""
import csv
import io

import pytest

from kg.index.build import ingest
from kg.index.embedder import HashingEmbedder
from kg.index.load import load_index
from kg.graph.sparql import run_query
from tests.conftest import REPORTS, SHARED

CORPUS = SHARED / "corpus"
QUERIES = REPORTS.parent.parent / "ontology" / "queries"
pytestmark = pytest.mark.skipif(not CORPUS.exists(), reason="shared/corpus is not beside the project")


@pytest.fixture(scope="module")
def everything(tmp_path_factory):
    path = tmp_path_factory.mktemp("eras") / "index"
    summary = ingest([CORPUS, REPORTS], path, HashingEmbedder(), show_progress=False)
    return summary, load_index(path, HashingEmbedder())


def rows(index, query: str) -> list[tuple[str, ...]]:
    text = query if query.lstrip().startswith(("PREFIX", "SELECT", "#")) else (QUERIES / f"{query}.rq").read_text()
    return [tuple(r) for r in csv.reader(io.StringIO(run_query(index.dataset, text, "csv")))][1:]


def test_the_corpus_and_the_reports_ingest_in_one_batch(everything):
    summary, index = everything
    assert summary.failed == []
    assert len(index.reports) == len(list(CORPUS.glob("*.txt"))) + 5


def test_a_rating_printed_in_prose_is_a_rating_with_its_line(everything):
    _, index = everything
    found = rows(index, """
    SELECT ?provider ?rating ?line WHERE {
      ?r a pkg:Rating ; pkg:standardId "overall" ; pkg:ratingText ?rating ; pkg:provider/skos:prefLabel ?provider ;
         pkg:inReport/pkg:fileName "crc-essex-2018-pr.txt" ; pkg:evidence/oa:hasTarget/pkg:startLine ?line .
    }""")
    assert found == [("Essex CRC", "Requires improvement", "3")]


def test_inspections_of_a_provider_over_time(everything):
    _, index = everything
    london = [r for r in rows(index, "inspections-of-a-provider") if r[0] == "London CRC"]
    assert [(kind, rating, file) for _, _, kind, rating, file in london] == [
        ("quality & impact inspection", "", "crc-london-2018-pr.txt"),
        ("CRC inspection", "Requires improvement", "crc-london-2019-pr.txt")]
    pdus = {r[0]: r[3] for r in rows(index, "inspections-of-a-provider") if r[2] == "PDU inspection"}
    assert pdus["North Yorkshire PDU"] == "Requires improvement" and pdus["South Tyneside and Gateshead PDU"] == "Good"


def test_chief_inspectors_by_year(everything):
    _, index = everything
    assert ("2023", "Justin Russell", "1") in rows(index, "chief-inspectors-by-year")
    assert ("2018", "Dame Glenys Stacey", "2") in rows(index, "chief-inspectors-by-year")


def test_crcs_by_owner_including_takeovers(everything):
    _, index = everything
    wales = [r for r in rows(index, "crcs-by-owner-over-time") if r[0] == "Wales CRC"]
    assert wales == [("Wales CRC", "Working Links", "2015-02-01"), ("Wales CRC", "Seetec", "2019-02-01")]


def test_an_ownership_stated_in_prose_is_cited(everything):
    _, index = everything
    found = rows(index, """
    SELECT ?crc ?owner ?line WHERE {
      ?s a pkg:OwnershipStatement ; pkg:provider/skos:prefLabel ?crc ; pkg:owner/skos:prefLabel ?owner ;
         pkg:inReport/pkg:fileName "qi-gwent-2017-pr.txt" ; pkg:evidence/oa:hasTarget/pkg:startLine ?line .
    }""")
    assert found == [("Wales CRC", "Working Links", "5")]


def test_a_trust_passed_its_work_to_a_crc_and_an_nps_division(everything):
    _, index = everything
    found = rows(index, """
    SELECT ?successor WHERE { GRAPH <https://w3id.org/probation-kg/graph/reference> {
      ?change org:originalOrganization ?trust ; org:resultingOrganization/skos:prefLabel ?successor .
      ?trust skos:prefLabel "Gwent Probation Trust" } } ORDER BY ?successor""")
    assert found == [("NPS Wales division",), ("Wales CRC",)]


def test_a_pdu_named_only_by_a_report_is_answered_from_its_prose_rating(everything):
    from kg.serve.engine import Engine

    _, index = everything
    engine = Engine.open(index.path, embedder=HashingEmbedder())
    answer = engine.ask("How was North Yorkshire PDU rated?").to_json()
    assert not answer["abstained"]
    assert [(i["label"], i["type"]) for i in answer["items"]] == [("North Yorkshire PDU", "PDU")]
    first = answer["citations"][0]
    assert (first["report"], first["start_line"]) == ("pdu-north-yorkshire-pr.txt", 1)
    good = engine.ask("Which PDUs were rated 'Good'?").to_json()
    assert [i["label"] for i in good["items"]] == ["South Tyneside and Gateshead PDU", "Cwm Taf Morgannwg PDU"]


def test_people_in_their_roles_answer_who_questions_with_the_line_that_names_them(everything):
    from kg.serve.engine import Engine

    _, index = everything
    engine = Engine.open(index.path, embedder=HashingEmbedder())
    answer = engine.ask("Who was Chief Inspector of Probation when the Essex CRC inspection was published?").to_json()
    assert answer["request"]["template"] == "people"
    assert [i["label"] for i in answer["items"]] == ["Dame Glenys Stacey"]
    first = answer["citations"][0]
    assert (first["report"], first["start_line"]) == ("crc-essex-2018-pr.txt", 4)
    led = engine.ask("Who led the inspection of Cheshire & Greater Manchester CRC in 2019?").to_json()
    assert [(i["label"], i["detail"].split(" (")[0]) for i in led["items"]] == [("Vivienne Raine", "lead inspector")]


def test_a_press_release_that_prints_no_date_still_answers_for_the_year_asked(everything):
    from kg.serve.engine import Engine

    _, index = everything
    engine = Engine.open(index.path, embedder=HashingEmbedder())
    answer = engine.ask("What overall rating did London CRC get in 2019?").to_json()
    assert [(i["label"], i["detail"]) for i in answer["items"]] == [("London CRC", "overall rating: Requires improvement")]
    assert (answer["citations"][0]["report"], answer["citations"][0]["start_line"]) == ("crc-london-2019-pr.txt", 7)
