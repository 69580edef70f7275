"""Remembered state (settings, layout, recent files) and presets in the menu and toolbar."""

import json

from PySide6.QtWidgets import QToolButton

from dqn_lab.core.config import Config
from dqn_lab.core.presets import preset
from dqn_lab.gui import app_state


def test_a_new_window_shows_the_last_settings_and_layout(make_window):
    first = make_window()
    first.controls.choose_preset("tuned")
    first.settings_panel.edit("gamma", 0.95)
    first.docks["ReplayPanel"].hide()
    first.close()
    second = make_window()
    assert second.settings_panel.config == preset("tuned").replace(gamma=0.95)
    assert second.settings_panel.preset_name == "tuned"
    assert "Tuned</b> (changed)" in second.settings_panel.preset_label.text()
    assert second.controls.preset_combo.currentData() == "custom"
    assert second.controls.env_combo.currentData() == "CartPole-v1"
    assert second.docks["ReplayPanel"].isHidden()
    assert not second.docks["PolicyMapPanel"].isHidden()


def test_invalid_remembered_settings_fall_back_to_the_seed_with_a_note(make_window, settings):
    settings.setValue(app_state.LAST_CONFIG, json.dumps(dict(gamma=7.0)))
    window = make_window()
    assert window.settings_panel.config == preset("seed")
    message = window.statusBar().currentMessage()
    assert "could not be restored" in message and "gamma" in message
    settings.setValue(app_state.LAST_CONFIG, "{not json")
    assert app_state.load_last_config(settings, {"seed": preset("seed")})[0] == preset("seed")


def test_recent_files_keep_eight_newest_first(settings, tmp_path):
    for i in range(10):
        app_state.add_recent(settings, tmp_path / f"run{i}.dqnlab")
    app_state.add_recent(settings, tmp_path / "run5.dqnlab")
    files = app_state.recent_files(settings)
    assert len(files) == app_state.MAX_RECENT
    assert files[0].endswith("run5.dqnlab") and files[1].endswith("run9.dqnlab")
    assert len(set(files)) == len(files)
    settings.setValue(app_state.RECENT, "garbage")
    assert app_state.recent_files(settings) == []
    app_state.set_last_folder(settings, tmp_path / "run1.dqnlab")
    assert app_state.last_folder(settings) == str(tmp_path)


def test_user_presets_round_trip_through_the_menu(make_window, preset_dir, qtbot):
    window = make_window(Config().replace(gamma=0.9, episodes=42))
    ui = window.preset_ui
    ui.ask_name = lambda default: "my gamma"
    assert ui.save_preset()
    assert (preset_dir / "my gamma.json").exists()
    assert "my gamma" in window.controls.preset_actions
    assert window.controls.preset_combo.findData("my gamma") >= 0
    assert window.controls.preset_combo.currentData() == "my gamma"
    window.controls.choose_preset("seed")
    assert window.settings_panel.config == preset("seed")
    window.controls.preset_actions["my gamma"].trigger()
    assert window.settings_panel.config.gamma == 0.9
    assert window.settings_panel.config.episodes == 42
    # A built-in name is refused with a message.
    ui.ask_name = lambda default: "seed"
    assert not ui.save_preset() and "built-in" in window.error_box.text()
    window.error_box.accept()
    # A new window lists it; Delete removes the file and the entries.
    window.close()
    second = make_window()
    assert "my gamma" in second.presets
    second.preset_ui.ask_choice = lambda names: names[0]
    assert second.preset_ui.delete_preset()
    assert not (preset_dir / "my gamma.json").exists()
    assert "my gamma" not in second.controls.preset_actions
    assert second.controls.preset_combo.findData("my gamma") < 0


def test_a_bad_preset_file_is_reported_once_with_its_message(make_window, preset_dir, qtbot):
    (preset_dir / "broken.json").write_text("{ not json", encoding="utf-8")
    (preset_dir / "wrong.json").write_text(json.dumps(dict(name="wrong", settings=dict(gamma=3))))
    window = make_window()
    qtbot.waitUntil(lambda: window.preset_ui.warning_box is not None)
    box = window.preset_ui.warning_box
    assert "broken.json cannot be read" in box.text()
    # the rule in the interface's words: the setting's label, as the settings panel has it
    assert "Preset wrong.json: Gamma must be between 0 and 1, not 3." in box.text()
    assert set(window.presets) == {"seed", "seed-fixed", "tuned"}
    window.preset_ui.refresh()  # read again: nothing new to report
    assert window.preset_ui.warning_box is box


def test_every_toolbar_and_menu_action_explains_itself(make_window):
    window = make_window()
    bar = window.controls.toolbar
    for action in bar.actions():
        widget = bar.widgetForAction(action)
        if action.isSeparator():
            continue
        if isinstance(widget, QToolButton) or widget is None:
            assert action.toolTip() and action.toolTip() != action.text(), action.text()
        else:
            assert widget.toolTip(), type(widget).__name__
    for title in ("&File", "&Run", "&Agent", "&Environment", "&Preset"):
        menu = next(m.menu() for m in window.menuBar().actions() if m.text() == title)
        for action in menu.actions():
            if not action.isSeparator() and action.menu() is None:
                assert action.statusTip(), f"{title} {action.text()}"
    help_menu = next(m.menu() for m in window.menuBar().actions() if m.text() == "&Help")
    assert any("About" in a.text() for a in help_menu.actions())
    view_menu = window.controls.view_menu
    assert any(a.menu() is not None and "Theme" in a.text() for a in view_menu.actions())
