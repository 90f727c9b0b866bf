"""Synthetic reports for scale runs keep the structure of the bundled ones, with other providers and figures."""
from ingest.extract.report import extract_report
from ingest.sources import read_document
from tests.conftest import REPORTS

from benchmarks.synthetic import generate


def test_synthetic_reports_read_like_their_templates(tmp_path):
    paths = generate(6, tmp_path)
    assert len({p.read_bytes() for p in paths}) == 6  # every file differs from every other
    for path in paths[:5]:
        template = REPORTS / path.name.split("-", 2)[2]
        synthetic, original = extract_report(read_document(path)), extract_report(read_document(template))
        assert len(synthetic.scores.ratings) == len(original.scores.ratings)
        assert len(synthetic.recommendations) == len(original.recommendations)
        assert [r.number for r in synthetic.recommendations] == [r.number for r in original.recommendations]
        assert read_document(path).line_count == read_document(template).line_count
    merseyside = extract_report(read_document(paths[2]))  # from merseyside-crc-2018.txt
    assert [p.canonical for p in merseyside.meta.providers] != ["Merseyside CRC"]
    assert merseyside.meta.providers[0].provider_type == "CRC"
