"""The Explore view: owner -> provider -> inspection report -> finding as a graph, and the cited facts of a node."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from rdflib import Literal

from kg.serve.engine import Engine
from kg.graph.ids import report_iri
from kg.graph.sparql import select_rows

# Left to right: who owns whom, who was inspected in which report, what the report found.
COLUMNS = ("OWNER", "PROVIDER", "REPORT", "CRITICISM", "PRAISE")
NODE_KINDS = {
    "OWNER": ("Owner", "#7b2cbf"),
    "PROVIDER": ("Provider (CRC, NPS division, area, PDU …)", "#1d4e89"),
    "REPORT": ("Inspection report", "#4a4e69"),
    "CRITICISM": ("Finding: criticism", "#c1121f"),
    "PRAISE": ("Finding: praise", "#2d6a4f"),
}
_POLARITY_KIND = {"weakness": "CRITICISM", "strength": "PRAISE"}
_LABEL_CHARS = 48
ROW_HEIGHT = 36  # model units between two rows of a column
COLUMN_WIDTH = 300


@dataclass(frozen=True)
class Selection:
    """What the user chose on Explore; empty strings mean "any"."""

    owner: str = ""
    provider: str = ""
    topic: str = ""
    polarity: str = ""
    year: str = ""

    def describe(self) -> str:
        """Returns the selection in words, for messages ("Purple Futures, 2018")."""
        parts = [p for p in (self.owner, self.provider, self.topic.replace("_", " "), self.polarity, self.year) if p]
        return ", ".join(parts) or "every report"

    def narrowing(self) -> str:
        """Returns the filters still open, in words ("a topic, a polarity or a year"); empty when none is."""
        open_filters = [f"a {name}" for name, value in (("provider", self.provider or self.owner), ("topic", self.topic),
                                                       ("polarity", self.polarity), ("year", self.year)) if not value]
        if len(open_filters) < 2:
            return "".join(open_filters)
        return ", ".join(open_filters[:-1]) + " or " + open_filters[-1]


@dataclass
class GraphView:
    """Cytoscape elements with preset positions, and how many findings matched against how many are drawn."""

    nodes: list[dict]
    edges: list[dict]
    findings_matched: int
    findings_shown: int

    @property
    def elements(self) -> dict:
        return {"nodes": self.nodes, "edges": self.edges}

    def node(self, node_id: str) -> dict | None:
        return next((n["data"] for n in self.nodes if n["data"]["id"] == node_id), None)


def label_from_iri(iri: str) -> str:
    """Returns a readable name from an IRI's last segment ("…/org/purple-futures" -> "Purple Futures")."""
    segment = str(iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    words = segment.replace("-", " ").replace("_", " ").split()
    return " ".join(w.upper() if w in {"crc", "nps", "pdu"} else w.capitalize() for w in words) or str(iri)


def short_label(text: str, limit: int = _LABEL_CHARS) -> str:
    """Returns `text` cut at a word boundary to at most `limit` characters, with an ellipsis when cut."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return (cut or text[: limit - 1]) + "…"


def owners(engine: Engine) -> list[str]:
    """Returns the labels of every owner in the graph, sorted."""
    rows = select_rows(engine.index.dataset, "SELECT DISTINCT ?o ?label WHERE { ?o a pkg:Owner . OPTIONAL { ?o skos:prefLabel ?label } }")
    return sorted({row.get("label") or label_from_iri(row["o"]) for row in rows})


def _providers(engine: Engine, selection: Selection) -> list[dict]:
    """Returns the providers in scope with their owners: ?p ?plabel ?o ?olabel (labels may be missing)."""
    if selection.owner:
        scope = (f'?p pkg:ownedBy ?o . ?o skos:prefLabel {Literal(selection.owner).n3()} .'
                 " OPTIONAL { ?o skos:prefLabel ?olabel }")
    else:
        # The owner's label is optional inside the optional owner: an unbound ?o must not match every label.
        owner = "OPTIONAL { ?p pkg:ownedBy ?o . OPTIONAL { ?o skos:prefLabel ?olabel } }"
        scope = (f'?p skos:prefLabel {Literal(selection.provider).n3()} . {owner}' if selection.provider
                 else f"?report pkg:inspects ?p . {owner}")
    return select_rows(engine.index.dataset, f"""
    SELECT DISTINCT ?p ?plabel ?o ?olabel WHERE {{
      {scope}
      OPTIONAL {{ ?p skos:prefLabel ?plabel }}
    }}""")


def _reports(engine: Engine, providers: set[str], year: str) -> list[dict]:
    """Returns the reports inspecting any of `providers`: ?report ?p ?title ?published (title may be missing)."""
    if not providers:
        return []
    values = " ".join(f"<{p}>" for p in sorted(providers))
    rows = select_rows(engine.index.dataset, f"""
    SELECT DISTINCT ?report ?p ?title ?published WHERE {{
      VALUES ?p {{ {values} }}
      ?report pkg:inspects ?p .
      OPTIONAL {{ ?report dcterms:title ?title }}
      OPTIONAL {{ ?report pkg:publicationDate ?published }}
    }}""")
    return [r for r in rows if not year or str(r.get("published") or "").startswith(year)]


def graph_view(engine: Engine, selection: Selection, max_findings: int = 30) -> GraphView:
    """Returns the owner -> provider -> report -> finding graph of a selection, at most `max_findings` findings."""
    nodes: dict[str, dict] = {}
    edges: dict[str, dict] = {}

    def node(iri: str, label: object, kind: str, **extra) -> None:
        name = str(label) if label else label_from_iri(iri)
        nodes.setdefault(str(iri), {"data": {"id": str(iri), "label": kind, "name": short_label(name),
                                             "full_name": name, **extra}})

    def edge(source: str, target: str, label: str) -> None:
        key = f"{source}>{target}"
        edges.setdefault(key, {"data": {"id": key, "label": label, "source": str(source), "target": str(target)}})

    in_scope: dict[str, str] = {}
    for row in _providers(engine, selection):
        provider = str(row["p"])
        node(provider, row.get("plabel"), "PROVIDER")
        in_scope[provider] = nodes[provider]["data"]["full_name"]
        if row.get("o"):
            node(str(row["o"]), row.get("olabel"), "OWNER")
            edge(str(row["o"]), provider, "OWNS")
    reports: dict[str, set[str]] = defaultdict(set)
    for row in _reports(engine, set(in_scope), selection.year):
        report = str(row["report"])
        node(report, row.get("title"), "REPORT", published=str(row.get("published") or ""))
        edge(str(row["p"]), report, "INSPECTED_IN")
        reports[report].add(in_scope[str(row["p"])])

    if selection.year and not (selection.owner or selection.provider):
        # "Every report" of a year: the providers and owners of the other years are not part of it.
        keep = {e["data"]["source"] for e in edges.values() if e["data"]["target"] in reports}
        keep |= {e["data"]["source"] for e in edges.values() if e["data"]["target"] in keep} | set(reports)
        nodes = {k: v for k, v in nodes.items() if k in keep}
        edges = {k: v for k, v in edges.items() if v["data"]["source"] in keep and v["data"]["target"] in keep}
    matched = [f for f in engine.index.findings if _finding_matches(f, selection, reports)]
    shown = _fair_share(matched, max_findings)
    for record in shown:
        kind = _POLARITY_KIND.get(record.polarity, "CRITICISM")
        node(record.iri, record.text, kind, polarity=record.polarity, quote=record.quote,
             report=record.file_name, line=record.line)
        edge(report_iri(record.report_id), record.iri, "FOUND")
    placed = column_layout(list(nodes.values()), list(edges.values()))
    return GraphView(placed, list(edges.values()), len(matched), len(shown))


def _finding_matches(record, selection: Selection, reports: dict[str, set[str]]) -> bool:
    providers_of_report = reports.get(report_iri(record.report_id))
    if providers_of_report is None:
        return False
    if record.list == "statement" and not selection.topic:
        return False  # plain statements are context; a topic choice asks for them
    if selection.topic and selection.topic not in record.topics:
        return False
    if selection.polarity and record.polarity != selection.polarity:
        return False
    named = {name for name, _ in record.providers}
    # A finding about another provider of a joint report belongs to that provider, not to the one chosen.
    return not named or bool(named & providers_of_report)


def _fair_share(records: list, limit: int) -> list:
    """Returns at most `limit` records, taken round-robin across reports so every report is represented."""
    by_report: dict[str, list] = defaultdict(list)
    for record in records:
        by_report[record.report_id].append(record)
    queues = [list(reversed(v)) for _, v in sorted(by_report.items())]
    chosen: list = []
    while len(chosen) < limit and any(queues):
        for queue in queues:
            if queue and len(chosen) < limit:
                chosen.append(queue.pop())
    return sorted(chosen, key=lambda r: (r.report_id, r.polarity, r.line))


def column_layout(nodes: list[dict], edges: list[dict], dx: int = COLUMN_WIDTH, dy: int = ROW_HEIGHT) -> list[dict]:
    """Returns `nodes` with preset positions: one column per kind of COLUMNS, each parent level with its children.

    Leaves take the next free row; a parent sits at the mean row of the children it placed, so ownership
    reads left to right and no two nodes of a column overlap.
    """
    column = {n["data"]["id"]: min(COLUMNS.index(n["data"]["label"]), 3) for n in nodes}
    children: dict[str, list[str]] = defaultdict(list)
    has_parent = set()
    for e in edges:
        source, target = e["data"]["source"], e["data"]["target"]
        if column.get(target, -1) == column.get(source, -9) + 1:
            children[source].append(target)
            has_parent.add(target)
    rows: dict[str, float] = {}
    next_row = Counter()  # per column: the first free row

    def place(node_id: str) -> float:
        kids = [place(k) for k in children[node_id] if k not in rows]
        col = column[node_id]
        row = max(sum(kids) / len(kids) if kids else next_row[col], next_row[col])
        for deeper in range(col, 4):
            next_row[deeper] = max(next_row[deeper], row + 1)
        rows[node_id] = row
        return row

    names = {n["data"]["id"]: n["data"]["full_name"] for n in nodes}
    for node_id in sorted(column, key=lambda n: (column[n], names[n])):
        if node_id not in rows and node_id not in has_parent:
            place(node_id)
    for node_id in column:  # a child whose parents were all placed before it
        if node_id not in rows:
            place(node_id)
    return [{**n, "position": {"x": column[n["data"]["id"]] * dx, "y": rows[n["data"]["id"]] * dy}} for n in nodes]



_FACTS = """
SELECT DISTINCT ?kind ?what ?value ?file ?start ?end ?quote WHERE {{
  {{ ?a oa:hasBody <{iri}> ; oa:hasTarget ?t . BIND("named here" AS ?kind) BIND("" AS ?what) }}
  UNION
  {{ ?fact pkg:provider <{iri}> ; a pkg:Rating ; pkg:evidence/oa:hasTarget ?t .
     OPTIONAL {{ ?fact rdfs:label ?what }} OPTIONAL {{ ?fact pkg:ratingText ?value }} BIND("rating" AS ?kind) }}
  UNION
  {{ ?fact pkg:addressedTo <{iri}> ; a pkg:Recommendation ; pkg:evidence/oa:hasTarget ?t .
     BIND("recommendation" AS ?kind) BIND("" AS ?what) }}
  ?t pkg:startLine ?start ; pkg:endLine ?end ; oa:hasSource ?source .
  OPTIONAL {{ ?source pkg:fileName ?file }}
  OPTIONAL {{ ?t oa:hasSelector/oa:exact ?quote }}
}} ORDER BY ?file ?start LIMIT {limit}"""


def node_facts(engine: Engine, iri: str, limit: int = 40) -> list[dict]:
    """Returns the cited facts about one node: where it is printed, its ratings, recommendations to it.

    Each fact is {kind, what, value, report, line, end_line, quote}; ownership and other links without a
    line of their own are given by `node_links`.
    """
    rows = select_rows(engine.index.dataset, _FACTS.format(iri=iri, limit=int(limit)))
    facts = []
    for row in rows:
        if not row.get("file"):
            continue
        facts.append({"kind": str(row["kind"]), "what": str(row.get("what") or ""), "value": str(row.get("value") or ""),
                      "report": str(row["file"]), "line": int(row["start"]), "end_line": int(row["end"]),
                      "quote": str(row.get("quote") or "")})
    order = {"rating": 0, "recommendation": 1, "named here": 2}
    return sorted(facts, key=lambda f: (order.get(f["kind"], 3), f["report"], f["line"]))


def node_links(view: GraphView, node_id: str) -> list[dict]:
    """Returns the drawn links of a node as {link, from, to} rows with readable names."""
    names = {n["data"]["id"]: n["data"]["full_name"] for n in view.nodes}
    return [{"link": e["data"]["label"].replace("_", " ").lower(), "from": names.get(e["data"]["source"], ""),
             "to": names.get(e["data"]["target"], "")}
            for e in view.edges if node_id in (e["data"]["source"], e["data"]["target"])]
