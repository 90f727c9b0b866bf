from kg.evaluate.questions import GoldQuestion, calibrate_threshold, normalise_name, score_question, summarise, EvalResult

LINES = {"r.txt": [f"line {i} text" for i in range(1, 31)]}


def _gold(kind="list", items=("Merseyside CRC", "Staffordshire & West Midlands CRC"), evidence=(("r.txt", 5, 6), ("r.txt", 20, 20))):
    return GoldQuestion("q1", kind, "Which?", tuple(items), tuple(evidence))


def _citation(start, end, quote="text", report="r.txt"):
    return {"report": report, "start_line": start, "end_line": end, "quote": quote}


def test_names_normalise_as_the_eval_readme_says():
    assert normalise_name("Staffordshire and West Midlands Community Rehabilitation Company") == normalise_name(
        "Staffordshire & West Midlands CRC"
    )
    assert normalise_name("15.5 days.") == "15.5 days"


def test_recall_at_k_counts_overlapping_ranges():
    output = {"answer": "", "citations": [_citation(1, 2), _citation(6, 6), _citation(19, 21)], "items": []}
    result = score_question(_gold(), output, LINES)
    assert result.recall_at == {1: 0.0, 3: 1.0, 5: 1.0}


def test_a_citation_longer_than_ten_lines_counts_for_nothing():
    output = {"answer": "", "citations": [_citation(1, 25)], "items": []}
    assert score_question(_gold(), output, LINES).recall_at[5] == 0.0


def test_items_and_list_precision():
    output = {
        "answer": "Staffordshire and West Midlands Community Rehabilitation Company was criticised.",
        "citations": [],
        "items": [{"label": "Merseyside CRC"}, {"label": "NPS North West division"}],
    }
    result = score_question(_gold(), output, LINES)
    assert (result.items_found, result.items_total) == (2, 2)
    assert result.precision == 0.5


def test_a_list_answer_without_items_scores_zero_precision():
    output = {"answer": "Merseyside CRC and Staffordshire & West Midlands CRC.", "citations": [], "items": []}
    result = score_question(_gold(), output, LINES)
    assert (result.items_found, result.precision) == (2, 0.0)
    assert score_question(_gold(kind="factoid"), output, LINES).precision is None


def test_metrics_per_mechanism_class():
    enumeration = GoldQuestion("q2", "list", "Which?", ("Merseyside CRC",), (("r.txt", 5, 6),), "enumeration")
    output = {"answer": "", "citations": [_citation(5, 5)], "items": [{"label": "Merseyside CRC"}]}
    metrics = summarise([score_question(enumeration, output, LINES), score_question(_gold(), output, LINES)])
    assert metrics["class:enumeration"]["questions"] == 1 and metrics["class:enumeration"]["item_recall"] == 1.0
    assert metrics["list"]["questions"] == 2 and metrics["overall"]["item_recall"] == 2 / 3


def test_abstention_and_verbatim():
    negative = score_question(_gold(kind="negative", items=(), evidence=()), {"abstained": True, "citations": []}, LINES)
    assert negative.abstention_ok
    output = {"answer": "", "citations": [_citation(3, 3, "line 3 text"), _citation(3, 3, "line 4 text")], "items": []}
    result = score_question(_gold(), output, LINES)
    assert result.verbatim == [True, False]
    metrics = summarise([negative, result])
    assert metrics["overall"]["abstention"] == 1.0
    assert metrics["overall"]["verbatim"] == 0.5
    assert metrics["negative"]["recall@1"] is None


def test_calibration_picks_the_separating_midpoint():
    def scored(kind, confidence):
        return score_question(_gold(kind=kind, evidence=()), {"confidence": confidence, "citations": []}, LINES)

    result = EvalResult("hybrid", [scored("negative", 0.2), scored("negative", 0.3), scored("factoid", 0.5), scored("list", 0.7)])
    threshold, accuracy = calibrate_threshold(result)
    assert threshold == 0.4
    assert accuracy == 1.0
