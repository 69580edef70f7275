"""German interface and accessibility (issue 14): the catalogue is complete and current, a
German window shows German menus, a decimal comma reaches the config as the right number,
plots can be read as tables, and controls without text have accessible names."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QSlider

from dqn_lab.core.config import Config
from dqn_lab.core.environment import env_info
from dqn_lab.core.presets import preset
from dqn_lab.core.training import EpisodeEnd
from dqn_lab.gui import i18n
from dqn_lab.gui.plots_panel import PlotsPanel
from dqn_lab.gui.settings_panel import SettingsPanel

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "resources" / "i18n"


def run_tool(name: str, *args: str) -> None:
    """PySide6's pyside6-lupdate / pyside6-lrelease (the same wrappers build.sh runs)."""
    code = (
        f"import sys; sys.argv[0] = 'pyside6-{name}'\n"
        f"from PySide6.scripts import pyside_tool; pyside_tool.{name}()"
    )
    subprocess.run(
        [sys.executable, "-c", code, *args], check=True, cwd=ROOT, capture_output=True, timeout=120
    )


def messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(ts).getroot()
    return [
        (c.findtext("name"), m.findtext("source"), m.find("translation"))
        for c in root.iter("context")
        for m in c.iter("message")
    ]


def finished(translation: ET.Element) -> bool:
    if translation.get("type") in ("unfinished", "obsolete", "vanished"):
        return False
    forms = list(translation.iter("numerusform"))
    return all(f.text for f in forms) if forms else bool(translation.text)


# -- the catalogue --------------------------------------------------------------------------
def test_config_strings_are_current():
    """The list of core.config's texts that lupdate reads is the one the config has now."""
    from importlib.util import module_from_spec, spec_from_file_location

    spec = spec_from_file_location("make_config_strings", I18N / "make_config_strings.py")
    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (I18N / "config_strings.py").read_text(encoding="utf-8") == module.source(), (
        "run resources/i18n/build.sh"
    )


def test_every_source_string_has_a_finished_german_translation(tmp_path):
    ts = tmp_path / "dqn_lab_de.ts"
    shutil.copy(I18N / "dqn_lab_de.ts", ts)
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "gui").glob("*.py"))
    run_tool(
        "lupdate", "-no-obsolete", *sources, "resources/i18n/config_strings.py", "-ts", str(ts)
    )
    found = messages(ts)
    assert len(found) > 400  # the GUI's strings were really scanned
    # lupdate's Python parser skips some calls silently: every one-line literal call in the
    # sources must have reached the catalogue.
    call = re.compile(r'(?:translate|QT_TRANSLATE_NOOP)\(\s*"(\w+)",\s*"((?:[^"\\]|\\.)*)"\s*[,)]')
    extracted = {(c, s) for c, s, _ in found}
    written = {
        (m[1], m[2].encode().decode("unicode_escape").encode("latin-1").decode())
        for p in (ROOT / "gui").glob("*.py")
        for m in call.finditer(p.read_text(encoding="utf-8"))
    }
    assert len(written) > 300
    assert not written - extracted, sorted(written - extracted)
    missing = [f"{ctx}: {src!r}" for ctx, src, tr in found if not finished(tr)]
    assert not missing, "no German translation for:\n" + "\n".join(missing)
    # The .ts in the repository holds exactly these strings (lupdate was run on it).
    assert sorted((c, s) for c, s, _ in messages(I18N / "dqn_lab_de.ts")) == sorted(
        (c, s) for c, s, _ in found
    )


def test_the_shipped_qm_is_compiled_from_the_ts(tmp_path):
    qm = tmp_path / "check.qm"
    run_tool("lrelease", str(I18N / "dqn_lab_de.ts"), "-qm", str(qm))
    assert qm.read_bytes() == (I18N / "dqn_lab_de.qm").read_bytes(), "run resources/i18n/build.sh"


def test_the_language_follows_the_choice_then_the_system(settings):
    assert i18n.chosen_language(settings) == "system"
    german, french = QLocale(QLocale.Language.German), QLocale(QLocale.Language.French)
    assert i18n.effective_language("system", german) == "de"
    assert i18n.effective_language("system", french) == "en"  # no French catalogue
    assert i18n.effective_language("en", german) == "en"
    settings.setValue(i18n.SETTINGS_KEY, "klingon")
    assert i18n.chosen_language(settings) == "system"


