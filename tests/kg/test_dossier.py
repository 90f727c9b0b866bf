"""Provider and owner dossiers: exact facts from the bundled reports, every one cited verbatim."""
import json
import threading
import urllib.error
import urllib.request

import pytest

from ingest.sources import read_document
from kg.citations import quote_is_verbatim
from kg.errors import KgError
from kg.serve import dossier_csv, dossier_facts, dossier_markdown
from kg.serve.endpoint import make_server
from kg.serve.engine import Engine
from tests.test_cli import run


@pytest.fixture(scope="module")
def engine(hashing_index, hashing_embedder):
    return Engine.open(hashing_index, hashing_embedder)


def assert_cited_verbatim(engine, dossier: dict) -> int:
    """Every fact of the dossier cites report lines that print its quote, or names its reference source."""
    files = {record.file_name: record.source for record in engine.index.reports.values()}
    lines = {}
    facts = dossier_facts(dossier)
    for fact in facts:
        if fact["source"] == "reference data":
            continue
        assert fact["source"] == "report", fact
        if fact["report"] not in lines:
            lines[fact["report"]] = read_document(files[fact["report"]]).lines
        assert quote_is_verbatim(lines[fact["report"]], fact["start_line"], fact["end_line"], fact["quote"]), fact
    return len(facts)


def test_a_crc_dossier_holds_its_owner_inspection_ratings_and_findings(engine):
    dossier = engine.dossier("Merseyside Community Rehabilitation Company")
    assert (dossier["name"], dossier["type"]) == ("Merseyside CRC", "CRC")
    assert [(o["owner"], o["as_of"], o["citation"]["start_line"]) for o in dossier["owners"]] == [
        ("Purple Futures", "2018-09", 215)]
    [inspection] = dossier["inspections"]
    assert (inspection["report"], inspection["kind"], inspection["published"], inspection["fieldwork"],
            inspection["overall_rating"]) == ("merseyside-crc-2018.txt", "CRC inspection", "2018-09", "2018-06",
                                              "Requires improvement")
    assert {role: (c["start_line"], c["quote"]) for role, c in inspection["citations"].items()} == {
        "overall rating": (150, "Requires improvement"), "publication": (11, "SEPTEMBER 2018"),
        "fieldwork": (146, "Fieldwork started: June 2018")}
    assert dossier["ratings_over_time"] == [{"published": "2018-09", "rating": "Requires improvement",
                                             "report": "merseyside-crc-2018.txt", "rank": 2}]
    reviewing = next(s for s in dossier["standards"] if s["standard"] == "2.4")
    assert (reviewing["name"], reviewing["rating"], reviewing["citation"]["start_line"]) == ("Reviewing", "Inadequate", 166)
    # Beside every provider's rating of the same standard: the three rated CRC reports.
    assert sum(reviewing["national"].values()) == 3
    assert len(dossier["standards"]) == 10
    assert [q["question"] for q in dossier["key_questions"]][:2] == ["2.1.1", "2.1.2"]
    assert dossier["key_questions"][0]["percent"] == 66.0
    assert len(dossier["recommendations"]) == 6
    assert {g["topic"] for g in dossier["findings"]["criticisms"]} >= {"Risk of harm"}
    # Findings, not topics, are counted: 197 criticisms and 174 praise of the 2018 report.
    assert dossier["findings"]["totals"] == {"criticisms": 197, "praise": 174}
    assert sum(g["count"] for g in dossier["findings"]["criticisms"]) > 197
    assert [p["name"] for p in dossier["predecessors"]] == ["Merseyside Probation Trust"]
    assert [s["name"] for s in dossier["successors"]] == ["Probation Service"]
    assert [(c["from"], c["new_owner"]) for c in dossier["ownership_changes"]] == [("2015-02-01", "Purple Futures")]


def test_an_owner_dossier_sets_its_providers_side_by_side(engine):
    dossier = engine.dossier("purple futures")
    assert dossier["kind"] == "owner"
    assert dossier["members"] == ["3SC", "Interserve", "P3", "Shelter"]
    providers = {p["name"]: p for p in dossier["providers"]}
    assert set(providers) == {"Cheshire & Greater Manchester CRC", "Hampshire & Isle of Wight CRC",
                              "Humberside, Lincolnshire & North Yorkshire CRC", "Merseyside CRC", "West Yorkshire CRC"}
    assert providers["Merseyside CRC"]["latest_overall_rating"] == "Requires improvement"
    assert providers["Merseyside CRC"]["inspections"] == 1
    assert providers["Merseyside CRC"]["criticisms_by_topic"]
    assert {c["provider"] for c in dossier["ownership_changes"]} == set(providers)


def test_every_fact_of_every_dossier_is_cited_verbatim(engine):
    counted = 0
    for subject in engine.subjects():
        dossier = engine.dossier(subject["label"], subject["kind"])
        counted += assert_cited_verbatim(engine, dossier)
    assert counted > 600


def test_a_name_not_in_the_index_is_one_clear_error(engine):
    with pytest.raises(KgError, match=r"no provider or owner named 'Merseysde CRC'.*did you mean 'Merseyside CRC'"):
        engine.dossier("Merseysde CRC")


def test_markdown_and_csv_hold_every_fact(engine):
    dossier = engine.dossier("Cumbria & Lancashire CRC")
    facts = dossier_facts(dossier)
    assert len(dossier_csv(dossier).splitlines()) == len(facts) + 1
    text = dossier_markdown(dossier)
    assert text.startswith("# Cumbria & Lancashire CRC (CRC)\n")
    assert "cumbria-lancashire-crc-2019.txt, line 116: “Fieldwork started: February 2019”" in text


def test_profile_command(hashing_env):
    result = run("profile", "Staffordshire and West Midlands CRC", "--json")
    assert result.exit_code == 0
    assert json.loads(result.output)["inspections"][0]["report"] == "staffordshire-west-midlands-crc-2018.txt"
    missing = run("profile", "Atlantis CRC")
    assert missing.exit_code == 1
    assert missing.output.count("\n") == 1 and "no provider or owner named 'Atlantis CRC'" in missing.output


def test_the_endpoint_serves_dossiers(engine):
    server = make_server(engine.index.dataset, "127.0.0.1", 0, engine=engine)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/profile"
    try:
        with urllib.request.urlopen(f"{base}?name=Sodexo%20Justice%20Services", timeout=30) as response:
            assert json.loads(response.read())["name"] == "Sodexo Justice Services"
        with urllib.request.urlopen(f"{base}?name=Merseyside%20CRC&format=csv", timeout=30) as response:
            assert response.read().decode("utf-8").startswith("section,subject,fact,value,report,start_line")
        for query, status in (("", 400), ("?name=Atlantis", 404), ("?name=Essex%20CRC&format=pdf", 400)):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(base + query, timeout=30)
            assert refused.value.code == status
    finally:
        server.shutdown()
        server.server_close()

