"""The Training priority preference: whether the training thread runs below the window.

"Normal" runs training at the window's own priority: on a busy machine it gets the same
share of a CPU as any other program, so a run in the app is about as fast as the same run
headless. "Lower" runs it ``BACKGROUND_NICE`` nice levels below the window (Linux): the
window wins every contended CPU, at the price of a much smaller share for training when
other programs keep the CPUs busy. ``benchmarks/app_priority.py`` measures both.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from dqn_lab.gui.i18n import translate
from dqn_lab.gui.labels import wrapped_tip
from dqn_lab.gui.worker import BACKGROUND_NICE

SETTINGS_KEY = "training/priority"
PRIORITIES = ("normal", "lower")
DEFAULT = "normal"


def chosen_priority(settings: QSettings) -> str:
    value = str(settings.value(SETTINGS_KEY, DEFAULT))
    return value if value in PRIORITIES else DEFAULT


def training_nice(priority: str) -> int:
    """Nice levels below the window for the training thread."""
    return BACKGROUND_NICE if priority == "lower" else 0


def add_priority_menu(menu: QMenu, settings: QSettings, apply) -> QMenu:
    """A "Training priority" submenu of ``menu``, remembered in ``settings``; ``apply(nice)``
    is called with the choice (it takes effect from the next Start)."""
    sub = menu.addMenu(translate("Priority", "Training &priority"))
    sub.setToolTipsVisible(True)
    group = QActionGroup(sub)
    names = {
        "normal": translate("Priority", "&Normal (training as fast as headless)"),
        "lower": translate("Priority", "&Lower (the window first on a busy machine)"),
    }
    tips = {
        "normal": translate(
            "Priority", "Training gets the same share of the CPU as other programs."
        ),
        "lower": translate(
            "Priority",
            "The window stays smoothest, but training slows down a lot while other "
            "programs keep the CPU busy. Applies from the next Start.",
        ),
    }
    current = chosen_priority(settings)
    for key in PRIORITIES:
        action = QAction(names[key], group, checkable=True)
        action.setChecked(key == current)
        action.setData(key)
        action.setToolTip(wrapped_tip(tips[key]))
        sub.addAction(action)

    def chosen(action: QAction) -> None:
        settings.setValue(SETTINGS_KEY, action.data())
        apply(training_nice(action.data()))

    group.triggered.connect(chosen)
    apply(training_nice(current))
    return sub
