"""Aggregations over ratings of standards, compiled to SPARQL GROUP BY: how many standards each provider was
rated a value on (and who has most or fewest), the standards rated the same for every provider in scope, and
the standards rated a value for every provider named ("in both")."""
from __future__ import annotations

from collections import OrderedDict

from rdflib import Literal

from kg.answer.analyse import rating_labels
from kg.answer.evidence import EVIDENCE, Item, PlanResult, add_evidence, row_evidence, run_query
from kg.answer.request import Request
from kg.graph.facts import FRAMEWORK_CLASSES, entity_iri

_RATED = """
  ?fact a pkg:Rating ; pkg:provider ?p ; pkg:standardId ?sid ; pkg:ratingText ?rating ; pkg:inReport ?report .
  ?p skos:prefLabel ?plabel ; a ?ptype . FILTER(STRSTARTS(STR(?ptype), STR(pkg:))) FILTER(?sid != "overall")
  %s
"""
_COUNT = "SELECT ?plabel (COUNT(DISTINCT ?sid) AS ?n) WHERE { GRAPH ?g { %s } } GROUP BY ?plabel ORDER BY DESC(?n) ?plabel"
_AGREEMENT = """
SELECT ?sid (COUNT(DISTINCT ?p) AS ?providers) (COUNT(DISTINCT LCASE(?rating)) AS ?values) (SAMPLE(?rating) AS ?value)
WHERE { GRAPH ?g { %s } } GROUP BY ?sid ORDER BY ?sid"""
_PROVIDERS = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { GRAPH ?g { %s } }"
_ROWS = """
SELECT DISTINCT ?fact ?sid ?sname ?rating ?plabel ?ptype ?file ?title ?published ?framework WHERE { GRAPH ?g { %s
""" + EVIDENCE + """ }
  OPTIONAL { ?fact pkg:standard ?standard . ?standard skos:prefLabel ?sname }
}"""
_OPS = ("count", "max", "min", "same in all", "in both")


def applies(request: Request) -> bool:
    """Whether a ratings request asks an aggregation this template answers."""
    q = request.question
    if request.aggregation in ("same in all", "in both"):
        return True
    return request.aggregation in ("count", "max", "min") and bool(q.rating_values) and not q.standards


def rating_aggregate_plan(dataset, request: Request) -> PlanResult:
    """The aggregation a ratings request asks, over the providers, frameworks and values it names."""
    scope = _scope(request, values=request.aggregation != "same in all")
    if request.aggregation in ("count", "max", "min"):
        return _counted(dataset, request, scope)
    return _agreement(dataset, request, scope)


def _scope(request: Request, values: bool) -> str:
    """The SPARQL that keeps the providers, frameworks and rating values the request is about."""
    q = request.question
    parts = []
    if q.providers:
        parts.append(f"VALUES ?plabel {{ {' '.join(Literal(p.canonical).n3() for p in q.providers)} }}")
    elif q.answer_types:
        parts.append(f"FILTER(?ptype IN ({', '.join(f'pkg:{t}' for t in q.answer_types)}))")
    if q.frameworks:
        classes = " ".join(f"<{FRAMEWORK_CLASSES[f]}>" for f in q.frameworks)
        parts.append(f"?report pkg:framework ?fw . VALUES ?fw {{ {classes} }}")
    if values and q.rating_values:
        labels = sorted({label for v in q.rating_values for label in rating_labels(v)})
        parts.append(f"FILTER(LCASE(?rating) IN ({', '.join(Literal(label).n3() for label in labels)}))")
    if q.standards:
        parts.append(f"VALUES ?sid {{ {' '.join(Literal(s).n3() for s in q.standards)} }}")
    return _RATED % " ".join(parts)


def _counted(dataset, request: Request, scope: str) -> PlanResult:
    """How many standards each provider was rated the asked value on; the most or fewest when asked."""
    value = " or ".join(request.question.rating_values)
    counts = [(str(r["plabel"]), int(r["n"])) for r in run_query(dataset, _COUNT % scope)]
    if request.aggregation in ("max", "min") and counts:
        best = (max if request.aggregation == "max" else min)(n for _, n in counts)
        counts = [(label, n) for label, n in counts if n == best]
    rows = add_evidence(dataset, run_query(dataset, _ROWS % scope))
    items: "OrderedDict[str, Item]" = OrderedDict()
    for label, n in counts:
        ptype = next((str(r["ptype"]).rsplit("#", 1)[-1] for r in rows if r["plabel"] == label), "Provider")
        standards = sorted({str(r["sid"]) for r in rows if r["plabel"] == label})
        evidence = [e for r in sorted(rows, key=lambda r: str(r["sid"])) if r["plabel"] == label and (e := row_evidence(r))]
        items[label] = Item(label, ptype, str(entity_iri(label, ptype)),
                            f"{n} standard{'s' if n != 1 else ''} rated {value}: {', '.join(standards)}", evidence)
    heading = {"max": f"Most standards rated {value}", "min": f"Fewest standards rated {value}"}.get(
        request.aggregation, f"Standards rated {value}, by provider")
    return PlanResult("rating aggregate", list(items.values()), f"how many standards each provider was rated {value}",
                      True, heading)


def _agreement(dataset, request: Request, scope: str) -> PlanResult:
    """The standards every provider in scope was rated alike on ("same in all"), or rated the asked value on
    ("in both")."""
    total = int(next(iter(run_query(dataset, _PROVIDERS % scope)), {"n": 0})["n"])
    agreed = [r for r in run_query(dataset, _AGREEMENT % scope)
              if int(r["providers"]) == total and total >= 2 and int(r["values"]) == 1]
    rows = add_evidence(dataset, run_query(dataset, _ROWS % scope)) if agreed else []
    items = []
    for row in agreed:
        sid = str(row["sid"])
        of_standard = sorted((r for r in rows if r["sid"] == sid), key=lambda r: str(r["plabel"]))
        name = next((str(r["sname"]) for r in of_standard if r.get("sname")), "")
        evidence = [e for r in of_standard if (e := row_evidence(r))]
        items.append(Item(f"{sid} {name}".strip(), "Standard", "", f"rated {row['value']} for all {total}", evidence))
    value = " or ".join(request.question.rating_values)
    looked_for = f"standards rated {value or 'alike'} for every provider in scope"
    return PlanResult("rating aggregate", items, looked_for, True,
                      f"Standards rated {value or 'the same'} for all {total}", evidence_depth=max(total, 2))
