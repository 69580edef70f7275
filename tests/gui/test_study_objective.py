"""The Study window's objective: choosing "evals" (the area under the periodic evaluation
curve) or "passes" (the share of passing evaluations), their refusal without an evaluation
cadence, and each trial's median first pass and
pass rate after in the trial table and the "Best so far" table."""

import os
import signal

import pytest

from dqn_lab.core.config import Config
from dqn_lab.core.study import (
    SETTINGS_ATTR,
    StudySettings,
    create_or_load,
    make_param,
    open_storage,
    trial_record,
)
from dqn_lab.gui.study_window import TRIAL_HEADERS, StudyWindow
from tests.test_compare import child_processes

FIRST_PASS = TRIAL_HEADERS.index("First pass (median)")
RATE = TRIAL_HEADERS.index("Pass rate after")
VALUE = TRIAL_HEADERS.index("Value (95% CI)")
EVALS = Config(
    env_id="CartPole-v1",
    max_env_steps=600,
    eval_every=200,
    eval_episodes=2,
    start_replay_step=64,
)


@pytest.fixture(autouse=True)
def no_worker_left(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    yield
    alive = child_processes()
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    assert not alive, f"worker processes left running: {alive}"


def expected_first_pass(record: dict) -> str:
    """The CLI's wording of a trial's first pass (core.study_cli._protocol_figures)."""
    if record["eval_passed"] is None:
        return "-"
    median = record["first_eval_pass_step_median"]
    steps = "-" if median is None else f"{median:,.0f}"
    return f"{steps} ({record['eval_passed']}/{len(record['seeds'])} seeds)"


def expected_rate(record: dict) -> str:
    rate = record["eval_pass_rate_after_mean"]
    return "-" if rate is None else f"{100 * rate:.0f}%"


def row_texts(window: StudyWindow, row: int) -> tuple[str, str]:
    table = window.trial_table
    return table.item(row, FIRST_PASS).text(), table.item(row, RATE).text()


def choose(window: StudyWindow, objective: str) -> None:
    window.objective_combo.setCurrentIndex(window.objective_combo.findData(objective))


def test_the_evals_objective_without_an_evaluation_cadence_is_a_clear_line(
    make_window, qtbot, tmp_path
):
    main = make_window(EVALS.replace(eval_every=0))
    main.controls.study_action.trigger()
    window = main.controls.study_window
    folder = tmp_path / "studies"
    window.storage_dir = str(folder)
    tips = window.objective_combo.toolTip()
    assert "final policy" in tips and "periodic evaluation curve" in tips
    assert window.objective() == "final" and not window.objective_hint.isVisibleTo(window)
    choose(window, "evals")
    # Said before starting: in full on the status line and, short, next to the choice; in
    # red, naming the setting to change and where.
    message = (
        "The objective “evaluation curve” needs periodic evaluations: set “Evaluate every” "
        "above 0 in the main window's settings (it is 0 now), or choose the final-policy "
        "objective."
    )
    assert window.status.text() == message and "color" in window.status.styleSheet()
    hint = window.objective_hint
    assert hint.isVisibleTo(window) and "color" in hint.styleSheet()
    assert hint.text() == "Needs “Evaluate every” above 0 (main window's settings)."
    assert hint.toolTip() == f"<p>{message}</p>"  # wrapped: rich text
    assert not window.eval_spin.isEnabled()  # the evals objective skips the final evaluation
    window.set_mode("gamma", "range", 0.9, 0.99)
    window._set_status("")
    window.start_button.click()
    assert window.status.text() == message  # one line, not a traceback
    assert "color" in window.status.styleSheet()
    assert window.study is None and not window.processes and not folder.exists()
    qtbot.wait(50)  # the layout makes room for the hint's lines
    window.grab().save(str(tmp_path / "objective-refused.png"))
    # Setting a cadence in the main window's settings lifts it (the window follows them).
    main.settings_panel.set_config(EVALS)
    assert window.config.eval_every == 200 and window.objective_problem() is None
    assert hint.text().startswith("Every 200 environment steps, 2 greedy episodes")
    assert "color" not in hint.styleSheet() and "color" not in window.status.styleSheet()
    assert (
        window.status.text() == "Choose a range or choices for the settings to search, then Start."
    )
    assert window.plan().objective == "evals"
    # The strict count of passing evaluations needs the same cadence and says what it counts.
    choose(window, "passes")
    assert hint.isVisibleTo(window) and not window.eval_spin.isEnabled()
    assert "whose mean reaches the threshold" in hint.toolTip()
    assert window.plan().objective == "passes"
    main.settings_panel.set_config(EVALS.replace(eval_every=0))
    assert window.status.text().startswith("The objective “passing evaluations” needs periodic")
    main.settings_panel.set_config(EVALS)
    choose(window, "final")
    assert not hint.isVisibleTo(window) and window.eval_spin.isEnabled()
    window.close()


def test_a_tiny_evals_study_shows_each_trials_first_pass_and_pass_rate(qtbot, tmp_path):
    window = StudyWindow(EVALS, storage_dir=str(tmp_path / "studies"))
    qtbot.addWidget(window)
    window.resize(1200, 850)
    window.show()
    choose(window, "evals")
    window.set_mode("gamma", "range", 0.9, 0.99)
    window.seeds_spin.setValue(2)
    window.trials_spin.setValue(1)
    window.workers_spin.setValue(1)
    window.pruner_combo.setCurrentText("none")
    window.name_edit.setText("evals")
    window.start_button.click()
    assert window.busy, window.status.text()
    assert window.settings.objective == "evals"
    qtbot.waitUntil(
        lambda: (
            not window.busy
            and window.trial_table.rowCount() == 1
            and window.trial_table.item(0, 1).text() == "complete"
        ),
        timeout=300_000,
    )
    window.refresh()
    record = trial_record(window.study.trials[0])
    # Every seed was evaluated at 200, 400 and 600 steps: the figures are stored ...
    assert record["eval_passed"] is not None and len(record["seeds"]) == 2
    assert all(seed["evaluations"] == 3 for seed in record["seeds"])
    # ... and the window shows them as trial_record has them.
    assert row_texts(window, 0) == (expected_first_pass(record), expected_rate(record))
    assert row_texts(window, 0)[0].endswith(f"({record['eval_passed']}/2 seeds)")
    assert 0 <= record["value"] <= 1  # an area, shown with three decimals
    assert window.trial_table.item(0, VALUE).text().startswith(f"{record['value']:.3f}")
    assert window.protocol_label.text().startswith("Objective: evaluation curve. ")
    assert "every 200 environment steps 2 greedy episodes" in window.protocol_label.text()
    best = window.plot_stack
    best.toggle.setChecked(True)
    m = best.model
    assert m.headers[3:] == ["First pass (median)", "Pass rate after"]
    assert [m.value(0, c) for c in (0, 3, 4)] == [0, *row_texts(window, 0)]
    best.toggle.setChecked(False)
    window.grab().save(str(tmp_path / "study-evals.png"))
    window.shutdown()


def test_stored_figures_show_as_trial_record_has_them_and_older_studies_show_dashes(
    qtbot, tmp_path
):
    path = str(tmp_path / "figures.journal")
    storage = open_storage(path)
    space = {"gamma": make_param("gamma", low="0.9", high="0.99")}
    study, _ = create_or_load(
        storage, "figures", StudySettings("tune", EVALS, space, (42, 43), objective="evals")
    )
    seeds = [{"seed": 42}, {"seed": 43}]
    figures = [
        dict(first_eval_pass_step_median=12288.0, eval_pass_rate_after_mean=0.85, eval_passed=2),
        dict(first_eval_pass_step_median=None, eval_pass_rate_after_mean=1.0, eval_passed=1),
        dict(first_eval_pass_step_median=None, eval_pass_rate_after_mean=None, eval_passed=0),
        {},  # a trial stored before the figures were
    ]
    for value, attrs in zip((0.6, 0.3, 0.0, 0.5), figures):
        trial = study.ask()
        trial.suggest_float("gamma", 0.9, 0.99)
        trial.set_user_attr("seeds", seeds)
        for key, v in attrs.items():
            trial.set_user_attr(key, v)
        study.tell(trial, value)
    window = StudyWindow(Config(), storage_dir=str(tmp_path))
    qtbot.addWidget(window)
    assert window.open_study(path, "figures")
    assert window.objective() == "evals"
    assert window.protocol_label.text().startswith("Objective: evaluation curve. ")
    records = [trial_record(t) for t in study.trials]
    shown = [row_texts(window, r) for r in range(4)]
    assert shown == [(expected_first_pass(r), expected_rate(r)) for r in records]
    assert shown == [
        ("12,288 (2/2 seeds)", "85%"),
        ("- (1/2 seeds)", "100%"),
        ("- (0/2 seeds)", "-"),
        ("-", "-"),
    ]
    assert window.trial_table.item(0, VALUE).text() == "0.600"
    assert not window.plot.getAxis("left").autoSIPrefix  # values 0..1, not "x0.001" units
    best = window.plot_stack
    best.toggle.setChecked(True)
    m = best.model
    assert [[m.value(r, c) for c in (0, 3, 4)] for r in range(m.rowCount())] == [
        [n, *texts] for n, texts in enumerate(shown)
    ]
    window.shutdown()

    # A study made before the objective existed: no "objective" in its settings, no figures.
    old, settings = create_or_load(
        storage, "old", StudySettings("tune", Config(), space, (42,), eval_episodes=3)
    )
    data = settings.to_json()
    del data["objective"]
    old.set_user_attr(SETTINGS_ATTR, data)
    trial = old.ask()
    trial.suggest_float("gamma", 0.9, 0.99)
    trial.set_user_attr("seeds", [{"seed": 42}])
    old.tell(trial, 150.0)
    again = StudyWindow(Config(), storage_dir=str(tmp_path))
    qtbot.addWidget(again)
    choose(again, "evals")
    assert again.open_study(path, "old")
    assert again.objective() == "final"
    assert again.protocol_label.text().startswith("Objective: final policy. Value of a trial")
    assert row_texts(again, 0) == ("-", "-")
    assert again.trial_table.item(0, VALUE).text() == "150.0"
    again.shutdown()


def test_the_settings_names_and_current_values_are_read_only(qtbot):
    """A new user's report: "Current" cells took edits (episodes 60, start at -5) that the
    study ignored. They show the main window's settings and cannot be edited."""
    from PySide6.QtCore import Qt

    window = StudyWindow(EVALS.replace(episodes=50))
    qtbot.addWidget(window)
    table = window.space_table
    row = window.rows["episodes"]["row"]
    assert table.item(row, 1).text() == "50"
    for column in (0, 1):
        for r in range(table.rowCount()):
            assert not table.item(r, column).flags() & Qt.ItemFlag.ItemIsEditable
    assert "main window" in table.item(row, 1).toolTip()


def trial_row(**changes) -> dict:
    """A trial as ``trial_record`` gives it: a failed one with no figures, ``changes`` on top."""
    return dict(
        dict(
            number=0,
            state="FAIL",
            params=dict(alpha=0.001),
            value=None,
            seeds=[],
            stats=None,
            first_eval_pass_step_median=None,
            eval_pass_rate_after_mean=None,
            eval_passed=None,
            error=None,
            retry_of=None,
        ),
        **changes,
    )


def test_a_long_note_leaves_the_parameters_whole(qtbot):
    """A new user's report: once a trial had a note, the Parameters column shrank to "ame"."""
    window = StudyWindow(EVALS)
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    record = trial_row(
        params=dict(alpha=0.00218, gamma=0.97),
        error="The study's settings are not valid: " + "a long reason, " * 20,
    )
    window._fill_table([record])
    qtbot.wait(50)
    table = window.trial_table
    params = table.item(0, TRIAL_HEADERS.index("Parameters"))
    needed = table.fontMetrics().horizontalAdvance(params.text())
    assert table.columnWidth(TRIAL_HEADERS.index("Parameters")) >= needed
    note = table.item(0, TRIAL_HEADERS.index("Note"))
    assert note.toolTip() == record["error"]  # cut in the cell, whole in its tooltip


def test_a_trial_stopped_in_an_older_study_still_shows_stopped(qtbot):
    """Studies written before the note changed hold its old text."""
    window = StudyWindow(EVALS)
    qtbot.addWidget(window)
    window._fill_table(
        [
            trial_row(number=0, error="its worker stopped (no heartbeat); queued again"),
            trial_row(number=1, error="its worker stopped; queued again"),
            trial_row(number=2, error="out of memory"),
        ]
    )
    states = [window.trial_table.item(r, 1).text() for r in range(3)]
    assert states == ["stopped", "stopped", "failed"]


def test_the_save_preset_dialog_offers_a_name_and_fits_its_title(qtbot, monkeypatch):
    """A new user's report: the dialog's title was cut to "Save b…" and its name empty."""
    from types import SimpleNamespace

    from PySide6.QtWidgets import QInputDialog

    window = StudyWindow(EVALS)
    qtbot.addWidget(window)
    window.study = SimpleNamespace(study_name="lr2")
    shown, saved = [], []

    def answer(dialog) -> int:
        shown.append((dialog.windowTitle(), dialog.textValue(), dialog.width()))
        return 1

    monkeypatch.setattr(QInputDialog, "exec", answer)
    monkeypatch.setattr(window, "save_best_as_preset", saved.append)
    window.save_preset_dialog()
    assert shown == [("Save best as preset", "lr2-best", shown[0][2])] and shown[0][2] >= 420
    assert saved == ["lr2-best"]
