"""Shared GUI fixtures: a temporary QSettings file, a preset folder, and main windows."""

import pytest
from PySide6.QtCore import QSettings

from gui.main_window import MainWindow


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
        window.files.data_dir = tmp_path / "data"
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
        assert window.session is None
