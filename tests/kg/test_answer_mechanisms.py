"""The general mechanisms of the answer pipeline: the parse, aggregations over graph facts, items from text."""
from ingest.normalise import clean_line
from kg.answer.analyse import analyse
from kg.answer.enumerations import _in_sentence, asks_names, listed_items, named_things
from kg.answer.request import parse
from tests.conftest import REPORTS


def test_a_bracketed_run_inside_a_sentence_yields_its_items():
    line = clean_line(3, "Rates in most districts (Ashby, Brent, Carlow and Derwent) are above the average.")
    assert [i.label for i in _in_sentence(line)] == ["Ashby", "Brent", "Carlow", "Derwent"]
    # An acronym's definition is not a list of things with notes.
    line = clean_line(4, "It works with Person Shaped Support (PSS), Tomorrow's Women Wirral (TWW) and Adelaide House (AH).")
    assert _in_sentence(line) == []


def test_bulleted_items_that_print_a_run_give_each_thing_once_singular():
    items = listed_items(str(REPORTS / "cumbria-lancashire-crc-2019.txt"), "test", 706, 706)
    assert [(i.label, i.line) for i in items] == [
        ("DRR", 708), ("ATR", 708), ("MHTR", 708),
        ("Where a young person has identified adverse childhood experiences", 709),
        ("Involvement in serious organised crime even on the periphery", 710)]


def test_a_table_cell_naming_things_with_notes_yields_the_names():
    items = listed_items(str(REPORTS / "staffordshire-west-midlands-crc-2018.txt"), "test", 712, 712)
    assert [(i.label, i.line) for i in items] == [
        ("Change", 712), ("Healthy Emotions", 712), ("Healthy Relationships", 712), ("Positive Parenting", 712)]


def test_names_a_passage_prints_when_the_question_asks_for_named_things():
    assert asks_names("Which named charities ran the hostels?") and not asks_names("Which CRCs were criticised?")
    text = "The Harbour Project housed people leaving custody; the area worked with Lantern Trust and Project 9."
    assert [i.label for i in named_things(text, 12, "Which named projects housed people in the area?")] == [
        "Harbour Project", "Lantern Trust", "Project 9"]


def test_the_parse_names_the_template_and_the_aggregation():
    spread = parse(analyse("Across the CRC inspections, on which key question is the difference between the "
                           "highest and lowest CRC largest?"))
    assert (spread.template, spread.aggregation, spread.target) == ("key questions", "spread", "pkg:KeyQuestionResult")
    top = parse(analyse("Which CRC did better than all of the others on every key question of standard 2.1?"))
    assert (top.template, top.aggregation, top.standard_prefix) == ("key questions", "top in all", "2.1")
    count = parse(analyse("How many responsible officers were interviewed in each inspection?"))
    assert (count.template, count.value_type, count.per_subject) == (None, "number", True)
    # A possessive "own" asks nothing about owners; a parent company does.
    assert parse(analyse("What does the CRC's own description of its model list?")).template is None
    assert parse(analyse("Which parent company owns Merseyside CRC?")).template == "ownership"


def test_the_provider_that_tops_every_key_question_of_a_standard(hashing_index, hashing_embedder):
    from kg.serve.engine import Engine

    answer = Engine.open(hashing_index, embedder=hashing_embedder).ask(
        "Which CRC did better than all of the others on every key question of standard 2.4?").to_json()
    assert [i["label"] for i in answer["items"]] == ["Cumbria & Lancashire CRC"]
    assert "2.4.1: 69%; 2.4.2: 63%; 2.4.3: 49%" in answer["answer"]
    cited = {(c["report"], c["start_line"]) for c in answer["citations"][:3]}
    assert cited == {("cumbria-lancashire-crc-2019.txt", 659), ("merseyside-crc-2018.txt", 648),
                     ("staffordshire-west-midlands-crc-2018.txt", 632)}
    assert any("GROUP BY ?qid" in query for query in answer["sparql"])


def test_the_widest_and_narrowest_gap_between_providers(hashing_index, hashing_embedder):
    from kg.serve.engine import Engine

    answer = Engine.open(hashing_index, embedder=hashing_embedder).ask(
        "Across the CRC inspections, on which key question is the gap between the highest and lowest CRC "
        "widest, and where is it narrowest?").to_json()
    assert "4.1.1 — widest gap, 54 points: 78% (Staffordshire & West Midlands CRC) to 24% (Cumbria & Lancashire CRC)" \
        in answer["answer"]
    assert "2.4.2 — narrowest gap, 3 points: 63% (Cumbria & Lancashire CRC) to 60% (Staffordshire & West Midlands CRC)" \
        in answer["answer"]


def test_a_figure_for_each_subject_read_beside_the_asked_measure(hashing_index, hashing_embedder):
    from kg.serve.engine import Engine

    answer = Engine.open(hashing_index, embedder=hashing_embedder).ask(
        "How many individual responsible officers were interviewed in the main fieldwork phase of each of the CRC "
        "rated inspections, and where were the most interviewed?").to_json()
    assert answer["answer"].startswith("Highest: Staffordshire & West Midlands CRC (77); each:")
    figures = {i["label"]: i["detail"] for i in answer["items"]}
    assert figures == {"Staffordshire & West Midlands CRC": "77", "Cumbria & Lancashire CRC": "55", "Merseyside CRC": "34"}
    cited = {(c["report"], c["start_line"]) for c in answer["citations"][:3]}
    assert cited == {("staffordshire-west-midlands-crc-2018.txt", 573), ("cumbria-lancashire-crc-2019.txt", 596),
                     ("merseyside-crc-2018.txt", 582)}


