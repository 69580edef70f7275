"""Presets: named sets of settings over the defaults (the lab notebook's values).

Built-in presets ship in the ``resources`` package (``presets/*.json``, read through
:mod:`dqn_lab.core.resources`, so an installed copy finds them); user presets are JSON files of the
same shape in the user's config folder. Every preset is validated through :class:`Config`.

A preset file holds ``name`` (its id, used on the CLI and in save files), an optional
``title`` (the name shown to people), ``description`` and ``settings``. The notebook's preset
keeps the id ``seed`` (``--preset seed``) and is shown as "Notebook".
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from dqn_lab.core import resources
from dqn_lab.core.atomic_file import AtomicWriteError, write_text_atomic
from dqn_lab.core.config import Config, ConfigError

BUILTIN_FOLDER = "presets"  # inside the resources package
MAX_PRESET_BYTES = 64 * 1024
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$")
KEYS = {"name", "title", "description", "settings"}


def user_preset_dir() -> Path:
    """``$XDG_CONFIG_HOME/dqn-lab/presets`` (or the platform's equivalent)."""
    base = (
        os.environ.get("XDG_CONFIG_HOME")
        or (os.environ.get("APPDATA") if os.name == "nt" else None)
        or Path.home() / ".config"
    )
    return Path(base) / "dqn-lab" / "presets"


def load_preset_file(path: Path) -> tuple[str, str, Config]:
    """Read and validate one preset file: (name, description, config)."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_PRESET_BYTES:
            raise ConfigError(f"Preset {path.name} is larger than 64 KiB; not a preset file.")
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"Preset {path.name} cannot be read: {exc}.") from None
    name, _, description, config = parse_preset(raw, path.name)
    return name, description, config


def parse_preset(raw: bytes, filename: str) -> tuple[str, str, str, Config]:
    """Validate the bytes of a preset file: (name, title, description, config)."""
    stem = filename.rsplit(".", 1)[0]
    if len(raw) > MAX_PRESET_BYTES:
        raise ConfigError(f"Preset {filename} is larger than 64 KiB; not a preset file.")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"Preset {filename} cannot be read: {exc}.") from None
    if not isinstance(data, dict) or set(data) - KEYS or not isinstance(data.get("settings"), dict):
        raise ConfigError(
            f"Preset {filename} must be a JSON object with 'name', "
            f"'description' and a 'settings' object."
        )
    name = data.get("name", stem)
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise ConfigError(f"Preset {filename} has an invalid name {name!r}.")
    title = data.get("title", name)
    if not isinstance(title, str) or not NAME_RE.match(title):
        raise ConfigError(f"Preset {filename} has an invalid title {title!r}.")
    description = data.get("description", "")
    if not isinstance(description, str):
        raise ConfigError(f"Preset {filename}: 'description' must be text.")
    try:
        config = Config.from_dict({**Config().to_dict(), **data["settings"]})
    except (ConfigError, TypeError) as exc:
        raise ConfigError(f"Preset {filename}: {exc}") from None
    return name, title, description, config


def _builtin_files() -> list[tuple[str, bytes]]:
    """(file name, bytes) of every shipped preset, in name order."""
    folder = resources.resource(BUILTIN_FOLDER)
    return [
        (ref.name, ref.read_bytes())
        for ref in sorted(folder.iterdir(), key=lambda r: r.name)
        if ref.name.endswith(".json")
    ]


def builtin_presets() -> dict[str, tuple[str, Config]]:
    """The shipped presets by id: (description, config)."""
    out = {}
    for filename, raw in _builtin_files():
        name, _, description, config = parse_preset(raw, filename)
        out[name] = (description, config)
    return out


def preset_titles() -> dict[str, str]:
    """The name to show for each shipped preset id ('seed' -> 'Notebook')."""
    return {
        name: title
        for name, title, _, _ in (parse_preset(raw, filename) for filename, raw in _builtin_files())
    }


def preset_title(name: str) -> str:
    """The name to show for preset ``name``: a shipped preset's title, else ``name``."""
    return preset_titles().get(name, name)


def preset(name: str) -> Config:
    """A built-in preset's config by id ('seed', the notebook's values, or 'tuned') or by
    its title in any case ('notebook')."""
    presets = builtin_presets()
    by_title = {title.lower(): key for key, title in preset_titles().items()}
    key = name if name in presets else by_title.get(name.lower(), name)
    if key not in presets:
        raise ConfigError(f"Unknown preset {name!r}; choose one of {', '.join(presets)}.")
    return presets[key][1]


def save_user_preset(
    name: str, config: Config, description: str = "", folder: Path | None = None
) -> Path:
    """Write a user preset (atomically) holding every setting of ``config``."""
    if not NAME_RE.match(name):
        raise ConfigError(
            f"Preset name {name!r} must be 1-64 letters, digits, spaces, '_', '.' or '-'."
        )
    folder = Path(folder or user_preset_dir())
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    try:
        write_text_atomic(
            path,
            json.dumps(
                dict(name=name, description=description, settings=config.to_dict()), indent=2
            ),
        )
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
