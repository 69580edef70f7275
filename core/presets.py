"""Presets: named sets of settings over the seed's defaults.

Built-in presets live in ``resources/presets/*.json``; user presets are JSON files of the
same shape in the user's config folder. Every preset is validated through :class:`Config`.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from core.atomic_file import AtomicWriteError, write_text_atomic
from core.config import Config, ConfigError

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "resources" / "presets"
MAX_PRESET_BYTES = 64 * 1024
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$")


def user_preset_dir() -> Path:
    """``$XDG_CONFIG_HOME/dqn-lab/presets`` (or the platform's equivalent)."""
    base = os.environ.get("XDG_CONFIG_HOME") or (
        os.environ.get("APPDATA") if os.name == "nt" else None) or Path.home() / ".config"
    return Path(base) / "dqn-lab" / "presets"


def load_preset_file(path: Path) -> tuple[str, str, Config]:
    """Read and validate one preset file: (name, description, config)."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_PRESET_BYTES:
            raise ConfigError(f"Preset {path.name} is larger than 64 KiB; not a preset file.")
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"Preset {path.name} cannot be read: {exc}.") from None
    if not isinstance(data, dict) or set(data) - {"name", "description", "settings"} \
            or not isinstance(data.get("settings"), dict):
        raise ConfigError(f"Preset {path.name} must be a JSON object with 'name', "
                          f"'description' and a 'settings' object.")
    name = data.get("name", path.stem)
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise ConfigError(f"Preset {path.name} has an invalid name {name!r}.")
    description = data.get("description", "")
    if not isinstance(description, str):
        raise ConfigError(f"Preset {path.name}: 'description' must be text.")
    try:
        config = Config.from_dict({**Config().to_dict(), **data["settings"]})
    except (ConfigError, TypeError) as exc:
        raise ConfigError(f"Preset {path.name}: {exc}") from None
    return name, description, config


def builtin_presets() -> dict[str, tuple[str, Config]]:
    """The shipped presets by name: (description, config)."""
    out = {}
    for path in sorted(BUILTIN_DIR.glob("*.json")):
        name, description, config = load_preset_file(path)
        out[name] = (description, config)
    return out


def preset(name: str) -> Config:
    """A built-in preset's config by name ('seed' or 'tuned')."""
    presets = builtin_presets()
    if name not in presets:
        raise ConfigError(f"Unknown preset {name!r}; choose one of {', '.join(presets)}.")
    return presets[name][1]


def save_user_preset(name: str, config: Config, description: str = "",
                     folder: Path | None = None) -> Path:
    """Write a user preset (atomically) holding every setting of ``config``."""
    if not NAME_RE.match(name):
        raise ConfigError(f"Preset name {name!r} must be 1-64 letters, digits, spaces, "
                          f"'_', '.' or '-'.")
    folder = Path(folder or user_preset_dir())
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    try:
        write_text_atomic(path, json.dumps(dict(name=name, description=description,
                                                settings=config.to_dict()), indent=2))
    except AtomicWriteError as exc:
        raise ConfigError(str(exc)) from None
    return path


def user_presets(folder: Path | None = None) -> tuple[dict[str, tuple[str, Config]], list[str]]:
    """Valid user presets by name, and a message for each file that was rejected."""
    folder = Path(folder or user_preset_dir())
    found, errors = {}, []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            name, description, config = load_preset_file(path)
        except ConfigError as exc:
            errors.append(str(exc))
        else:
            found[name] = (description, config)
    return found, errors
