"""Everything read from one report, in the shape of shared/eval/extraction/*.json."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from ingest.extract.entities import extract_entities
from ingest.extract.findings import extract_findings
from ingest.extract.footnotes import extract_footnotes
from ingest.extract.glossary import extract_glossary
from ingest.extract.judgements import extract_judgements, provider_of_sentence
from ingest.extract.key_facts import extract_key_facts
from ingest.extract.practice import extract_practice_examples, pseudonyms
from ingest.extract.prose import ProseFacts, extract_prose_facts
from ingest.extract.kinds import document_kind, inspection_kind
from ingest.extract.meta import FRAMEWORKS, Provider, ReportMeta, detect_framework, extract_meta, month_year
from ingest.extract.ratings import Scores, extract_scores
from ingest.extract.recommendations import Recommendation, extract_recommendations
from ingest.extract.providers import CONTRACT_TYPE, subject_area
from ingest.gazetteer import load_gazetteer, name_key
from ingest.normalise import clean_lines
from ingest.sections import SectionTree, build_section_tree
from ingest.sources import Document


@dataclass
class Extraction:
    report_file: str
    meta: ReportMeta
    scores: Scores
    recommendations: list[Recommendation]
    tree: SectionTree
    key_facts: list = field(default_factory=list)
    glossary: list = field(default_factory=list)
    footnotes: list = field(default_factory=list)
    findings: list = field(default_factory=list)
    entities: list = field(default_factory=list)
    practice_examples: list = field(default_factory=list)
    prose: ProseFacts = field(default_factory=ProseFacts)
    warnings: list[str] = field(default_factory=list)

    def corpus_facts(self) -> dict:
        """Returns the keys of shared/eval/corpus-facts.jsonl: what the text prints, in tables or in prose."""
        facts = {"document_kind": self.meta.document_kind, "inspection_kind": self.meta.inspection_kind,
                 **self.prose.to_json()}
        named = {name_key(p["name"]) for p in facts["providers"]}
        for provider in self.meta.providers:
            if name_key(provider.canonical) not in named:
                facts["providers"].append({"name": provider.canonical, "type": CONTRACT_TYPE.get(provider.provider_type, "other")})
        if self.scores.overall_rating:
            # A printed table of ratings is the report's own statement of them: it wins over prose.
            facts["overall_ratings"] = [{"provider": p.canonical, "rating": self.scores.overall_rating,
                                         "line": self.scores.overall_rating_line} for p in self.meta.providers]
        table = [r for r in self.scores.ratings if r.scale == "rating" and r.rating]
        if table:
            facts["standard_ratings"] = [
                {"provider": r.provider or (self.meta.providers[0].canonical if self.meta.providers else ""),
                 "standard": r.standard_name.lower(), "rating": r.rating, "line": r.line} for r in table]
        people = {(name_key(p["name"]), p["role"]) for p in facts["people"]}
        for name, role, line in ((self.meta.chief_inspector, "Chief Inspector of Probation", self.meta.chief_inspector_line),
                                 (self.meta.lead_inspector, "lead inspector", self.meta.lead_inspector_line)):
            if name and (name_key(name), role) not in people:
                facts["people"].append({"name": name, "role": role, "line": line})
        dates = facts["dates"]
        if dates["published"] is None and self.meta.publication_date_as_printed:
            dates["published"] = self.meta.publication_date_as_printed
            dates["lines"] = sorted(set(dates["lines"]) | {self.meta.publication_date_line})
        if dates["fieldwork"] is None and self.meta.fieldwork_date_as_printed:
            dates["fieldwork"] = self.meta.fieldwork_date_as_printed
            dates["lines"] = sorted(set(dates["lines"]) | {self.meta.fieldwork_date_line})
        return facts

    def to_json(self) -> dict:
        report = self.meta.to_json()
        report["overall_rating"] = self.scores.overall_rating
        report["overall_rating_line"] = self.scores.overall_rating_line
        if self.scores.risk_of_harm_thread:
            report["risk_of_harm_thread_score"] = self.scores.risk_of_harm_thread
            report["risk_of_harm_thread_line"] = self.scores.risk_of_harm_thread_line
        return {
            "report_file": self.report_file,
            "report": report,
            "ratings": [r.to_json() for r in self.scores.ratings],
            "key_questions": [k.to_json() for k in self.scores.key_questions],
            "recommendations": [r.to_json() for r in self.recommendations],
            "key_facts": [k.to_json() for k in self.key_facts],
            "entities": [e.to_json() for e in self.entities],
            "findings": [f.to_json() for f in self.findings],
            "glossary": {"count": len(self.glossary), "entries": [g.to_json() for g in self.glossary],
                         "terms": [g.term for g in self.glossary]},
            "footnotes": [f.to_json() for f in self.footnotes],
            "practice_examples": [p.to_json() for p in self.practice_examples],
            **self.corpus_facts(),
            "sections": [
                {"heading": s.title, "level": s.level, "line": s.line, "end_line": s.end_line, "path": list(s.path)}
                for s in self.tree.sections
            ],
            "contents_lines": list(self.tree.contents_lines) if self.tree.contents_lines else None,
            "warnings": self.warnings,
        }


def _inspected_from_prose(prose: ProseFacts, title: str) -> list[Provider]:
    """The providers a text without a title page inspects: those it rates, else the one its title names."""
    rated = list(dict.fromkeys(r.provider for r in prose.ratings))
    chosen = [p for p in prose.providers if p.name in rated]
    if not chosen and (area := subject_area(title)) is not None:
        # "Probation services in Gwent": the CRC and the NPS division serving the area were inspected together.
        chosen = [p for p in prose.providers if p.name in (area.crc, area.nps_division)]
    if not chosen and prose.subject is not None and prose.subject.type != "Other" and \
            name_key(prose.subject.name.rsplit(" ", 1)[0]) in name_key(title):
        chosen = [prose.subject]
    return [Provider(p.name, p.type, (), (p.line,)) for p in chosen]


def extract_report(document: Document, tree: SectionTree | None = None) -> Extraction:
    """Returns everything the rules find in `document` (whose section tree is `tree`, built if not given);
    unknown layouts give what was found and warnings."""
    gazetteer = load_gazetteer()
    lines = clean_lines(document.lines)
    tree = tree or build_section_tree(document)
    meta = extract_meta(document, lines, tree, gazetteer)
    scores = extract_scores(lines, tree)
    meta.overall_rating, meta.overall_rating_line = scores.overall_rating, scores.overall_rating_line
    meta.framework = detect_framework(scores, lines)
    meta.inspection_type = FRAMEWORKS.get(meta.framework) if meta.framework else None
    extraction = Extraction(document.file_name, meta, scores, extract_recommendations(lines, tree, meta, gazetteer), tree)
    listed = extract_findings(lines, tree)
    listed = [replace(f, providers=provider_of_sentence(f.text, f.standard_or_section + " " + f.list, meta)) for f in listed]
    statements = extract_judgements(lines, tree, meta, {f.line for f in listed})
    extraction.findings = sorted(listed + statements, key=lambda f: (f.line, f.list == "statement"))
    extraction.key_facts = extract_key_facts(lines, tree)
    extraction.glossary = extract_glossary(lines, tree)
    extraction.footnotes = extract_footnotes(lines)
    extraction.practice_examples = extract_practice_examples(lines, tree)
    extraction.prose = extract_prose_facts(lines, meta.title, gazetteer)
    meta.document_kind = document_kind(lines, len(tree.sections))
    if not meta.providers or meta.document_kind != "full-report":
        # A title page names whom a full report inspects; a release or foreword says it in its sentences.
        meta.providers = _inspected_from_prose(extraction.prose, meta.title) or meta.providers
    if meta.publication_date is None and (printed := extraction.prose.dates["published"]):
        if found := month_year(printed):
            meta.publication_date, meta.publication_date_as_printed = found[0], printed
            meta.publication_date_line = extraction.prose.dates["lines"][0]
    named = [p.provider_type for p in meta.providers] + [p.type for p in extraction.prose.providers]
    meta.inspection_kind = inspection_kind(meta.title + " " + " ".join(l.text for l in lines[:40]), meta.framework,
                                           list(dict.fromkeys(named)))
    extraction.entities = extract_entities(
        lines, tree, meta, extraction.glossary, gazetteer, exclude=pseudonyms(extraction.practice_examples)
    )
    if meta.framework is None:
        extraction.warnings.append("unknown report layout: no ratings, criteria or domain judgements found")
    if not tree.sections:
        extraction.warnings.append("no headings found: the report is read as one section")
    if not meta.providers:
        extraction.warnings.append("no inspected provider recognised")
    return extraction
