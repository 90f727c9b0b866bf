from ingest.sections import build_section_tree, heading_key


def _by_line(tree):
    return {s.line: s for s in tree.sections}


def test_contents_page_is_found_and_not_a_section(document):
    tree = build_section_tree(document("merseyside-crc-2018"))
    assert tree.contents_lines == (13, 37)
    assert all(not 13 <= s.line <= 37 for s in tree.sections)


def test_rated_report_standards_sit_under_their_domain(document):
    sections = _by_line(build_section_tree(document("merseyside-crc-2018")))
    assert sections[501].title == "2.4. Reviewing"
    assert sections[501].level == 2
    assert sections[501].path == ("2. Case supervision", "2.4. Reviewing")
    assert sections[501].end_line == 541
    assert sections[422].path == ("2. Case supervision",)
    assert sections[767].title == "Annex 4: Glossary"
    assert sections[767].level == 1


def test_summary_table_labels_are_not_taken_for_chapters(document):
    # "2. Case supervision" appears in the summary of ratings (line 161) and in Annex 2
    # (line 621); the chapter itself starts at line 422.
    sections = _by_line(build_section_tree(document("merseyside-crc-2018")))
    assert 161 not in sections
    assert 621 not in sections


def test_2007_criteria_are_level_two(document):
    sections = _by_line(build_section_tree(document("merseyside-omi-2007")))
    assert sections[740].title == "4.3 General Criterion: RESOURCE DEPLOYMENT"
    assert sections[740].path == ("4. LEADERSHIP AND STRATEGIC MANAGEMENT", "4.3 General Criterion: RESOURCE DEPLOYMENT")
    assert sections[210].title == "RECOMMENDATIONS FOR IMPROVEMENT"
    assert sections[210].level == 1


def test_damaged_contents_entries_still_match(document):
    # The contents page of this report has words split by TABs ("Forewo<TAB>rd").
    tree = build_section_tree(document("staffordshire-west-midlands-crc-2018"))
    titles = [s.title for s in tree.sections if s.level == 1]
    assert titles[0] == "Foreword"
    assert "Annex 4: Glossary" in titles


def test_repeated_subheadings_follow_contents_order(document):
    tree = build_section_tree(document("greater-manchester-qi-2017"))
    crc = {s.line: s.path for s in tree.sections if s.title == "CRC effectiveness"}
    assert crc[498][-2:] == ("Protecting the public", "CRC effectiveness")
    assert crc[679][-2:] == ("Reducing reoffending", "CRC effectiveness")
    assert crc[961][-2:] == ("Abiding by the sentence", "CRC effectiveness")
    # The same sub-heading in the overall judgements chapter is a sub-heading too.
    assert crc[129][0] == "1. Overall judgements and recommendations"


def test_heading_key_ignores_tabs_case_and_punctuation():
    assert heading_key("Forewo\trd") == heading_key("FOREWORD") == "foreword"
    assert heading_key("1.1. Leadership") == "11leadership"


def test_a_heading_glued_to_its_text_still_opens_its_section(document):
    # "1.2 Staff Staff within the organisation are empowered …" on one line.
    sections = _by_line(build_section_tree(document("staffordshire-west-midlands-crc-2018")))
    assert sections[297].title == "1.2. Staff"
    assert sections[267].end_line == 296
    assert sections[521].title == "4.1. Unpaid work"


def test_a_heading_missing_from_the_body_does_not_swallow_the_next(document):
    # "2.2 Planning" is in the contents but not in the body of this report: 2.1 ends where 2.3 starts.
    sections = _by_line(build_section_tree(document("staffordshire-west-midlands-crc-2018")))
    assert sections[413].title == "2.1. Assessment"
    assert sections[413].end_line == 452
    assert sections[453].title == "2.3. Implementation and delivery"
