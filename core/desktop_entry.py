"""Install the DQN Lab launcher and icons for the current user (Linux, freedesktop menus).

``install()`` writes ``$XDG_DATA_HOME/applications/dqn-lab.desktop`` from the shipped
template (package data, see :mod:`dqn_lab.core.resources`) with ``Exec`` set to this Python
interpreter and this copy's ``main.py`` (absolute paths, quoted as the Desktop Entry
Specification asks) followed by ``%f`` (a file opened from a file manager), copies the icons
into ``$XDG_DATA_HOME/icons/hicolor/`` and the ``.dqnlab`` file type (shared-mime-info XML,
``application/x-dqnlab``) into ``$XDG_DATA_HOME/mime/packages/``, then lets
``update-mime-database`` and ``update-desktop-database`` refresh their caches where they are
installed. ``uninstall()`` removes exactly those files. No Qt here: the CLI runs it without a
display.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from dqn_lab.core import resources
from dqn_lab.core.atomic_file import AtomicWriteError, write_text_atomic

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = resources.path("dqn-lab.desktop")
MIME_XML = resources.path("dqn-lab-mime.xml")
MIME_TYPE = "application/x-dqnlab"
ICON_DIR = resources.path("icons")
MAIN_PY = ROOT / "main.py"
APP_ID = "dqn-lab"
DESKTOP_FILE = f"{APP_ID}.desktop"
ICON_SIZES = (16, 32, 48, 64, 128, 256)

#: Characters that force an Exec argument into double quotes (spec, "The Exec key").
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


class DesktopEntryError(ValueError):
    """The launcher cannot be installed or removed; the message says why and what to do."""


@dataclass
class Outcome:
    """What install/uninstall did: a message for the user and the files touched."""

    message: str
    paths: list[Path] = field(default_factory=list)


def data_home() -> Path:
    """``$XDG_DATA_HOME`` or ``~/.local/share`` (an empty or relative value is ignored)."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if value and os.path.isabs(value) else Path.home() / ".local" / "share"


def quote_exec_arg(arg: str) -> str:
    """One Exec argument, quoted and escaped as it must appear in the .desktop file."""
    if "\n" in arg or "\r" in arg:
        raise DesktopEntryError(
            f"The path {arg!r} contains a line break; a launcher "
            f"cannot run it. Move the checkout to a plainer path."
        )
    if any(ch in _RESERVED for ch in arg) or arg == "":
        arg = '"' + "".join("\\" + ch if ch in '"`$\\' else ch for ch in arg) + '"'
    # Field codes: a literal % is written %%; then the string-value escape of backslashes.
    return arg.replace("%", "%%").replace("\\", "\\\\")


def exec_line(python: str | Path, main_py: str | Path | None) -> str:
    """The ``Exec`` value that runs ``main_py`` (the GUI) with ``python``, or ``python -m
    dqn_lab`` for an installed copy (no ``main.py`` beside the packages)."""
    args = (python, main_py) if main_py is not None else (python, "-m", "dqn_lab")
    return " ".join(quote_exec_arg(str(p)) for p in args)


def parse_desktop_entry(text: str) -> dict[str, str]:
    """The ``[Desktop Entry]`` group's keys and raw values (comments and other groups skipped)."""
    entries: dict[str, str] = {}
    group = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            group = line[1:-1]
        elif group == "Desktop Entry" and "=" in line:
            key, value = line.split("=", 1)
            entries[key.strip()] = value.strip()
    return entries


def desktop_entry_text(
    python: str | Path, main_py: str | Path | None, template: Path = TEMPLATE
) -> str:
    """The template with ``Exec`` pointing at ``python main_py``."""
    try:
        lines = template.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DesktopEntryError(
            f"The launcher template {template} cannot be read: {exc.strerror or exc}."
        ) from None
    value = exec_line(python, main_py) + " %f"  # main.py opens a .dqnlab it is given
    out = [f"Exec={value}" if line.startswith("Exec=") else line for line in lines]
    if not any(line.startswith("Exec=") for line in lines):
        raise DesktopEntryError(f"The launcher template {template} has no Exec line.")
    return "\n".join(out) + "\n"


def _icon_files() -> list[tuple[Path, Path]]:
    """(source, path relative to the icon theme root) of every icon to install."""
    pairs = [
        (
            ICON_DIR / "hicolor" / f"{n}x{n}" / "apps" / f"{APP_ID}.png",
            Path(f"{n}x{n}") / "apps" / f"{APP_ID}.png",
        )
        for n in ICON_SIZES
    ]
    pairs.append((ICON_DIR / f"{APP_ID}.svg", Path("scalable") / "apps" / f"{APP_ID}.svg"))
    return pairs


