"""The hyperparameter panel: generated from FIELDS, synced widgets, validation, live edits."""

import html
import re

import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QLineEdit

from dqn_lab.core.config import FIELD_TYPES, FIELDS, GROUPS, HELP, LIVE_FIELDS, Config
from dqn_lab.core.presets import preset
from dqn_lab.gui.i18n import help_text
from dqn_lab.gui.labels import LONG_TIP
from dqn_lab.gui.settings_panel import SLIDER_STEPS, FloatSpinBox, SettingsPanel, SliderScale

# the fields whose help names other settings (by key or as alpha, tau) or quotes its choices
KEYS_IN_HELP = {
    "agent",
    "alpha_min",
    "alpha_schedule",
    "epsilon_schedule",
    "eval_every",
    "init",
    "loss",
    "solved_fallback_episodes",
    "solved_rate_factor",
    "solved_window",
    "target_update",
}


@pytest.fixture
def panel(qtbot):
    p = SettingsPanel(preset("seed"), "seed")
    qtbot.addWidget(p)
    return p


def test_every_field_has_an_editor_with_its_range_tooltip_and_group(panel):
    assert set(panel.editors) == set(FIELDS)
    titles = [box.title() for box in panel.findChildren(QGroupBox)]
    assert titles == [g.capitalize() for g in GROUPS]
    for name, editor in panel.editors.items():
        meta, kind = FIELDS[name].metadata, FIELD_TYPES[name]
        # the help, with other settings named by their labels ("Solved window"), not keys
        tip = editor.toolTip()
        plain = html.unescape(re.sub(r"<[^>]+>", "", tip))
        assert plain.startswith(help_text(name))
        # a long help is rich text, which Qt wraps (a plain tooltip is one line, ~1,900 px)
        assert tip.startswith("<p>") == (len(plain) > LONG_TIP), name
        assert not [key for key in FIELDS if "_" in key and key in tip], (name, tip)
        assert (help_text(name) != HELP[name]) == (name in KEYS_IN_HELP), name
        if kind is bool:
            assert isinstance(editor.input, QCheckBox)
        elif kind is str:
            assert isinstance(editor.input, QComboBox)
        elif kind is tuple:
            assert isinstance(editor.input, QLineEdit)
        else:
            assert editor.input.minimum() == meta["low"]
            assert editor.input.maximum() == meta["high"]
            if meta["unit"]:
                value = editor.input.value()
                unit = meta["unit"][:-1] if value == 1 else meta["unit"]
                assert editor.input.suffix() == f" {unit}", name
        assert editor.value() == getattr(Config(), name) or kind is tuple
    assert panel.editors["hidden_sizes"].value() == "32, 32"
    assert panel.editors["alpha"].scale.log and panel.editors["episodes"].scale.log
    assert not panel.editors["gamma"].scale.log
    assert panel.editors["seed"].slider is None


