"""An entity as extraction collects it, and the collector that keeps one entity per name and type."""
from __future__ import annotations

from dataclasses import dataclass, field

from ingest.gazetteer import name_key

MAX_LINES_KEPT = 8


@dataclass
class Entity:
    name: str
    type: str
    aliases: set[str] = field(default_factory=set)
    lines: list[int] = field(default_factory=list)
    relations: set[tuple[str, str]] = field(default_factory=set)
    source: str = "text"  # text, glossary, reference

    def mention(self, surface: str, line: int) -> None:
        if surface and surface != self.name:
            self.aliases.add(surface)
        if line and (not self.lines or self.lines[-1] != line):
            self.lines.append(line)

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "type": self.type,
            "aliases": sorted(self.aliases),
            "lines": self.lines[:MAX_LINES_KEPT],
            "mention_line_count": len(self.lines),
            "relations": [{"predicate": p, "object": o} for p, o in sorted(self.relations)],
        }


class Collector:
    """The entities of one report, one per (type, name); an alias read once finds its entity again."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str], Entity] = {}
        self.type_of: dict[str, str] = {}
        self.alias_of: dict[str, Entity] = {}

    def add(self, name: str, entity_type: str, surface: str, line: int, source: str = "text") -> Entity:
        key = name_key(name)
        if key not in self.type_of and key in self.alias_of:
            entity = self.alias_of[key]  # "MCRC", once "Merseyside CRC (MCRC)" has been read
            entity.mention(surface, line)
            return entity
        known_type = self.type_of.get(key)
        if known_type and known_type != entity_type:
            entity_type = known_type  # one name, one type: the first, most specific reading wins
        entity = self.by_key.get((entity_type, key))
        if entity is None:
            entity = Entity(name, entity_type, source=source)
            self.by_key[(entity_type, key)] = entity
            self.type_of.setdefault(key, entity_type)
        entity.mention(surface, line)
        if surface:
            self.alias_of.setdefault(name_key(surface), entity)
        return entity

    def find(self, name: str) -> Entity | None:
        key = name_key(name)
        entity_type = self.type_of.get(key)
        return self.by_key.get((entity_type, key)) if entity_type else None


