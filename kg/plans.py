"""Answer plans: exact graph lookups (ratings, key questions, recommendations, ownership) and findings lists."""
from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
from rdflib import Literal

from functools import lru_cache

from ingest.gazetteer import load_gazetteer, name_key
from ingest.topics import topics_of
from kg.citations import shorten_quote
from kg.facts_graph import entity_iri
from kg.ids import graph_of_report, report_iri
from kg.sparql import record_query, select_rows
from kg.keyword import terms
from kg.question import PROVIDER_TYPES, Question, expanded_text


@dataclass
class Evidence:
    """A span of a report that supports an item."""

    report: str
    title: str
    section: str
    start_line: int
    end_line: int
    page: int | None
    quote: str
    score: float = 0.0


@dataclass
class Item:
    label: str
    type: str
    iri: str
    detail: str = ""
    evidence: list[Evidence] = field(default_factory=list)
    score: float = 0.0


@dataclass
class PlanResult:
    kind: str
    items: list[Item]
    looked_for: str
    exact: bool  # a lookup: finding nothing means the reports do not say
    heading: str = ""
    entities: bool = True  # items are typed entities (providers, owners …), listed in the answer's `items`


# The report of a fact; its evidence is fetched afterwards for the facts kept (see _add_evidence). The
# queries match inside one named graph (GRAPH ?g): a fact, its provider's labels and its report are all
# in the report's graph, and Oxigraph answers that thirty to a hundred times faster than over the union.
_EVIDENCE = """
  ?report pkg:fileName ?file ; dcterms:title ?title .
  OPTIONAL { ?report pkg:publicationDate ?published }
  OPTIONAL { ?report pkg:framework ?framework }
"""
_EVIDENCE_OF = """
SELECT ?fact ?start ?end ?quote ?section ?page WHERE {
  VALUES ?fact { %s }
  # The OPTIONAL comes first: after the other patterns Oxigraph evaluates it for every chunk.
  OPTIONAL { ?fact prov:wasDerivedFrom ?chunk . ?chunk pkg:section ?section . OPTIONAL { ?chunk pkg:page ?page } }
  ?fact pkg:evidence/oa:hasTarget ?t . ?t pkg:startLine ?start ; pkg:endLine ?end ; oa:hasSelector/oa:exact ?quote .
}"""


def _query(dataset, text: str) -> list[dict]:
    record_query(text)  # the answer shows the queries its plans ran
    return select_rows(dataset, text)


def _add_evidence(dataset, rows: list[dict]) -> list[dict]:
    """Returns `rows` with the evidence (lines, quote, section, page) of each row's ?fact."""
    facts = {str(r["fact"]) for r in rows if r.get("fact")}
    if not facts:
        return rows
    found = {}
    for row in _query(dataset, _EVIDENCE_OF % " ".join(f"<{f}>" for f in sorted(facts))):
        found.setdefault(str(row["fact"]), row)
    return [{**row, **{k: v for k, v in found.get(str(row.get("fact")), {}).items() if k != "fact"}} for row in rows]


def row_evidence(row: dict, score: float = 1.0) -> Evidence | None:
    """The evidence of a query row that selects ?file ?title ?start ?end ?quote (?section ?page optional)."""
    if row.get("start") is None:
        return None
    return Evidence(str(row["file"]), str(row["title"]), str(row.get("section") or ""), int(row["start"]), int(row["end"]),
                    int(row["page"]) if row.get("page") is not None else None, str(row["quote"]), score)


def _provider_type(row: dict) -> str:
    return str(row.get("ptype") or "").rsplit("#", 1)[-1]


def _year_ok(question: Question, row: dict) -> bool:
    if not question.years:
        return True
    published = str(row.get("published") or "")
    return any(published.startswith(str(year)) for year in question.years)