def test_the_figure_beside_a_measure_is_not_a_year_or_a_line_number():
    from kg.answer.per_subject import figure_beside
    from kg.index.keyword import terms

    measure = set(terms("responsible officers interview"))
    assert figure_beside("In 2018 we interviewed 34 individual responsible officers.", measure) == "34"
    assert figure_beside("2. Responsible officers were resolute in taking action.", measure) is None



_PRESS_RELEASE = """Westshire PDU inspection published

HM Inspectorate of Probation has published its inspection of the probation service in Westshire.

Inspectors looked at the work of Westshire Probation Delivery Unit (PDU) across three weeks of fieldwork.

In the judgement of the inspection team, Westshire PDU's work was graded as 'Good' in the end, with strong leadership.

Staff said they felt supported by their managers.
"""


def test_a_rating_the_graph_lacks_is_read_beside_the_name_in_the_text_before_abstaining(tmp_path, hashing_embedder):
    from kg.index.build import ingest
    from kg.serve.engine import Engine

    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "pdu-westshire-pr.txt").write_text(_PRESS_RELEASE, encoding="utf-8")
    ingest([tmp_path / "reports"], tmp_path / "index", hashing_embedder, show_progress=False)
    engine = Engine.open(tmp_path / "index", embedder=hashing_embedder)
    answer = engine.ask("How was Westshire PDU rated?").to_json()
    assert not answer["abstained"]
    assert [(i["label"], i["detail"]) for i in answer["items"]] == [("Westshire PDU", "rating printed in the text: Good")]
    assert (answer["citations"][0]["start_line"], answer["citations"][0]["report"]) == (7, "pdu-westshire-pr.txt")
    assert [p["plan"] for p in answer["plans"]][:2] == ["ratings", "ratings from text"]
    # Asked of a standard the text does not rate, it abstains and says what it looked for.
    none = engine.ask("How was Westshire PDU rated on Through the Gate?").to_json()
    assert none["abstained"] and none["answer"].startswith("The ingested reports do not give ratings of standard 4.2")


def test_a_table_row_is_read_by_its_column_names_and_cited_with_its_headers():
    from kg.answer.compose import span_around
    from kg.answer.tables import is_header, read_row

    lines = [(n, t) for n, t in enumerate((REPORTS / "greater-manchester-qi-2017.txt").read_text(
        encoding="utf-8").splitlines(), start=1) if t.strip()]
    start, end, _, shown = span_around(None, 121, "", lines)
    assert (start, end) == (115, 121)  # the caption, the two header lines and the rows
    assert shown.startswith("'Punish' - Compliance and Enforcement work (individual serves his/her sentence): "
                            "… had been inspected to date Lowest 69% · Highest 85% · Average 79% · Scores for Greater Manchester 77%")
    # A year in a header is a label, not a figure; a rule of dashes is no header.
    assert is_header("Measure\tTarget\tApril-June 2006") and not is_header("-----\t-----")
    assert read_row(["Measure\tTarget\tApril-June 2006"], "Breaches\t35 days\t47 days") == (
        "Breaches: Target 35 days · April-June 2006 47 days")


def test_the_highest_rows_and_the_total_of_a_printed_table_column():
    from kg.answer.table_aggregates import Table, aggregate, read_table

    lines = [(n, t) for n, t in enumerate((REPORTS / "greater-manchester-qi-2017.txt").read_text(
        encoding="utf-8").splitlines(), start=1) if t.strip()]
    table = Table("greater-manchester-qi-2017.txt", "", "", None, *read_table(lines, 392))
    assert table.caption.startswith("Table 2: Volumes of average cases")
    highest = aggregate(table, "Which clusters had the highest average case manager caseload?", "max")
    assert [(i.label, i.detail, i.evidence[0].start_line) for i in highest.items] == [
        ("Bolton/Bury/Wigan", "Average caseload (case managers): 60", 391),
        ("Stockport/Tameside", "Average caseload (case managers): 60", 394)]
    total = aggregate(table, "How many cases were supervised across the clusters in total?", "total")
    assert [(i.label, i.type) for i in total.items] == [("9,623", "computed total")]
    assert [e.start_line for e in total.items[0].evidence] == [391, 392, 393, 394]


def test_ratings_counted_per_provider_and_standards_rated_alike(hashing_index, hashing_embedder):
    from kg.serve.engine import Engine

    engine = Engine.open(hashing_index, embedder=hashing_embedder)
    most = engine.ask("Which CRC had the most 'Inadequate' ratings?").to_json()
    assert [(i["label"], i["detail"]) for i in most["items"]] == [
        ("Cumbria & Lancashire CRC", "4 standards rated Inadequate: 2.1, 2.2, 2.3, 4.1"),
        ("Staffordshire & West Midlands CRC", "4 standards rated Inadequate: 2.2, 2.3, 2.4, 4.2")]
    assert any("COUNT(DISTINCT ?sid)" in query and "GROUP BY ?plabel" in query for query in most["sparql"])
    alike = engine.ask("Which standards were rated the same in all three CRC rated inspections?").to_json()
    assert [(i["label"], i["detail"]) for i in alike["items"]] == [
        ("1.1 Leadership", "rated Good for all 3"), ("1.2 Staff", "rated Requires improvement for all 3")]
    cited = {(c["report"], c["start_line"]) for c in alike["citations"]}
    assert {("cumbria-lancashire-crc-2019.txt", 126), ("merseyside-crc-2018.txt", 156),
            ("staffordshire-west-midlands-crc-2018.txt", 157)} <= cited
    both = engine.ask("Which standards were rated 'Good' in both Merseyside CRC and Staffordshire & West Midlands "
                      "CRC?").to_json()
    assert [i["label"] for i in both["items"]] == ["1.1 Leadership"]
