"""Score `probation-kg extract` against gold extraction files (shared/eval/extraction/*.json)."""
from __future__ import annotations

import json
import re
from pathlib import Path

from ingest.extract.report import extract_report
from ingest.gazetteer import load_gazetteer, name_key
from ingest.sources import read_document

ENTITY_TYPES = ("Owner", "OwnerMember", "CRC", "NPSDivision", "ProbationArea", "Prison", "PartnerOrganisation", "Intervention")


def _canonical(name: str) -> str:
    entity = load_gazetteer().resolve(name)
    return name_key(entity.canonical if entity else name)


def _words(text: str, count: int) -> str:
    text = re.sub(r"\*+", "", text or "")
    return " ".join(text.split()[:count]).lower().rstrip(".;,")


def _norm_value(text) -> str:
    return re.sub(r"[\s*]+", "", str(text or "")).lower().rstrip(".")


def _ratio(hit: int, total: int) -> dict:
    return {"correct": hit, "total": total, "score": hit / total if total else None}


def score_ratings(gold: list[dict], found: list[dict]) -> tuple[dict, list[str]]:
    misses = []
    def key(r):
        return (name_key(r["standard_name"]), r["provider"].lower()) if r.get("provider") else r["standard_id"]
    by_key = {key(r): r for r in found}
    hit = 0
    for rating in gold:
        got = by_key.get(key(rating))
        if got is not None and _norm_value(got.get("rating")) == _norm_value(rating.get("rating")):
            hit += 1
        else:
            misses.append(f"rating {key(rating)}: gold {rating.get('rating')!r}, got {got and got.get('rating')!r}")
    return _ratio(hit, len(gold)), misses


def score_key_questions(gold: list[dict], found: list[dict]) -> tuple[dict, list[str]]:
    by_id = {k["id"]: k for k in found}
    hit, misses = 0, []
    for question in gold:
        got = by_id.get(question["id"])
        if got and got.get("percent") == question.get("percent") and _words(got["text"], 30) == _words(question["text"], 30):
            hit += 1
        else:
            misses.append(f"key question {question['id']}: gold {question.get('percent')}, got {got and got.get('percent')}")
    return _ratio(hit, len(gold)), misses


def score_recommendations(gold: list[dict], found: list[dict]) -> tuple[dict, list[str]]:
    by_number = {r["number"]: r for r in found}
    hit, misses = 0, []
    for rec in gold:
        got = by_number.get(rec["number"])
        ok = (
            got is not None
            and _words(got["text"], 12) == _words(rec["text"], 12)
            and {_canonical(a) for a in got["addressees"]} == {_canonical(a) for a in rec.get("addressees") or [rec["addressee"]]}
        )
        hit += ok
        if not ok:
            misses.append(f"recommendation {rec['number']}: gold {rec.get('addressees')} {_words(rec['text'], 12)!r}, "
                          f"got {got and got['addressees']} {got and _words(got['text'], 12)!r}")
    return _ratio(hit, len(gold)), misses


def score_key_facts(gold: list[dict], found: list[dict]) -> tuple[dict, list[str]]:
    have = {(f["line"], _norm_value(f["value"])) for f in found}
    have |= {(f["line"], _norm_value(f"{f['value']} {f['unit']}")) for f in found if f.get("unit")}
    hit, misses = 0, []
    for fact in gold:
        if (fact["line"], _norm_value(fact["value"])) in have:
            hit += 1
        else:
            misses.append(f"key fact line {fact['line']}: {fact['value']!r} ({fact.get('description', '')[:50]})")
    return _ratio(hit, len(gold)), misses


def _names(entity: dict) -> set[str]:
    names = {entity.get("name") or entity.get("canonical", "")} | set(entity.get("aliases", []))
    return {_canonical(n) for n in names if n}


def score_entities(gold: list[dict], found: list[dict]) -> tuple[dict, list[str]]:
    result, misses = {}, []
    for entity_type in ENTITY_TYPES:
        gold_of_type = [e for e in gold if e["type"] == entity_type]
        found_of_type = [e for e in found if e["type"] == entity_type]
        found_names = [_names(e) for e in found_of_type]
        gold_names = [_names(e) for e in gold_of_type]
        recalled = 0
        for entity, names in zip(gold_of_type, gold_names):
            if any(names & other for other in found_names):
                recalled += 1
            else:
                misses.append(f"entity {entity_type} missing: {entity['name']}")
        precise = 0
        for entity, names in zip(found_of_type, found_names):
            if any(names & other for other in gold_names):
                precise += 1
            else:
                misses.append(f"entity {entity_type} extra: {entity['name']}")
        result[entity_type] = {
            "recall": _ratio(recalled, len(gold_of_type)),
            "precision": _ratio(precise, len(found_of_type)),
        }
    return result, misses


