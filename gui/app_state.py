"""What DQN Lab remembers between sessions, kept in ``QSettings``.

Window geometry and dock layout, the last settings (the full ``Config`` as JSON, validated
when read back), the recent agent files, the last folder of the file dialogs, and the
file options (autosave of the best agent, logging runs to a folder). Every reader is
defensive: a value another version (or a hand edit) left behind falls back to a default
and never raises.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QMainWindow

from dqn_lab.core.config import Config, ConfigError
from dqn_lab.gui.i18n import translate

MAX_RECENT = 8
LAST_CONFIG = "settings/last_config"
LAST_PRESET = "settings/last_preset"
RECENT = "files/recent"
LAST_FOLDER = "files/last_folder"
AUTOSAVE_BEST = "files/autosave_best"
LOG_ENABLED = "logs/enabled"
LOG_FOLDER = "logs/folder"


# -- window -----------------------------------------------------------------------------------
def save_window(qs: QSettings, window: QMainWindow) -> None:
    qs.setValue("window/geometry", window.saveGeometry())
    qs.setValue("window/state", window.saveState())


def restore_window(qs: QSettings, window: QMainWindow) -> bool:
    """Restore geometry and dock layout; True when a saved dock layout was applied."""
    geometry = qs.value("window/geometry")
    state = qs.value("window/state")
    if geometry is not None:
        window.restoreGeometry(geometry)
    return state is not None and window.restoreState(state)


def save_session(qs: QSettings, window: QMainWindow, panel) -> None:
    """On close: the window's layout and the settings panel's config and preset."""
    save_window(qs, window)
    save_last_config(qs, panel.config, panel.preset_name)


# -- the last settings --------------------------------------------------------------------------
def save_last_config(qs: QSettings, config: Config, preset_name: str) -> None:
    qs.setValue(LAST_CONFIG, json.dumps(config.to_dict()))
    qs.setValue(LAST_PRESET, preset_name)


def load_last_config(qs: QSettings, presets: dict[str, Config]) -> tuple[Config, str, str | None]:
    """The remembered settings and preset name, or the notebook's with a note saying why.

    Returns ``(config, preset_name, note)``; ``note`` is None when all is well (including a
    first start, which simply gets the notebook's preset, named "seed").
    """
    seed = presets.get("seed", Config())
    text = qs.value(LAST_CONFIG)
    name = str(qs.value(LAST_PRESET, "seed"))
    if text is None:
        return seed, "seed", None
    try:
        data = json.loads(str(text))
        if not isinstance(data, dict):
            raise ConfigError("the stored value is not a JSON object.")
        config = Config.from_dict({**Config().to_dict(), **data})
    except (ValueError, TypeError) as exc:  # ConfigError and JSONDecodeError are ValueErrors
        return (
            seed,
            "seed",
            translate(
                "AppState",
                "The last settings could not be restored ({0}); the notebook's settings "
                "(preset 'seed') are shown instead.",
            ).format(exc),
        )
    return config, name if name in presets else "custom", None


# -- files ------------------------------------------------------------------------------------
def _string_list(qs: QSettings, key: str) -> list[str]:
    try:
        value = json.loads(str(qs.value(key, "[]")))
    except ValueError:
        return []
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def recent_files(qs: QSettings) -> list[str]:
    """The recent agent files, newest first (at most ``MAX_RECENT``)."""
    return _string_list(qs, RECENT)[:MAX_RECENT]


def add_recent(qs: QSettings, path: str | os.PathLike) -> list[str]:
    path = str(Path(path).resolve())
    files = [path] + [p for p in recent_files(qs) if p != path]
    qs.setValue(RECENT, json.dumps(files[:MAX_RECENT]))
    return files[:MAX_RECENT]


def remove_recent(qs: QSettings, path: str) -> None:
    qs.setValue(RECENT, json.dumps([p for p in recent_files(qs) if p != path]))


def clear_recent(qs: QSettings) -> None:
    qs.setValue(RECENT, "[]")


def last_folder(qs: QSettings) -> str:
    """The folder of the last file dialog, if it still exists; else the home folder."""
    folder = str(qs.value(LAST_FOLDER, ""))
    return folder if folder and Path(folder).is_dir() else str(Path.home())


def set_last_folder(qs: QSettings, path: str | os.PathLike) -> None:
    p = Path(path)
    qs.setValue(LAST_FOLDER, str(p if p.is_dir() else p.parent))


def flag(qs: QSettings, key: str) -> bool:
    return qs.value(key, False, type=bool)


def app_data_dir() -> Path:
    """Where the app keeps files it writes on its own (autosaved agents)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location or Path.home() / ".local" / "share" / "dqn-lab")
