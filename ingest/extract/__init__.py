"""Rule-based extraction of what a report states: metadata, ratings, recommendations, facts, findings, entities."""
