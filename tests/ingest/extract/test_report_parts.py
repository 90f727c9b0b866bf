"""Metadata, findings, key facts, glossary and entities, with values checked against the reports."""
import pytest

from ingest.extract.findings import headline_polarity
from ingest.extract.report import extract_report
from ingest.normalise import clean_line
from ingest.sources import read_document


def test_normalisation_keeps_cells_and_footnotes():
    line = clean_line(628, "2.1.3. Does assessment focus sufficiently on keeping other people safe?\t63% ¹⁶")
    assert line.cells == ("2.1.3. Does assessment focus sufficiently on keeping other people safe?", "63%")
    assert line.footnotes == ("16",)
    assert clean_line(1, "- **There was a strong leadership team**").text == "There was a strong leadership team"
    assert clean_line(1, "- **There was a strong leadership team**").bullet
    assert clean_line(1, "<p>Singleton placement</p> <p>OMI Criterion: 2.7</p>").text == "Singleton placement OMI Criterion: 2.7"


def test_metadata(extraction):
    meta = extraction("merseyside-crc-2018").meta
    assert (meta.publication_date, meta.publication_date_line) == ("2018-09", 11)
    assert (meta.fieldwork_date, meta.fieldwork_date_line) == ("2018-06", 146)
    assert (meta.lead_inspector, meta.lead_inspector_line) == ("Avtar Singh", 39)
    assert (meta.chief_inspector, meta.chief_inspector_line) == ("Dame Glenys Stacey", 79)
    assert [(p.canonical, p.provider_type) for p in meta.providers] == [("Merseyside CRC", "CRC")]
    omi = extraction("merseyside-omi-2007").meta
    assert (omi.chief_inspector, omi.lead_inspector) == ("Andrew Bridges", None)
    assert [(p.canonical, p.provider_type) for p in omi.providers] == [("Merseyside Probation Area", "ProbationArea")]
    qi = extraction("greater-manchester-qi-2017").meta
    assert sorted(p.canonical for p in qi.providers) == ["Cheshire & Greater Manchester CRC", "NPS North West division"]
    assert (qi.lead_inspector, qi.lead_inspector_line) == ("Avtar Singh", 1228)
    swm = extraction("staffordshire-west-midlands-crc-2018").meta
    assert (swm.fieldwork_date, swm.fieldwork_date_line, swm.publication_date) == ("2018-09", 147, "2018")


def test_findings_lists_and_polarity(extraction):
    findings = {f.line: f for f in extraction("merseyside-omi-2007").findings if f.list != "statement"}
    assert len(findings) == 166
    assert findings[350].polarity == "strength" and findings[350].item_letter == "a"
    assert findings[350].text.startswith("A PSR had been written in 73 of the 89 cases")
    # "(d) *There were four approved premises" lost its bullet but is still an item.
    assert findings[572].polarity == "strength"
    qi = [f for f in extraction("greater-manchester-qi-2017").findings if f.list != "statement"]
    assert len(qi) == 43
    table4 = [(f.line, f.polarity, f.item_number) for f in qi if f.list.startswith("Table 4 ")]
    # One table row can carry an enabler and a barrier.
    assert table4 == [(541, "strength", 1), (541, "weakness", 1), (543, "weakness", 2), (544, "weakness", 3)]


def test_statements_in_running_text_carry_polarity_topics_and_provider(extraction):
    swm = [f for f in extraction("staffordshire-west-midlands-crc-2018").findings if f.list == "statement" and f.line == 429]
    checks = next(f for f in swm if f.text.startswith("However, there was a low rate of checks with police domestic abuse"))
    assert (checks.polarity, checks.providers) == ("weakness", ("Staffordshire & West Midlands CRC",))
    assert "domestic_abuse" in checks.topics
    qi = [f for f in extraction("greater-manchester-qi-2017").findings if f.list == "statement"]
    # In a report on a CRC and an NPS division, a sentence is about the provider its section names.
    nps = [f for f in qi if f.standard_or_section.endswith("NPS effectiveness")]
    assert nps and all(f.providers == ("NPS North West division",) for f in nps)


