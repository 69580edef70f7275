"""Presets in the Preset menu and the toolbar: the seed's, the tuned ones and the user's own.

User presets are JSON files in ``dqn_lab.core.presets.user_preset_dir()`` (validated by the core
like the built-in ones). "Save settings as preset…" writes one from the settings panel,
"Delete preset…" removes one. A file that is not a valid preset is skipped and its message
shown once per session in a non-blocking warning. The dialogs go through ``ask_*``
methods, which tests replace.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QInputDialog, QMessageBox

from dqn_lab.core.atomic_file import os_reason
from dqn_lab.core.config import Config, ConfigError
from dqn_lab.core.presets import (
    builtin_presets,
    load_preset_file,
    save_user_preset,
    user_preset_dir,
    user_presets,
)
from dqn_lab.core.safe_text import printable
from dqn_lab.gui.i18n import error_text, message_text, translate

RESERVED = ("custom",)


def load_presets(folder: Path | None = None) -> tuple[dict[str, Config], set[str], list[str]]:
    """All presets by name (built-in first), the built-in names, and messages for bad files."""
    presets = {name: cfg for name, (_, cfg) in builtin_presets().items()}
    builtin = set(presets)
    try:
        users, errors = user_presets(folder)
    except OSError as exc:
        message = translate("Presets", "Your presets cannot be read: {0}.")
        return presets, builtin, [message.format(message_text(os_reason(exc)))]
    for name, (_, cfg) in users.items():
        if name in presets or name in RESERVED:
            errors.append(
                translate(
                    "Presets",
                    "A preset of yours is named {0} like a built-in one; it is ignored. Give "
                    "it another 'name'.",
                ).format(repr(name))
            )
        else:
            presets[name] = cfg
    return presets, builtin, errors


class PresetActions(QObject):
    """Save/Delete preset actions of ``window`` and the refresh of its preset lists."""

    def __init__(
        self, window, builtin: set[str], errors: list[str], folder: Path | None = None
    ) -> None:
        super().__init__(window)
        self.window, self.builtin, self.folder = window, builtin, folder
        self.reported: set[str] = set()
        self.warning_box: QMessageBox | None = None
        c = window.controls
        self.save_action = c.make_action(
            translate("Presets", "Save settings as preset…"),
            None,
            translate("Presets", "Keep the current settings under a name of your own"),
        )
        self.delete_action = c.make_action(
            translate("Presets", "Delete preset…"),
            None,
            translate("Presets", "Remove one of your presets"),
        )
        self.save_action.triggered.connect(self.save_preset)
        self.delete_action.triggered.connect(self.delete_preset)
        c.preset_menu.addSeparator()
        c.preset_menu.addActions([self.save_action, self.delete_action])
        if errors:
            QTimer.singleShot(0, lambda: self.report(errors))

    @property
    def user_names(self) -> list[str]:
        return [n for n in self.window.presets if n not in self.builtin]

    # -- dialogs (tests replace these) --------------------------------------------------------
    def ask_name(self, default: str) -> str:
        text, ok = QInputDialog.getText(
            self.window,
            translate("Presets", "Save settings as preset"),
            translate("Presets", "Name of the preset:"),
            text=default,
        )
        return text.strip() if ok else ""

    def ask_overwrite(self, name: str) -> bool:
        b = QMessageBox.StandardButton
        return (
            QMessageBox.question(
                self.window,
                translate("Presets", "Replace preset"),
                translate("Presets", "Replace your preset {0} with the current settings?").format(
                    repr(name)
                ),
                b.Yes | b.No,
                b.No,
            )
            == b.Yes
        )

    def ask_choice(self, names: list[str]) -> str:
        name, ok = QInputDialog.getItem(
            self.window,
            translate("Presets", "Delete preset"),
            translate("Presets", "Preset to delete:"),
            names,
            0,
            False,
        )
        return name if ok else ""

    # -- actions ------------------------------------------------------------------------------
    def save_preset(self) -> bool:
        panel = self.window.settings_panel
        default = panel.preset_name if panel.preset_name in self.user_names else ""
        name = self.ask_name(default)
        if not name:
            return False
        if name in self.builtin or name in RESERVED:
            self.window.show_error(
                translate("Presets", "Cannot save the preset"),
                translate("Presets", "{0} is a built-in preset's name; choose another.").format(
                    repr(name)
                ),
            )
            return False
        if name in self.user_names and not self.ask_overwrite(name):
            return False
        config = panel.config
        try:
            path = save_user_preset(name, config, "Saved from DQN Lab.", self.folder)
        except ConfigError as exc:
            self.window.show_error(
                translate("Presets", "Cannot save the preset"), printable(error_text(exc))
            )
            return False
        except OSError as exc:
            self.window.show_error(
                translate("Presets", "Cannot save the preset"),
                translate("Presets", "Cannot write the preset {0}: {1}.").format(
                    repr(name), message_text(os_reason(exc))
                ),
            )
            return False
        self.refresh()
        panel.set_config(config, name)
        self.window.statusBar().showMessage(
            translate("Presets", "Preset {0} saved to {1}").format(repr(name), path), 10_000
        )
        return True

    def delete_preset(self) -> bool:
        names = self.user_names
        if not names:
            self.window.statusBar().showMessage(
                translate("Presets", "You have no presets of your own to delete; save one first."),
                10_000,
            )
            return False
        name = self.ask_choice(names)
        if not name:
            return False
        folder = Path(self.folder or user_preset_dir())
        try:
            for path in folder.glob("*.json"):
                try:
                    found = load_preset_file(path)[0]
                except ConfigError:
                    continue
                if found == name:
                    path.unlink()
        except OSError as exc:
            self.window.show_error(
                translate("Presets", "Cannot delete the preset"),
                translate("Presets", "Cannot delete the preset {0}: {1}.").format(
                    repr(name), message_text(os_reason(exc))
                ),
            )
            return False
        panel = self.window.settings_panel
        if panel.preset_name == name:
            panel.set_config(panel.config, "custom")
        self.refresh()
        self.window.statusBar().showMessage(
            translate("Presets", "Preset {0} deleted.").format(repr(name)), 10_000
        )
        return True

    def refresh(self) -> None:
        """Read the presets again and show them in the menu and the toolbar."""
        presets, self.builtin, errors = load_presets(self.folder)
        self.window.presets.clear()
        self.window.presets.update(presets)
        self.window.controls.set_presets(self.window.presets)
        self.window.update_actions()
        self.report(errors)

    def report(self, errors: list[str]) -> None:
        """Show each bad preset file's message once (stderr and a non-blocking warning)."""
        new = [e for e in errors if e not in self.reported]
        if not new:
            return
        self.reported.update(new)
        for message in new:  # the terminal gets core's English (as the CLI prints it)
            print(f"dqn-lab: {printable(message)}", file=sys.stderr)
        shown = [printable(message_text(message)) for message in new]
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            translate("Presets", "Presets not loaded"),
            translate("Presets", "These preset files were skipped:") + "\n\n" + "\n\n".join(shown),
            QMessageBox.StandardButton.Ok,
            self.window,
        )
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setModal(False)
        box.show()
        self.warning_box = box
