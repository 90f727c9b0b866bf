"""Ratings, key questions and recommendations of all five reports, checked by hand against the text."""
import pytest


RI, GOOD, INADEQUATE = "Requires improvement", "Good", "Inadequate"

RATED = {
    "merseyside-crc-2018": (
        RI, 150,
        {"1.1": GOOD, "1.2": RI, "1.3": RI, "1.4": GOOD, "2.1": GOOD, "2.2": RI, "2.3": RI, "2.4": INADEQUATE,
         "4.1": "Not rated", "4.2": RI},
    ),
    "cumbria-lancashire-crc-2019": (
        RI, 120,
        {"1.1": GOOD, "1.2": RI, "1.3": RI, "1.4": RI, "2.1": INADEQUATE, "2.2": INADEQUATE, "2.3": INADEQUATE,
         "2.4": RI, "4.1": INADEQUATE, "4.2": RI},
    ),
    "staffordshire-west-midlands-crc-2018": (
        RI, 151,
        {"1.1": GOOD, "1.2": RI, "1.3": GOOD, "1.4": RI, "2.1": RI, "2.2": INADEQUATE, "2.3": INADEQUATE,
         "2.4": INADEQUATE, "4.1": GOOD, "4.2": INADEQUATE},
    ),
}


@pytest.mark.parametrize("report_id", sorted(RATED))
def test_rated_standards(extraction, report_id):
    overall, line, expected = RATED[report_id]
    extraction = extraction(report_id)
    assert (extraction.scores.overall_rating, extraction.scores.overall_rating_line) == (overall, line)
    assert {r.standard_id: r.rating for r in extraction.scores.ratings} == expected
    assert extraction.meta.framework == "rated"


def test_key_questions_including_damaged_rows(extraction):
    # Staffordshire prints the question number in a cell of its own ("2.1.1.<TAB>Does …").
    swm = {k.id: k.percent for k in extraction("staffordshire-west-midlands-crc-2018").scores.key_questions}
    assert len(swm) == 19
    assert (swm["2.1.1"], swm["2.3.3"], swm["4.1.2"], swm["4.2.3"]) == (69, 32, 75, 36)
    cumbria = {k.id: (k.percent, k.line) for k in extraction("cumbria-lancashire-crc-2019").scores.key_questions}
    assert cumbria["2.3.3"] == (40, 653)
    assert cumbria["4.1.1"] == (24, 669)
    merseyside = {k.id: k for k in extraction("merseyside-crc-2018").scores.key_questions}
    assert (merseyside["2.3.3"].percent, merseyside["2.3.3"].line, merseyside["2.3.3"].footnotes) == (46, 643, ("17",))
    assert (merseyside["4.1.1"].percent, merseyside["4.1.1"].value_as_printed) == (None, "-")


def test_2007_criteria_and_section_four(extraction):
    extraction = extraction("merseyside-omi-2007")
    ratings = {r.standard_id: r for r in extraction.scores.ratings}
    assert (ratings["1.1"].rating, ratings["1.1"].line, ratings["1.1"].standard_name) == ("82%", 346, "Preparing for sentence")
    assert ratings["1.2"].rating is None  # heading and score missing from the body
    assert ratings["2.4"].standard_name == "Ensuring containment and promoting compliance (Punish)"
    assert ratings["3.1"].standard_name == "Achievement of initial outcomes"
    assert (ratings["4.2"].rating, ratings["4.2"].line) == ("Satisfactorily met", 197)
    assert (extraction.scores.risk_of_harm_thread, extraction.scores.risk_of_harm_thread_line) == ("64%", 207)
    assert extraction.meta.framework == "omi"


def test_2017_domain_judgements_per_provider(extraction):
    extraction = extraction("greater-manchester-qi-2017")
    judgements = {(r.standard_name, r.provider): (r.rating, r.line) for r in extraction.scores.ratings}
    assert judgements[("Protecting the public", "NPS")] == ("NPS performance was good.", 139)
    assert judgements[("Abiding by the sentence", "CRC")] == ("Overall, performance was good.", 177)
    assert judgements[("Abiding by the sentence", "NPS")] == ("Overall, performance was good.", 183)
    assert len(judgements) == 9
    assert extraction.meta.framework == "qi"


RECOMMENDATIONS = {
    "merseyside-crc-2018": [(n, 182 + n, ("Merseyside CRC",)) for n in range(1, 7)],
    "cumbria-lancashire-crc-2019": [(n, 150 + n, ("Cumbria & Lancashire CRC",)) for n in range(1, 8)],
    "staffordshire-west-midlands-crc-2018": [(n, 181 + n, ("Staffordshire & West Midlands CRC",)) for n in range(1, 8)],
    "merseyside-omi-2007": [(n, 213 + n, ("Merseyside Probation Area",)) for n in range(1, 9)],
    "greater-manchester-qi-2017": [
        (1, 201, ("Cheshire & Greater Manchester CRC", "NPS North West division")),
        (2, 202, ("Cheshire & Greater Manchester CRC", "NPS North West division")),
        (3, 206, ("Cheshire & Greater Manchester CRC",)),
        (4, 207, ("Cheshire & Greater Manchester CRC",)),
        (5, 208, ("Cheshire & Greater Manchester CRC",)),
        (6, 212, ("NPS North West division",)),
        (7, 213, ("NPS North West division",)),
    ],
}


@pytest.mark.parametrize("report_id", sorted(RECOMMENDATIONS))
def test_recommendations_number_line_and_addressees(extraction, report_id):
    found = [(r.number, r.line, r.addressees) for r in extraction(report_id).recommendations]
    assert found == RECOMMENDATIONS[report_id]


def test_recommendation_text_is_verbatim(extraction):
    swm = extraction("staffordshire-west-midlands-crc-2018").recommendations
    assert swm[6].text == "address (with its owners, RRP) professional staffing levels, to bring individual caseloads down to manageable levels overall."
    cumbria = extraction("cumbria-lancashire-crc-2019").recommendations
    assert cumbria[1].text == "put in place an effective system of robust management oversight, to strengthen protection of the public"
