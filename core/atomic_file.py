"""One way to write a file so that a crash, a kill or a full disk never leaves it half written.

Every writer of DQN Lab (agent bundles, run logs, statistics and comparison CSVs, presets,
recordings, exports) goes through :func:`write_atomic` (a callback gets an open binary file)
or :func:`atomic_path` (for libraries that want a file name, such as video encoders):

1. the data goes into ``.<name>.tmp-<pid>-<random>`` in the target's folder (same file system,
   so the rename below is atomic),
2. the temporary file gets the target's permission bits (a 0600 file stays 0600), is flushed
   and fsync'ed,
3. ``os.replace`` puts it in place and the folder is fsync'ed, so the rename survives a crash.

On any failure the temporary file is removed and the previous file is untouched. What cannot
be replaced safely is refused before anything is written: a folder, a FIFO, a device or a
socket (replacing them would silently swap a special file for a regular one), and a read-only
target unless ``force=True`` (the user chose to protect it). :func:`check_writable` asks the
same questions up front (a command line checks its output paths before training starts).
Temporaries left by a killed writer are removed by :func:`remove_stale_temps` on the next
write of that name, or for a whole folder on the next start or load that uses the folder.
This module needs the standard library only.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from dqn_lab.core.messages import Message

__all__ = [
    "AtomicWriteError",
    "write_atomic",
    "write_text_atomic",
    "atomic_path",
    "check_writable",
    "remove_stale_temps",
    "temp_name",
    "STALE_TEMP_S",
]

#: A temporary older than this is stale even when its process id is in use (a reused pid).
STALE_TEMP_S = 24 * 3600
#: A temporary of a given target: ".<name>.tmp-<pid>-<token>[.<ext>]".
_TEMP_RE = re.compile(
    r"^\.(?P<name>.+)\.tmp-(?P<pid>\d{1,10})-(?P<token>[0-9A-Za-z]+)"
    r"(?:\.[A-Za-z0-9]+)?$"
)
#: A folder-wide sweep only takes names exactly as temp_name() makes them (8 hex digits),
#: so that other programs' files that merely look alike are left alone.
_OUR_TOKEN = re.compile(r"^[0-9a-f]{8}$")


class AtomicWriteError(ValueError):
    """A file cannot be written; the message is one sentence naming the file and the reason.

    ``str(exc)`` is the English sentence; :attr:`message` is the same as a
    :class:`~dqn_lab.core.messages.Message` (lead and detail templates below, so an
    interface can word it in its own language).
    """

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


#: The lead of a write error per ``verb`` (a verb not listed here gets an English lead).
WRITE_LEADS = {
    "save": "Cannot save {path}: {detail}",
    "write": "Cannot write {path}: {detail}",
    "export": "Cannot export {path}: {detail}",
    "export to": "Cannot export to {path}: {detail}",
}
#: Its details (``{reason}`` is the system's text, see :data:`OS_REASONS`).
WRITE_DETAILS = {
    "reason": "{reason}.",
    "reason_kept": "{reason}. The previous file is unchanged.",
    "reason_folder": "{reason} in the folder {folder}.",
    "special": "it is {kind}; only a regular file can be replaced, choose a file name.",
    "no_folder": "the folder {folder} does not exist.",
    "folder_is_file": "the folder {folder} is a file, not a folder.",
    "read_only": "the file is read-only; make it writable or choose another name.",
}
#: What the special files are called in ``special``.
KINDS = ("a folder", "a named pipe (FIFO)", "a device", "a socket", "a special file")
#: The system's texts (strerror) of the usual write failures, kept as Messages so that an
#: interface can translate them; any other reason stays the system's text.
OS_REASONS = (
    "No space left on device",
    "Disk quota exceeded",
    "Permission denied",
    "Operation not permitted",
    "Read-only file system",
    "File name too long",
    "Is a directory",
    "Not a directory",
    "No such file or directory",
    "File too large",
    "Input/output error",
    "not enough memory",
)


def write_error(verb: str, path: object, detail: str, **values: object) -> AtomicWriteError:
    """The :class:`AtomicWriteError` "Cannot ``verb`` ``path``: " + ``WRITE_DETAILS[detail]``."""
    lead = WRITE_LEADS.get(verb) or f"Cannot {verb} {{path}}: {{detail}}"
    shown = Message.of(WRITE_DETAILS[detail], **values)
    return AtomicWriteError(Message.of(lead, path=str(path), detail=shown))


def temp_name(path: Path, suffix: str = "") -> Path:
    """A fresh temporary name next to ``path`` (the scheme :func:`remove_stale_temps` knows)."""
    return path.with_name(f".{path.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}{suffix}")


def _kind(mode: int) -> Message:
    if stat.S_ISDIR(mode):
        return Message("a folder")
    if stat.S_ISFIFO(mode):
        return Message("a named pipe (FIFO)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return Message("a device")
    if stat.S_ISSOCK(mode):
        return Message("a socket")
    return Message("a special file")


def _target(path: str | os.PathLike, force: bool, verb: str) -> tuple[Path, int | None]:
    """The real target path and its permission bits (None if new); refuses unsafe targets."""
    path = Path(os.path.realpath(os.path.expanduser(path)))  # a symlink's target is written
    folder = path.parent
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        st = None
    except OSError as exc:
        raise write_error(verb, path, "reason", reason=os_reason(exc)) from None
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise write_error(verb, path, "special", kind=_kind(st.st_mode))
    if not folder.is_dir():
        what = "folder_is_file" if folder.exists() else "no_folder"
        raise write_error(verb, path, what, folder=str(folder))
    if st is not None and not force and (st.st_mode & 0o222 == 0 or not os.access(path, os.W_OK)):
        raise write_error(verb, path, "read_only")
    return path, (stat.S_IMODE(st.st_mode) if st is not None else None)


def write_atomic(
    path: str | os.PathLike,
    write: Callable[[BinaryIO], object],
    *,
    force: bool = False,
    verb: str = "save",
) -> int:
    """``write(fh)`` into a temporary file next to ``path``, then replace ``path``; its size.

    ``force`` replaces a read-only file (keeping its permission bits). Raises
    :class:`AtomicWriteError` (the previous file unchanged, no temporary left).
    """
    with atomic_path(path, force=force, verb=verb) as tmp:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        return os.path.getsize(tmp)
    raise AssertionError("unreachable")  # pragma: no cover - atomic_path re-raises


def write_text_atomic(
    path: str | os.PathLike, text: str, *, force: bool = False, verb: str = "save"
) -> int:
    """:func:`write_atomic` for UTF-8 text."""
    data = text.encode("utf-8")
    return write_atomic(path, lambda fh: fh.write(data), force=force, verb=verb)


@contextlib.contextmanager
def atomic_path(
    path: str | os.PathLike, *, force: bool = False, suffix: str = "", verb: str = "save"
) -> Iterator[Path]:
    """A temporary path to write (by name) that replaces ``path`` when the block ends.

    ``suffix`` ends the temporary name (an encoder that picks its format by extension).
    The block's own exceptions other than ``OSError`` pass through after the cleanup.
    """
    target, mode = _target(path, force, verb)
    remove_stale_temps(target)
    tmp = temp_name(target, suffix)
    try:
        yield tmp
        if not tmp.exists():
            raise FileNotFoundError(errno.ENOENT, "the writer produced no file")
        if mode is not None:
            os.chmod(tmp, mode)
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except (OSError, MemoryError) as exc:
        _unlink(tmp)
        kept = "reason_kept" if target.exists() else "reason"
        raise write_error(verb, target, kept, reason=os_reason(exc)) from None
    except BaseException:
        _unlink(tmp)
        raise
    _fsync_folder(target.parent)


def check_writable(path: str | os.PathLike, *, force: bool = False, verb: str = "save") -> Path:
    """Raise :class:`AtomicWriteError` now if a later :func:`write_atomic` to ``path`` would.

    Checks the target (regular file, not read-only unless ``force``) and the folder (exists,
    writable: a temporary file is created and removed there, which also catches read-only
    mounts and immutable folders). Returns the resolved target.
    """
    target, _ = _target(path, force, verb)
    if os.path.exists(target) and not force:
        try:  # an immutable file (chattr +i) passes the mode check but cannot be replaced
            with open(target, "ab"):
                pass
        except OSError as exc:
            raise write_error(verb, target, "reason", reason=os_reason(exc)) from None
    probe = temp_name(target)
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    except OSError as exc:
        raise write_error(
            verb, target, "reason_folder", reason=os_reason(exc), folder=str(target.parent)
        ) from None
    _unlink(probe)
    return target


def remove_stale_temps(path: str | os.PathLike) -> list[Path]:
    """Remove temporaries left by writers that died (their process is gone, or a day old).

    ``path`` is a target file (only its temporaries) or a folder (every temporary in it
    named exactly as :func:`temp_name` names them). A live process's temporary is kept: it
    may be another thread's or program's write.
    """
    path = Path(path)
    folder, only = (path, None) if path.is_dir() else (path.parent, path.name)
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        found = _TEMP_RE.match(name)
        if (
            not found
            or (only is not None and found["name"] != only)
            or (only is None and not _OUR_TOKEN.match(found["token"]))
        ):
            continue
        p = folder / name
        try:
            st = p.lstat()
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode):
            continue
        old = time.time() - st.st_mtime > STALE_TEMP_S
        if (old or not _alive(int(found["pid"]))) and _unlink(p):
            removed.append(p)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass  # some file systems cannot fsync a folder; the file itself is on disk


def _unlink(p: Path) -> bool:
    try:
        p.unlink()
        return True
    except OSError:
        return False


def os_reason(exc: BaseException) -> str:
    """The system's text for ``exc``; a :class:`Message` when it is one of :data:`OS_REASONS`."""
    if isinstance(exc, MemoryError):
        return Message("not enough memory")
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return Message(text) if text in OS_REASONS else text
