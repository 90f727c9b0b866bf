"""The knowledge graph: IRIs, each report's named graph (tables, prose and reference facts), the Oxigraph
store (local, or a remote SPARQL endpoint), SHACL shapes, SPARQL helpers and network projections."""
from kg import public_api

__getattr__, __all__ = public_api(__name__, {
    "PREFIXES": "store",
    "run_query": "sparql",
    "query_results": "sparql",
    "select_rows": "sparql",
    "validate_graph": "validate",
    "ORGANISATION_TYPES": "network",
    "ego": "network",
    "knowledge_graph": "network",
    "path_between": "network",
})
