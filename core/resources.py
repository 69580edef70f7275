"""The app's shipped files (presets, icons, the .desktop template) and its version.

The files live in the ``resources`` package and travel in the wheel as package data; they are
found with :mod:`importlib.resources`, so a source checkout and an installed copy read them the
same way. This module is the only place that names the package or the distribution: moving
the code under another package changes these two constants and nothing else.
"""

from __future__ import annotations

import atexit
import importlib.resources as importlib_resources
import re
from contextlib import ExitStack
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

PACKAGE = "dqn_lab.resources"  # the import name of the package holding the files
DISTRIBUTION = "dqn-lab"  # the installed distribution (pyproject's [project] name)

# Files handed out as paths stay extracted until exit (only for zipped installs).
_extracted = ExitStack()
atexit.register(_extracted.close)


def resource(*parts: str) -> Traversable:
    """A shipped file or folder, e.g. ``resource("presets", "seed.json")``."""
    ref = importlib_resources.files(PACKAGE)
    for part in parts:  # one part at a time: joinpath takes one before Python 3.11
        ref = ref.joinpath(part)
    return ref


def read_bytes(*parts: str) -> bytes:
    """The bytes of a shipped file (raises ``OSError`` when it is missing)."""
    return resource(*parts).read_bytes()


def path(*parts: str) -> Path:
    """A file-system path of a shipped file or folder, for APIs that need one (Qt icons,
    copying the launcher). It exists for the life of the process."""
    ref = resource(*parts)
    if isinstance(ref, Path):
        return ref
    return _extracted.enter_context(importlib_resources.as_file(ref))


def installed_version() -> str | None:
    """The installed distribution's version (its metadata), or None in a bare checkout."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return None


def app_version() -> str:
    """DQN Lab's version, single-sourced from the installed distribution's metadata.

    A checkout that was never installed reads ``pyproject.toml`` next to the code (the same
    number the metadata is built from); anything else gives ``"unknown"``.
    """
    version = installed_version()
    if version is not None:
        return version
    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    try:
        text = pyproject.read_text(encoding="utf-8")
    except OSError:
        return "unknown"
    found = re.search(r'^version\s*=\s*"([^"]+)"', text, re.MULTILINE)
    return found.group(1) if found else "unknown"
