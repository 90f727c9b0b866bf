import pytest

from kg.answer.analyse import analyse, expanded_text


def test_list_question_with_polarity_topic_and_answer_type():
    question = analyse("Which CRCs were criticised for domestic abuse checks?")
    assert question.answer_types == ("CRC",)
    assert question.polarity == "weakness"
    assert question.topics == ["domestic_abuse"]
    assert question.is_list


def test_paraphrase_splits_into_two_questions():
    question = analyse(
        "Which of the privately run probation companies were faulted over their checks in DV cases, "
        "and which public-sector provider was commended for carrying such checks out?"
    )
    first, second = question.parts
    assert (first.answer_types, first.polarity, first.topics) == (("CRC",), "weakness", ["domestic_abuse"])
    assert (second.answer_types, second.polarity, second.topics) == (("NPSDivision",), "strength", ["domestic_abuse"])
    assert "Domestic abuse" in expanded_text(first)


def test_rating_questions():
    question = analyse("How was Unpaid work (standard 4.1) rated in each of the three CRC rated inspections?")
    assert question.asks_rating and question.standards == ["4.1"] and question.frameworks == ["rated"]
    negative = analyse("What rating did the 2017 Greater Manchester Quality & Impact inspection give Cheshire & "
                       "Greater Manchester CRC for Through the Gate?")
    assert [p.canonical for p in negative.providers] == ["Cheshire & Greater Manchester CRC"]
    assert negative.standards == ["4.2"] and negative.years == [2017] and negative.frameworks == ["qi"]
    inadequate = analyse("Which CRC was rated 'Inadequate' for Through the Gate?")
    assert inadequate.rating_values == ["Inadequate"]


def test_key_questions_and_ownership():
    assert analyse("Which CRC had the lowest percentage for key question 2.3.3?").key_question == "2.3.3"
    owner = analyse("Which five CRCs does Purple Futures own?")
    assert owner.asks_ownership and [o.canonical for o in owner.owners] == ["Purple Futures"]
    assert not analyse("Which of the three CRC rated inspections made a recommendation?").asks_rating


def test_a_follow_up_clause_asks_about_the_first_clauses_items():
    question = analyse("Which of the three CRC rated inspections made a recommendation about resettlement "
                       "services, and what was its number in each report?")
    assert [p.follow_up for p in question.parts] == [False, True]


@pytest.mark.parametrize("text,many", [
    ("What are the modules of the CRC's operating model?", True),
    ("Which types of case should be allocated to Yellow as a minimum?", True),
    ("Which of the area's boroughs had unemployment above the national average?", True),
    ("What was the average number of sick days per staff member?", False),
    ("When did the new operating model start?", False),
    ("What percentage did the CRC score on key question 2.1.1?", False),
])
def test_a_question_after_several_things(text, many):
    assert analyse(text).asks_many is many


def test_rating_words_and_standard_names_come_from_the_ontology_labels():
    from kg.answer.analyse import rating_labels

    question = analyse("Which CRCs had 'No rating' for unpaid work?")
    assert question.rating_values == ["Not rated"] and question.standards == ["4.1"]
    assert rating_labels("Not rated") == ["no rating", "not rated"]
    omi = analyse("Which criteria were rated 'Well met' in the Offender Management Inspection?")
    assert omi.rating_values == ["Well met"]