def _framework_ok(question: Question, row: dict) -> bool:
    if not question.frameworks:
        return True
    names = {"rated": "RatedInspection", "qi": "QualityAndImpact", "omi": "OffenderManagementInspection"}
    framework = str(row.get("framework") or "")
    return any(framework.endswith(names[f]) for f in question.frameworks)


def _narrowing(question: Question) -> str:
    """SPARQL that keeps only the providers (?plabel, ?ptype) a question is about, so that a large index
    returns the few rows asked for (the rows are still checked by _provider_ok)."""
    if question.providers:
        return f" VALUES ?plabel {{ {' '.join(Literal(p.canonical).n3() for p in question.providers)} }} "
    if question.answer_types:
        return f" FILTER(?ptype IN ({', '.join(f'pkg:{t}' for t in question.answer_types)})) "
    return ""


def _facts_about(dataset, rdf_class: str, question: Question) -> str:
    """The opening of a query for the facts of `rdf_class` (?fact, its provider ?p, in report graph ?g; the
    caller closes the GRAPH block). When the question names providers, only the graphs of the reports that
    inspect them are read (found first, in a query of their own: in one query Oxigraph starts from every
    fact that names the provider, each of its findings)."""
    if question.providers:
        reports = _query(dataset, "SELECT DISTINCT ?report WHERE {" + _narrowing(question)
                         + " ?p skos:prefLabel ?plabel . ?report pkg:inspects ?p }")
        graphs = " ".join(f"<{graph_of_report(str(row['report']))}>" for row in reports)
        return (_narrowing(question) + f" VALUES ?g {{ {graphs} }} GRAPH ?g {{ ?fact a {rdf_class} ; pkg:provider ?p . "
                "?p skos:prefLabel ?plabel . ")
    return f" GRAPH ?g {{ ?fact a {rdf_class} ; pkg:provider ?p . " + _narrowing(question)


def _provider_ok(question: Question, label: str, ptype: str) -> bool:
    if question.providers:
        return any(name_key(label) == name_key(p.canonical) for p in question.providers)
    return not question.answer_types or ptype in question.answer_types


# --- Ratings ------------------------------------------------------------------------------------------------


def rating_plan(dataset, question: Question, overall: bool | None = None) -> PlanResult:
    """Ratings of standards (or overall ratings) by provider, read from the graph.

    A question that names no standard and finds no rating of one ("How was North Yorkshire PDU rated?") is
    answered by the overall rating: a press release prints only that.
    """
    if overall is None:
        asked = bool(re.search(r"\boverall\b", question.text, re.I))
        result = rating_plan(dataset, question, asked)
        if asked or question.standards:
            return result
        if question.rating_values:
            # "Which PDUs were rated 'Good'?": an overall rating of that value answers as well as a standard's.
            return _merged(rating_plan(dataset, question, True), result)
        if result.items or not question.providers:
            return result
        return rating_plan(dataset, question, True)
    rows = _query(dataset, """
    SELECT DISTINCT ?fact ?sid ?sname ?rating ?plabel ?ptype ?file ?title ?published ?framework WHERE {
    """ + _facts_about(dataset, "pkg:Rating", question) + """
        ?fact pkg:standardId ?sid ; pkg:inReport ?report .
        OPTIONAL { ?fact pkg:ratingText ?rating }
        ?p skos:prefLabel ?plabel ; a ?ptype . FILTER(STRSTARTS(STR(?ptype), STR(pkg:)))
    """ + (f'FILTER(?sid {"=" if overall else "!="} "overall")') + (
        f" VALUES ?sid {{ {' '.join(Literal(s).n3() for s in question.standards)} }}" if question.standards else "") + _EVIDENCE + """ }
      # The standard's label is in the ontology graph. Bound together: an OPTIONAL over an unbound
      # ?standard (an overall rating has none) would join every label in the store.
      OPTIONAL { ?fact pkg:standard ?standard . ?standard skos:prefLabel ?sname }
    }""")
    selected = []
    for row in rows:
        rating = str(row.get("rating") or "")
        if (row["sid"] == "overall") != overall:
            continue  # an overall rating answers only a question about the overall rating
        if question.standards and row["sid"] not in question.standards:
            continue
        if question.rating_values and not any(v.lower() == rating.lower() for v in question.rating_values):
            continue
        if not _provider_ok(question, row["plabel"], _provider_type(row)) or not _year_ok(question, row):
            continue
        if not _framework_ok(question, row):
            continue
        selected.append(row)
    selected = _add_evidence(dataset, selected)
    looked_for = ("an overall rating" if overall else "ratings") + (
        f" of standard {', '.join(question.standards)}" if question.standards else "") + (
        f" for {', '.join(p.canonical for p in question.providers)}" if question.providers else "")
    items: "OrderedDict[str, Item]" = OrderedDict()
    for row in sorted(selected, key=lambda r: (r["plabel"], r["sid"])):
        label, ptype = row["plabel"], _provider_type(row)
        item = items.setdefault(label, Item(label, ptype, str(entity_iri(label, ptype))))
        name = row.get("sname") or ""
        standard = "overall rating" if row["sid"] == "overall" else f"{row['sid']} {name}".strip()
        part = f"{standard}: {row.get('rating') or 'no rating printed'}"
        item.detail = f"{item.detail}; {part}" if item.detail else part
        if (evidence := row_evidence(row)) is not None:
            item.evidence.append(evidence)
    if question.asks_count:
        for item in items.values():
            item.detail = f"{len(item.evidence)} ({item.detail})"
    return PlanResult("ratings", list(items.values()), looked_for, True, "Ratings")


