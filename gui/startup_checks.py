"""Checks before and right after the window opens: clear messages instead of tracebacks.

``display_problem()`` runs before the ``QApplication`` exists (Qt would abort with a
platform-plugin error when there is no display or its X11 plugin misses a system library);
``missing_packages_problem()`` after the window shows (it only asks ``importlib`` whether
TensorFlow & co. are installed, without importing them), and
``warn_missing_packages(parent)`` shows its message in a dialog.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import sys
from collections.abc import Callable, Mapping

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

Need = tuple[str, str, str]  # (import name, pip name, what it is needed for)
REQUIRED: tuple[Need, ...] = (
    ("tensorflow", "tensorflow", QT_TRANSLATE_NOOP("Startup", "training and evaluating agents")),
    ("keras", "keras", QT_TRANSLATE_NOOP("Startup", "the agents' neural networks")),
    ("gymnasium", "gymnasium", QT_TRANSLATE_NOOP("Startup", "the CartPole environment")),
    ("pygame", "pygame", QT_TRANSLATE_NOOP("Startup", "drawing the cart and pole")),
)


#: The system libraries Qt's X11 platform plugin (xcb) loads, and the Debian/Ubuntu
#: package of each (Qt >= 6.5 needs xcb-cursor; minimal installs often lack the xcb-util
#: ones). The README's "Needs" paragraph lists the same packages.
XCB_LIBRARIES: tuple[tuple[str, str], ...] = (
    ("libxcb.so.1", "libxcb1"),
    ("libX11-xcb.so.1", "libx11-xcb1"),
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-image.so.0", "libxcb-image0"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-randr.so.0", "libxcb-randr0"),
    ("libxcb-render.so.0", "libxcb-render0"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxcb-shape.so.0", "libxcb-shape0"),
    ("libxcb-shm.so.0", "libxcb-shm0"),
    ("libxcb-sync.so.1", "libxcb-sync1"),
    ("libxcb-util.so.1", "libxcb-util1"),
    ("libxcb-xfixes.so.0", "libxcb-xfixes0"),
    ("libxcb-xkb.so.1", "libxcb-xkb1"),
    ("libxkbcommon.so.0", "libxkbcommon0"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libGL.so.1", "libgl1"),
    ("libEGL.so.1", "libegl1"),
    ("libfontconfig.so.1", "libfontconfig1"),
    ("libdbus-1.so.3", "libdbus-1-3"),
)
UNIX = ("linux", "freebsd", "openbsd", "netbsd")


def library_loads(soname: str) -> bool:
    """Whether the dynamic loader finds and loads ``soname`` (as Qt's plugin would)."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def would_use_xcb(env: Mapping[str, str]) -> bool:
    """Whether Qt would pick its X11 (xcb) platform plugin in ``env``."""
    chosen = env.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0].strip()
    if chosen:
        return chosen == "xcb"
    wayland = bool(env.get("WAYLAND_DISPLAY")) and env.get("XDG_SESSION_TYPE") == "wayland"
    return bool(env.get("DISPLAY")) and not wayland


def missing_xcb_libraries(loads: Callable[[str], bool] = library_loads) -> list[tuple[str, str]]:
    """(library, Debian/Ubuntu package) of every X11 library Qt needs that does not load."""
    return [(lib, package) for lib, package in XCB_LIBRARIES if not loads(lib)]


def english(_context: str, text: str) -> str:
    """The untranslated text: the default ``translate`` before a catalogue is loaded."""
    return text


def display_problem(
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    loads: Callable[[str], bool] = library_loads,
    translate: Callable[[str, str], str] = english,
) -> str | None:
    """A one-line hint when Linux has no display for Qt, or when Qt's X11 plugin would fail
    to load for lack of a system library (Qt aborts with "could not load the Qt platform
    plugin xcb"), else None. ``loads`` checks one library (tests simulate missing ones).
    It runs before the QApplication exists, so ``translate(context, text)`` is passed in
    (:func:`dqn_lab.gui.i18n.early_translate`); English by default."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if not platform.startswith(UNIX):
        return None
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM")):
        return translate(
            "Startup",
            "no display found (neither DISPLAY nor WAYLAND_DISPLAY is set). Start it "
            "from a desktop session (or over 'ssh -X'), or train headless: "
            "'python main.py train --help'.",
        )
    if not would_use_xcb(env):
        return None
    missing = missing_xcb_libraries(loads)
    if not missing:
        return None
    libraries = ", ".join(lib for lib, _ in missing)
    packages = " ".join(package for _, package in missing)
    return translate(
        "Startup",
        "Qt's X11 platform plugin (xcb) cannot load: missing {0}. On Debian or Ubuntu "
        "install them with 'sudo apt install {1}' (other systems: the packages that provide "
        "these files), or train headless: 'python main.py train --help'.",
    ).format(libraries, packages)


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
    translate = QCoreApplication.translate
    what = "; ".join(
        translate("Startup", "{0} (for {1})").format(pip, translate("Startup", why))
        for _, pip, why in missing
    )
    pips = " ".join(pip for _, pip, _ in missing)
    return (
        translate(
            "Startup",
            "DQN Lab cannot train without these packages: {0}. The window "
            "works, but Start and Evaluate will fail until you install them "
            "into this Python:",
        ).format(what)
        + f"\n\n    {sys.executable} -m pip install {pips}"
    )


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

    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("Startup", "Packages missing"),
        message,
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setModal(False)
    box.show()
    return box