# -- the German window ----------------------------------------------------------------------
def test_a_german_window_has_translated_menus_docks_and_tips(german, make_window):
    assert len(german) == 2  # Qt's qtbase_de and DQN Lab's catalogue
    window = make_window()
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == [
        "&Datei",
        "&Lauf",
        "&Agent",
        "&Umgebung",
        "&Voreinstellung",
        "A&nsicht",
        "&Hilfe",
    ]
    c = window.controls
    assert [a.text() for a in c.run_actions] == [
        "Start",
        "Pause",
        "Stopp",
        "Zurücksetzen",
        "Evaluieren",
    ]
    assert window.files.save_action.text() == "Speichern"
    assert window.docks["PlotsPanel"].windowTitle() == "Lernkurven"
    assert window.docks["ReplayPanel"].windowTitle() == "Replay-Memory"
    assert window.settings_dock.windowTitle() == "Einstellungen"
    alpha = window.settings_panel.editors["alpha"]
    assert alpha.toolTip().startswith("Lernrate (alpha) des Adam-Optimierers.")
    assert window.status.state_label.text() == "Bereit"
    # Qt's own catalogue translates the standard dialogs' buttons.
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Abbrechen"


def test_the_language_menu_remembers_the_choice(make_window, settings):
    window = make_window()
    view = window.controls.view_menu
    language = next(a.menu() for a in view.actions() if a.menu() and "Language" in a.text())
    deutsch = next(a for a in language.actions() if a.data() == "de")
    assert next(a for a in language.actions() if a.isChecked()).data() == "system"
    deutsch.trigger()
    assert settings.value(i18n.SETTINGS_KEY) == "de"
    assert language.note.isVisible()  # says the change applies at the next start
    language.note.close()


# -- numbers --------------------------------------------------------------------------------
def test_a_german_decimal_comma_reaches_the_config_as_the_number(german, qtbot):
    panel = SettingsPanel(preset("seed"), "seed")
    qtbot.addWidget(panel)
    box = panel.editors["alpha"].input
    assert box.text() == "0,001"  # shown the German way
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "0,0025")
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    assert panel.config.alpha == 0.0025
    tau = panel.editors["tau"].input
    tau.lineEdit().selectAll()
    qtbot.keyClicks(tau.lineEdit(), "0,5")
    qtbot.keyClick(tau.lineEdit(), Qt.Key.Key_Return)
    assert panel.config.tau == 0.5
    # Files never see the locale: the config's JSON has decimal points.
    text = json.dumps(asdict(panel.config))
    assert '"alpha": 0.0025' in text and '"tau": 0.5' in text


def test_english_spin_boxes_keep_the_point(qtbot):
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    panel = SettingsPanel(preset("seed"), "seed")
    qtbot.addWidget(panel)
    box = panel.editors["alpha"].input
    assert box.text() == "0.001"
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "0.003")
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    assert panel.config.alpha == 0.003


# -- accessibility --------------------------------------------------------------------------
def test_the_learning_curves_table_holds_the_plotted_values(qtbot):
    panel = PlotsPanel()
    qtbot.addWidget(panel)
    panel.start_run(Config(), env_info("CartPole-v0"))
    for i in range(5):
        panel.add_episode(
            EpisodeEnd(
                episode=i,
                score=10.0 + i,
                steps=10 + i,
                epsilon=1 - i / 10,
                loss=0.5 / (i + 1),
                mean_q=2.0 * i,
                steps_per_s=1000.0 + i,
                env_steps=20 * (i + 1),
                mean_100=float("nan"),
                elapsed_s=float(i),
            )
        )
    panel.refresh()
    panel.stack.toggle.click()
    assert panel.stack.currentWidget() is panel.stack.table
    model = panel.stack.model
    assert model.rowCount() == 5 and model.columnCount() == 7
    x, y = panel.score_curve.getData()
    assert [model.value(r, 0) for r in range(5)] == list(x)
    assert [model.value(r, 1) for r in range(5)] == list(y)  # score, as plotted
    mean = panel.mean_curve.getData()[1]
    assert np.allclose([model.value(r, 2) for r in range(5)], mean)
    assert [model.value(r, 3) for r in range(5)] == list(panel.eps_curve.getData()[1])
    assert model.index(4, 1).data() == "14"
    # New episodes reach the shown table at the next redraw.
    panel.add_episode(EpisodeEnd(5, 42.0, 42, 0.4, 0.1, 1.0, 1000.0, 200, float("nan"), 5.0))
    panel.refresh()
    assert model.rowCount() == 6 and model.value(5, 1) == 42.0
    panel.stack.toggle.click()
    assert panel.stack.currentWidget() is panel.view