def _merged(first: PlanResult, second: PlanResult) -> PlanResult:
    """Returns `first` with the items of `second` added, an item of both keeping the details and evidence of each."""
    items: "OrderedDict[str, Item]" = OrderedDict((item.label, item) for item in first.items)
    for item in second.items:
        if item.label in items:
            known = items[item.label]
            known.detail = "; ".join(d for d in (known.detail, item.detail) if d)
            known.evidence += item.evidence
        else:
            items[item.label] = item
    return PlanResult(first.kind, list(items.values()), second.looked_for, first.exact and second.exact, first.heading)


# --- Key questions ------------------------------------------------------------------------------------------

_ASKS_PERCENT = re.compile(r"\bwhat (?:percentage|proportion|share)\b|\bhow many per ?cent\b", re.I)
_AT_LEAST = re.compile(r"(\d{1,3})\s*%\s*or\s*(?:more|above|higher)|at least\s*(\d{1,3})\s*%|above\s*(\d{1,3})\s*%", re.I)
_AT_MOST = re.compile(r"(\d{1,3})\s*%\s*or\s*(?:less|below|lower)|below\s*(\d{1,3})\s*%|under\s*(\d{1,3})\s*%", re.I)


def key_question_plan(dataset, question: Question) -> PlanResult:
    """Key-question percentages: for one question across providers, or every question of one provider."""
    rows = _query(dataset, """
    SELECT DISTINCT ?fact ?qid ?qtext ?percent ?printed ?plabel ?ptype ?file ?title ?published ?framework WHERE {
    """ + _facts_about(dataset, "pkg:KeyQuestionResult", question) + """
      OPTIONAL { ?fact pkg:percent ?percent } OPTIONAL { ?fact pkg:ratingText ?printed }
      ?fact pkg:standardId ?qid ; pkg:questionText ?qtext ; pkg:inReport ?report .
      ?p skos:prefLabel ?plabel ; a ?ptype . FILTER(STRSTARTS(STR(?ptype), STR(pkg:)))
    """ + (f" FILTER(?qid = {Literal(question.key_question).n3()})" if question.key_question else "")
        + _EVIDENCE + "} }")
    least = _first_number(_AT_LEAST.search(question.text))
    most = _first_number(_AT_MOST.search(question.text))
    selected = []
    for row in rows:
        if question.key_question and row["qid"] != question.key_question:
            continue
        if not _provider_ok(question, row["plabel"], _provider_type(row)):
            continue
        percent = float(row["percent"]) if row.get("percent") is not None else None
        if least is not None and (percent is None or percent < least):
            continue
        if most is not None and (percent is None or percent > most):
            continue
        if percent is None and question.key_question and question.providers and _ASKS_PERCENT.search(question.text):
            continue  # printed as "-": the percentage asked of this provider is not in the report
        selected.append((percent, row))
    with_evidence = _add_evidence(dataset, [row for _, row in selected])
    selected = [(percent, row) for (percent, _), row in zip(selected, with_evidence)]
    descending = bool(re.search(r"\b(highest|best|most|top)\b", question.text, re.I))
    selected.sort(key=lambda pair: (pair[0] is None, -(pair[0] or 0) if descending else (pair[0] or 0), pair[1]["qid"]))
    items = []
    by_question = question.key_question is None and len({r["plabel"] for _, r in selected}) == 1
    for percent, row in selected:
        value = row.get("printed") or ("-" if percent is None else f"{percent:g}%")
        evidence = [e] if (e := row_evidence(row)) else []
        if by_question:
            items.append(Item(row["qid"], "KeyQuestion", str(row["fact"]), f"{value}: {row['qtext']}", evidence))
        else:
            label, ptype = row["plabel"], _provider_type(row)
            items.append(Item(label, ptype, str(entity_iri(label, ptype)), f"{row['qid']}: {value}", evidence))
    looked_for = f"key question {question.key_question}" if question.key_question else "key-question results"
    return PlanResult("key questions", items, looked_for, True, "Key-question results (% yes)")


