"""The extraction evaluation script on the gold files in shared/eval/extraction."""
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.evaluate.extraction import evaluate_extraction
from tests.conftest import REPORTS, SHARED

GOLD = SHARED / "eval" / "extraction"


@pytest.fixture(scope="module")
def scores():
    if not GOLD.exists():
        pytest.skip("shared/eval/extraction is not beside the project")
    return evaluate_extraction(sorted(GOLD.glob("*.json")), REPORTS)["overall"]


def test_ratings_key_questions_and_recommendations_are_exact(scores):
    for measure in ("ratings", "key_questions", "recommendations"):
        assert scores[measure]["score"] == 1.0, measure
    assert scores["recommendations"]["total"] == 21


def test_key_facts_and_findings_meet_their_targets(scores):
    assert scores["key_facts"]["score"] >= 0.95
    assert scores["findings_recall"]["score"] >= 0.95
    assert scores["findings_polarity"]["score"] >= 0.95


def test_known_organisations_are_all_found(scores):
    for entity_type in ("Owner", "OwnerMember", "CRC", "NPSDivision", "ProbationArea", "Prison"):
        assert scores[f"entities.{entity_type}.recall"]["score"] == 1.0, entity_type
        assert scores[f"entities.{entity_type}.precision"]["score"] >= 0.9, entity_type


def test_extract_command_prints_gold_shaped_json():
    import json

    result = CliRunner().invoke(cli, ["extract", str(REPORTS / "merseyside-crc-2018.txt"), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["report_file"] == "merseyside-crc-2018.txt"
    assert set(data) >= {"report", "ratings", "key_questions", "recommendations", "key_facts", "entities", "findings", "glossary", "sections"}
    assert data["report"]["overall_rating"] == "Requires improvement"