def test_sentence_polarity():
    from ingest.extract.judgements import sentence_polarity

    assert sentence_polarity("No up-to-date check was made with the police, despite the current offence.") == "weakness"
    assert sentence_polarity("The NPS had made an effective contribution to protecting those at risk of harm.") == "strength"
    assert sentence_polarity("The work of case managers is not sufficiently effective.") == "weakness"
    assert sentence_polarity("The unit was staffed by a mixture of prison and seconded probation staff.") == "neutral"


def test_headline_polarity():
    assert headline_polarity("Reviews of work, particularly that relating to risk of harm, were perfunctory") == ("weakness", False)
    assert headline_polarity("There was a strong, hardworking leadership team supporting the delivery of services")[0] == "strength"
    assert headline_polarity("Review work is improving but there are serious shortcomings in the review") == ("weakness", True)


def test_key_facts(extraction):
    facts = [(f.value, f.line, f.kind) for f in extraction("merseyside-crc-2018").key_facts]
    assert ("158,727", 234, "key fact") in facts
    assert ("94%", 258, "key fact") in facts
    assert ("96%", 260, "comparator") in facts and ("95%", 260, "comparator") in facts
    assert ("01 February 2015", 206, "date") in facts
    omi = {(f.value, f.line) for f in extraction("merseyside-omi-2007").key_facts}
    assert {("10,359", 874), ("1.14 % (118)", 881), ("£26.556m", 888), ("Information not available", 880)} <= omi
    qi = {(f.value, f.line, f.kind) for f in extraction("greater-manchester-qi-2017").key_facts}
    assert ("258,748", 89, "key fact") in qi and ("5 (of 21)", 96, "key fact") in qi


def test_glossaries(extraction):
    assert len(extraction("merseyside-crc-2018").glossary) == 40
    omi = {g.term: g.definition for g in extraction("merseyside-omi-2007").glossary}
    assert len(omi) == 63
    assert omi["SAMM"] == "Support After Murder and Manslaughter"
    assert len(extraction("greater-manchester-qi-2017").glossary) == 48


def test_entities_resolve_to_one_canonical_name(extraction):
    swm = {(e.type, e.name): e for e in extraction("staffordshire-west-midlands-crc-2018").entities}
    crc = swm[("CRC", "Staffordshire & West Midlands CRC")]
    assert {"SWM", "Staffordshire & West Midlands Community Rehabilitation Company"} <= crc.aliases
    assert ("ownedBy", "Reducing Reoffending Partnership") in crc.relations
    assert ("Owner", "Reducing Reoffending Partnership") in swm
    assert ("OwnerMember", "Change, Grow, Live") in swm
    omi = {(e.type, e.name) for e in extraction("merseyside-omi-2007").entities}
    assert {("Prison", "HMYOI Thorn Cross"), ("Prison", "HMYOI Lancaster Farms"), ("Prison", "HM Prison Risley"),
            ("Prison", "HMYOI Northallerton")} <= omi
    assert ("PartnerOrganisation", "Support After Murder and Manslaughter") in omi
    merseyside = {(e.type, e.name) for e in extraction("merseyside-crc-2018").entities}
    assert {("PartnerOrganisation", "Person Shaped Support"), ("PartnerOrganisation", "Adelaide House"),
            ("CRC", "West Yorkshire CRC"), ("Intervention", "Rehabilitation activity requirement")} <= merseyside


def test_people_in_practice_examples_are_not_entities(extraction):
    names = {e.name for e in extraction("greater-manchester-qi-2017").entities}
    assert "Jake" not in names and "Josie" not in names