def test_the_compare_table_holds_the_mean_curves(qtbot, tmp_path):
    from dqn_lab.gui.compare_view import CompareView

    view = CompareView(parallel=1, eval_episodes=1, storage_dir=str(tmp_path))
    qtbot.addWidget(view)
    x = np.arange(1.0, 4.0)
    view.plot._draw_means({"naive": (x, x * 2, x, x * 3, 2), "dqn": (x, x * 5, x * 4, x * 6, 2)})
    view.plot_stack.toggle.click()
    model = view.plot_stack.model
    assert model.rowCount() == 6 and model.columnCount() == 5
    rows = [[model.value(r, c) for c in range(5)] for r in range(6)]
    assert ["naive", 2.0, 4.0, 2.0, 6.0] in rows and ["dqn", 3.0, 15.0, 12.0, 18.0] in rows
    assert model.index(0, 0).data() in ("naive", "dqn")
    # The lines differ by dash, not only by colour.
    pens = {label: items[0].opts["pen"].style() for label, items in view.plot.mean_items.items()}
    assert pens["naive"] != pens["dqn"]
    view.shutdown()


def test_controls_without_text_have_accessible_names(make_window):
    window = make_window()
    unnamed = [
        b.toolTip() or type(b).__name__
        for b in window.findChildren(QAbstractButton)
        if b.isVisibleTo(window)
        and not b.text().strip("◀▶ ")
        and not b.accessibleName()
        and b.parent() is not None
        and type(b).__name__ != "QToolBarExtension"
        and not type(b).__name__.startswith("QDockWidget")
    ]
    assert not unnamed, unnamed
    sliders = window.findChildren(QSlider)
    assert sliders and all(s.accessibleName() for s in sliders)
    viewport = window.docks["ViewportPanel"].widget()
    assert viewport.controls.nudge_left.accessibleName() == "Nudge left"
    assert viewport.controls.step_button.accessibleName() == "Step"


def test_the_viewport_reads_out_state_action_and_q_values(make_window, qtbot):
    window = make_window()
    viewport = window.docks["ViewportPanel"].widget()
    viewport._dirty = True
    viewport._render()
    text = viewport.readout.full_text()
    assert viewport.readout.accessibleName() == "Viewport readout"
    assert text.startswith("Episode 1, step 0") and "pole angle" in text
    assert viewport.readout.accessibleDescription() == text  # whole, however narrow the dock


def test_run_actions_have_shortcuts(make_window):
    window = make_window()
    c, f = window.controls, window.files
    for action in (
        c.start_action,
        c.pause_action,
        c.stop_action,
        c.eval_action,
        f.save_action,
        f.open_action,
    ):
        assert not action.shortcut().isEmpty(), action.text()
        assert action.shortcutContext() == Qt.ShortcutContext.WindowShortcut
        assert action.shortcut().toString() in action.toolTip()


@pytest.fixture(autouse=True)
def english_default_locale():
    """Every test starts in English; none leaves a changed default locale behind."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(before)
    app = QApplication.instance()
    for translator in getattr(app, "_dqnlab_translators", []):
        app.removeTranslator(translator)


def test_sizes_read_in_units_that_show_them():
    """A new user's report: a bundle saved without its memory was "0.0 MB"."""
    from dqn_lab.gui.i18n import size_text

    assert size_text(36_200) == "36.2 kB"
    assert size_text(1_830_000) == "1.8 MB"
    assert size_text(512) == "512 B"
    assert size_text(999_950) == "1.0 MB"
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    assert size_text(36_200) == "36,2 kB"
