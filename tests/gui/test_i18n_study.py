"""Study and comparison errors in the interface language (issue 14): a StudyError keeps its
English text for the CLI, carries its template and values (core.messages.Message), and the
German Study and Compare windows show it in German, with the settings' labels."""

from __future__ import annotations

import os
import re
import signal
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from dqn_lab.core.cli import main as cli_main
from dqn_lab.core.config import FIELD_TYPES, MESSAGES, Config, ConfigError
from dqn_lab.core.messages import Message
from dqn_lab.core.run_manager import COMPARE_MESSAGES, comparison_configs
from dqn_lab.core.study import (
    NOT_SEARCHABLE,
    STUDY_MESSAGES,
    StudyError,
    StudySettings,
    create_or_load,
    make_param,
    make_sampler,
    open_storage,
    parse_search,
)
from dqn_lab.gui import i18n
from dqn_lab.gui.compare_view import CompareView
from tests.test_compare import child_processes

TS = Path(__file__).resolve().parents[2] / "resources" / "i18n" / "dqn_lab_de.ts"
#: A PostgreSQL URL nobody listens on (port 1 on this machine): refused at once.
DEAD_URL = "postgresql://lab:secret@127.0.0.1:1/studies"


@pytest.fixture(autouse=True)
def no_child_process_left(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    yield
    alive = child_processes()
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    assert not alive, f"child processes left running: {alive}"


def study_error(call) -> StudyError:
    with pytest.raises(StudyError) as err:
        call()
    return err.value


# -- the structure: English unchanged, parts kept ------------------------------------------
def test_a_study_error_keeps_its_english_text_and_carries_its_parts(tmp_path):
    exc = study_error(lambda: make_param("alpha", low="0.1", high="0.01"))
    assert str(exc) == "The range of alpha must have LOW < HIGH, not 0.1:0.01."
    assert isinstance(exc.message, Message) and exc.message == str(exc)
    assert exc.message.template == STUDY_MESSAGES["low_high"]
    assert exc.message.values == {"field": "alpha", "low": "0.1", "high": "0.01"}
    inner = study_error(lambda: make_param("alpha", low="0", high="1"))
    assert str(inner) == "Search space: alpha must be between 1e-06 and 0.1, not 0."
    rule = inner.message.values["error"]
    assert rule.template == MESSAGES["range"] and rule.values["field"] == "alpha"
    grid = study_error(
        lambda: make_sampler("grid", parse_search(["alpha=0.001:0.01", "gamma=0.9:0.99"]))
    )
    assert str(grid) == "The grid sampler needs choices (KEY=V1,V2), not ranges: alpha, gamma."
    assert grid.message.values == {"fields": ("alpha", "gamma")}
    folder = tmp_path / "studies"
    folder.mkdir()
    assert str(study_error(lambda: open_storage(str(folder)))) == (
        f"The storage {folder} is a folder; give a journal file."
    )
    dead = study_error(lambda: open_storage(DEAD_URL))
    assert str(dead).startswith(
        "Cannot reach the study storage postgresql://lab:***@127.0.0.1:1/studies: "
    )
    assert "secret" not in str(dead) and "secret" not in repr(dead.message.values)
    with pytest.raises(ConfigError) as err:
        comparison_configs(["dqn", "dqn"], Config())
    assert str(err.value) == "agents lists a configuration twice: 'dqn,dqn'."


def test_every_study_template_has_german_with_the_same_places():
    root = ET.parse(TS).getroot()
    german = {
        m.findtext("source"): m.findtext("translation")
        for c in root.iter("context")
        if c.findtext("name") == "Core"
        for m in c.iter("message")
    }
    for template in (
        *STUDY_MESSAGES.values(),
        *NOT_SEARCHABLE.values(),
        *COMPARE_MESSAGES.values(),
    ):
        assert german.get(template), template
        assert sorted(re.findall(r"\{[^}]*\}", german[template])) == sorted(
            re.findall(r"\{[^}]*\}", template)
        ), template


def test_the_cli_prints_the_english_text_in_a_german_session(german, tmp_path, capsys):
    storage = tmp_path / "s.journal"
    code = cli_main(
        ["tune", "--storage", str(storage), "--study", "s", "--search", "alpha=0.01:0.001"]
    )
    assert code != 0
    err = capsys.readouterr().err
    assert "The range of alpha must have LOW < HIGH, not 0.01:0.001." in err
    assert "Bereich" not in err and "Lernrate" not in err and not storage.exists()


# -- shown in German -------------------------------------------------------------------------
def test_study_errors_read_in_german_with_the_settings_labels(german, tmp_path):
    def german_text(call) -> str:
        return i18n.error_text(study_error(call))

    assert german_text(lambda: make_param("alpha", low="0", high="1")) == (
        "Suchraum: Lernrate muss zwischen 1e-06 und 0,1 liegen, nicht 0."
    )
    assert german_text(lambda: make_param("batch_size", low="8", high="x")) == (
        "Suchraum: Batch-Größe muss eine ganze Zahl sein, nicht 'x'."
    )
    assert german_text(lambda: make_param("seed", low="1", high="9")) == (
        "Seed kann nicht durchsucht werden: die Seeds eines Versuchs kommen aus --seeds."
    )
    assert german_text(lambda: make_param("loss", low="1", high="2")) == (
        "Verlustfunktion nimmt eine Auswahl (KEY=V1,V2), keinen Bereich."
    )
    storage = str(tmp_path / "t.journal")
    space = parse_search(["gamma=0.9:0.99"])
    plan = StudySettings("tune", Config(), space)
    create_or_load(open_storage(storage), "t", plan)
    other = StudySettings("tune", Config(), parse_search(["gamma=0.8:0.99"]))
    assert german_text(lambda: create_or_load(open_storage(storage), "t", other)).startswith(
        "Die Studie 't' gibt es schon, aber mit anderem Plan – Suchraum: gamma in [0.9, 0.99]; "
        "wählen Sie einen anderen Studiennamen"
    )
    assert german_text(lambda: create_or_load(open_storage(storage), "nope", None)) == (
        "In diesem Speicher gibt es keine Studie 'nope'."
    )
    bad = tmp_path / "bad.journal"
    bad.write_bytes(b'{"op_code": 0, "worker_id": "x"}\n{"broken\n')
    assert german_text(lambda: open_storage(str(bad))).startswith(
        f"Der Studienspeicher {bad} kann nicht gelesen werden: "
    )
    assert german_text(lambda: open_storage(DEAD_URL)).startswith(
        "Der Studienspeicher postgresql://lab:***@127.0.0.1:1/studies ist nicht erreichbar: "
    )


def test_the_german_study_window_explains_a_bad_range_and_a_dead_storage(
    german, make_window, tmp_path
):
    main_config = Config(episodes=2, start_replay_step=64, max_steps=30)
    main = make_window(main_config)
    main.controls.study_action.trigger()
    window = main.controls.study_window
    folder = tmp_path / "studies"
    window.storage_dir = str(folder)

    def current(name: str) -> str:
        return window.space_table.item(window.rows[name]["row"], 1).text()

    flag = next(n for n in window.rows if FIELD_TYPES[n] is bool and getattr(main_config, n))
    assert current("alpha") == "0,001" and current(flag) == "ja"  # not core's "0.001", "True"
    assert window.rows[flag]["low"].text() == ""  # no range, no English value in its ends
    window.set_mode("alpha", "range", 0.1, 0.01)
    window.start_button.click()
    text = window.status.text()
    assert text == (
        "Im Bereich von Lernrate muss die untere Grenze kleiner als die obere sein, nicht 0.1:0.01."
    )
    assert "color" in window.status.styleSheet() and not folder.exists()
    window.set_mode("alpha", "range", 0, 0.01)
    window.start_button.click()
    assert window.status.text() == (
        "Suchraum: Lernrate muss zwischen 1e-06 und 0,1 liegen, nicht 0."
    )
    window.set_mode("alpha", "fixed")
    window.set_mode("gamma", "range", 0.9, 0.99)
    window.storage_edit.setText(DEAD_URL)
    window.start_button.click()
    text = window.status.text()
    assert text.startswith(
        "Der Studienspeicher postgresql://lab:***@127.0.0.1:1/studies ist nicht erreichbar: "
    )
    assert "Cannot" not in text and "secret" not in text
    assert not window.processes and window.study is None
    window.grab().save(str(tmp_path / "study-de.png"))
    window.close()


def test_the_german_compare_window_explains_an_unusable_storage(german, qtbot, tmp_path):
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    view = CompareView(parallel=1, eval_episodes=1, storage_dir=str(blocked / "studies"))
    qtbot.addWidget(view)
    try:
        view.lesson_button.click()  # the storage's folder cannot be made: a file is in the way
        text = view.status.text()
        assert text.startswith(f"Der Studienspeicher {blocked / 'studies'}")
        assert "kann nicht gelesen werden" in text and "Cannot" not in text
        assert "color" in view.status.styleSheet()
        assert not view.manager.records and not view.manager.alive_processes()
    finally:
        view.shutdown()


def test_the_german_study_window_takes_decimal_commas_and_greys_what_a_mode_ignores(
    german, make_window
):
    """A new user's report: "0,0005" as a range end was refused ("muss eine Zahl sein"),
    the ends of a "fest" row could be typed into and did nothing, "Ratenverlauf" showed
    "constant", and the line to join from another machine could not be selected."""
    from PySide6.QtCore import Qt

    main = make_window(Config(episodes=2, start_replay_step=64, max_steps=30))
    main.controls.study_action.trigger()
    window = main.controls.study_window
    row = window.rows["alpha"]
    assert row["mode"].currentData() == "fixed"
    assert not row["low"].isEnabled() and not row["high"].isEnabled()
    assert row["low"].text() == "0,001"  # the current value, as the settings show it
    window.set_mode("alpha", "range", "0,0005", "0,002")
    assert row["low"].isEnabled() and not row["choices"].isEnabled()
    space = window.search_space()
    assert (space["alpha"].low, space["alpha"].high) == (0.0005, 0.002)
    schedule = window.space_table.item(window.rows["alpha_schedule"]["row"], 1).text()
    assert schedule == "konstant"
    flags = window.status.textInteractionFlags()
    assert flags & Qt.TextInteractionFlag.TextSelectableByMouse
