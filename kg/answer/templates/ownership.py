"""Owners, their member organisations and the CRCs they own."""
from __future__ import annotations

import re

from ingest.gazetteer import load_gazetteer
from kg.answer.analyse import Question
from kg.answer.evidence import Evidence, Item, PlanResult, dedupe
from kg.citations import shorten_quote
from kg.graph.facts import entity_iri


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
    return PlanResult("ownership", dedupe(items), f"the ownership of {names}", False, "Ownership")


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


