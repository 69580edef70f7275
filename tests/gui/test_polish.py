"""Polish: About dialog and versions, app identity and icons, themes, startup checks."""

import importlib.util
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import numpy
import pyqtgraph as pg
import pytest
from PySide6 import __version__ as PYSIDE_VERSION
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QImage, QPalette
from PySide6.QtWidgets import QApplication

from dqn_lab.gui import about, startup_checks, theme

ROOT = Path(__file__).resolve().parents[2]
Role = QPalette.ColorRole


# -- About -------------------------------------------------------------------------------
def test_about_dialog_lists_the_versions(qtbot):
    dialog = about.AboutDialog()
    qtbot.addWidget(dialog)
    labels = {name: label.text() for name, label in dialog.version_labels.items()}
    assert labels["TensorFlow"] == metadata.version("tensorflow")
    assert labels["Keras"] == metadata.version("keras")
    assert labels["Gymnasium"] == metadata.version("gymnasium")
    assert labels["NumPy"] == numpy.__version__
    assert labels["pygame"] == metadata.version("pygame")
    assert labels["Qt"] == qVersion() and labels["PySide6"] == PYSIDE_VERSION
    assert labels["Python"].startswith(f"{sys.version_info.major}.{sys.version_info.minor}.")
    assert dialog.rows[0] == ("DQN Lab", about.app_version())
    dialog.copy_versions()
    assert f"TensorFlow: {metadata.version('tensorflow')}" in QApplication.clipboard().text()
    dialog.show()
    assert not dialog.grab().isNull()


def test_app_version_falls_back_to_pyproject(monkeypatch):
    def missing(name):
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(about.metadata, "version", missing)
    version = re.search(r'^version = "(.+)"', (ROOT / "pyproject.toml").read_text(), re.M)[1]
    assert about.app_version() == f"{version} (source checkout)"
    assert dict(about.versions())["TensorFlow"] == "not installed"