def test_slider_and_spin_box_stay_in_sync_without_feedback(panel, qtbot):
    editor = panel.editors["gamma"]
    seen = []
    panel.config_changed.connect(seen.append)
    editor.slider.setValue(SLIDER_STEPS // 2)
    assert editor.input.value() == pytest.approx(0.5)
    assert panel.config.gamma == pytest.approx(0.5) and len(seen) == 1
    editor.input.setValue(0.9)
    assert editor.slider.value() == 900 and panel.config.gamma == pytest.approx(0.9)
    assert len(seen) == 2
    lr = panel.editors["alpha"]
    lr.slider.setValue(SLIDER_STEPS)
    assert panel.config.alpha == pytest.approx(0.1)
    lr.slider.setValue(0)
    assert panel.config.alpha == pytest.approx(1e-6)


def test_slider_scales_round_trip_and_cover_the_range():
    for name in (
        "alpha",
        "epsilon_decay",
        "tau",
        "episodes",
        "start_replay_step",
        "gamma",
        "batch_size",
        "updates_per_call",
    ):
        meta = FIELDS[name].metadata
        scale = SliderScale(meta["low"], meta["high"], meta["log"], FIELD_TYPES[name] is int)
        assert scale.value(0) == meta["low"] and scale.value(SLIDER_STEPS) == meta["high"]
        default = getattr(Config(), name)
        assert scale.value(scale.position(default)) == pytest.approx(default, rel=0.02)


def test_float_spin_box_shows_short_numbers_and_rejects_out_of_range_text(qtbot):
    box = FloatSpinBox(1e-6, 0.1)
    qtbot.addWidget(box)
    box.setValue(0.0023)
    assert box.text() == "0.0023"
    assert box.validate("0.5", 0) != box.validate("0.05", 0)
    box.lineEdit().setText("7")
    box.interpretText()
    assert box.value() == pytest.approx(0.0023)  # out of range: not taken, not clamped


def test_a_rejected_value_shows_its_message_and_is_not_applied(panel):
    panel.edit("epsilon", 0.1)
    panel.edit("epsilon_min", 0.5)
    assert "Epsilon min 0.5 must not exceed Epsilon 0.1" in panel.error  # labels, not names
    assert panel.error_label.isVisibleTo(panel)
    assert panel.config.epsilon_min == 0.001  # not applied, not clamped
    assert panel.editors["epsilon_min"].value() == 0.5  # the user's value stays visible
    assert panel.editors["epsilon_min"].input.styleSheet()  # and is marked
    panel.edit("epsilon", 0.8)  # resolving the conflict
    assert panel.error == "" and panel.config.epsilon_min == 0.5
    assert panel.config.epsilon == 0.8
    assert panel.editors["epsilon_min"].input.styleSheet() == ""


def test_bad_layer_sizes_show_a_message(panel):
    editor = panel.editors["hidden_sizes"]
    editor.input.setText("64, 2000")
    editor.input.editingFinished.emit()
    assert "Hidden layers must be 1 to 6 layer sizes" in panel.error
    assert panel.config.hidden_sizes == (32, 32)
    editor.input.setText("64,64, 16")
    editor.input.editingFinished.emit()
    assert panel.error == "" and panel.config.hidden_sizes == (64, 64, 16)
    assert editor.value() == "64, 64, 16"


def test_during_a_run_fixed_fields_are_disabled_and_live_edits_debounced(panel, qtbot):
    panel.set_running(True)
    for name, editor in panel.editors.items():
        assert editor.isEnabled() == (name in LIVE_FIELDS)
    sent = []
    panel.live_change.connect(sent.append)
    for value in (0.002, 0.003, 0.004):  # a drag: many edits, one message
        panel.edit("alpha", value)
    panel.edit("gamma", 0.95)
    panel.edit("memory_size", 10)  # fixed during a run: ignored
    assert sent == []
    qtbot.waitUntil(lambda: len(sent) == 1, timeout=2000)
    qtbot.wait(400)
    assert sent == [{"alpha": 0.004, "gamma": 0.95}]
    assert panel.config.memory_size == 50_000
    panel.set_running(False)
    assert all(editor.isEnabled() for editor in panel.editors.values())


def test_reset_to_preset_and_preset_label(panel):
    panel.edit("gamma", 0.9)
    assert "(changed)" in panel.preset_label.text()
    assert "Custom" in panel.preset_label.text()  # the toolbar's word for it
    panel.reset_to_preset()
    assert panel.config == preset("seed") and "(changed)" not in panel.preset_label.text()
    # Settings of no preset, changed again: "Custom", not "Custom, from Custom (changed)"
    panel.set_config(preset("seed").replace(gamma=0.8), "custom")
    panel.edit("gamma", 0.7)
    assert panel.preset_label.text() == "Preset: <b>Custom</b>"
    tuned = preset("tuned")
    panel.set_config(tuned, "tuned")
    assert panel.editors["hidden_sizes"].value() == ", ".join(map(str, tuned.hidden_sizes))
    assert panel.editors["env_id"].value() == tuned.env_id
    panel.set_running(True)
    panel.edit("gamma", 0.5)
    panel.reset_to_preset()  # during a run: only live fields go back
    assert panel.config.gamma == tuned.gamma


def test_units_agree_with_the_number(panel):
    freq = panel.editors["train_freq"]
    assert freq.input.text() == "1 step"  # the seed's value, set programmatically
    freq.input.setValue(4)
    assert freq.input.text() == "4 steps" and panel.config.train_freq == 4
    freq.slider.setValue(0)  # the slider's end: 1 again
    assert freq.input.text() == "1 step"
    assert panel.editors["memory_size"].input.text() == "50000 transitions"


@pytest.mark.parametrize(
    "name,typed,words",
    [
        ("alpha", "5", "Learning rate must be between"),
        ("max_steps", "0 steps", "Max steps must be between 1 and"),
        ("episodes", "99999999", "Episodes must be between"),
    ],
)
def test_an_out_of_range_typed_value_is_not_reverted_silently(panel, qtbot, name, typed, words):
    """Issue 13 item 6: the core's message in red, with the settings' labels."""
    from PySide6.QtCore import Qt

    panel.show()
    box = panel.editors[name].input
    before = getattr(panel.config, name)
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), typed)
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    assert words in panel.error and "_" not in panel.error
    assert panel.error_label.isVisibleTo(panel)
    assert getattr(panel.config, name) == before  # not applied, not clamped
    assert box.styleSheet()  # the field is marked
    panel.edit("gamma", 0.9)  # the next accepted edit clears it
    assert panel.error == "" and box.styleSheet() == ""