def _first_number(match: re.Match | None) -> float | None:
    return float(next(g for g in match.groups() if g)) if match else None


# --- Recommendations ----------------------------------------------------------------------------------------


def recommendation_plan(dataset, question: Question, topic_patterns) -> PlanResult:
    """Recommendations whose text speaks of the question's topics (or its words), by addressee."""
    rows = _query(dataset, """
    SELECT DISTINCT ?fact ?number ?text ?plabel ?ptype ?file ?title ?published ?framework WHERE { GRAPH ?g {
      ?fact a pkg:Recommendation ; pkg:number ?number ; pkg:text ?text ; pkg:addressedTo ?p ; pkg:inReport ?report .
      ?p skos:prefLabel ?plabel ; a ?ptype . FILTER(STRSTARTS(STR(?ptype), STR(pkg:)))
    """ + _EVIDENCE + "} }")
    words = set(terms(question.text)) - _QUESTION_WORDS
    rows = _add_evidence(dataset, rows)
    items: "OrderedDict[str, Item]" = OrderedDict()
    for row in sorted(rows, key=lambda r: (r["plabel"], r["number"])):
        text = str(row["text"])
        if question.topics:
            # A question that names topics asks for recommendations on them, whatever else they share.
            if not any(pattern.search(text) for topic, pattern in topic_patterns if topic in question.topics):
                continue
        elif len(words & set(terms(text))) / max(len(words), 1) < 0.5:
            continue
        if not _provider_ok(question, row["plabel"], _provider_type(row)) or not _year_ok(question, row):
            continue
        if not _framework_ok(question, row):
            continue
        label, ptype = row["plabel"], _provider_type(row)
        item = items.setdefault(label, Item(label, ptype, str(entity_iri(label, ptype))))
        part = f"recommendation {row['number']}: {text}"
        item.detail = f"{item.detail}; {part}" if item.detail else part
        if (evidence := row_evidence(row)) is not None:
            item.evidence.append(evidence)
    return PlanResult("recommendations", list(items.values()), "recommendations on " + (", ".join(question.topics) or "this"),
                      False, "Recommendations")


