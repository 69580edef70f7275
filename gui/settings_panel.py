"""The hyperparameter panel, generated from ``dqn_lab.core.config.FIELDS``.

One group box per config group; per numeric field a slider and a spin box kept in sync with
``QSignalBlocker`` (log-scaled for wide ranges), combo boxes for choices, check boxes for
flags and a line edit for the hidden layer sizes. Tooltips are the fields' docstrings
(``HELP``); ranges come from the field metadata, so out-of-range values cannot be typed.

Every edit builds a candidate with ``Config.replace``; when the core rejects it (a rule
across fields) the message is shown in red, the edited widgets are marked, and nothing is
applied until the conflict is resolved: the panel never clamps silently. While a run is
active, fields that cannot change are disabled and live edits are debounced (300 ms) and
emitted as one ``live_change`` dict for ``TrainingControl.change``.
"""

from __future__ import annotations

import math
import string
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QRegularExpressionValidator, QValidator
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dqn_lab.core.config import (
    ENVIRONMENTS,
    FIELD_TYPES,
    FIELDS,
    GROUPS,
    LIVE_FIELDS,
    Config,
    ConfigError,
    fmt,
)
from dqn_lab.gui.i18n import (
    choice_text,
    config_error_text,
    config_text,
    help_text,
    preset_text,
    translate,
    unit_text,
)
from dqn_lab.gui.labels import WrappingLabel, wrapped_tip

SLIDER_STEPS = 1000
DEBOUNCE_MS = 300
NO_SLIDER = ("seed",)
ERROR_STYLE = "background: #fde2e2;"
MIN_WIDTH = 240  # the panel's least width (it scrolls below its fields' width)


class SliderScale:
    """Maps a field's range onto slider positions 0..SLIDER_STEPS, linearly or logarithmically.

    Log scale for ``log`` fields and for whole numbers spanning three decades or more; a
    lower bound of 0 sits at position 0 and the rest of the slider is geometric.
    """

    def __init__(self, low: float, high: float, log: bool, integer: bool) -> None:
        self.low, self.high, self.integer = low, high, integer
        self.log = log or (integer and high / max(low, 1) >= 1000)
        self.log_low = low if low > 0 else (1.0 if integer else high * 1e-6)

    def value(self, pos: int) -> float:
        if self.log:
            if pos <= 0:
                v = self.low
            else:
                v = self.log_low * (self.high / self.log_low) ** (pos / SLIDER_STEPS)
        else:
            v = self.low + (self.high - self.low) * pos / SLIDER_STEPS
        if self.integer:
            return int(round(v))
        return float(f"{v:.3g}") if self.log else float(f"{v:.4g}")

    def position(self, value: float) -> int:
        if self.log:
            if value <= self.low or value < self.log_low:
                return 0
            frac = math.log(value / self.log_low) / math.log(self.high / self.log_low)
        else:
            frac = (value - self.low) / (self.high - self.low)
        return int(round(min(max(frac, 0.0), 1.0) * SLIDER_STEPS))


def local_float(widget: QWidget, text: str) -> float:
    """``text`` as a number in ``widget``'s locale: a German decimal comma is read as the
    point (the value itself, and so every file written from it, is locale-independent)."""
    if widget.locale().decimalPoint() == ",":
        text = text.replace(",", ".")
    return float(text)


def typed_number(box: QAbstractSpinBox, text: str) -> float | None:
    """The number typed into ``box`` (without its prefix and unit), None if not one."""
    text = text.strip()
    if box.prefix() and text.startswith(box.prefix()):
        text = text[len(box.prefix()) :]
    try:  # the unit may be singular or plural ("1 step"): strip any trailing word
        value = local_float(box, text.rstrip(string.ascii_letters + " "))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class IntSpinBox(QSpinBox):
    """A spin box that reports a whole number typed outside its range (``out_of_range``)
    instead of reverting it silently; Qt then shows the last valid value again."""

    out_of_range = Signal(float)

    def validate(self, text: str, pos: int):
        state, text, pos = super().validate(text, pos)
        if state == QValidator.State.Invalid and typed_number(self, text) is not None:
            state = QValidator.State.Intermediate  # typed on, then refused with a message
        return state, text, pos

    def fixup(self, text: str) -> str:
        value = typed_number(self, text)
        if value is not None and not self.minimum() <= value <= self.maximum():
            self.out_of_range.emit(value)
        return super().fixup(text)