def test_choices_show_as_words_and_keep_their_values(panel, qtbot):
    """A new user's report: the settings showed code names ("dqn" beside the toolbar's
    "DQN", "mse", untranslated schedules). The combos show labels; the config keeps the
    values, and a value the list lacks (an environment id) is added as it is."""
    loss = panel.editors["loss"]
    assert [loss.input.itemText(i) for i in range(loss.input.count())] == ["MSE", "Huber"]
    assert panel.editors["agent"].input.currentText() == "DQN"
    edits = []
    loss.edited.connect(lambda name, value: edits.append((name, value)))
    loss.input.setCurrentIndex(1)
    assert edits == [("loss", "huber")] and loss.value() == "huber"
    loss.set_value("mse")
    assert loss.input.currentText() == "MSE" and edits == [("loss", "huber")]
    env = panel.editors["env_id"]
    env.set_value("MyEnv-v9")
    assert env.value() == "MyEnv-v9" and env.input.currentText() == "MyEnv-v9"
    # the help names the choices as shown
    from PySide6.QtCore import QLocale

    assert QLocale().quoteString("constant") in panel.editors["alpha_schedule"].toolTip()


def test_a_message_does_not_move_the_fields_under_the_mouse(panel, qtbot):
    """A new user's report: the red message (and the run's note) appeared above the fields
    and pushed them 20-35 px down, so the next click ticked "Dueling head" or edited Gamma
    instead of the learning rate; and Episodes stayed red after Gamma's message replaced
    its own. The messages show below the fields, and only the field named is marked."""
    from PySide6.QtCore import QPoint, Qt

    panel.resize(360, 700)
    panel.show()
    qtbot.waitExposed(panel)

    def where(name: str) -> QPoint:
        return panel.editors[name].mapTo(panel, QPoint(0, 0))

    before = {name: where(name) for name in ("episodes", "gamma", "alpha")}
    for name, typed in (("episodes", "999999999"), ("gamma", "5")):
        box = panel.editors[name].input
        box.setFocus()
        box.lineEdit().selectAll()
        qtbot.keyClicks(box.lineEdit(), typed)
        qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: panel.error_label.isVisible(), timeout=2000)
        assert {n: where(n) for n in before} == before  # nothing moved
    assert "Gamma" in panel.error
    assert panel.editors["gamma"].input.styleSheet()
    assert not panel.editors["episodes"].input.styleSheet()  # its message is gone
    assert panel.error_label.geometry().top() > panel._scroll.geometry().bottom()
    panel.set_running(True)  # the run's note goes below the fields too
    assert {n: where(n) for n in before} == before
