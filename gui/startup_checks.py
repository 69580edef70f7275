"""Checks before and right after the window opens: clear messages instead of tracebacks.

``display_problem()`` runs before the ``QApplication`` exists (Qt would abort with a
platform-plugin error); ``missing_packages_problem()`` after the window shows (it only
asks ``importlib`` whether TensorFlow & co. are installed, without importing them), and
``warn_missing_packages(parent)`` shows its message in a dialog.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from typing import Mapping

Need = tuple[str, str, str]   # (import name, pip name, what it is needed for)
REQUIRED: tuple[Need, ...] = (
    ("tensorflow", "tensorflow", "training and evaluating agents"),
    ("keras", "keras", "the agents' neural networks"),
    ("gymnasium", "gymnasium", "the CartPole environment"),
    ("pygame", "pygame", "drawing the cart and pole"))


def display_problem(env: Mapping[str, str] | None = None,
                    platform: str | None = None) -> str | None:
    """A one-line hint when Linux has no display for Qt, else None."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if not platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return None
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM"):
        return None
    return ("dqn-lab: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set). Start it "
            "from a desktop session (or over 'ssh -X'), or train headless: "
            "'python main.py train --help'.")


def find_missing(modules: tuple[Need, ...] = REQUIRED) -> list[Need]:
    """The entries of ``modules`` whose import name cannot be found (nothing is imported)."""
    missing = []
    for entry in modules:
        try:
            found = importlib.util.find_spec(entry[0]) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            missing.append(entry)
    return missing


def missing_packages_problem(missing: list[Need] | None = None) -> str | None:
    """A user-facing message naming what is missing, why it matters and how to install it."""
    missing = find_missing() if missing is None else missing
    if not missing:
        return None
    what = "; ".join(f"{pip} (for {why})" for _, pip, why in missing)
    pips = " ".join(pip for _, pip, _ in missing)
    return (f"DQN Lab cannot train without these packages: {what}. The window works, but "
            f"Start and Evaluate will fail until you install them into this Python:\n\n"
            f"    {sys.executable} -m pip install {pips}")


def tensorflow_problem() -> str | None:
    """The message for a missing TensorFlow (or Keras), else None."""
    return missing_packages_problem(find_missing(REQUIRED[:2]))


def warn_missing_packages(parent=None):
    """Show :func:`missing_packages_problem` in a non-modal warning; return the box or None.

    With a ``parent`` Qt keeps the box alive; without one, keep the returned reference.
    """
    message = missing_packages_problem()
    if not message:
        return None
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, "Packages missing", message,
                      QMessageBox.StandardButton.Ok, parent)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setModal(False)
    box.show()
    return box
