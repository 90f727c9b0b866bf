"""Reading inspection reports: sources, sections and chunks (no index or query code)."""
