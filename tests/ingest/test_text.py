from ingest.text import split_sentences, split_words, word_count


def test_sentences_keep_their_character_spans():
    line = "Staffing levels were tight. Consequently, when gaps arose (for example, due to sickness), performance fell."
    sentences = split_sentences(line)
    assert [s.text for s in sentences] == [
        "Staffing levels were tight.",
        "Consequently, when gaps arose (for example, due to sickness), performance fell.",
    ]
    for sentence in sentences:
        assert line[sentence.start : sentence.end] == sentence.text


def test_abbreviations_and_decimals_do_not_end_sentences():
    line = "Checks, e.g. with the police, were made. The average was 15.5 days a year."
    assert [s.text for s in split_sentences(line)] == [
        "Checks, e.g. with the police, were made.",
        "The average was 15.5 days a year.",
    ]


def test_lower_case_after_a_full_stop_continues_the_sentence():
    assert [s.text for s in split_sentences("See para. 4 of the report. It says more.")] == [
        "See para. 4 of the report.",
        "It says more.",
    ]


def test_split_words_keeps_verbatim_pieces():
    text = "one  two three\tfour five"
    assert split_words(text, 2) == ["one  two", "three\tfour", "five"]
    assert word_count(text) == 5
