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


def test_query_vectors_are_embedded_once_in_a_batch_and_kept(hashing_index, hashing_embedder):
    from kg.index import load_index
    from kg.index.search import Retriever

    calls = []

    class Counting:
        dimension = hashing_embedder.dimension

        def embed(self, texts, progress=None):
            calls.append(list(texts))
            return hashing_embedder.embed(texts)

    retriever = Retriever(load_index(hashing_index, hashing_embedder), Counting())
    first = retriever.embed_queries(["home visits", "unpaid work", "home visits"])
    assert calls == [["home visits", "unpaid work"]]
    again = retriever.embed_query("unpaid work")
    assert calls == [["home visits", "unpaid work"]] and (again == first[1]).all()
    assert (first[0] == hashing_embedder.embed(["home visits"])[0]).all()
