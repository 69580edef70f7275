"""Messages in the interface language (issue 14): the core's config errors keep English for
the CLI but carry their template and values, so the settings panel words them in German with
the German labels; the study and compare windows, start-up checks and job texts are German
too; the replay histograms and the study plots can be read as tables."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication

from dqn_lab.core.config import MESSAGES, Config, ConfigError, fmt
from dqn_lab.core.environment import env_info
from dqn_lab.core.replay import ReplayMemory
from dqn_lab.gui import i18n, startup_checks
from dqn_lab.gui.compare_view import display_rows, few_seeds_text
from dqn_lab.gui.replay_panel import ReplayPanel
from dqn_lab.gui.settings_panel import SettingsPanel
from dqn_lab.gui.study_window import StudyWindow

TS = Path(__file__).resolve().parents[2] / "resources" / "i18n" / "dqn_lab_de.ts"
tr = QCoreApplication.translate


def error_of(**changes) -> ConfigError:
    with pytest.raises(ConfigError) as err:
        Config().replace(**changes)
    return err.value


# -- the structure: English for the CLI, parts for the GUI ----------------------------------
@pytest.mark.parametrize(
    ("changes", "english"),
    [
        (dict(batch_size=64, memory_size=50), "batch_size 64 must not exceed memory_size 50."),
        (dict(epsilon=0.1, epsilon_min=0.5), "epsilon_min 0.5 must not exceed epsilon 0.1."),
        (dict(alpha=5.0), "alpha must be between 1e-06 and 0.1, not 5."),
        (dict(loss="l1"), "loss must be one of mse, huber, not 'l1'."),
        (dict(episodes="many"), "episodes must be a whole number, not 'many'."),
        (dict(agent="naive", double_dqn=True), "double_dqn needs a target network"),
    ],
)
def test_a_config_error_keeps_its_english_text_and_carries_its_parts(changes, english):
    exc = error_of(**changes)
    assert str(exc).startswith(english)  # the CLI prints this, unchanged
    assert exc.template in MESSAGES.values()
    shown = {k: fmt(v) for k, v in exc.values.items()}
    assert exc.template.format(**shown) == str(exc)
    assert "field" in exc.values  # each of Config's own errors names its setting


def test_an_english_interface_shows_the_labels_in_config_errors():
    exc = error_of(epsilon=0.1, epsilon_min=0.5)
    assert i18n.config_error_text(exc) == "Epsilon min 0.5 must not exceed Epsilon 0.1."
    plain = ConfigError("A population needs at least one seed.")  # no template: as it is
    assert i18n.config_error_text(plain) == str(plain)


def test_every_error_template_has_german_with_the_same_places():
    root = ET.parse(TS).getroot()
    german = {
        m.findtext("source"): m.findtext("translation")
        for c in root.iter("context")
        if c.findtext("name") == "ConfigError"
        for m in c.iter("message")
    }
    places = re.compile(r"\{(\w+)\}")
    for template in MESSAGES.values():
        assert template in german, template
        assert sorted(places.findall(german[template])) == sorted(places.findall(template))


def test_the_settings_panel_shows_a_rule_in_german_with_german_labels(german, qtbot):
    panel = SettingsPanel(Config().replace(epsilon=0.1))
    qtbot.addWidget(panel)
    panel.edit("epsilon_min", 0.5)
    expected = "{} 0,5 darf {} 0,1 nicht übersteigen.".format(
        tr("Config", "Epsilon min"), tr("Config", "Epsilon")
    )
    assert panel.error == expected
    panel.edit("epsilon_min", 0.05)
    assert panel.error == ""
    panel.edit("memory_size", 20)  # below the batch size, 32
    assert tr("Config", "Batch size") == "Batch-Größe"  # the labels really are German
    assert panel.error == "Batch-Größe 32 darf {} 20 nicht übersteigen.".format(
        tr("Config", "Memory size")
    )
    assert "_" not in panel.error and "must" not in panel.error


def test_an_out_of_range_value_is_explained_in_german(german, qtbot):
    panel = SettingsPanel(Config())
    qtbot.addWidget(panel)
    panel._on_out_of_range("alpha", 5.0)
    assert panel.error == "{} muss zwischen 1e-06 und 0,1 liegen, nicht 5.".format(
        tr("Config", "Learning rate")
    )


# -- the study and compare windows --------------------------------------------------------------
def test_the_study_window_names_modes_and_states_in_german(german, qtbot, tmp_path):
    window = StudyWindow(Config(), storage_dir=str(tmp_path))
    qtbot.addWidget(window)
    mode = window.rows["gamma"]["mode"]
    assert [mode.itemText(i) for i in range(mode.count())] == ["fest", "Bereich", "Auswahl"]
    window.set_mode("gamma", "range", 0.9, 0.99)
    assert mode.currentData() == "range" and mode.currentText() == "Bereich"
    assert "gamma" in window.search_space()
    window.set_mode("gamma", "fixed")
    with pytest.raises(ValueError, match="mindestens eine Einstellung"):
        window.search_space()
    window.open_selected_trial()
    assert window.status.text() == "Erst eine Studie starten oder öffnen."


def study_records() -> list[dict]:
    def record(number, state, value, gamma, loss):
        return dict(
            number=number,
            state=state,
            value=value,
            params=dict(gamma=gamma, loss=loss),
            seeds=[42],
            stats=None,
            error=None,
            retry_of=None,
        )

    return [
        record(0, "COMPLETE", 120.0, 0.95, "mse"),
        record(1, "FAIL", None, 0.97, "huber"),
        record(2, "COMPLETE", 90.0, 0.99, "huber"),
        record(3, "COMPLETE", 180.0, 0.9, "mse"),
    ]


def test_the_study_plots_can_be_read_as_tables(qtbot, tmp_path):
    window = StudyWindow(Config(), storage_dir=str(tmp_path))
    qtbot.addWidget(window)
    window.set_mode("gamma", "range", 0.9, 0.99)
    window.set_mode("loss", "choices", choices=["mse", "huber"])
    window.settings = window.plan()
    records = study_records()
    window._records = records
    window._fill_table(records)
    assert [window.trial_table.item(r, 1).text() for r in range(4)] == [
        "complete",
        "failed",
        "complete",
        "complete",
    ]
    window._draw(records)
    best = window.plot_stack
    best.toggle.setChecked(True)
    assert best.currentWidget() is best.table
    m = best.model
    rows = [[m.value(r, c) for c in range(3)] for r in range(m.rowCount())]
    assert rows == [[0, 120.0, 120.0], [2, 90.0, 120.0], [3, 180.0, 180.0]]
    # The plotted points are the table's first two columns.
    x, y = window.points.getData()
    np.testing.assert_allclose(x, [r[0] for r in rows])
    np.testing.assert_allclose(y, [r[1] for r in rows])
    window.tabs.setCurrentIndex(1)
    par = window.parallel_stack
    assert par.toggle.isVisibleTo(window) and not best.toggle.isVisibleTo(window)
    par.toggle.setChecked(True)
    pm = par.model
    assert pm.headers == ["Trial", "gamma", "loss", "value"]
    assert [[pm.value(r, c) for c in range(4)] for r in range(pm.rowCount())] == [
        [0, 0.95, "mse", 120.0],
        [2, 0.99, "huber", 90.0],
        [3, 0.9, "mse", 180.0],
    ]


def compare_entry() -> dict:
    run = dict(
        seed=42,
        status="done",
        episodes=300,
        mean_last_100=1234.56,
        episodes_to_pass=None,
        eval_mean=None,
        wall_s=12.34,
        steps_per_s=4567.8,
    )
    return {
        "runs": [run, {**run, "seed": 43, "episodes_to_pass": 37}],
        "episodes_to_pass_median": 37.0,
        "passed": 2,
        "runs_done": 3,
        "runs_total": 5,
        "mean_last_100": {"mean": 150.0, "std": 3.0, "n": 3},
        "eval_mean": {"mean": None, "std": None, "n": 0},
        "wall_s": {"mean": 1234.5, "std": 1.0, "n": 3},
        "steps_per_s": {"mean": 1000.0, "std": 5.0, "n": 3},
    }


def test_compare_rows_are_german(german):
    rows = display_rows("dqn", compare_entry())
    assert rows[0] == (
        "dqn", "42", "done", "300", "1.234,6", "—", "—", "12,3", "4.568"
    )  # fmt: skip
    assert rows[-1] == (
        "dqn", "alle", "3/5 fertig", "", "150,0 ± 3,0", "2/3 bestanden, Median 37", "—",
        "1.234,5", "1.000",
    )  # fmt: skip
    assert few_seeds_text(2).startswith("nur 2 Seeds: unter")
    assert few_seeds_text(100) == ""


def test_compare_rows_are_the_core_cells_in_english():
    from dqn_lab.core.compare import table_rows

    entry = compare_entry()
    assert display_rows("dqn", entry) == table_rows({"dqn": entry})


# -- the replay panel's histograms as a table ---------------------------------------------------
def test_the_replay_histograms_can_be_read_as_a_table(qtbot):
    info = env_info("CartPole-v0")
    panel = ReplayPanel()
    qtbot.addWidget(panel)
    panel.start_run(Config(), info)
    rng = np.random.default_rng(0)
    mem = ReplayMemory(1000, 4)
    for i in range(300):
        s = rng.normal(0, 0.1, 4)
        mem.add(s, i % 2, s + 0.01, 1.0, i % 20 == 19)
    histograms = mem.histograms()
    panel.set_snapshot(
        dict(replay=mem.stats(2), histograms=histograms, counters=dict(step=300), kind="dqn")
    )
    panel.refresh()
    stack = panel.hist_stack
    stack.toggle.setChecked(True)
    assert stack.currentWidget() is stack.table
    m = stack.model
    bins = sum(len(counts) for counts, _ in histograms)
    assert m.rowCount() == bins
    counts0, edges0 = histograms[0]
    first = [m.value(r, 0) for r in range(len(counts0))]
    assert set(first) == {panel._hist_titles[0]}
    np.testing.assert_allclose([m.value(r, 1) for r in range(len(counts0))], edges0[:-1])
    np.testing.assert_allclose([m.value(r, 2) for r in range(len(counts0))], edges0[1:])
    np.testing.assert_allclose([m.value(r, 3) for r in range(len(counts0))], counts0)
    # The table holds what the plot draws.
    np.testing.assert_allclose(panel.hist_curves[0].yData, counts0)


# -- start-up and jobs ------------------------------------------------------------------------
def test_start_up_messages_are_german_before_the_app_has_translators():
    german = i18n.early_translate("de")
    message = startup_checks.display_problem({}, "linux", translate=german)
    assert message.startswith("kein Bildschirm gefunden")
    missing = startup_checks.display_problem(
        {"DISPLAY": ":0"}, "linux", loads=lambda lib: lib != "libxcb1.so", translate=german
    )
    assert missing is None or "lässt sich nicht laden" in missing
    english = startup_checks.display_problem({}, "linux")
    assert english.startswith("no display found")
    assert i18n.early_translate("en")("Startup", "x") == "x"


def test_job_and_notice_texts_are_german(german):
    from dqn_lab.core.presets import NOTEBOOK_FAILED
    from dqn_lab.gui.jobs import CANCELLED

    assert tr("Jobs", CANCELLED) == "Abgebrochen."
    from dqn_lab.core.presets import notebook_failure, preset

    assert tr("Core", NOTEBOOK_FAILED).startswith("Das Mittel der letzten 100 Episoden")
    failed = dict(solved=False, threshold=195.0, episodes=500, history=[], mean_last_100=149.04)
    shown = i18n.message_text(notebook_failure(preset("seed"), failed))
    assert shown.startswith("Das Mittel der letzten 100 Episoden dieses Laufs ist 149,0 bei 195:")
    assert i18n.protocol_label(10, 10_000) == (
        "finale Policy: 10 greedy Episoden (ohne Exploration) in einer eigenen Umgebung, "
        "Evaluations-Seeds 10000..10009"
    )


def test_the_protocol_label_is_the_core_text_in_english():
    from dqn_lab.core.stats import protocol_text

    for n in (0, 1, 10):
        assert i18n.protocol_label(n, 10_000) == protocol_text(n, 10_000)


# -- the health guard's message ---------------------------------------------------------------
def test_the_health_guard_message_is_english_for_the_cli_and_german_in_the_gui(german):
    import copy
    import json

    from dqn_lab.core.agents import health_message

    text = health_message(Config(gamma=1.0, truncation_as_terminal=False), 5e4, 2000.0)
    assert text.startswith("Training stopped: Q values reached 5e+04, beyond the bound 2000;")
    assert "gamma 1.0 with bootstrapping" in text  # the English text, unchanged
    assert json.loads(json.dumps({"h": text}))["h"] == text  # a plain str to JSON
    kept = copy.deepcopy({"h": text})["h"]
    assert kept == text and kept.values.keys() == text.values.keys()
    shown = i18n.message_text(kept)
    assert shown.startswith("Training gestoppt: die Q-Werte erreichten 5e+04, jenseits der")
    assert "Gamma 1,0 mit Bootstrapping" in shown and "Training stopped" not in shown
    nan = health_message(Config(alpha=0.05), float("nan"), 2000.0)
    assert i18n.message_text(nan) == (
        "Training gestoppt: der Verlust oder die Gewichte wurden nicht endlich (NaN oder "
        "unendlich); die Lernrate 0.05 ist wahrscheinlich zu hoch: Alpha senken. Der letzte "
        "gute Zustand bleibt erhalten (das abgelehnte Update wurde nicht angewandt)."
    )


def test_core_messages_read_the_same_in_english():
    from dqn_lab.core.agents import health_message

    for q_max, alpha, gamma in ((5e4, 0.001, 0.99), (float("inf"), 0.001, 1.0), (9e9, 0.02, 1.0)):
        text = health_message(Config(alpha=alpha, gamma=gamma), q_max, 100.0)
        assert i18n.message_text(text) == text


def test_recording_progress_reaches_the_dialog_in_german(german, qtbot):
    from dqn_lab.core.messages import Message
    from dqn_lab.core.recording import ENCODING, FRAME_DONE
    from dqn_lab.gui.jobs import JobRunner

    def job(progress, should_stop):
        step = Message.of(FRAME_DONE, count=3, total=10)
        progress(1.0, Message.of(ENCODING, kind="GIF", step=step))
        return 1

    runner = JobRunner(None, "test-job")
    seen = []
    runner._progress = lambda fraction, message: seen.append(message)  # the dialog's slot
    with qtbot.waitSignal(runner.done, timeout=10_000):
        assert runner.start("record", job)
    runner.shutdown()
    assert seen == ["Kodiere GIF: Bild 3/10"]


def test_an_unknown_environment_is_named_in_german(german):
    with pytest.raises(ConfigError) as err:
        env_info("NoSuchEnv-v9")
    assert str(err.value).startswith("env_id 'NoSuchEnv-v9' is not an installed Gymnasium")
    assert i18n.config_error_text(err.value).startswith(
        "Umgebung 'NoSuchEnv-v9' ist keine installierte Gymnasium-Umgebung ("
    )


def test_the_status_line_writes_the_mean_the_german_way(german, qtbot):
    from dqn_lab.gui.status import RunStatus

    status = RunStatus()
    qtbot.addWidget(status)
    status.reset(Config(), env_info("CartPole-v0"))
    status.mean_100 = 187.25
    template = tr("Status", "mean of last 100: {0} / {1}")
    assert template != "mean of last 100: {0} / {1}"
    assert status.check_text() == template.format("187,2", "195")


def test_a_refused_live_change_is_shown_in_german(german, qtbot, small_config):
    from dqn_lab.core.training import ChangeRejected, Trainer, TrainingControl

    control = TrainingControl()
    trainer = Trainer(small_config(episodes=2), control)
    try:
        control.change(memory_size=100, hidden_sizes=(8,))
        rejected = next(ev for ev in trainer.run() if isinstance(ev, ChangeRejected))
    finally:
        trainer.close()
    # English for the CLI and logs, with the parts kept for the GUI
    assert rejected.message.startswith("hidden_sizes, memory_size cannot change during a run")
    panel = SettingsPanel(Config())
    qtbot.addWidget(panel)
    panel.show_rejection(rejected.message)
    assert panel.error == (
        "{}, {} kann sich während eines Laufs nicht ändern; erst den Lauf stoppen.".format(
            tr("Config", "Hidden layers"), tr("Config", "Memory size")
        )
    )
