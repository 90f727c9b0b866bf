"""probation-kg: knowledge graph and cited search over HM Inspectorate of Probation reports."""

__version__ = "0.1.0"
