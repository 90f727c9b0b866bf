"""Graph templates: each answers one kind of request with a SPARQL query over the report graphs."""