class FloatSpinBox(QDoubleSpinBox):
    """A double spin box that shows values in short ``%g`` form (0.001, not 0.0010000) and
    reports a number typed outside its range (``out_of_range``)."""

    out_of_range = Signal(float)

    def __init__(self, low: float, high: float) -> None:
        super().__init__()
        self.setDecimals(12)
        self.setRange(low, high)
        self.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)

    def textFromValue(self, value: float) -> str:  # noqa: N802 - Qt override
        text = f"{value:.6g}"
        return text.replace(".", ",") if self.locale().decimalPoint() == "," else text

    def valueFromText(self, text: str) -> float:  # noqa: N802 - Qt override
        return local_float(self, text)

    def validate(self, text: str, pos: int) -> QValidator.State:
        try:
            value = local_float(self, text)
        except ValueError:
            return QValidator.State.Intermediate
        if not math.isfinite(value):
            return QValidator.State.Invalid
        if self.minimum() <= value <= self.maximum():
            return QValidator.State.Acceptable
        return QValidator.State.Intermediate

    def fixup(self, text: str) -> str:
        value = typed_number(self, text)
        if value is not None and not self.minimum() <= value <= self.maximum():
            self.out_of_range.emit(value)
        return text


class FieldEditor(QWidget):
    """The editor of one config field; ``edited`` carries the user's new value."""

    edited = Signal(str, object)
    out_of_range = Signal(str, object)  # a typed value outside the field's range

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        meta = FIELDS[name].metadata
        kind = FIELD_TYPES[name]
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.slider: QSlider | None = None
        self.scale: SliderScale | None = None
        self._plural_unit: str | None = None
        if kind is bool:
            self.input = QCheckBox()
            self.input.toggled.connect(self._emit)
        elif kind is str:
            self.input = QComboBox()  # the label shown, the value as the item's data
            for value in meta["choices"] or (ENVIRONMENTS if name == "env_id" else ()):
                self.input.addItem(choice_text(value), value)
            self.input.currentIndexChanged.connect(lambda _: self._emit(self.value()))
        elif kind is tuple:
            self.input = QLineEdit()
            self.input.setValidator(QRegularExpressionValidator(r"[0-9,; ]*"))
            self.input.setPlaceholderText(translate("Settings", "e.g. 32, 32"))
            self.input.editingFinished.connect(lambda: self._emit(self.input.text()))
        else:
            integer = kind is int
            if integer:
                self.input = IntSpinBox()
                self.input.setRange(int(meta["low"]), int(meta["high"]))
                self.input.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
            else:
                self.input = FloatSpinBox(meta["low"], meta["high"])
            if meta["unit"]:
                self.input.setSuffix(f" {unit_text(meta['unit'], FIELDS[name].default)}")
                if integer and meta["unit"].endswith("s"):  # "1 step", "2 steps"
                    self._plural_unit = meta["unit"]
            self.input.setKeyboardTracking(False)  # emit on Enter / focus out, not per key
            self.input.valueChanged.connect(self._spin_changed)
            self.input.out_of_range.connect(
                lambda v, integer=integer: self.out_of_range.emit(
                    name, int(v) if integer and float(v).is_integer() else v
                )
            )
            if name not in NO_SLIDER:
                self.scale = SliderScale(meta["low"], meta["high"], meta["log"], integer)
                self.slider = QSlider(Qt.Orientation.Horizontal)
                self.slider.setRange(0, SLIDER_STEPS)
                self.slider.setMinimumWidth(20)
                self.slider.valueChanged.connect(self._slider_moved)
                layout.addWidget(self.slider, 2)
            # Room for a value one digit longer than the default, with its unit ("100000
            # transitions"), and the arrows; the slider gives way first.
            sample = f"{fmt(FIELDS[name].default)}0{self.input.suffix()}"
            self.input.setMinimumWidth(
                min(170, max(76, self.input.fontMetrics().horizontalAdvance(sample) + 30))
            )
        layout.addWidget(self.input, 3)
        tip = help_text(name)
        if self.scale is not None and self.scale.log:
            tip += translate("Settings", " (slider: logarithmic scale)")
        self.setToolTip(wrapped_tip(tip))
        label = config_text(FIELDS[name].metadata["label"] or name)
        self.input.setAccessibleName(label)
        self.input.setAccessibleDescription(tip)
        if self.slider is not None:
            self.slider.setAccessibleName(translate("Settings", "{0} slider").format(label))
            self.slider.setAccessibleDescription(tip)

    # -- value in and out -------------------------------------------------------------------
    def value(self) -> Any:
        w = self.input
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QLineEdit):
            return w.text()
        return w.value()

    def set_value(self, value: Any) -> None:
        """Show ``value`` without emitting ``edited`` (no feedback loops)."""
        w = self.input
        with QSignalBlocker(w):
            if isinstance(w, QCheckBox):
                w.setChecked(bool(value))
            elif isinstance(w, QComboBox):
                if w.findData(str(value)) < 0:  # an environment the list does not have
                    w.addItem(choice_text(str(value)), str(value))
                w.setCurrentIndex(w.findData(str(value)))
            elif isinstance(w, QLineEdit):
                w.setText(fmt(value).replace(",", ", "))
            else:
                w.setValue(value)
        self._sync_slider(value)

    def _show_unit(self, value: Any) -> None:
        if self._plural_unit is not None:
            unit = self._plural_unit
            self.input.setSuffix(f" {unit_text(unit, value)}")

    def _sync_slider(self, value: Any) -> None:
        self._show_unit(value)
        if self.slider is not None and self.scale is not None:
            with QSignalBlocker(self.slider):
                self.slider.setValue(self.scale.position(value))

    def _spin_changed(self, value: float) -> None:
        self._sync_slider(value)
        self._emit(value)

    def _slider_moved(self, pos: int) -> None:
        value = self.scale.value(pos)
        with QSignalBlocker(self.input):
            self.input.setValue(value)
        self._show_unit(self.input.value())
        self._emit(self.input.value())

    def _emit(self, value: Any) -> None:
        self.edited.emit(self.name, value)

    def set_marked(self, marked: bool) -> None:
        self.input.setStyleSheet(ERROR_STYLE if marked else "")