def test_unknown_layout_gives_a_warning_not_a_crash(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Some notes\n\nNothing here is a report. 45% of nothing.\n", encoding="utf-8")
    extraction = extract_report(read_document(path))
    assert "unknown report layout: no ratings, criteria or domain judgements found" in extraction.warnings
    assert extraction.scores.ratings == []
    assert extraction.to_json()["key_facts"][0]["value"] == "45%"


def test_names_given_to_described_things_are_typed_by_the_description(extraction):
    gm = {(e.type, e.name) for e in extraction("greater-manchester-qi-2017").entities}
    assert {("PartnerOrganisation", "Justice and Rehabilitation Executive"),  # "a community partnership known as"
            ("PartnerOrganisation", "Church of Nazarine"),  # "a community resource (Church of Nazarine)"
            ("PartnerOrganisation", "Xcalibre"),  # "the integrated gang management unit, named Xcalibre"
            ("Intervention", "Identity Matters"),  # "an intervention called 'Identity Matters'"
            ("Intervention", "Escaping Victimhood")} <= gm
    # "an ambitious programme (known as E3) to standardise processes" is not an intervention for people.
    assert not {name for kind, name in gm if name == "E3"}
    # A footnote citing a publication names its publisher, not a partner.
    assert ("PartnerOrganisation", "Inclusive Growth Analysis Unit") not in gm
    omi = {(e.type, e.name) for e in extraction("merseyside-omi-2007").entities}
    assert {("Intervention", "Against Human Dignity"), ("Intervention", "Women's Empowerment Group"),
            ("PartnerOrganisation", "Connexions"), ("PartnerOrganisation", "Project 8"),
            ("PartnerOrganisation", "Nugent Care"), ("PartnerOrganisation", "HM Courts Service")} <= omi
    # A glossary row that spells out its acronym is one entity, not a fragment of one.
    assert ("PartnerOrganisation", "Advice and Throughcare Services") not in omi
    assert ("PartnerOrganisation", "Wirral Probation Centre") not in omi  # the area's own office


def test_partner_sites_in_tables_and_known_acronyms(extraction):
    merseyside = {(e.type, e.name): e for e in extraction("merseyside-crc-2018").entities}
    assert ("PartnerOrganisation", "Light for Life") in merseyside  # a row whose purpose is "Partnership site"
    assert "Rotunda" in merseyside[("PartnerOrganisation", "Rotunda College")].aliases
    assert ("PartnerOrganisation", "MCRC") not in merseyside  # "Merseyside CRC (MCRC)"
    assert ("PartnerOrganisation", "Civil Justice Centre") not in merseyside  # the inspectorate's address
    cumbria = {(e.type, e.name) for e in extraction("cumbria-lancashire-crc-2019").entities}
    assert ("PartnerOrganisation", "Hub") not in cumbria  # "the Hub" is also "an administrative hub"
    assert ("PartnerOrganisation", "PSOs") not in cumbria


def test_named_things_on_unseen_wording(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(
        "1. Delivering the work\n\n"
        "Women attend a peer support service known as the Harbour Light Collective, which is run by Anchorline. "
        "Men convicted of stalking are referred to a programme entitled 'Steady Steps'. "
        "The trust also launched a culture change programme (known as Meridian) to standardise processes.\n",
        encoding="utf-8",
    )
    found = {(e.type, e.name) for e in extract_report(read_document(path)).entities}
    assert {("PartnerOrganisation", "Harbour Light Collective"), ("PartnerOrganisation", "Anchorline"),
            ("Intervention", "Steady Steps")} <= found
    assert not {name for _, name in found if name == "Meridian"}


def test_figures_keep_their_unit_of_time(extraction):
    facts = [f for f in extraction("greater-manchester-qi-2017").key_facts if f.line == 382]
    assert [(f.value, f.unit, f.stated) for f in facts] == [("65", None, "65"), ("45", None, "45"), ("15", "days", "15 days")]


def test_footnotes_with_superscript_and_plain_numbers(extraction):
    cumbria = extraction("cumbria-lancashire-crc-2019").footnotes
    assert [(n.mark, n.line) for n in cumbria[:3]] == [("1", 78), ("1", 143), ("3", 177)]
    assert cumbria[0].text == "HMI Probation. (2018). An inspection of Northumbria Community Rehabilitation Company."
    assert all(n.text != "Bridge Street West" for n in cumbria)  # "1 Bridge Street West" is an address
    gm = extraction("greater-manchester-qi-2017").footnotes  # printed "11 Towards …", marked "…¹¹" in the text
    assert [n.mark for n in gm] == [str(n) for n in range(1, 33)]
    assert gm[10].line == 279 and gm[10].text.startswith("Towards inclusive growth in Greater Manchester")
    assert extraction("merseyside-omi-2007").footnotes == []


def test_a_sentence_without_a_provider_takes_the_one_its_paragraph_names(extraction):
    strength = next(f for f in extraction("greater-manchester-qi-2017").findings
                    if f.line == 169 and f.text == "Women's services were a clear strength.")
    assert strength.providers == ("Cheshire & Greater Manchester CRC",)