_QUESTION_WORDS = set(terms(
    "which what who crc crcs report reports inspection inspections rated recommendation recommendations made number "
    "each three provider providers made about its it"))


# --- Ownership ----------------------------------------------------------------------------------------------


def ownership_plan(dataset, question: Question, chunks, keywords=None) -> PlanResult:
    """Owners, their member organisations and the CRCs they own, from the graph and the reference data."""
    gazetteer = load_gazetteer()
    items: list[Item] = []
    owners = list(question.owners)
    for provider in question.providers:
        for predicate, target in provider.relations:
            if predicate == "ownedBy" and (owner := gazetteer.resolve(target)) is not None and owner not in owners:
                owners.append(owner)
                items.append(Item(owner.canonical, "Owner", str(entity_iri(owner.canonical, "Owner")),
                                  f"owns {provider.canonical}", _cooccurrence(chunks, provider, owner, keywords)))
    for owner in owners:
        if question.asks_members:
            for predicate, member in owner.relations:
                if predicate == "hasMember" and (known := gazetteer.resolve(member)) is not None:
                    items.append(Item(known.canonical, "OwnerMember", str(entity_iri(known.canonical, "OwnerMember")),
                                      f"member of {owner.canonical}", _cooccurrence(chunks, known, owner, keywords)))
        for crc in gazetteer.entities:
            if crc.type == "CRC" and ("ownedBy", owner.canonical) in crc.relations and crc not in question.providers:
                items.append(Item(crc.canonical, "CRC", str(entity_iri(crc.canonical, "CRC")),
                                  f"owned by {owner.canonical}", _cooccurrence(chunks, crc, owner, keywords)))
    names = ", ".join(e.canonical for e in question.owners + question.providers)
    return PlanResult("ownership", _dedupe(items), f"the ownership of {names}", False, "Ownership")


def _cooccurrence(chunks, first, second, keywords=None) -> list[Evidence]:
    """Lines of the reports that name both organisations (the evidence behind an ownership edge)."""
    def pattern(entity):
        names = {entity.canonical, *entity.variants, *entity.acronyms, re.sub(r"\s+CRC$", "", entity.canonical)}
        return re.compile("|".join(re.escape(n).replace("\\&", "(?:&|and)") for n in sorted(names, key=len, reverse=True)))

    a, b = pattern(first), pattern(second)
    found = []
    if keywords is not None:
        # Only chunks the keyword index finds for both names can name both (not every chunk of a large index).
        rows = [row for row, _ in keywords.search(f"{first.canonical} {second.canonical}", 200)]
        chunks = [chunks[row] for row in sorted(rows)]
    for chunk in chunks:
        for line, text in chunk.text_lines():
            if a.search(text) and b.search(text):
                found.append(Evidence(chunk.file_name, chunk.title, chunk.section, line, line, chunk.page,
                                      shorten_quote(text.strip()), 1.0))
                if len(found) >= 2:
                    return found
    return found


# --- Findings -------------------------------------------------------------------------------------------------


