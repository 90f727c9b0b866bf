"""Score the corpus-facts keys of `probation-kg extract` against shared/eval/corpus-facts.jsonl.

Each key is scored as recall (gold facts found) and precision (facts printed that the gold lists), matching
names as shared/eval/README.md does: case, punctuation, "&"/"and" and "Community Rehabilitation Company"/"CRC"
do not matter. Lines are reported apart: a fact on the wrong line is still the fact.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from ingest.extract.report import extract_report
from ingest.gazetteer import name_key
from ingest.sources import read_document

KEYS = ("providers", "overall_ratings", "standard_ratings", "owners", "people", "dates", "figures")


def _owner_matches(found: str, gold: str) -> bool:
    # "Sodexo" names the owner "Sodexo Justice Services in partnership with Nacro" does: one holds the other.
    a, b = name_key(found), name_key(gold)
    return bool(a and b) and (a in b or b in a)


def _number_words(text: str) -> set[str]:
    return set(re.findall(r"\d[\d,.]*|\b(?:half|third|quarter|two-thirds|three-quarters)\b", str(text).lower()))


def _same(key: str, found: dict, gold: dict) -> bool:
    if key == "providers":
        return name_key(found["name"]) == name_key(gold["name"])
    if key == "overall_ratings":
        return name_key(found["provider"]) == name_key(gold["provider"]) and \
            found["rating"].lower() == gold["rating"].lower()
    if key == "standard_ratings":
        return name_key(found["provider"]) == name_key(gold["provider"]) and \
            name_key(found["standard"]) == name_key(gold["standard"]) and found["rating"].lower() == gold["rating"].lower()
    if key == "owners":
        return name_key(found["provider"]) == name_key(gold["provider"]) and _owner_matches(found["owner"], gold["owner"])
    if key == "people":
        return name_key(found["name"]) == name_key(gold["name"]) and found["role"].lower() == gold["role"].lower()
    if key == "figures":
        return found.get("line") == gold.get("line") and bool(_number_words(found["value"]) & _number_words(gold["value"]))
    raise ValueError(key)


def _dates(found: dict, gold: dict) -> list[tuple[str, bool | None, bool | None]]:
    """Returns (field, found right?, printed?) for published and fieldwork; None where neither has one."""
    out = []
    for field in ("published", "fieldwork"):
        want, got = gold.get(field), found.get(field)
        if want is None and got is None:
            continue
        right = want is not None and got is not None and (
            name_key(want) in name_key(got) or name_key(got) in name_key(want))
        out.append((field, right if want is not None else None, right if got is not None else None))
    return out


def evaluate_corpus(gold_file: Path, corpus: Path) -> dict:
    """Returns {key: {recall, precision, found, gold, printed, type_agreement?}, misses: [...] } over the corpus."""
    totals = {k: {"hit_gold": 0, "gold": 0, "hit_found": 0, "found": 0} for k in KEYS}
    misses: list[str] = []
    typed = [0, 0]
    kinds = {"document_kind": [0, 0], "inspection_kind": [0, 0]}
    for row in map(json.loads, gold_file.read_text(encoding="utf-8").splitlines()):
        facts = extract_report(read_document(corpus / row["file"])).corpus_facts()
        for kind, tally in kinds.items():
            if kind in row:
                tally[0] += facts.get(kind) == row[kind]
                tally[1] += 1
                if facts.get(kind) != row[kind]:
                    misses.append(f"{row['file']}: {kind} {row[kind]!r}, got {facts.get(kind)!r}")
        for key in KEYS:
            if key == "dates":
                for field, recall_hit, precision_hit in _dates(facts["dates"], row["dates"]):
                    if recall_hit is not None:
                        totals[key]["gold"] += 1
                        totals[key]["hit_gold"] += recall_hit
                        if not recall_hit:
                            misses.append(f"{row['file']}: {field} date {row['dates'][field]!r}, got "
                                          f"{facts['dates'].get(field)!r}")
                    if precision_hit is not None:
                        totals[key]["found"] += 1
                        totals[key]["hit_found"] += precision_hit
                continue
            gold, found = row[key], facts[key]
            totals[key]["gold"] += len(gold)
            totals[key]["found"] += len(found)
            for item in gold:
                match = next((f for f in found if _same(key, f, item)), None)
                totals[key]["hit_gold"] += match is not None
                if match is None:
                    misses.append(f"{row['file']}: missed {key} {json.dumps(item, ensure_ascii=False)}")
                elif key == "providers":
                    typed[0] += match["type"] == item["type"]
                    typed[1] += 1
            for item in found:
                hit = any(_same(key, item, g) for g in gold)
                totals[key]["hit_found"] += hit
                if not hit and key != "figures":
                    misses.append(f"{row['file']}: extra {key} {json.dumps(item, ensure_ascii=False)}")
    scores = {}
    for key, t in totals.items():
        scores[key] = {
            "recall": t["hit_gold"] / t["gold"] if t["gold"] else None,
            "precision": t["hit_found"] / t["found"] if t["found"] else None,
            "gold": t["gold"], "printed": t["found"],
        }
    scores["providers"]["type_agreement"] = typed[0] / typed[1] if typed[1] else None
    for kind, (right, total) in kinds.items():
        scores[kind] = {"recall": right / total if total else None, "precision": None, "gold": total, "printed": total}
    return {"scores": scores, "misses": misses}


def format_corpus_report(result: dict) -> str:
    """Returns the scores as a table, then what was missed or extra."""
    rows = [f"{'key':<18}{'recall':>8}{'precision':>11}{'gold':>6}{'printed':>9}"]
    for key, s in result["scores"].items():
        fmt = lambda v: "-" if v is None else f"{v:.2f}"  # noqa: E731
        rows.append(f"{key:<18}{fmt(s['recall']):>8}{fmt(s['precision']):>11}{s['gold']:>6}{s['printed']:>9}")
    agreement = result["scores"]["providers"].get("type_agreement")
    if agreement is not None:
        rows.append(f"provider types agree on {agreement:.2f} of the providers found")
    return "\n".join(rows + [""] + result["misses"])
