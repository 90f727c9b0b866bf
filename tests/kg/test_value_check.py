"""One figure about one subject: near misses are no answer."""
from kg.answer.value_check import asks_one_figure, states_figure

SICKNESS = "What was the average number of sickness absence days per staff member at Essex CRC?"


def test_which_questions_ask_for_one_figure():
    assert asks_one_figure(SICKNESS, asks_many=False, providers=1)
    assert not asks_one_figure(SICKNESS, asks_many=False, providers=2)
    assert not asks_one_figure("How much does the CRC invest each year, and with how many subcontractors?", False, 1)
    assert not asks_one_figure("When did the CRC change its operating model?", False, 1)


def test_a_figure_needs_the_asked_measure_beside_it():
    assert states_figure(SICKNESS, "Essex CRC", ["The most recent data showed an average of 15.5 sick days a year "
                                                "per staff member."])
    # A number beside other words, or the measure without a number, is a near miss.
    assert not states_figure(SICKNESS, "Essex CRC", ["Cases are not reallocated when staff are absent owing to "
                                                    "sickness. Responsible officers held 46 cases each."])
    assert not states_figure(SICKNESS, "Essex CRC", ["Sickness absence among staff was high."])


def test_a_number_the_question_names_must_be_the_one_printed():
    question = "How many cases on Merseyside Probation Area's caseload were managed at MAPPA Level 1?"
    assert not states_figure(question, "Merseyside Probation Area", ["MAPPA Level 2 cases managed: 1.14% (118)"])
    assert states_figure(question, "Merseyside Probation Area", ["MAPPA Level 1 cases managed on the caseload: 98.6%"])


def test_a_value_printed_on_the_line_above_its_label_is_read_with_it():
    question = "What share of the CRC's service users committed a further offence, on the adjusted measure, at Essex CRC?"
    assert states_figure(question, "Essex CRC", ["44.7% … The adjusted proportion of Essex CRC's service users with a "
                                                 "proven reoffence"])


def test_a_term_the_question_repeats_counts_as_often_as_it_is_asked():
    question = ("What proportion of community orders and suspended sentence orders did Cheshire & Greater Manchester "
                "CRC complete successfully?")
    licence = ("79% The proportion of offenders who were recorded as having successfully completed their period of "
               "licence or post-sentence supervision with the CRC.")
    assert not states_figure(question, "Cheshire & Greater Manchester CRC", [licence])
    orders = ("74% The proportion of individuals who successfully completed their community orders or suspended "
              "sentence orders.")
    assert states_figure(question, "Cheshire & Greater Manchester CRC", [orders])
