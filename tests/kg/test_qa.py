from kg.citations import MAX_CITATION_LINES, quote_is_verbatim, shorten_quote
from kg.index.load import load_index
from kg.answer import Answerer
from kg.index.search import Retriever


def _answerer(hashing_index, hashing_embedder, abstain_below=0.0):
    return Answerer(Retriever(load_index(hashing_index, hashing_embedder), hashing_embedder), abstain_below)


def test_citations_are_verbatim_at_their_lines(hashing_index, hashing_embedder, document):
    answer = _answerer(hashing_index, hashing_embedder).ask("Which CRCs were criticised for domestic abuse checks?")
    assert not answer.abstained
    assert 1 <= len(answer.citations) <= 5
    for citation in answer.citations:
        lines = document(citation.report.removesuffix(".txt")).lines
        assert citation.end_line - citation.start_line + 1 <= MAX_CITATION_LINES
        assert quote_is_verbatim(lines, citation.start_line, citation.end_line, citation.quote)
        assert f"[{citation.id}]" in answer.answer


def test_the_sickness_question_cites_line_301(hashing_index, hashing_embedder):
    answer = _answerer(hashing_index, hashing_embedder).ask(
        "What was the average number of sick days per staff member at Staffordshire & West Midlands CRC?"
    )
    first = answer.citations[0]
    assert (first.report, first.start_line, first.end_line) == ("staffordshire-west-midlands-crc-2018.txt", 301, 301)
    assert "15.5 sick days a year per staff member" in first.quote


def test_abstains_below_the_threshold(hashing_index, hashing_embedder):
    answer = _answerer(hashing_index, hashing_embedder, abstain_below=2.0).ask("What is the capital of France?")
    assert answer.abstained
    assert answer.citations == []
    assert answer.answer == "The ingested reports do not appear to answer this question."


def test_an_empty_question_abstains(hashing_index, hashing_embedder):
    assert _answerer(hashing_index, hashing_embedder).ask("   ").abstained


def test_verbatim_check_allows_ellipses_and_rejects_other_text():
    lines = ["Staff were stretched to deliver", "high-quality services and not all had been trained."]
    assert quote_is_verbatim(lines, 1, 2, "Staff were stretched … not all had been trained.")
    assert quote_is_verbatim(lines, 1, 2, "to deliver high-quality services")
    assert not quote_is_verbatim(lines, 1, 1, "to deliver high-quality services")
    assert not quote_is_verbatim(lines, 1, 2, "Staff were well trained")
    assert not quote_is_verbatim(lines, 2, 3, "Staff")


def test_long_quotes_are_shortened_with_an_ellipsis():
    text = " ".join(f"w{i}" for i in range(80))
    short = shorten_quote(text)
    assert short.endswith(" …")
    assert short.split(" ")[:50] == text.split(" ")[:50]
    assert len(short.split(" ")) == 51


def test_a_list_answered_from_text_takes_its_items_from_the_printed_list(hashing_index, hashing_embedder):
    """A bulleted block after a lead-in line: each bullet is an item, cited at its own line."""
    from kg.answer.enumerations import listed_items
    from tests.conftest import REPORTS

    omi = REPORTS / "merseyside-omi-2007.txt"
    items = listed_items(str(omi), "test", 252, 252)
    assert [(i.label, i.line) for i in items] == [
        ("Population management", 254), ("Indeterminate sentence prisoners", 255), ("OASys", 256),
        ("eOASys connectivity", 257), ("Cultural Changes", 258)]
    lines = omi.read_text(encoding="utf-8").splitlines()
    assert all(" ".join(i.raw.split()) in " ".join(lines[i.line - 1].split()) for i in items)


def test_a_list_inside_one_sentence_yields_its_items():
    from ingest.normalise import clean_line
    from kg.answer.enumerations import _in_sentence

    line = clean_line(7, "The modules are Induction, Assessment, Plan, Networks, Review and Exit. Each is explained.")
    assert [i.label for i in _in_sentence(line)] == ["Induction", "Assessment", "Plan", "Networks", "Review", "Exit"]
    assert _in_sentence(clean_line(8, "Inspectors met staff, managers and partners.")) == []


def test_which_crcs_answered_from_text_names_the_crcs_whose_reports_say_so(hashing_index, hashing_embedder):
    from kg.serve.engine import Engine

    answer = Engine.open(hashing_index, embedder=hashing_embedder).ask(
        "Which of the inspected CRCs work with User Voice, and what does User Voice do for each?").to_json()
    assert {i["label"] for i in answer["items"]} == {
        "Cumbria & Lancashire CRC", "Staffordshire & West Midlands CRC", "Merseyside CRC"}
    reports = {"Cumbria & Lancashire CRC": "cumbria-lancashire-crc-2019.txt",
               "Staffordshire & West Midlands CRC": "staffordshire-west-midlands-crc-2018.txt",
               "Merseyside CRC": "merseyside-crc-2018.txt"}
    for item in answer["items"]:
        assert item["type"] == "CRC"
        assert {answer["citations"][n - 1]["report"] for n in item["citations"]} == {reports[item["label"]]}


def test_an_answer_shows_what_it_read_the_question_as_and_the_sparql_it_ran(hashing_index, hashing_embedder):
    from kg.serve.engine import Engine

    answer = Engine.open(hashing_index, embedder=hashing_embedder).ask(
        "How was Unpaid work (standard 4.1) rated in each of the three CRC rated inspections?").to_json()
    assert answer["request"] == {"target": "pkg:Rating", "template": "ratings", "value_type": "rating",
                                 "answer_types": ["CRC"], "topics": ["unpaid_work"], "standards": ["4.1"],
                                 "frameworks": ["rated"], "asks": ["rating"]}
    assert any('VALUES ?sid { "4.1" }' in query and 'FILTER(?sid != "overall")' in query for query in answer["sparql"])
    assert len(answer["sparql"]) == len(set(answer["sparql"]))
