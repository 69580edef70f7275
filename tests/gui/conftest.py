"""Shared GUI fixtures: a temporary QSettings file, a preset folder, main windows, and the app
in German."""

import gc

import pytest
from PySide6.QtCore import QLocale, QSettings

from dqn_lab.gui import i18n
from dqn_lab.gui.main_window import MainWindow


@pytest.fixture(autouse=True)
def collect_garbage_on_the_gui_thread():
    """No automatic garbage collection during a GUI test; collect on this thread after it.

    Otherwise the training thread can collect a previous test's Qt objects: a QObject
    destroyed off the GUI thread deadlocks with the GUI thread (seen here as a hang in
    ~QObject). The app does the same with pyqtgraph's GarbageCollector.
    """
    gc.collect()
    gc.disable()
    yield
    gc.enable()
    gc.collect()


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "dqn-lab.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def preset_dir(tmp_path):
    folder = tmp_path / "presets"
    folder.mkdir()
    return folder


@pytest.fixture
def make_window(qtbot, settings, preset_dir, tmp_path):
    """``make(config=None, **kw)``: a shown MainWindow on temporary settings and folders;
    every window is closed at the end and must have no training session left."""
    windows = []

    def make(config=None, **kw):
        kw.setdefault("preset_dir", preset_dir)
        window = MainWindow(config, settings=settings, **kw)
        window.model.data_dir = tmp_path / "data"
        # A modal question would hang the test: a test that expects one answers it.
        window.files.ask_unsaved = lambda: pytest.fail("unexpected unsaved-run question")
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
        assert window.model.session is None and not window.model.jobs.busy


@pytest.fixture
def german(qapp):
    """The app in German (catalogues and default locale), English again afterwards."""
    before = QLocale()
    loaded = i18n.install_translators(qapp, "de")
    yield loaded
    for translator in loaded:
        qapp.removeTranslator(translator)
    qapp._dqnlab_translators = []
    QLocale.setDefault(before)
