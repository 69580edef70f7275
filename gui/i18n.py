"""The interface language: Qt translators, the View > Language menu, translated config texts.

DQN Lab's strings go through Qt's translation (``translate(context, text)`` with literal
strings; a count as two strings, see :func:`count_text`); the German catalogue is
``resources/i18n/dqn_lab_de.qm`` (built from ``dqn_lab_de.ts`` by
``resources/i18n/build.sh``), and Qt's own ``qtbase_de.qm`` translates
the standard dialogs. The language follows the system locale unless View > Language chose
English or German (remembered in QSettings; it applies at the next start). The chosen locale
becomes Qt's default, so spin boxes read and show numbers the German way (decimal comma);
files (CSV, JSON, presets, TensorBoard) never go through a QLocale and stay locale-independent.

Config labels and help texts are core's English docstrings: they are translated here in the
"Config" context (their German texts are in the .ts file; ``resources/i18n/config_strings.py``
lists them for ``pyside6-lupdate``).
"""

from __future__ import annotations

import re
from importlib.resources import as_file, files

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QSettings,
    Qt,
    QTranslator,
)
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from dqn_lab.core.config import FIELD_LIST_PLACES, FIELD_PLACES, FIELDS, HELP, MESSAGES, fmt
from dqn_lab.core.messages import Message
from dqn_lab.core.presets import preset_title

translate = QCoreApplication.translate

SETTINGS_KEY = "language"
LANGUAGES = ("system", "en", "de")
SHIPPED = ("de",)  # the languages with a catalogue


def chosen_language(settings: QSettings) -> str:
    """The remembered choice: "system", "en" or "de"."""
    value = str(settings.value(SETTINGS_KEY, "system"))
    return value if value in LANGUAGES else "system"


def effective_language(choice: str, system: QLocale | None = None) -> str:
    """The language shown for ``choice``: "de" or "en" (the system's if it has a catalogue)."""
    if choice != "system":
        return choice
    name = (system or QLocale.system()).name().split("_")[0]
    return name if name in SHIPPED else "en"


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Load DQN Lab's and Qt's catalogues for ``language`` ("de" or "en") into ``app`` and
    make its locale Qt's default; the translators (kept alive on ``app``)."""
    for old in getattr(app, "_dqnlab_translators", []):
        app.removeTranslator(old)
    translators: list[QTranslator] = []
    if language == "de":
        QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
        qt = QTranslator(app)
        if qt.load(
            QLocale(QLocale.Language.German),
            "qtbase",
            "_",
            QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
        ):
            translators.append(qt)
        ours = QTranslator(app)
        with as_file(files("dqn_lab.resources") / "i18n" / "dqn_lab_de.qm") as path:
            if ours.load(str(path)):
                translators.append(ours)
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    for translator in translators:
        app.installTranslator(translator)
    app._dqnlab_translators = translators
    return translators


def early_translate(choice: str):
    """A ``translate(context, text)`` that works before the QApplication exists (for the
    start-up checks' terminal messages): DQN Lab's catalogue for the language of ``choice``
    (see :func:`effective_language`), read by a QTranslator of its own."""
    if effective_language(choice) != "de":
        return lambda _context, text: text
    catalogue = QTranslator()
    with as_file(files("dqn_lab.resources") / "i18n" / "dqn_lab_de.qm") as path:
        loaded = catalogue.load(str(path))

    def early(context: str, text: str) -> str:
        return (catalogue.translate(context, text) or text) if loaded else text

    return early