def _mime_file(base: Path) -> Path:
    return base / "mime" / "packages" / f"{APP_ID}.xml"


def _refresh_caches(base: Path) -> None:
    """Touch the folders menus and icon themes watch, so they rescan; rebuild the per-user
    MIME and desktop-entry caches with freedesktop's tools where they are installed (without
    them the file type is known after the next login on most desktops)."""
    for folder in (base / "applications", base / "icons" / "hicolor"):
        try:
            os.utime(folder)
        except OSError:
            pass
    for tool, folder in (
        ("update-mime-database", base / "mime"),
        ("update-desktop-database", base / "applications"),
    ):
        path = shutil.which(tool)
        if path is None or not folder.is_dir():
            continue
        try:
            subprocess.run([path, str(folder)], capture_output=True, timeout=60, check=False)
        except (OSError, subprocess.SubprocessError):
            pass  # a cache left as it was: the files themselves are in place


def _check_platform() -> None:
    if not sys.platform.startswith("linux"):
        raise DesktopEntryError(
            f"Desktop launchers are installed on Linux only (this is "
            f"{sys.platform}); start the app with 'python {MAIN_PY}'."
        )


def install(
    base: Path | None = None,
    python: str | Path | None = None,
    main_py: str | Path | None = None,
    refresh: bool = True,
) -> Outcome:
    """Install the launcher and icons under ``base`` (default :func:`data_home`)."""
    _check_platform()
    base = Path(base) if base is not None else data_home()
    python = Path(python if python is not None else sys.executable).absolute()
    if main_py is None and MAIN_PY.is_file():  # a source checkout; else python -m dqn_lab
        main_py = MAIN_PY
    main_py = Path(main_py).absolute() if main_py is not None else None
    for what, path in (("Python interpreter", python), ("main.py", main_py)):
        if path is not None and not path.is_file():
            raise DesktopEntryError(
                f"The {what} {path} does not exist; the launcher would not start anything."
            )
    text = desktop_entry_text(python, main_py)
    icons = _icon_files()
    missing = [str(src) for src, _ in icons if not src.is_file()]
    if missing:
        raise DesktopEntryError(
            f"Icon files are missing ({', '.join(missing)}); run "
            f"'python resources/icons/render_icons.py' first."
        )
    written: list[Path] = []
    try:
        entry = base / "applications" / DESKTOP_FILE
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(entry, text, force=True, verb="write")
        entry.chmod(0o644)
        written.append(entry)
        for src, rel in icons:
            dst = base / "icons" / "hicolor" / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
            written.append(dst)
        mime = _mime_file(base)
        mime.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(MIME_XML, mime)
        written.append(mime)
    except AtomicWriteError as exc:
        raise DesktopEntryError(str(exc)) from None
    except OSError as exc:
        raise DesktopEntryError(
            f"Could not write the launcher into {base}: {exc.strerror or exc} ({exc.filename})."
        ) from None
    if refresh:
        _refresh_caches(base)
    return Outcome(
        f"Installed the DQN Lab launcher {entry}, {len(icons)} icons under "
        f"{base / 'icons' / 'hicolor'} and the .dqnlab file type ({MIME_TYPE}). "
        f"It runs {python} {main_py}; it appears in the application menu, and "
        f"file managers open .dqnlab files with it, now or after the next login.",
        written,
    )


def uninstall(base: Path | None = None, refresh: bool = True) -> Outcome:
    """Remove the launcher and icons that :func:`install` wrote under ``base``."""
    _check_platform()
    base = Path(base) if base is not None else data_home()
    targets = [base / "applications" / DESKTOP_FILE]
    targets += [base / "icons" / "hicolor" / rel for _, rel in _icon_files()]
    targets.append(_mime_file(base))
    removed: list[Path] = []
    for path in targets:
        try:
            path.unlink()
            removed.append(path)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise DesktopEntryError(f"Could not remove {path}: {exc.strerror or exc}.") from None
    if not removed:
        return Outcome(f"No DQN Lab launcher was installed under {base}; nothing to remove.")
    if refresh:
        _refresh_caches(base)
    return Outcome(
        f"Removed the DQN Lab launcher, icons and file type ({len(removed)} files) from {base}.",
        removed,
    )


def installed_entry(base: Path | None = None) -> Path | None:
    """The installed launcher's path, or None."""
    path = (Path(base) if base is not None else data_home()) / "applications" / DESKTOP_FILE
    return path if path.is_file() else None
