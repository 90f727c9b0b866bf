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
from ingest.extract.meta import FRAMEWORKS, ReportMeta, detect_framework, extract_meta
from ingest.extract.ratings import Scores, extract_scores
from ingest.extract.recommendations import Recommendation, extract_recommendations
from ingest.gazetteer import load_gazetteer
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
    warnings: list[str] = field(default_factory=list)

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
            "sections": [
                {"heading": s.title, "level": s.level, "line": s.line, "end_line": s.end_line, "path": list(s.path)}
                for s in self.tree.sections
            ],
            "contents_lines": list(self.tree.contents_lines) if self.tree.contents_lines else None,
            "warnings": self.warnings,
        }


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
