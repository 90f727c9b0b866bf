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
    assert plans.json[0].value == ('{"target": "value:number", "value_type": "number", '
                                   '"providers": ["Staffordshire & West Midlands CRC"]}')


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
    every = app.dataframe[0].value
    row = every[every["file"] == "merseyside-crc-2018.txt"].iloc[0]
    assert (row["provider"], row["type"], row["inspection"], row["overall rating"], row["line"]) == (
        "Merseyside CRC", "CRC", "CRC inspection", "Requires improvement", 150)
    matrix = app.dataframe[1].value
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
    # 3 owners, 6 inspected providers, 5 reports and the 24 findings drawn at most.
    assert app.caption[0].value == "38 nodes, 34 links"
    assert app.selectbox(key="url:entity").value == "3SC"


def test_explore_owner_shows_its_crcs_and_a_nodes_cited_facts(hashing_env):
    """Choosing an owner was the first click of the owner -> CRC -> finding journey, and it crashed."""
    app = page("explore")
    app.query_params.update({"entity": "Merseyside CRC", "to": "Purple Futures"})
    app.run()
    app.selectbox(key="url:owner").select("Purple Futures").run()
    assert not app.exception
    assert app.info[0].value == ("Showing 24 of 64 findings for Purple Futures (a share of each report): "
                                 "choose a topic, a polarity or a year to narrow them.")
    assert app.query_params["owner"] == "Purple Futures"
    nodes = app.selectbox[5]
    assert nodes.label == "Show a node (or click one in the graph)"
    assert nodes.value.endswith("/org/merseyside-crc") and nodes.options[0] == "Provider · Merseyside CRC"
    facts = app.dataframe[0].value
    row = facts[facts["fact"] == "2.4 Reviewing"].iloc[0]
    assert (row["value"], row["report"], row["line"], row["open"]) == (
        "Inadequate", "merseyside-crc-2018.txt", 166, "/reports?report=merseyside-crc-2018&line=166")
    links = app.dataframe[1].value
    assert ("owns", "Purple Futures", "Merseyside CRC") in set(links.itertuples(index=False, name=None))
    neighbourhood = {tuple(r) for r in app.dataframe[2].value[["entity", "type"]].itertuples(index=False)}
    assert ("Purple Futures", "Owner") in neighbourhood
    assert "Merseyside CRC → Purple Futures" in [m.value for m in app.markdown]
    assert app.query_params["to"] == "Purple Futures"


def test_reports_page_opens_at_a_cited_line(hashing_env):
    app = page("reports")
    app.query_params.update({"report": "merseyside-crc-2018", "line": "166"})
    app.run()
    assert not app.exception
    assert app.selectbox[0].value == "merseyside-crc-2018" and app.number_input[0].value == 166
    text = next(m.value for m in app.markdown if "background:#fff3b0" in m.value)
    highlighted = text.split("background:#fff3b0;")[1].split("</div>")[0]
    assert "166</b>" in highlighted and "Reviewing" in highlighted


def test_an_unexpected_error_is_one_line_with_details_folded(hashing_env, monkeypatch):
    import kg.serve.explore

    def broken(*args, **kwargs):
        raise TypeError("'NoneType' object is not subscriptable")

    monkeypatch.setattr(kg.serve.explore, "graph_view", broken)
    app = page("explore")
    app.query_params["owner"] = "Purple Futures"
    app.run()
    assert not app.exception
    assert app.error[0].value == "Could not draw the graph for Purple Futures: 'NoneType' object is not subscriptable"
    assert app.expander[0].label == "Details"


def test_pages_explain_a_missing_index(tmp_path, monkeypatch):
    monkeypatch.setenv("PROBATION_KG_EMBEDDER", "hashing")
    monkeypatch.setenv("PROBATION_KG_INDEX", str(tmp_path / "none"))
    for name in ("ask", "ratings", "sparql", "reports", "explore"):
        app = page(name).run()
        assert app.error[0].value == f"no index at {tmp_path / 'none'}; run `probation-kg ingest` first", name
