from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def test_ask_page_shows_answer_and_citation(hashing_env):
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert not app.exception
    assert app.title[0].value == "Ask the inspection reports"
    app.text_input[0].input(
        "What was the average number of sick days per staff member at Staffordshire & West Midlands CRC?"
    ).run()
    assert not app.exception
    assert "15.5 sick days a year per staff member" in app.markdown[0].value
    header = next(m.value for m in app.markdown if m.value.startswith("**[1]"))
    assert header.startswith("**[1] staffordshire-west-midlands-crc-2018.txt** · ")
    assert header.endswith(" · line 301")
    assert app.text[0].value.startswith("Staff sickness absence in some locations exacerbates the workload problem")


def test_ask_page_explains_a_missing_index(tmp_path, monkeypatch):
    monkeypatch.setenv("PROBATION_KG_EMBEDDER", "hashing")
    monkeypatch.setenv("PROBATION_KG_INDEX", str(tmp_path / "none"))
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert app.error[0].value == f"no index at {tmp_path / 'none'}; run `probation-kg ingest` first"
