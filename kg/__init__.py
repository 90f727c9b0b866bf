"""probation-kg: a knowledge graph and semantic search over HM Inspectorate of Probation reports.

Packages by concern, lowest layer first: `kg.graph` (the RDF graph and its store), `kg.index` (building and
loading the derived index, search), `kg.answer` (the answer pipeline), `kg.serve` (engine, endpoint, app views)
and `kg.evaluate` (measures against gold data). Each package's `__init__` names its public API.
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"


def public_api(package: str, names: dict[str, str]):
    """Returns (__getattr__, __all__) for a package whose public names live in its modules: a name is imported
    from its module when first used, so importing one module of a package does not load the others."""

    def __getattr__(name: str):
        if name not in names:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{names[name]}"), name)

    return __getattr__, sorted(names)