def findings_plan(index, embedder, question: Question, query_vector: np.ndarray, threshold: float) -> PlanResult:
    """Findings of the asked polarity and topics, grouped by the provider they are about, best first."""
    records = index.findings
    if not records:
        return PlanResult("findings", [], "findings", False)
    allowed = set(question.answer_types or PROVIDER_TYPES)
    words = set(terms(expanded_text(question))) - _FINDING_QUESTION_WORDS
    scores = index.finding_vectors @ query_vector
    # Of several topics, the most specific one decides ("home visits" more than "risk of harm").
    frequency = _topic_frequency(index)
    required = min(question.topics, key=lambda t: frequency.get(t, 0)) if question.topics else None
    items: "OrderedDict[str, Item]" = OrderedDict()
    ranked = []
    # Masks first (numpy over every finding), then Python over the few that can pass: a finding's score is
    # at most 0.7 × cosine + 0.3, so one whose cosine is below (threshold - 0.3) / 0.7 cannot.
    polarity, topic_masks = _finding_masks(index)
    keep = scores >= (threshold - 0.3) / 0.7
    if question.polarity:
        keep &= (polarity == question.polarity) | (polarity == "mixed")
    if required:
        # A sentence under "4.2 Through the Gate" is about Through the Gate though it does not say so.
        keep &= topic_masks.get(required, np.zeros(len(records), dtype=bool))
    for row in np.nonzero(keep)[0]:
        record, cosine = records[row], scores[row]
        providers = [(name, ptype) for name, ptype in record.providers if ptype in allowed]
        if question.providers:
            providers = [(n, t) for n, t in providers if any(name_key(n) == name_key(p.canonical) for p in question.providers)]
        if not providers:
            continue
        overlap = len(words & set(terms(record.text))) / max(len(words), 1)
        score = 0.7 * float(cosine) + 0.3 * overlap
        ranked.append((score, record, providers))
    ranked.sort(key=lambda item: -item[0])
    if question.asks_reports:
        # "In which reports …": one item per report, named by the providers it inspected.
        named = _report_labels(index)
        ranked = [(score, record, [(named[record.file_name], "Report")]) for score, record, _ in ranked]
    for score, record, providers in ranked:
        if score < threshold:
            break
        for name, ptype in providers:
            iri = report_iri(record.report_id) if ptype == "Report" else str(entity_iri(name, ptype))
            item = items.setdefault(name, Item(name, ptype, iri, score=score))
            if len(item.evidence) < 2:
                item.evidence.append(Evidence(record.file_name, record.title, record.section.rsplit(" > ", 1)[-1],
                                              record.line, record.line, record.page, shorten_quote(record.quote), score))
    polarity = {"weakness": "criticised", "strength": "praised"}.get(question.polarity or "", "discussed")
    looked_for = f"findings where providers are {polarity}" + (f" on {', '.join(question.topics)}" if question.topics else "")
    heading = f"Reports where providers are {polarity}" if question.asks_reports else f"Providers {polarity}"
    return PlanResult("findings", list(items.values()), looked_for, False, heading)