def score_findings(gold: list[dict], found: list[dict]) -> tuple[dict, dict, list[str]]:
    by_line: dict[int, list[dict]] = {}
    for finding in found:
        by_line.setdefault(finding["line"], []).append(finding)
    recalled = polarity = 0
    misses = []
    for finding in gold:
        candidates = by_line.get(finding["line"], [])
        match = next((c for c in candidates if _words(c["text"], 6) == _words(finding["text"], 6)), None)
        match = match or (candidates[0] if len(candidates) == 1 else None)
        if match is None:
            misses.append(f"finding line {finding['line']} missing: {_words(finding['text'], 8)!r}")
            continue
        recalled += 1
        if match["polarity"] == finding["polarity"]:
            polarity += 1
        else:
            misses.append(f"finding line {finding['line']} polarity: gold {finding['polarity']}, got {match['polarity']}")
    return _ratio(recalled, len(gold)), _ratio(polarity, recalled), misses


def evaluate_extraction(gold_files: list[Path], reports: Path) -> dict:
    """Returns per-report and overall scores of the extraction rules on `gold_files`."""
    per_report = {}
    totals: dict[str, list[int]] = {}

    def add(name: str, ratio: dict) -> None:
        pair = totals.setdefault(name, [0, 0])
        pair[0] += ratio["correct"]
        pair[1] += ratio["total"]

    for path in gold_files:
        gold = json.loads(path.read_text(encoding="utf-8"))
        found = extract_report(read_document(reports / gold["report_file"])).to_json()
        entry, misses = {}, []
        for name, scorer in (("ratings", score_ratings), ("key_questions", score_key_questions),
                             ("recommendations", score_recommendations), ("key_facts", score_key_facts)):
            entry[name], missed = scorer(gold.get(name, []), found.get(name, []))
            misses += missed
            add(name, entry[name])
        entry["entities"], missed = score_entities(gold.get("entities", []), found.get("entities", []))
        misses += missed
        for entity_type, scores in entry["entities"].items():
            add(f"entities.{entity_type}.recall", scores["recall"])
            add(f"entities.{entity_type}.precision", scores["precision"])
        entry["findings_recall"], entry["findings_polarity"], missed = score_findings(gold.get("findings", []), found.get("findings", []))
        misses += missed
        add("findings_recall", entry["findings_recall"])
        add("findings_polarity", entry["findings_polarity"])
        entry["misses"] = misses
        per_report[gold["report_file"]] = entry
    overall = {name: _ratio(*pair) for name, pair in totals.items()}
    overall.update(_statement_calibration(gold_files, reports))
    return {"overall": overall, "reports": per_report}


def _statement_calibration(gold_files: list[Path], reports: Path) -> dict:
    """Precision and recall per polarity of the sentence classifier, on the lines of the gold findings."""
    from ingest.extract.judgements import sentence_polarity

    pairs = []
    for path in gold_files:
        gold = json.loads(path.read_text(encoding="utf-8"))
        lines = read_document(reports / gold["report_file"]).lines
        for finding in gold.get("findings", []):
            pairs.append((finding["polarity"], sentence_polarity(lines[finding["line"] - 1])))
    result = {}
    for polarity in ("strength", "weakness"):
        hit = sum(1 for g, p in pairs if g == p == polarity)
        result[f"statement_{polarity}.precision"] = _ratio(hit, sum(1 for _, p in pairs if p == polarity))
        result[f"statement_{polarity}.recall"] = _ratio(hit, sum(1 for g, _ in pairs if g == polarity))
    return result


def format_extraction_report(scores: dict) -> str:
    """Returns the overall scores as a table, then every miss per report."""
    lines = [f"{'measure':<40} {'correct':>8} {'total':>6} {'score':>7}", "-" * 64]
    for name, ratio in scores["overall"].items():
        value = "-" if ratio["score"] is None else f"{ratio['score']:.1%}"
        lines.append(f"{name:<40} {ratio['correct']:>8} {ratio['total']:>6} {value:>7}")
    for report, entry in scores["reports"].items():
        if entry["misses"]:
            lines.append(f"\n{report}: {len(entry['misses'])} miss(es)")
            lines.extend(f"  {m}" for m in entry["misses"])
    return "\n".join(lines)