def add_language_menu(menu: QMenu, settings: QSettings, parent: QWidget | None = None) -> QMenu:
    """A "Language" submenu of ``menu``: System / English / Deutsch, remembered in
    ``settings``; a change applies at the next start (a note says so)."""
    sub = menu.addMenu(translate("Language", "&Language"))
    group = QActionGroup(sub)
    current = chosen_language(settings)
    names = {"system": translate("Language", "&System"), "en": "&English", "de": "&Deutsch"}
    for key in LANGUAGES:
        action = QAction(names[key], group, checkable=True)
        action.setChecked(key == current)
        action.setData(key)
        sub.addAction(action)

    def chosen(action: QAction) -> None:
        if action.data() == chosen_language(settings):
            return
        settings.setValue(SETTINGS_KEY, action.data())
        box = QMessageBox(
            QMessageBox.Icon.Information,
            translate("Language", "Language"),
            translate("Language", "The language changes when DQN Lab starts next time."),
            QMessageBox.StandardButton.Ok,
            parent,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # not modal to the app: the choice is already stored
        sub.note = box

    group.triggered.connect(chosen)
    return sub


def config_text(text: str) -> str:
    """A label, help text, group or unit of core.config in the interface language."""
    return translate("Config", text) if text else text


def config_error_text(exc: Exception | str) -> str:
    """A :class:`~dqn_lab.core.config.ConfigError` (or any error) as a message in the
    interface language: core's template translated in the "ConfigError" context (the
    catalogue lists :data:`~dqn_lab.core.config.MESSAGES` through config_strings.py), with
    the settings' translated labels for field names and numbers written the locale's way.
    Core's other templates (a preset file's errors) go through :func:`message_text`; an
    error without a template is shown as its (English) text."""
    template = getattr(exc, "template", "")
    if not template:
        return str(exc)
    if template not in CONFIG_TEMPLATES:  # another core template (a preset's, a file's)
        return message_text(Message(str(exc), template, exc.values))
    values = {
        place: field_label(value)
        if place in FIELD_PLACES
        else ", ".join(map(field_label, value))
        if place in FIELD_LIST_PLACES
        else value_text(value)
        for place, value in exc.values.items()
    }
    return translate("ConfigError", template).format(**values)


def message_text(text: str) -> str:
    """A core text in the interface language: a :class:`~dqn_lab.core.messages.Message`
    has its template translated in the "Core" context and filled with its values (Messages
    among them translated too, settings' names as their labels: see :func:`_core_value`);
    any other text is looked up as it is (a fixed core text such as
    ``presets.NOTEBOOK_FAILED``), or shown in English if the catalogue lacks it."""
    if isinstance(text, Message):
        if text.template in CONFIG_TEMPLATES:  # a config error inside a core message
            return config_error_text(text)
        values = {k: _core_value(k, v) for k, v in text.values.items()}
        translated = translate("Core", text.template)
        return translated.format(**values) if values else translated
    return translate("Core", text)


DECIMAL_RE = re.compile(r"^-?\d+\.\d+$")
# The places of core Messages that hold a figure core computed (core.presets.NOTEBOOK_FAILED).
FIGURE_PLACES = ("mean", "threshold")


def _core_value(place: str, value: object) -> object:
    """A value of a core Message as shown: Messages translated, settings named by their
    translated labels ({field} and {other} hold a field name, {fields} a list of them, as
    in core.config's MESSAGES and core.study's STUDY_MESSAGES)."""
    if isinstance(value, Message):
        return message_text(value)
    if place in FIELD_PLACES and isinstance(value, str):
        return field_label(value)
    if place in FIELD_LIST_PLACES and isinstance(value, (list, tuple)):
        return ", ".join(map(field_label, value))
    if place in FIGURE_PLACES and isinstance(value, str) and DECIMAL_RE.match(value):
        # a figure core wrote ("149.0"), not what the user typed (that stays as typed)
        return value.replace(".", ",") if QLocale().decimalPoint() == "," else value
    return value


def error_text(exc: BaseException) -> str:
    """A core error in the interface language: its ``message`` when that is a
    :class:`~dqn_lab.core.messages.Message` (bundle, file and preset errors), else as
    :func:`config_error_text` shows it (English when it has no template)."""
    message = getattr(exc, "message", None)
    if isinstance(message, Message):
        return message_text(message)
    return config_error_text(exc)


CONFIG_TEMPLATES = frozenset(MESSAGES.values())


def field_label(name: str) -> str:
    """A config field's label (its name if it has none) in the interface language."""
    f = FIELDS.get(name)
    return config_text(f.metadata["label"] or name) if f is not None else name


# The choices of the config's str fields as the settings show them (the files, the CLI and
# the presets keep the values).
CHOICES = {
    "naive": QT_TRANSLATE_NOOP("Choices", "Naive"),
    "dqn": "DQN",
    "constant": QT_TRANSLATE_NOOP("Choices", "constant"),
    "linear": QT_TRANSLATE_NOOP("Choices", "linear"),
    "multiplicative": QT_TRANSLATE_NOOP("Choices", "multiplicative"),
    "mse": QT_TRANSLATE_NOOP("Choices", "MSE"),
    "huber": QT_TRANSLATE_NOOP("Choices", "Huber"),
    "hard": QT_TRANSLATE_NOOP("Choices", "hard"),
    "soft": QT_TRANSLATE_NOOP("Choices", "soft"),
    "keras": QT_TRANSLATE_NOOP("Choices", "Keras (Glorot, zero biases)"),
    "torch": QT_TRANSLATE_NOOP("Choices", "PyTorch (uniform)"),
}


# The shipped presets' titles (core.presets reads them from the preset files) and the name of
# settings that differ from every preset.
PRESET_TITLES = (
    QT_TRANSLATE_NOOP("Presets", "Notebook"),
    QT_TRANSLATE_NOOP("Presets", "Notebook, fixed"),
    QT_TRANSLATE_NOOP("Presets", "Tuned"),
    QT_TRANSLATE_NOOP("Presets", "Custom"),
)


def preset_text(name: str) -> str:
    """Preset ``name`` as the interface shows it: a shipped preset's title, "Custom" for
    settings of no preset, a user's preset by its name."""
    return translate("Presets", "Custom" if name == "custom" else preset_title(name))


def choice_text(value: str) -> str:
    """A choice of a config field as the settings show it ("MSE" for 'mse'), in the
    interface language; a value without a label (an environment id) as it is."""
    label = CHOICES.get(value)
    return translate("Choices", label) if label else value


def help_text(name: str) -> str:
    """A config field's help (its docstring, also the CLI's) in the interface language, as a
    tooltip: other settings named by their labels in quotes, not by their keys, and its
    quoted choices ('linear') as the settings show them."""
    text = config_text(HELP.get(name, ""))
    text = _FIELD_KEY.sub(
        lambda m: m[0] if m[0] == name else QLocale().quoteString(field_label(m[0])), text
    )
    choices = FIELDS[name].metadata["choices"] if name in FIELDS else ()
    for value in choices:
        text = text.replace(f"'{value}'", QLocale().quoteString(choice_text(value)))
    return text


# The keys with an underscore, and the notebook's symbols alpha and tau: "episodes" or
# "epsilon" in a sentence is a word, not a key.
_FIELD_KEY = re.compile(
    r"\b(?:" + "|".join([n for n in FIELDS if "_" in n] + ["alpha", "tau"]) + r")\b"
)


def value_text(value: object) -> str:
    """A setting's value as core's ``fmt`` shows it, with a decimal comma in German."""
    text = fmt(value)
    if isinstance(value, float) and QLocale().decimalPoint() == ",":
        text = text.replace(".", ",")
    return text


def decimal(value: float, digits: int) -> str:
    """``value`` with ``digits`` decimals and the interface's decimal sign ("1.5" / "1,5")."""
    text = f"{value:.{digits}f}"
    if float(text) == 0:  # -0.001 shows as 0.00, not -0.00
        text = text.lstrip("-")
    return text.replace(".", ",") if QLocale().decimalPoint() == "," else text


def signed(value: float, digits: int) -> str:
    """``value`` with its sign and the interface's decimal sign ("+1.5", "-0,25")."""
    text = decimal(value, digits)
    return text if text.startswith("-") else "+" + text


def local_decimals(texts: list[str]) -> list[str]:
    """Numbers formatted by Python ("0.5", "1.5k") with the interface's decimal sign: the
    plots' tick labels, which pyqtgraph formats itself."""
    if QLocale().decimalPoint() != ",":
        return texts
    return [t.replace(".", ",") for t in texts]


def change_label(changes) -> str:
    """A live change, one line per setting, as the settings panel shows it: labels, and
    values with the interface's decimal sign ("Lernrate 0,00025→0,001")."""

    return "\n".join(
        f"{field_label(key)} {setting_text(old)}→{setting_text(new)}" for key, old, new in changes
    )


def setting_text(value: object) -> str:
    """A setting's value as the settings panel shows it: a choice by its label
    ("konstant"), a number with the interface's decimal sign."""
    return choice_text(value) if isinstance(value, str) else value_text(value)


def grouped(value: float, digits: int) -> str:
    """``value`` with ``digits`` decimals and digit grouping in the interface's way
    ("1,234.5" / "1.234,5")."""
    text = f"{value:,.{digits}f}"
    return text.translate(_SWAP) if QLocale().decimalPoint() == "," else text


_SWAP = str.maketrans(",.", ".,")


def protocol_label(eval_episodes: int, eval_seed: int) -> str:
    """core.stats.protocol_text (how a final policy was measured) in the interface language."""
    if eval_episodes <= 0:
        return translate("Protocol", "no greedy evaluation (training scores only)")
    text = (
        translate(
            "Protocol",
            "final policy: 1 greedy episode (no exploration) on a separate environment, "
            "evaluation seeds {1}..{2}",
        )
        if eval_episodes == 1
        else translate(
            "Protocol",
            "final policy: {0} greedy episodes (no exploration) on a separate environment, "
            "evaluation seeds {1}..{2}",
        )
    )
    return text.format(number(eval_episodes), eval_seed, eval_seed + eval_episodes - 1)


def unit_text(unit: str, value: float) -> str:
    """A config unit ("steps", "transitions") for ``value``: singular for exactly 1."""
    if unit.endswith("s") and value == 1:
        unit = unit[:-1]
    return config_text(unit)


def count_text(n: int, one: str, many: str) -> str:
    """``one`` for exactly 1, else ``many`` with the number grouped ("1,234 steps").

    Both are translated at the call: pyside6-lupdate does not reliably take ``%n`` plurals
    from Python, and German, like English, has one singular and one plural form."""
    return one if n == 1 else many.format(number(n))


def ends_text(ends: dict[str, int]) -> str:
    """How episodes ended (``core.training.evaluate_ends``): "7× the cart left the track,
    3× time limit", in the interface's language (the viewport's words)."""
    from dqn_lab.core.environment import END_WORDS

    return ", ".join(
        f"{number(n)}× {translate('Viewport', END_WORDS[end])}" for end, n in ends.items()
    )


def size_text(n: int) -> str:
    """A file's size: "1,8 MB", "36,2 kB" (decimal units, the interface's decimal sign)."""
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if round(n / size, 1) >= 1:  # 999,950 B is "1.0 MB", not "1000.0 kB"
            return f"{decimal(n / size, 1)} {unit}"
    return f"{n} B"


def number(value: float) -> str:
    """A whole number with the interface's digit grouping ("1,234" or "1.234")."""
    if QLocale().language() == QLocale.Language.German:
        return QLocale().toString(int(round(value)))
    return f"{round(value):,}"


# Names core uses for actions and state features (core.watch, core.environment), translated
# where the GUI shows them.
ACTIONS = (
    QT_TRANSLATE_NOOP("Actions", "push left"),
    QT_TRANSLATE_NOOP("Actions", "push right"),
    QT_TRANSLATE_NOOP("Actions", "no push"),
    QT_TRANSLATE_NOOP("Actions", "torque -1"),
    QT_TRANSLATE_NOOP("Actions", "no torque"),
    QT_TRANSLATE_NOOP("Actions", "torque +1"),
)
FEATURES = (
    QT_TRANSLATE_NOOP("Features", "cart position"),
    QT_TRANSLATE_NOOP("Features", "cart velocity"),
    QT_TRANSLATE_NOOP("Features", "pole angle"),
    QT_TRANSLATE_NOOP("Features", "pole angular velocity"),
)


def action_text(name: str) -> str:
    """An action's name in the interface language ("action 2" stays numbered)."""
    if name.startswith("action "):
        return translate("Actions", "action {0}").format(name[len("action ") :])
    return translate("Actions", name)


def feature_text(name: str) -> str:
    """A state feature's name in the interface language."""
    return translate("Features", name)
