"""The About dialog, the app icon and the app's identity (name, version, desktop file).

Versions come from ``importlib.metadata`` (DQN Lab's own through
:func:`dqn_lab.core.resources.app_version`): reading TensorFlow's version this way does not import
TensorFlow on the GUI thread. The icons are package data found through
:mod:`dqn_lab.core.resources`, so an installed copy shows them too.
"""

from __future__ import annotations

import platform
from importlib import metadata

from PySide6 import __version__ as PYSIDE_VERSION
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, qVersion
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dqn_lab.core import resources
from dqn_lab.gui.i18n import translate

APP_NAME = "DQN Lab"
APP_ID = "dqn-lab"  # the .desktop file's name, StartupWMClass and Wayland app id
DESCRIPTION = QT_TRANSLATE_NOOP(
    "About",
    "A desktop simulator to learn, tune and compare "
    "Deep Q-Learning agents "
    "(a naive deep Q agent and DQN) on Gymnasium's CartPole.",
)
#: (label, distribution names to try) of the libraries shown in the dialog.
LIBRARIES = (
    (
        "TensorFlow",
        ("tensorflow", "tensorflow-cpu", "tensorflow-intel", "tensorflow-macos", "tf-nightly"),
    ),
    ("Keras", ("keras",)),
    ("Gymnasium", ("gymnasium",)),
    ("NumPy", ("numpy",)),
    ("pygame", ("pygame", "pygame-ce")),
    ("pyqtgraph", ("pyqtgraph",)),
)


def dist_version(*names: str) -> str | None:
    """The installed version of the first distribution of ``names`` found, else None."""
    for name in names:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return None


def app_version() -> str:
    """DQN Lab's version as shown: marked when this is a checkout that was never installed."""
    version = resources.app_version()
    if resources.installed_version() is None and version != "unknown":
        return f"{version} (source checkout)"
    return version


def versions() -> list[tuple[str, str]]:
    """(name, version) of DQN Lab, Python, Qt, PySide6 and the libraries; no heavy imports."""
    rows = [
        (APP_NAME, app_version()),
        ("Python", f"{platform.python_version()} ({platform.python_implementation()})"),
        ("Qt", qVersion()),
        ("PySide6", PYSIDE_VERSION),
    ]
    rows += [(label, dist_version(*names) or "not installed") for label, names in LIBRARIES]
    rows.append(("System", f"{platform.system()} {platform.release()} ({platform.machine()})"))
    return rows


def versions_text() -> str:
    """The versions as plain text, one per line (for bug reports)."""
    return "\n".join(f"{name}: {version}" for name, version in versions())


def app_icon() -> QIcon:
    """The app icon from the shipped icons (every PNG size plus the SVG)."""
    icon_dir = resources.path("icons")
    icon = QIcon()
    for png in sorted((icon_dir / "hicolor").glob("*x*/apps/dqn-lab.png")):
        icon.addFile(str(png))
    svg = icon_dir / "dqn-lab.svg"
    if svg.is_file():
        icon.addFile(str(svg))
    return icon


def set_app_identity(app: QGuiApplication) -> None:
    """Name, version, icon and desktop file of the running app.

    ``applicationName`` 'dqn-lab' becomes the X11 WM_CLASS (the .desktop file's
    StartupWMClass) and ``desktopFileName`` the Wayland app id, so the shell groups the
    window under the installed launcher and shows its icon.
    """
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(resources.app_version())
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())


class AboutDialog(QDialog):
    """What DQN Lab is, and the versions of everything it runs on (copyable)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("About", "About {0}").format(APP_NAME))
        self.rows = versions()

        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(96, 96))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        title = QLabel(
            f"<h2 style='margin:0'>{APP_NAME}</h2><p>"
            + translate("About", "Version {0}").format(self.rows[0][1])
            + f"</p><p>{translate('About', DESCRIPTION)}</p><p>"
            + translate("About", "Built from a lab notebook on deep Q-learning. MIT licence.")
            + "</p>"
        )
        title.setWordWrap(True)
        title.setMinimumWidth(340)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.version_labels: dict[str, QLabel] = {}
        for name, version in self.rows[1:]:
            label = QLabel(version)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(f"{name}:", label)
            self.version_labels[name] = label

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        copy = QPushButton(translate("About", "Copy versions"))
        copy.setToolTip(
            translate("About", "Copy these versions to the clipboard, e.g. for a bug report.")
        )
        copy.clicked.connect(self.copy_versions)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)

        top = QHBoxLayout()
        top.addWidget(icon)
        text = QVBoxLayout()
        text.addWidget(title)
        text.addLayout(form)
        top.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)

    def copy_versions(self) -> None:
        QApplication.clipboard().setText(versions_text())
