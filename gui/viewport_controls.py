"""The viewport's controls, in groups that wrap onto as many rows as the dock's width
needs; they only emit what the user asked for.

Play/pause, single step, reset, speed (0.25x to 8x real time, or Max); who plays (the
agent, greedily, or you) and whether live training weights are followed ("Live"); nudge
the cart left/right; evaluate N greedy episodes; record the best of N.
No control takes the keyboard focus, so the arrow keys stay with the viewport.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QSpinBox,
    QStyle,
    QToolButton,
    QWidget,
)

from dqn_lab.core.watch import AGENT, HUMAN
from dqn_lab.gui.flow_layout import FlowLayout
from dqn_lab.gui.i18n import translate
from dqn_lab.gui.labels import wrapped_tip

#: (speed factor of real time, label); None runs as fast as possible.
SPEEDS = (
    (0.25, "0.25×"),
    (0.5, "0.5×"),
    (1.0, "1×"),
    (2.0, "2×"),
    (4.0, "4×"),
    (8.0, "8×"),
    (None, "Max"),
)


def speed_label(speed: float | None) -> str:
    if speed is None:
        return translate("Viewport", "Max")
    return QLocale().toString(float(speed), "g", 6) + "×"


class ViewportControls(QWidget):
    """Buttons, speed box and spin boxes of the viewport panel."""

    play_toggled = Signal()
    step_requested = Signal()
    reset_requested = Signal()
    speed_changed = Signal(object)  # float factor or None (Max)
    mode_changed = Signal(str)  # AGENT or HUMAN
    nudge_requested = Signal(int)  # -1 left, +1 right
    evaluate_requested = Signal(int)  # episodes
    record_requested = Signal(int)  # episodes

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        sp = QStyle.StandardPixmap
        self.play_button = self._button(
            translate("Viewport", "Play"),
            translate("Viewport", "Play / pause (Space)"),
            sp.SP_MediaPlay,
        )
        self.play_button.clicked.connect(self.play_toggled)
        self.step_button = self._button(
            "",
            translate("Viewport", "One environment step (while paused)"),
            sp.SP_MediaSkipForward,
            translate("Viewport", "Step"),
        )
        self.step_button.clicked.connect(self.step_requested)
        self.reset_button = self._button(
            "",
            translate("Viewport", "Start a new episode (R)"),
            sp.SP_BrowserReload,
            translate("Viewport", "New episode"),
        )
        self.reset_button.clicked.connect(self.reset_requested)
        self.speed_box = QComboBox(self)
        for value, _label in SPEEDS:
            self.speed_box.addItem(speed_label(value), value)
        self.speed_box.setCurrentIndex(2)
        self.speed_box.setToolTip(
            wrapped_tip(
                translate(
                    "Viewport",
                    "Speed relative to real time (CartPole: 50 steps "
                    "per second). Max: as fast as possible, frames "
                    "skipped.",
                )
            )
        )
        self.speed_box.setAccessibleName(translate("Viewport", "Speed"))
        self.speed_box.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # as the buttons (_button)
        self.speed_box.currentIndexChanged.connect(
            lambda i: self.speed_changed.emit(self.speed_box.itemData(i))
        )
        self.agent_button = self._button(
            translate("Viewport", "Agent"),
            translate("Viewport", "The agent acts greedily (epsilon 0)"),
        )
        self.human_button = self._button(
            translate("Viewport", "You"), translate("Viewport", "Play it yourself: hold ← / →")
        )
        for button, mode in ((self.agent_button, AGENT), (self.human_button, HUMAN)):
            button.setCheckable(True)
            button.setAutoExclusive(True)
            button.clicked.connect(lambda _=False, m=mode: self.mode_changed.emit(m))
        self.agent_button.setChecked(True)
        self.live_check = QCheckBox(translate("Viewport", "Live"), self)
        self.live_check.setChecked(True)
        self.live_check.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # as the buttons
        self.live_check.setToolTip(
            translate(
                "Viewport",
                "During training, watch the newest weights "
                "(swapped in at episode start or every few "
                "seconds).",
            )
        )
        self.nudge_left = self._button(
            "◀",
            translate("Viewport", "Nudge: kick the cart left (Shift+←)"),
            name=translate("Viewport", "Nudge left"),
        )
        self.nudge_left.clicked.connect(lambda: self.nudge_requested.emit(-1))
        self.nudge_right = self._button(
            "▶",
            translate("Viewport", "Nudge: kick the cart right (Shift+→)"),
            name=translate("Viewport", "Nudge right"),
        )
        self.nudge_right.clicked.connect(lambda: self.nudge_requested.emit(1))
        self.eval_spin = self._spin(10, 1000, translate("Viewport", "Greedy episodes to evaluate"))
        self.eval_button = self._button(
            translate("Viewport", "Evaluate"),
            translate("Viewport", "Play N greedy episodes: mean, min, max"),
        )
        self.eval_button.clicked.connect(
            lambda: self.evaluate_requested.emit(self.eval_spin.value())
        )
        self.record_spin = self._spin(
            3,
            100,
            translate("Viewport", "Episodes to play; the best one is exported"),
            prefix=translate("Viewport", "best of "),
        )
        self.record_button = self._button(
            translate("Viewport", "Record…"),
            translate("Viewport", "Export the best of N greedy episodes as a GIF or MP4"),
            sp.SP_DialogSaveButton,
        )
        self.record_button.clicked.connect(
            lambda: self.record_requested.emit(self.record_spin.value())
        )

        # Five groups that wrap onto more rows in a narrow dock (FlowLayout): playback, who
        # plays, nudges, evaluation, recording.
        flow = FlowLayout(self, spacing=8)
        for group in (
            (self.play_button, self.step_button, self.reset_button, self.speed_box),
            (self.agent_button, self.human_button, self.live_check),
            (self.nudge_left, self.nudge_right),  # tooltips say "Nudge": no label
            (self.eval_button, self.eval_spin),
            (self.record_button, self.record_spin),
        ):
            box = QWidget(self)
            row = FlowLayout(box, spacing=4)  # wraps only when the group is wider than the dock
            for w in group:
                row.addWidget(w)
            flow.addWidget(box)

    def _button(self, text: str, tip: str, icon=None, name: str = "") -> QToolButton:
        """A tool button; ``name`` is its accessible name when the button shows only an icon
        or a symbol (a screen reader then says "Step", not nothing or "right triangle")."""
        b = QToolButton(self)
        b.setText(text)
        b.setToolTip(tip)
        b.setAccessibleName(name or text)
        b.setAccessibleDescription(tip)
        # Tab reaches it (keyboard users); a click leaves the focus on the view, whose
        # arrow keys play and nudge
        b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        if icon is not None:
            b.setIcon(self.style().standardIcon(icon))
            b.setToolButtonStyle(
                Qt.ToolButtonStyle.ToolButtonTextBesideIcon
                if text
                else Qt.ToolButtonStyle.ToolButtonIconOnly
            )
        return b

    def _spin(
        self, value: int, high: int, tip: str, suffix: str = "", prefix: str = ""
    ) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(1, high)
        spin.setValue(value)
        spin.setSuffix(suffix)
        spin.setPrefix(prefix)
        spin.setToolTip(tip)
        spin.setAccessibleName(tip)
        return spin

    # -- showing the panel's state (no signals are emitted back) ----------------------------
    def show_playing(self, playing: bool) -> None:
        icon = (
            QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        )
        self.play_button.setIcon(self.style().standardIcon(icon))
        self.play_button.setText(
            translate("Viewport", "Pause") if playing else translate("Viewport", "Play")
        )
        self.play_button.setAccessibleName(self.play_button.text())
        self.step_button.setEnabled(not playing)

    def show_speed(self, speed: float | None) -> None:
        index = self.speed_box.findData(speed)
        if index >= 0 and index != self.speed_box.currentIndex():
            self.speed_box.blockSignals(True)
            self.speed_box.setCurrentIndex(index)
            self.speed_box.blockSignals(False)

    def show_mode(self, mode: str) -> None:
        (self.agent_button if mode == AGENT else self.human_button).setChecked(True)

    def show_busy(self, busy: bool) -> None:
        self.eval_button.setEnabled(not busy)
        self.record_button.setEnabled(not busy)

    def show_nudge_enabled(self, enabled: bool) -> None:
        self.nudge_left.setEnabled(enabled)
        self.nudge_right.setEnabled(enabled)
