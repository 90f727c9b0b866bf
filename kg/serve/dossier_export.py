"""A dossier as a Markdown document or as CSV rows (one fact per row, each with its citation)."""
from __future__ import annotations

import csv
import io

CSV_COLUMNS = ("section", "subject", "fact", "value", "report", "start_line", "end_line", "quote", "source")


def dossier_facts(dossier: dict) -> list[dict]:
    """Every fact of a dossier as one flat row: what it is about, its value and its citation (or source)."""
    rows: list[dict] = []

    def add(section: str, subject: str, fact: str, value, cited: dict | None = None, source: str = "") -> None:
        cited = cited or {}
        rows.append({"section": section, "subject": subject, "fact": fact, "value": "" if value is None else str(value),
                     "report": cited.get("report", ""), "start_line": cited.get("start_line", ""),
                     "end_line": cited.get("end_line", ""), "quote": cited.get("quote", ""),
                     "source": source or ("report" if cited else "")})

    name = dossier["name"]
    if dossier["kind"] == "owner":
        for provider in dossier["providers"]:
            for cited in provider["citations"] or [None]:
                add("providers", provider["name"], "owned by", name, cited, "" if cited else "reference data")
            if provider["latest_overall_rating"]:
                add("providers", provider["name"], "latest overall rating", provider["latest_overall_rating"],
                    provider["latest_overall_rating_citation"])
            for standard in provider["standards"]:
                add("standards", provider["name"], f"{standard['standard']} {standard['name']}".strip(), standard["rating"],
                    standard["citation"])
            for question in provider["key_questions"]:
                add("key questions", provider["name"], question["question"], f"{question['percent']:g}%", question["citation"])
    else:
        for owner in dossier["owners"]:
            add("owners", name, f"owned by (as of {owner['as_of'] or 'undated'})", owner["owner"], owner["citation"])
        for inspection in dossier["inspections"]:
            for role, cited in inspection["citations"].items():
                value = {"overall rating": inspection["overall_rating"], "publication": inspection["published"],
                         "fieldwork": inspection["fieldwork"]}.get(role, inspection["title"])
                add("inspections", inspection["report"], role, value, cited)
        for standard in dossier["standards"]:
            add("standards", name, f"{standard['standard']} {standard['name']}".strip(), standard["rating"], standard["citation"])
        for question in dossier["key_questions"]:
            add("key questions", name, question["question"], f"{question['percent']:g}%", question["citation"])
        for recommendation in dossier["recommendations"]:
            add("recommendations", recommendation["report"], "recommendation", recommendation["recommendation"],
                recommendation["citation"])
        for side in ("criticisms", "praise"):
            for group in dossier["findings"][side]:
                for cited in group["quotes"]:
                    add(side, name, group["topic"], f"{group['count']} finding(s)", cited)
        for relation in ("predecessors", "successors"):
            for other in dossier[relation]:
                add(relation, name, other["event"], other["name"], None, other["source"])
    for change in dossier["ownership_changes"]:
        add("ownership changes", change["provider"], f"from {change['from']}", change["new_owner"], None, change["source"])
    return rows


def dossier_csv(dossier: dict) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(dossier_facts(dossier))
    return out.getvalue()


def _cite(cited: dict | None) -> str:
    if not cited:
        return ""
    span = f"{cited['start_line']}" + (f"–{cited['end_line']}" if cited["end_line"] != cited["start_line"] else "")
    return f" — {cited['report']}, line {span}: “{cited['quote']}”"


def dossier_markdown(dossier: dict) -> str:
    """The dossier as Markdown: a heading per section, a line per fact with its citation."""
    lines = [f"# {dossier['name']} ({dossier['type']})", ""]
    section = None
    for fact in dossier_facts(dossier):
        if fact["section"] != section:
            section = fact["section"]
            lines += ["", f"## {section.capitalize()}", ""]
        cited = ({"report": fact["report"], "start_line": fact["start_line"], "end_line": fact["end_line"],
                  "quote": fact["quote"]} if fact["report"] else None)
        source = "" if cited else f" ({fact['source']})" if fact["source"] else ""
        lines.append(f"- **{fact['subject']}** · {fact['fact']}: {fact['value']}{_cite(cited)}{source}")
    return "\n".join(lines).strip() + "\n"