def _finding_masks(index) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The polarity of every finding, and per topic which findings carry it or sit in a section about it."""
    def compute(index) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        polarity = np.array([record.polarity for record in index.findings])
        masks: dict[str, np.ndarray] = {}
        for row, record in enumerate(index.findings):
            for topic in set(record.topics) | _section_topics(record.section):
                masks.setdefault(topic, np.zeros(len(index.findings), dtype=bool))[row] = True
        return polarity, masks

    return index.derived("finding_masks", compute)


def _report_labels(index) -> dict[str, str]:
    """Report file -> the providers its findings are about, in order of mention ("X CRC and Y division")."""
    def compute(index) -> dict[str, str]:
        names: dict[str, dict[str, None]] = {}
        for record in index.findings:
            for name, _ in record.providers:
                names.setdefault(record.file_name, {})[name] = None
        return {file: " and ".join(providers) for file, providers in names.items()}

    return index.derived("report_labels", compute)


def _topic_frequency(index) -> dict[str, int]:
    """How many findings of the index carry each topic."""
    def compute(index) -> dict[str, int]:
        counts: dict[str, int] = {}
        for record in index.findings:
            for topic in record.topics:
                counts[topic] = counts.get(topic, 0) + 1
        return counts

    return index.derived("topic_frequency", compute)


@lru_cache(maxsize=4096)
def _section_topics(section: str) -> frozenset[str]:
    return frozenset(topics_of(section.rsplit(" > ", 1)[-1]))


_FINDING_QUESTION_WORDS = set(terms(
    "which what who crc crcs provider providers report reports inspection inspections found criticised faulted praised "
    "commended were was for their its in of the privately run probation companies company public sector"))


def _dedupe(items: list[Item]) -> list[Item]:
    seen: "OrderedDict[tuple[str, str], Item]" = OrderedDict()
    for item in items:
        key = (item.label, item.detail)
        if key not in seen:
            seen[key] = item
    return list(seen.values())


# --- Lists named in quotes --------------------------------------------------------------------------------------

_QUOTED = re.compile(r"['‘\"“]([^'’\"”]{4,60})['’\"”]")
_CRITERION = re.compile(r"\bcriterion\s+(\d\.\d)\b", re.I)


def quoted_labels(text: str) -> list[str]:
    """Returns the phrases a question quotes ("'Organisational strength'"), rating words left out."""
    return [p.strip() for p in _QUOTED.findall(text) if p.strip().lower() not in
            ("inadequate", "good", "outstanding", "requires improvement")]


def reports_named(index, question: Question) -> set[str] | None:
    """Reports a question points at by a place or provider in their title, or by year ("the 2007 Merseyside report")."""
    if not re.search(r"\b(report|inspection)\b", question.text, re.I):
        return None
    words = {w.lower() for w in re.findall(r"\b[A-Z][a-z]{3,}\b", question.text)} - _GENERIC_TITLE_WORDS
    chosen = set()
    for report_id, record in index.reports.items():
        title = record.title.lower()
        if words & set(re.findall(r"[a-z]+", title)):
            chosen.add(report_id)
    if question.years:
        chosen = {r for r in chosen if any(str(y) in r for y in question.years)} or chosen
    return chosen or None


_GENERIC_TITLE_WORDS = {"which", "what", "report", "reports", "inspection", "inspections", "sharing", "good", "practice",
                        "organisational", "strength", "community", "rehabilitation", "company", "quality", "impact",
                        "offender", "management", "probation", "criterion", "examples", "according", "annex"}


def labelled_plan(index, dataset, question: Question) -> PlanResult | None:
    """Items of a list the question names in quotes: findings under that label or examples in that section."""
    phrases = quoted_labels(question.text)
    if not phrases:
        return None
    reports = reports_named(index, question)
    wanted = [p.lower().rstrip(":") for p in phrases]
    items: list[Item] = []
    for record in index.findings:
        if reports and record.report_id not in reports:
            continue
        if any(w in record.list.lower() for w in wanted):
            provider = ", ".join(name for name, _ in record.providers)
            words = record.text.split()
            label = " ".join(words[:10]) + (" …" if len(words) > 10 else "")
            items.append(Item(label, "Finding", record.iri, f"{provider}: {shorten_quote(record.text, 45)}",
                              [Evidence(record.file_name, record.title, record.section.rsplit(" > ", 1)[-1], record.line,
                                        record.line, record.page, shorten_quote(record.quote), 1.0)]))
    criterion = _CRITERION.search(question.text)
    rows = _query(dataset, """
    SELECT DISTINCT ?fact ?label ?text ?criterion ?psection ?file ?title ?published ?framework ?rid WHERE { GRAPH ?g {
      ?fact a pkg:PracticeExample ; rdfs:label ?label ; pkg:text ?text ; pkg:inReport ?report .
      ?report dcterms:identifier ?rid .
      OPTIONAL { ?fact pkg:standardId ?criterion } OPTIONAL { ?fact pkg:section ?psection }
    """ + _EVIDENCE + "} }")
    rows = _add_evidence(dataset, rows)
    for row in rows:
        if reports and row["rid"] not in reports:
            continue
        section = str(row.get("psection") or "").lower()
        if not any(w in section for w in wanted):
            continue
        if criterion and str(row.get("criterion") or "") != criterion.group(1):
            continue
        evidence = [e] if (e := row_evidence(row)) else []
        items.append(Item(str(row["label"]), "PracticeExample", str(row["fact"]), shorten_quote(str(row["text"]), 30), evidence))
    return PlanResult("labelled list", items, f"items listed as {', '.join(repr(p) for p in phrases)}", False,
                      f"Listed as {phrases[0]}", entities=False)