class SettingsPanel(QWidget):
    """Every hyperparameter of the next (or running) run; see the module docstring."""

    title = "Settings"
    config_changed = Signal(object)  # the applied Config
    live_change = Signal(object)  # dict of live settings for TrainingControl.change

    def __init__(
        self, config: Config | None = None, preset_name: str = "seed", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._config = config or Config()
        self.preset_name = preset_name
        self.preset_config = self._config
        self._pending: dict[str, Any] = {}  # edits the core rejected, still shown
        self._live: dict[str, Any] = {}  # accepted live edits waiting for the debounce
        self._running = False
        self.editors: dict[str, FieldEditor] = {}

        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        # Wraps beside the button in a narrow dock (the German "Eigene, aus Notebook,
        # korrigiert (geändert)" was cut under "Auf Voreinstellung zurücksetzen")
        self.preset_label = WrappingLabel(in_row=True, min_width=80)
        self.reset_button = QPushButton(translate("Settings", "Reset to preset"))
        self.reset_button.setToolTip(
            translate("Settings", "Set every field back to the chosen preset's value.")
        )
        self.reset_button.clicked.connect(self.reset_to_preset)
        top.addWidget(self.preset_label, 1)
        top.addWidget(self.reset_button)
        outer.addLayout(top)
        # Below the fields (added after them): shown at the top, they pushed every field
        # down under the mouse, which made the next click land on another setting.
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error_label.hide()
        self.run_note = QLabel(translate("Settings", "Greyed settings cannot change during a run."))
        self.run_note.setStyleSheet("color: #666;")
        self.run_note.hide()

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        for group in GROUPS:
            box = QGroupBox(config_text(group.capitalize()))
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for name, f in FIELDS.items():
                if f.metadata["group"] != group:
                    continue
                editor = FieldEditor(name)
                editor.edited.connect(self._on_edited)
                editor.out_of_range.connect(self._on_out_of_range)
                label = QLabel(config_text(f.metadata["label"] or name))
                label.setToolTip(wrapped_tip(help_text(name)))
                label.setBuddy(editor.input)
                form.addRow(label, editor)
                self.editors[name] = editor
            body_layout.addWidget(box)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # Narrower than its fields (a small screen), the panel scrolls sideways too,
        # rather than keeping the whole window wide.
        scroll.setMinimumWidth(MIN_WIDTH)
        self._scroll = scroll
        outer.addWidget(scroll, 1)
        outer.addWidget(self.error_label)
        outer.addWidget(self.run_note)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.flush_live)
        self._show_all()

    def fields_width(self) -> int:
        """The width at which every field shows whole (no sideways scrolling)."""
        scroll = self._scroll
        return (
            self.width()
            - scroll.width()
            + scroll.widget().minimumSizeHint().width()
            + scroll.verticalScrollBar().sizeHint().width()
        )

    # -- state ------------------------------------------------------------------------------
    @property
    def config(self) -> Config:
        """The applied (valid) config; rejected edits are not part of it."""
        return self._config

    @property
    def error(self) -> str:
        return self.error_label.text() if not self.error_label.isHidden() else ""

    @property
    def has_rejected_edits(self) -> bool:
        """Fields show values the config refused (marked red): Start would not use them."""
        return bool(self._pending)

    def set_config(self, config: Config, preset_name: str | None = None) -> None:
        """Show ``config`` (and make it the preset if ``preset_name`` is given)."""
        if preset_name is not None:
            self.preset_name, self.preset_config = preset_name, config
        self._pending.clear()
        self._config = config
        self._show_all()
        self._set_error("")
        self.config_changed.emit(config)

    def edit(self, name: str, value: Any) -> None:
        """Apply a user edit as if typed into the field's widget (used by the toolbar)."""
        self.edit_many({name: value})

    def edit_many(self, changes: dict[str, Any]) -> None:
        """Apply several user edits at once (one candidate config, one validation)."""
        if self._running:
            changes = {n: v for n, v in changes.items() if n in LIVE_FIELDS}
        for name, value in changes.items():
            self.editors[name].set_value(value)
        self._pending.update(changes)
        if changes:
            self._apply(dict(self._pending))

    def reset_to_preset(self) -> None:
        """Back to the preset; during a run only the live fields change (live)."""
        if not self._running:
            self.set_config(self.preset_config)
            return
        changes = {n: getattr(self.preset_config, n) for n in LIVE_FIELDS}
        self._pending.clear()
        self._apply(changes)

    def set_running(self, running: bool) -> None:
        """Grey out fields that cannot change during a run."""
        self._running = running
        for name, editor in self.editors.items():
            editor.setEnabled(not running or name in LIVE_FIELDS)
        self.run_note.setVisible(running)
        if not running:
            self._debounce.stop()
            self._live.clear()

    def show_rejection(self, message: str) -> None:
        """Show a change the running loop rejected (core's message, in the interface
        language when it keeps its parts: ``ConfigError.message``)."""
        self._set_error(config_error_text(message))

    # -- edits ------------------------------------------------------------------------------
    def _on_edited(self, name: str, value: Any) -> None:
        if self._running and name not in LIVE_FIELDS:
            self.editors[name].set_value(getattr(self._config, name))
            return
        self._pending[name] = value
        self._apply(dict(self._pending))

    def _on_out_of_range(self, name: str, value: Any) -> None:
        """A value typed outside the field's range: the spin box shows the last valid value
        again; say why in red (the core's message) and mark the field until the next
        accepted edit."""
        if self._running and name not in LIVE_FIELDS:
            return
        try:
            self._config.replace(**{name: value})
            return  # the core takes it after all
        except ConfigError as exc:
            self._set_error(config_error_text(exc))
        # One message, so one out-of-range field marked (its box shows a valid value again),
        # besides edits still waiting for a valid combination.
        for other, editor in self.editors.items():
            editor.set_marked(other == name or other in self._pending)

    def _apply(self, changes: dict[str, Any]) -> None:
        try:
            candidate = self._config.replace(**changes)
        except ConfigError as exc:
            self._set_error(config_error_text(exc))
            for name, editor in self.editors.items():
                editor.set_marked(name in self._pending)
            return
        old = self._config
        self._pending.clear()
        self._config = candidate
        self._set_error("")
        for name, editor in self.editors.items():
            editor.set_marked(False)
            if name in changes and editor.value() != getattr(candidate, name):
                editor.set_value(getattr(candidate, name))
        if self._running:
            live = {
                n: getattr(candidate, n)
                for n in changes
                if getattr(candidate, n) != getattr(old, n)
            }
            if live:
                self._live.update(live)
                self._debounce.start()
        self._update_preset_label()
        self.config_changed.emit(candidate)

    def flush_live(self) -> None:
        """Emit the accepted live edits now (the debounce timer calls this)."""
        self._debounce.stop()
        if self._live:
            changes, self._live = self._live, {}
            self.live_change.emit(changes)

    # -- display ----------------------------------------------------------------------------
    def _show_all(self) -> None:
        for name, editor in self.editors.items():
            editor.set_value(getattr(self._config, name))
            editor.set_marked(False)
        self._update_preset_label()

    def _update_preset_label(self) -> None:
        # "Custom" as on the toolbar once the values differ from the preset's.
        # (settings of no preset changed again are still "Custom", not "from Custom")
        same = self._config == self.preset_config or self.preset_name == "custom"
        self.preset_label.setText(
            translate("Settings", "Preset: <b>{0}</b>").format(preset_text(self.preset_name))
            if same
            else translate("Settings", "Preset: <b>{1}</b>, from <b>{0}</b> (changed)").format(
                preset_text(self.preset_name), preset_text("custom")
            )
        )

    def _set_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))
