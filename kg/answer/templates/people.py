"""People in their roles at the inspectorate, as the reports state them (org:Membership): "Who was Chief
Inspector when … was published?", "Who led the inspection of …?". Roles are matched by the ontology's labels."""
from __future__ import annotations

from collections import OrderedDict


from kg.answer.analyse import Question
from kg.answer.evidence import EVIDENCE, Item, PlanResult, add_evidence, by_year, graphs_inspecting, run_query
from kg.index.keyword import term_set
from kg.graph.sparql import select_rows

_ROLES = """
SELECT ?role ?label WHERE { ?role skos:inScheme pkg:Roles .
  { ?role skos:prefLabel ?label } UNION { ?role skos:altLabel ?label } UNION { ?role skos:hiddenLabel ?label } }"""
_PEOPLE = """
SELECT DISTINCT ?fact ?name ?role ?rlabel ?file ?title ?published ?framework WHERE { %s GRAPH ?g {
  ?fact a org:Membership ; org:member ?person ; org:role ?role ; pkg:inReport ?report .
  ?person skos:prefLabel ?name .
  %s
""" + EVIDENCE + """ }
  OPTIONAL { ?role skos:prefLabel ?rlabel }
}"""
# Words of role labels that do not tell roles apart.
_COMMON = term_set("HM of probation")


def roles_asked(dataset, text: str) -> list[str]:
    """The roles (IRIs) whose label's distinctive words the question uses, the most specific first: "chief
    inspector" is the Chief Inspector, not every "HM Inspector"."""
    asked = term_set(text)
    matched: dict[str, int] = {}
    for row in select_rows(dataset, _ROLES):
        words = term_set(str(row["label"])) - _COMMON
        if words and words <= asked:
            role = str(row["role"])
            matched[role] = max(matched.get(role, 0), len(words))
    most = max(matched.values(), default=0)
    return [role for role, size in matched.items() if size == most]


def people_plan(dataset, question: Question) -> PlanResult:
    """The people the reports about the question's providers name in the asked role, each cited."""
    roles = roles_asked(dataset, question.text)
    # The reports about the question's providers are found first: their graphs are all the query reads.
    graphs = f"VALUES ?g {{ {graphs_inspecting(dataset, question)} }}" if question.providers else ""
    scope = f" VALUES ?role {{ {' '.join(f'<{r}>' for r in roles)} }}" if roles else ""
    rows = by_year(question, run_query(dataset, _PEOPLE % (graphs, scope)))
    rows = add_evidence(dataset, rows)
    items: "OrderedDict[str, Item]" = OrderedDict()
    for row in sorted(rows, key=lambda r: (str(r["name"]), str(r["file"]))):
        name = str(row["name"])
        item = items.setdefault(name, Item(name, "Person", str(row["fact"])))
        part = f"{row.get('rlabel') or 'named'} ({row['title']})"
        item.add(part, row)
    asked = ", ".join(str(r).rsplit("#", 1)[-1] for r in roles) or "a role"
    about = ", ".join(p.canonical for p in question.providers)
    return PlanResult("people", list(items.values()), f"the person in {asked}" + (f" for {about}" if about else ""),
                      True, "People")
