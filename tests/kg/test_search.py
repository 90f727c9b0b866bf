from kg.index.load import load_index
from kg.index.search import RRF_K, Retriever


def _retriever(hashing_index, hashing_embedder):
    return Retriever(load_index(hashing_index, hashing_embedder), hashing_embedder)


def test_bm25_finds_the_sickness_figure(hashing_index, hashing_embedder):
    hits = _retriever(hashing_index, hashing_embedder).search("15.5 sick days a year per staff member", k=3, mode="bm25")
    top = hits[0].chunk
    assert top.file_name == "staffordshire-west-midlands-crc-2018.txt"
    assert 301 in top.line_numbers
    assert hits[0].dense_rank is None and hits[0].bm25_rank == 1


def test_hybrid_score_is_reciprocal_rank_fusion(hashing_index, hashing_embedder):
    hits = _retriever(hashing_index, hashing_embedder).search("Purple Futures owns five CRCs", k=10)
    for hit in hits:
        expected = sum(1.0 / (RRF_K + r) for r in (hit.bm25_rank, hit.dense_rank) if r is not None)
        assert abs(hit.score - expected) < 1e-12
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_words_unknown_to_the_corpus_find_nothing_by_keyword(hashing_index, hashing_embedder):
    assert _retriever(hashing_index, hashing_embedder).search("xylophone quasar", k=5, mode="bm25") == []
