"""Every page of the app through Streamlit's AppTest, with exact values from the reports."""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PAGES = ROOT / "app_pages"


def page(name: str) -> AppTest:
    return AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=120)


def test_app_entry_opens_the_ask_page(hashing_env):
    app = AppTest.from_file(APP, default_timeout=120).run()
    assert not app.exception
    assert app.title[0].value == "Ask the inspection reports"


def test_ask_page_shows_answer_citations_and_plan(hashing_env):
    app = page("ask").run()
    app.text_input[0].input(
        "What was the average number of sick days per staff member at Staffordshire & West Midlands CRC?"
    ).run()
    assert not app.exception
    assert "15.5 sick days a year per staff member" in app.markdown[0].value
    first = app.expander[0]
    assert first.label.startswith("[1] staffordshire-west-midlands-crc-2018.txt · ")
    assert first.label.endswith(" · line 301")
    assert first.text[0].value.startswith("Staff sickness absence in some locations exacerbates the workload problem")
    assert "<mark>" not in first.markdown[0].value and "background:#fff3b0" in first.markdown[0].value
    plans = app.expander[-1]
    assert plans.label == "Why this answer"


def test_ask_page_lists_items_as_a_table(hashing_env):
    app = page("ask").run()
    app.selectbox[0].select("How was Unpaid work (standard 4.1) rated in each of the three CRC rated inspections?").run()
    assert not app.exception
    table = app.dataframe[0].value
    assert list(table["provider"]) == ["Cumbria & Lancashire CRC", "Merseyside CRC", "Staffordshire & West Midlands CRC"]
    assert list(table["detail"]) == ["4.1 Unpaid work: Inadequate", "4.1 Unpaid work: No rating", "4.1 Unpaid work: Good"]
    assert list(table["owner"]) == ["Sodexo Justice Services", "Purple Futures", "Reducing Reoffending Partnership"]


def test_ask_page_escapes_what_it_shows(hashing_env):
    app = page("ask").run()
    app.text_input[0].input("<script>alert(1)</script> What is the capital of France?").run()
    assert not app.exception
    shown = " ".join(m.value for m in app.markdown) + " ".join(w.value for w in app.warning)
    assert "<script>" not in shown


def test_ratings_page(hashing_env):
    app = page("ratings").run()
    assert not app.exception
    matrix = app.dataframe[0].value
    assert matrix.loc["Merseyside CRC", "2.4 Reviewing"] == "Inadequate"
    assert matrix.loc["Staffordshire & West Midlands CRC", "4.2 Through the Gate"] == "Inadequate"
    assert matrix.loc["Cumbria & Lancashire CRC", "1.1 Leadership"] == "Good"
    headings = [h.value for h in app.subheader]
    assert "Offender Management Inspection (criterion scores and section 4)" in headings
    assert "Quality & Impact (narrative judgements)" in headings


def test_sparql_page_runs_the_gallery_and_refuses_updates(hashing_env):
    app = page("sparql").run()
    assert not app.exception
    rows = app.dataframe[0].value
    assert ("Purple Futures", "Merseyside CRC") in set(zip(rows["owner"], rows["crc"]))
    app.text_area[0].input("DELETE WHERE { ?s ?p ?o }").run()
    assert app.error[0].value == "only read-only queries (SELECT, ASK, CONSTRUCT, DESCRIBE) are allowed"


def test_reports_page(hashing_env):
    app = page("reports").run()
    assert not app.exception
    overview = app.dataframe[0].value
    row = overview[overview["report"] == "merseyside-crc-2018"].iloc[0]
    assert (row["providers"], row["framework"], row["published"], row["overall rating"]) == (
        "Merseyside CRC", "Rated inspection", "2018-09", "Requires improvement")
    sections = app.dataframe[1].value
    assert "Foreword" in list(sections["section"])


def test_explore_page(hashing_env):
    app = page("explore").run()
    assert not app.exception
    assert app.title[0].value == "Explore the graph"
    neighbourhood = {tuple(r) for r in app.dataframe[0].value[["entity", "type"]].itertuples(index=False)}
    assert ("Purple Futures", "Owner") in neighbourhood
    assert any("Purple Futures" in m.value and "Merseyside CRC" in m.value for m in app.markdown)


def test_pages_explain_a_missing_index(tmp_path, monkeypatch):
    monkeypatch.setenv("PROBATION_KG_EMBEDDER", "hashing")
    monkeypatch.setenv("PROBATION_KG_INDEX", str(tmp_path / "none"))
    for name in ("ask", "ratings", "sparql", "reports", "explore"):
        app = page(name).run()
        assert app.error[0].value == f"no index at {tmp_path / 'none'}; run `probation-kg ingest` first", name
