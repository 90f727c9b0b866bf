"""What the app and the command line use: the engine (one loaded index, its model and answerer), the SPARQL
and /ask endpoint, the views the app draws, and answers written for a terminal."""
from kg import public_api

__getattr__, __all__ = public_api(__name__, {
    "Engine": "engine",
    "ASK_PATH": "endpoint",
    "ENDPOINT_PATH": "endpoint",
    "make_server": "endpoint",
    "reports_overview": "views",
    "report_document": "views",
    "passage": "views",
    "reports_link": "views",
    "framework_results": "views",
    "inspections": "views",
    "key_question_results": "views",
    "rated_standards": "views",
    "search_results": "presentation",
    "answer_text": "presentation",
    "NODE_KINDS": "explore",
    "ROW_HEIGHT": "explore",
    "Selection": "explore",
    "graph_view": "explore",
    "node_facts": "explore",
    "node_links": "explore",
    "owners": "explore",
    "dossier_csv": "dossier_export",
    "dossier_facts": "dossier_export",
    "dossier_markdown": "dossier_export",
    "PROFILE_PATH": "endpoint",
})
