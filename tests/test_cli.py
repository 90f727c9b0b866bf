import json

import click
from click.testing import CliRunner

from kg.cli import cli
from tests.conftest import REPORTS

QUESTION = "What was the average number of sick days per staff member at Staffordshire & West Midlands CRC?"


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def test_ingest_then_nothing_to_do(tmp_path, monkeypatch, reports_copy):
    monkeypatch.setenv("PROBATION_KG_EMBEDDER", "hashing")
    index = tmp_path / "index"
    first = run("ingest", str(reports_copy), "--index", str(index), "--quiet")
    assert first.exit_code == 0
    assert first.output.startswith("Ingested: 5 added, 0 updated, 0 removed, 0 unchanged;")
    second = run("ingest", str(reports_copy), "--index", str(index), "--quiet")
    assert second.exit_code == 0
    assert second.output.startswith("Index is up to date: 5 report(s) unchanged, nothing to do.")


def test_ask_json_has_the_contract_fields(hashing_env):
    result = run("ask", QUESTION, "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert set(data) >= {"question", "answer", "abstained", "items", "citations"}
    assert data["question"] == QUESTION
    first = data["citations"][0]
    assert set(first) >= {"id", "report", "title", "section", "start_line", "end_line", "page", "quote"}
    assert (first["report"], first["start_line"], first["page"]) == ("staffordshire-west-midlands-crc-2018.txt", 301, None)


def test_ask_reads_questions_from_stdin(hashing_env):
    result = run("ask", "-", "--json", input=f"{QUESTION}\n\nWho owns Merseyside CRC?\n")
    assert result.exit_code == 0
    lines = result.output.strip().split("\n")
    assert len(lines) == 2
    assert [json.loads(line)["question"] for line in lines] == [QUESTION, "Who owns Merseyside CRC?"]


def test_ask_text_output_lists_citations(hashing_env):
    result = run("ask", QUESTION)
    assert "[1] staffordshire-west-midlands-crc-2018.txt lines 301-301" in result.output


def test_search_json(hashing_env):
    result = run("search", "15.5 sick days a year per staff member", "--json", "--k", "3")
    data = json.loads(result.output)
    assert len(data["results"]) == 3
    top = data["results"][0]
    assert top["report"] == "staffordshire-west-midlands-crc-2018.txt"
    assert top["start_line"] <= 301 <= top["end_line"]
    assert top["end_line"] - top["start_line"] < 10
    assert "15.5 sick days" in top["quote"]
    assert top["score"] > 0


def test_sparql_formats(hashing_env):
    query = "SELECT (COUNT(?r) AS ?n) WHERE { ?r a pkg:Report }"
    assert json.loads(run("sparql", query, "--format", "json").output)["results"]["bindings"][0]["n"]["value"] == "5"
    assert run("sparql", query, "--format", "csv").output == "n\n5\n"


def test_sparql_says_when_rows_were_cut(hashing_env, monkeypatch):
    monkeypatch.setenv("PROBATION_KG_SPARQL_MAX_ROWS", "2")
    query = "SELECT ?r WHERE { ?r a pkg:Report } ORDER BY ?r"
    table = run("sparql", query).output
    assert table.endswith("(2 rows)\n(cut at 2 rows: setting sparql_max_rows, PROBATION_KG_SPARQL_MAX_ROWS)\n")
    csv_output = run("sparql", query, "--format", "csv").output
    assert csv_output.splitlines()[:3] == ["r", "https://w3id.org/probation-kg/report/cumbria-lancashire-crc-2019",
                                           "https://w3id.org/probation-kg/report/greater-manchester-qi-2017"]
    assert "Warning: results cut at 2 rows (PROBATION_KG_SPARQL_MAX_ROWS)" in csv_output


def test_errors_are_one_line_and_non_zero(tmp_path, monkeypatch):
    monkeypatch.setenv("PROBATION_KG_EMBEDDER", "hashing")
    missing = run("ingest", str(tmp_path / "nope.txt"), "--index", str(tmp_path / "index"))
    assert missing.exit_code == 1
    assert missing.output == f"Error: {tmp_path / 'nope.txt'}: no such file or folder\n"
    no_index = run("ask", "anything", "--index", str(tmp_path / "empty"))
    assert no_index.exit_code == 1
    assert no_index.output.count("\n") == 1
    assert "run `probation-kg ingest` first" in no_index.output


def test_bad_sparql_is_one_line(hashing_env):
    result = run("sparql", "SELECT WHERE {")
    assert result.exit_code == 1
    assert result.output.startswith("Error: SPARQL query failed:")
    assert result.output.count("\n") == 1


def test_a_failed_ingest_leaves_the_index_as_it_was(tmp_path, monkeypatch, reports_copy):
    monkeypatch.setenv("PROBATION_KG_EMBEDDER", "hashing")
    index = tmp_path / "index"
    run("ingest", str(reports_copy), "--index", str(index), "--quiet")
    before = (index / "manifest.json").read_text()
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe not utf-8")
    result = run("ingest", str(bad), "--index", str(index), "--quiet")
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {bad}: not UTF-8 text")
    assert (index / "manifest.json").read_text() == before


def test_every_command_and_option_has_help():
    for name, command in cli.commands.items():
        assert command.help, name
        for param in command.params:
            if isinstance(param, click.Option) and param.name != "help":
                assert param.help, f"{name} --{param.name}"


def test_default_reports_folder_is_the_bundled_one():
    from kg.settings import SETTINGS

    assert SETTINGS["reports"].default == str(REPORTS)


def test_one_bad_file_does_not_stop_the_others(tmp_path, monkeypatch):
    import shutil

    monkeypatch.setenv("PROBATION_KG_EMBEDDER", "hashing")
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(REPORTS / "merseyside-crc-2018.txt", folder)
    (folder / "junk.txt").write_bytes(b"\x00\x01\x02 binary junk")
    (folder / "empty.txt").write_text("")
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # a 50 MB file (sparse: no disk used)
    index = tmp_path / "index"
    result = run("ingest", str(folder), "--index", str(index), "--quiet")
    assert result.exit_code == 1
    assert f"Error: {folder / 'huge.txt'}: 50.0 MB is larger than the 20 MB a report may be\n" in result.output
    assert f"Error: {folder / 'empty.txt'}: empty report\n" in result.output
    assert f"Error: {folder / 'junk.txt'}: binary content in a text report\n" in result.output
    assert "Ingested: 1 added" in result.output
    assert list(json.loads((index / "manifest.json").read_text())["reports"]) == ["merseyside-crc-2018"]


def test_an_unknown_layout_is_ingested_with_a_warning(tmp_path, monkeypatch):
    monkeypatch.setenv("PROBATION_KG_EMBEDDER", "hashing")
    notes = tmp_path / "notes.txt"
    notes.write_text("Some notes\n\nNothing here is a report. 45% of nothing.\n", encoding="utf-8")
    result = run("ingest", str(notes), "--index", str(tmp_path / "index"), "--quiet")
    assert result.exit_code == 0
    assert f"Warning: {notes}: unknown report layout: no ratings, criteria or domain judgements found\n" in result.output
    assert "Ingested: 1 added" in result.output


def test_a_copy_under_another_name_is_skipped(tmp_path, monkeypatch):
    import shutil

    monkeypatch.setenv("PROBATION_KG_EMBEDDER", "hashing")
    index = tmp_path / "index"
    run("ingest", str(REPORTS / "merseyside-crc-2018.txt"), "--index", str(index), "--quiet")
    copy = tmp_path / "copy-of-merseyside.txt"
    shutil.copy(REPORTS / "merseyside-crc-2018.txt", copy)
    result = run("ingest", str(copy), "--index", str(index), "--quiet")
    assert result.exit_code == 0
    assert f"Skipped {copy}: same content as the ingested report merseyside-crc-2018" in result.output
    assert list(json.loads((index / "manifest.json").read_text())["reports"]) == ["merseyside-crc-2018"]