def test_reading_versions_does_not_import_tensorflow():
    code = (
        "import sys, dqn_lab.gui.about as a; rows = dict(a.versions()); "
        "assert rows['TensorFlow'][0].isdigit(), rows; "
        "print(sorted(m for m in ('tensorflow', 'keras', 'gymnasium') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "[]"


def test_app_identity_matches_the_desktop_file(qapp):
    saved = (
        qapp.applicationName(),
        qapp.applicationDisplayName(),
        qapp.desktopFileName(),
        qapp.applicationVersion(),
        qapp.windowIcon(),
    )
    try:
        about.set_app_identity(qapp)
        entry = (ROOT / "resources" / "dqn-lab.desktop").read_text()
        assert f"StartupWMClass={qapp.applicationName()}\n" in entry
        assert f"Icon={qapp.desktopFileName()}\n" in entry
        sizes = {s.width() for s in qapp.windowIcon().availableSizes()}
        assert {16, 32, 48, 64, 128, 256} <= sizes
    finally:
        qapp.setApplicationName(saved[0])
        qapp.setApplicationDisplayName(saved[1])
        qapp.setDesktopFileName(saved[2])
        qapp.setApplicationVersion(saved[3])
        qapp.setWindowIcon(saved[4])


@pytest.mark.parametrize("size", [16, 32, 48, 64, 128, 256])
def test_icon_pngs_are_rendered_at_their_size(size):
    image = QImage(str(ROOT / f"resources/icons/hicolor/{size}x{size}/apps/dqn-lab.png"))
    assert (image.width(), image.height()) == (size, size)
    assert image.pixelColor(0, 0).alpha() == 0  # rounded tile: clear corner
    assert image.pixelColor(size // 2, size // 2).alpha() == 255


def test_render_script_reproduces_the_icons(qapp, tmp_path):
    spec = importlib.util.spec_from_file_location(
        "render_icons", ROOT / "resources" / "icons" / "render_icons.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.render(sizes=(32,), root=tmp_path)
    fresh, kept = QImage(str(written[0])), QImage(str(module.png_path(32)))
    assert fresh.size() == kept.size()
    diff = max(
        abs(fresh.pixelColor(x, y).red() - kept.pixelColor(x, y).red())
        for x in range(32)
        for y in range(32)
    )
    assert diff <= 8  # same drawing; allow tiny rasteriser differences across Qt versions


# -- Theme -------------------------------------------------------------------------------
@pytest.fixture
def restore_theme(qapp):
    palette, style = QPalette(qapp.palette()), qapp.style().name()
    options = {k: pg.getConfigOption(k) for k in ("background", "foreground")}
    yield qapp
    manager = qapp.findChild(theme.ThemeManager)
    if manager is not None:
        qapp.styleHints().colorSchemeChanged.disconnect(manager._system_changed)
        manager.setParent(None)
    qapp.setStyle(style)
    qapp.setPalette(palette)
    pg.setConfigOptions(**options)


def test_dark_theme_is_darker_than_light(restore_theme):
    app = restore_theme
    assert theme.apply_theme(app, "light") == "light"
    light_window, light_text = app.palette().color(Role.Window), app.palette().color(Role.Text)
    assert pg.getConfigOption("background") == app.palette().color(Role.Base).name()
    assert theme.apply_theme(app, "dark") == "dark"
    dark_window, dark_text = app.palette().color(Role.Window), app.palette().color(Role.Text)
    assert dark_window.lightness() < light_window.lightness() - 100
    assert dark_text.lightness() > light_text.lightness() + 100
    assert pg.getConfigOption("foreground") == dark_text.name()
    with pytest.raises(ValueError, match="not one of"):
        theme.apply_theme(app, "purple")


def test_existing_plots_follow_the_theme(restore_theme, qtbot):
    app = restore_theme
    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    theme.apply_theme(app, "dark")
    assert plot.backgroundBrush().color().lightness() < 60
    assert plot.getPlotItem().getAxis("left").textPen().color().lightness() > 180
    theme.apply_theme(app, "light")
    assert plot.backgroundBrush().color().lightness() > 240


def test_auto_follows_the_system_scheme(restore_theme, monkeypatch):
    app = restore_theme
    seen = []
    manager = theme.theme_manager(app)
    manager.changed.connect(seen.append)
    monkeypatch.setattr(theme, "system_scheme", lambda _app: "light")
    assert theme.apply_theme(app, "auto") == "light"
    monkeypatch.setattr(theme, "system_scheme", lambda _app: "dark")
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert manager.effective == "dark" and seen[-1] == "dark"
    assert app.palette().color(Role.Window).lightness() < 80
    theme.apply_theme(app, "light")  # forced: the system is ignored
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert manager.effective == "light" and theme.theme_manager(app) is manager


# -- Startup checks ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "env, platform, expected",
    [
        ({}, "linux", True),
        ({"DISPLAY": ":0"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({}, "darwin", False),
        ({}, "win32", False),
    ],
)
def test_display_problem(env, platform, expected):
    message = startup_checks.display_problem(env, platform, loads=lambda lib: True)
    assert (message is not None) == expected
    if expected:
        assert "\n" not in message and "DISPLAY" in message and "main.py train" in message


@pytest.mark.parametrize(
    "env, checked",
    [
        ({"DISPLAY": ":0"}, True),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, True),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, False),
        ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, False),
        ({"WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "xcb"}, True),
    ],
)
def test_a_missing_xcb_library_names_the_package_to_install(env, checked):
    """Issue 13 item 3: libxcb-cursor0 & co. missing (simulated): a message, not an abort."""
    missing = {"libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    asked = []

    def loads(lib):
        asked.append(lib)
        return lib not in missing

    message = startup_checks.display_problem(env, "linux", loads=loads)
    if not checked:  # Qt would not use xcb: nothing is loaded or said
        assert message is None and asked == []
        return
    assert "\n" not in message and "xcb" in message
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" in message
    assert "libxcb-cursor.so.0" in message and "main.py train" in message
    assert startup_checks.display_problem(env, "linux", loads=lambda lib: True) is None


def test_the_xcb_check_loads_real_libraries():
    assert startup_checks.library_loads("libc.so.6")
    assert not startup_checks.library_loads("libdqnlab-surely-missing.so.0")


def test_missing_tensorflow_gives_a_message_not_a_traceback(monkeypatch, qtbot):
    assert startup_checks.tensorflow_problem() is None  # installed here
    assert startup_checks.warn_missing_packages() is None
    real = importlib.util.find_spec
    monkeypatch.setattr(
        startup_checks.importlib.util,
        "find_spec",
        lambda name, *a: None if name == "tensorflow" else real(name, *a),
    )
    message = startup_checks.tensorflow_problem()
    assert "tensorflow (for training" in message and "keras" not in message
    assert f"{sys.executable} -m pip install tensorflow" in message
    box = startup_checks.warn_missing_packages()
    qtbot.addWidget(box)
    assert box.isVisible() and "pip install tensorflow" in box.text()


def test_theme_menu_applies_and_remembers(restore_theme, tmp_path, qtbot):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMenu

    app = restore_theme
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert theme.restore_theme(app, settings) in ("light", "dark")  # default: follow system
    menu = QMenu()
    qtbot.addWidget(menu)
    sub = theme.add_theme_menu(menu, app, settings)
    actions = {a.data(): a for a in sub.actions()}
    assert set(actions) == {"auto", "light", "dark"} and actions["auto"].isChecked()
    actions["dark"].trigger()
    assert settings.value("theme") == "dark" and theme.theme_manager(app).effective == "dark"
    settings.setValue("theme", "neon")
    theme.restore_theme(app, settings)
    assert theme.theme_manager(app).scheme == "auto"


def test_the_gui_garbage_collector_waits_while_tensorflow_loads(qtbot, monkeypatch):
    import gc
    import time

    from dqn_lab.core import tf_loader
    from dqn_lab.gui.app import gui_thread_garbage_collector

    collector = gui_thread_garbage_collector(interval=60)
    collector.timer.stop()
    calls = []
    monkeypatch.setattr(gc, "collect", lambda generation=2: calls.append(generation) or 0)
    monkeypatch.setattr(gc, "get_count", lambda: (10_000, 100, 100))
    with tf_loader._lock:  # another thread is importing TensorFlow
        monkeypatch.setattr(tf_loader, "_started", time.monotonic())
        assert tf_loader.loading()
        collector.check()
        assert calls == []
        # An import that hangs does not switch collection off for good.
        monkeypatch.setattr(
            tf_loader, "_started", time.monotonic() - tf_loader.LOADING_AT_MOST_S - 1
        )
        assert not tf_loader.loading()
    calls.clear()
    collector.check()
    assert calls == [0, 1, 2]


def test_no_tooltip_is_one_endless_line(make_window, qtbot, monkeypatch, tmp_path):
    """A new user's report: some tooltips (the settings' help, "Seeds") were one line up to
    ~1,900 px wide, wider than a laptop's screen. Qt shows a plain-text tooltip on one line
    however long it is; every long one is rich text now, which Qt wraps. The viewport's
    readout is one line of status by design (its tooltip is that line whole)."""
    from PySide6 import QtGui
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QComboBox, QTableWidget, QWidget

    from dqn_lab.gui.labels import LONG_TIP, ElidedLabel

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    window = make_window()
    window.controls.study_action.trigger()
    window.controls.compare_action.trigger()
    study, compare = window.controls.study_window, window.controls.compare_window
    try:
        long_ones, escaped = [], []

        def check(where: str, tip: str) -> None:
            if re.search(r"&lt;/?(b|i|p|br|a|span)\b", tip):  # escaped tags would show
                # as "<b>": rich text that was taken for plain text
                escaped.append(f"{where}: {tip[:60]}")
            elif len(tip) > LONG_TIP and not QtGui.Qt.mightBeRichText(tip):
                long_ones.append(f"{where}: {tip[:60]}")

        for top in (window, study, compare):
            objects = [*top.findChildren(QWidget), *top.findChildren(QAction)]
            for obj in objects:
                if not isinstance(obj, ElidedLabel):
                    check(type(obj).__name__, obj.toolTip())
                if isinstance(obj, QComboBox):  # the items' own tooltips
                    for i in range(obj.count()):
                        check("combo item", obj.itemData(i, Qt.ItemDataRole.ToolTipRole) or "")
                if isinstance(obj, QTableWidget):  # the headers'
                    for i in range(obj.columnCount()):
                        item = obj.horizontalHeaderItem(i)
                        check("header", item.toolTip() if item is not None else "")
        assert not escaped, "\n".join(escaped)
        assert len([*window.findChildren(QWidget)]) > 200  # the scan saw the window
        assert not long_ones, "\n".join(long_ones)
    finally:
        study.close()
        compare.close()
