"""The ``.dqnlab`` agent bundle: a zip of a JSON manifest and ``.npz`` data, read defensively.

Layout (format 1)::

    manifest.json   format, versions, config, counters, statistics, history, SHA-256 per file
    weights.npz     online/<layer>/<kernel|bias>, target/... (DQN only)
    optimizer.npz   Adam: iteration, learning_rate, <layer>_<var>_momentum / _velocity
    rng.npz         agent (and env once seeded): PCG64 state as 6 uint64
    memory.npz      optional replay memory: states, next_states, actions, rewards, dones,
                    pos, total_added (the ring order, so sampling resumes exactly)

Reading never runs code: no pickle, no eval, no Keras deserialisation. Before anything is
decompressed the file size, the member names, sizes and compression ratios are checked;
the manifest has a closed set of keys with checked values; every array's name, dtype and
shape must be exactly what the validated config's network needs, and its values finite and
in range. Every rejection is a :class:`BundleError` whose message says what is wrong.
Writing goes to a temporary file in the same folder, fsync, ``os.replace``, fsync folder.
This module needs NumPy and the standard library only (no TensorFlow).
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from dqn_lab.core.atomic_file import AtomicWriteError, remove_stale_temps, write_atomic
from dqn_lab.core.bundle_schema import (
    FORMAT,
    FORMAT_VERSION,
    MAX_HISTORY,
    MAX_STATISTICS,
    Invalid,
    array_specs,
    check_values,
    validate_manifest,
)
from dqn_lab.core.config import Config
from dqn_lab.core.json_values import json_safe
from dqn_lab.core.messages import Message

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "BundleError",
    "LoadCancelled",
    "Bundle",
    "read_bundle",
    "read_manifest",
    "write_bundle",
    "manifest_text",
    "atomic_write",
    "remove_stale_temps",
]

SUFFIX = ".dqnlab"
MANIFEST = "manifest.json"
DATA_FILES = ("weights.npz", "optimizer.npz", "rng.npz", "memory.npz")
MEMBERS = (MANIFEST, *DATA_FILES)

# Limits, all checked before the member they guard is decompressed.
MAX_FILE_BYTES = 1 << 30  # the bundle on disk
#: 100,000 episodes of statistics take about 18 MB of JSON, 100,000 live changes about 8 MB.
MAX_MANIFEST_BYTES = 48 << 20
#: Before parsing: objects and lists ({ and [) and separators (, and :) the text may hold,
#: counted with bytes.count (fast). A legal manifest has one object per statistics entry
#: (16 separators) and per history entry (10, and lists as old/new values), plus a few
#: hundred elsewhere; text inside strings counts too (it is short).
MAX_JSON_OPENERS = MAX_STATISTICS + 3 * MAX_HISTORY + 4096
MAX_JSON_SEPARATORS = 16 * MAX_STATISTICS + 12 * MAX_HISTORY + 65536
#: A data file larger than STREAM_FROM that deflated more than STREAM_RATIO times (a small
#: file that inflates to a lot; replay data deflates about 1.3 times) has its directory
#: checked in a streaming pass before it is held in memory.
STREAM_FROM = 16 << 20
STREAM_RATIO = 4
CHUNK = 1 << 20  # bytes inflated between progress reports
MAX_RATIO = 100  # uncompressed / compressed, for members over RATIO_FROM
RATIO_FROM = 1 << 20
RATIO_EXEMPT = ("weights.npz", "optimizer.npz")
MAX_CENTRAL_DIR = 64 << 10  # the zip's table of contents (a few members only)
MAX_ENTRIES = 16  # parsed by name below; more is not worth parsing
NPY_OVERHEAD = 512  # per array: .npy header and the inner zip's entry
MAX_NPY_HEADER = 4096


class BundleError(ValueError):
    """A bundle cannot be saved or loaded; the message says what is wrong with the file.

    ``str(exc)`` is the English text (the CLI prints it); :attr:`message` is the same as a
    :class:`~dqn_lab.core.messages.Message` of :data:`FORMAT_MESSAGES` whose reason is a
    Message too for the problems a user meets (an interface translates both), or plain text
    for technical details.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


#: Templates of bundle errors: leads (``{reason}`` is an :class:`Invalid`'s message) and
#: the reasons of files a user meets (missing, unreadable, not a bundle, damaged, too big).
#: File-controlled values are shortened (and ``repr``-escaped where they are names).
FORMAT_MESSAGES = {
    "load": "Cannot load {path}: {reason}",
    "load_memory": "Cannot load {path}: not enough memory to read it.",
    "load_damaged": "Cannot load {path}: the file is damaged ({error}).",
    "save_invalid": "Cannot save {path}: the agent's state is not valid: {reason}",
    "cancelled": "Loading {path} was cancelled.",
    "no_file": "there is no such file.",
    "no_permission": "no permission to read it.",
    "folder": "it is a folder, not a bundle file.",
    "not_regular": "it is not a regular file (a device, pipe or socket).",
    "too_big": "it is {size} bytes; a bundle may have at most {limit}.",
    "not_zip": "it is not a DQN Lab bundle (not a zip file, or cut short).",
    "member_not_zip": "{name} is damaged: not a zip file, or cut short.",
    "no_manifest": "it has no {manifest}; it is not a DQN Lab bundle.",
    "not_member": "it contains {name}, which is not a bundle member (allowed: {allowed}).",
    "checksum": "{name} is damaged: its SHA-256 does not match the manifest.",
    "listed": "the manifest lists {listed}, but this bundle needs {needed}.",
    "present": "it contains {present}, but its manifest needs {needed}.",
    "size_differs": "{name} is {size} bytes, but the manifest says {declared}.",
    "twice": "it contains {name} twice.",
    "encrypted": "{name} is encrypted.",
    "short_member": "{name} holds {got} bytes, not the declared {size}.",
    "not_utf8": "{manifest} is not UTF-8 text.",
    "not_json": "{manifest} is not valid JSON ({error}).",
    "zip_bomb": "{name} would expand {ratio} times (limit {limit}); this looks like a zip bomb.",
    "dtype": "{where} has dtype {got}; it must be {dtype} ({name}).",
    "shape": "{where} has shape {got}, but the config needs {shape}.",
    # core.persistence's
    "save": "Cannot save: {reason}",
    "network": "Cannot load {path}: its variables do not match this version's network "
    "(saved with Keras {keras}): {error}",
    "export_suffix": "Cannot export to {path}: the file name must end in .keras.",
    "export_failed": "Cannot export to {path}: {reason}.",
}


def invalid(key: str, **values: object) -> Invalid:
    """The :class:`Invalid` of :data:`FORMAT_MESSAGES` ``key``."""
    return Invalid(Message.of(FORMAT_MESSAGES[key], **values))


def bundle_error(key: str, **values: object) -> BundleError:
    """The :class:`BundleError` of :data:`FORMAT_MESSAGES` ``key``."""
    return BundleError(Message.of(FORMAT_MESSAGES[key], **values))


@dataclass
class Bundle:
    """A validated bundle: its manifest (JSON values) and arrays per data file."""

    manifest: dict
    arrays: dict[str, dict[str, np.ndarray]]
    config: Config
    path: Path | None = None


# -- reading --------------------------------------------------------------------------------
#: What the zip, zlib and NumPy readers raise for damaged input (reported as "damaged").
DAMAGED = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    struct.error,
    OverflowError,
    KeyError,
    IndexError,
    TypeError,
)


class LoadCancelled(BundleError):
    """Loading was cancelled by the caller's ``should_stop``."""


#: ``progress(fraction, message)``: fraction from 0 to 1 of the bytes to read.
Progress = Callable[[float, str], None]


class _Reading:
    """Progress and cancel hooks of one read (called between chunks of 1 MiB)."""

    def __init__(
        self, path: Path, progress: Progress | None, should_stop: Callable[[], bool] | None
    ) -> None:
        self.path, self.progress, self.should_stop = path, progress, should_stop
        self.total, self.done = 1, 0

    def step(self, nbytes: int, message: str) -> None:
        self.done += nbytes
        if self.should_stop is not None and self.should_stop():
            raise LoadCancelled(Message.of(FORMAT_MESSAGES["cancelled"], path=str(self.path)))
        if self.progress is not None:
            self.progress(min(self.done / self.total, 1.0), message)


def read_bundle(
    path: str | os.PathLike,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Bundle:
    """Open, check and read a bundle (no TensorFlow); :class:`BundleError` if it is unusable.

    Safe on any thread. ``progress(fraction, message)`` is called as data is read (about
    every MiB); ``should_stop()`` is polled as often and, when true, ends the read with
    :class:`LoadCancelled` (a :class:`BundleError`). Temporaries of killed saves in the
    bundle's folder are removed first.
    """
    return _load(Path(path), False, _Reading(Path(path), progress, should_stop))


def read_manifest(path: str | os.PathLike) -> dict:
    """Only the validated manifest (a quick look): the data files are not read."""
    return _load(Path(path), True, _Reading(Path(path), None, None)).manifest


def _load(path: Path, manifest_only: bool, reading: _Reading) -> Bundle:
    try:
        return _read(path, manifest_only, reading)
    except Invalid as exc:
        raise bundle_error("load", path=str(path), reason=exc.message) from None
    except MemoryError:
        raise bundle_error("load_memory", path=str(path)) from None
    except DAMAGED as exc:
        if isinstance(exc, BundleError):
            raise
        raise bundle_error(
            "load_damaged", path=str(path), error=f"{type(exc).__name__}: {_short(str(exc))}"
        ) from None


def _read(path: Path, manifest_only: bool, reading: _Reading) -> Bundle:
    try:
        st = path.stat()
    except FileNotFoundError:
        raise invalid("no_file") from None
    except PermissionError:
        raise invalid("no_permission") from None
    if stat.S_ISDIR(st.st_mode):
        raise invalid("folder")
    if not stat.S_ISREG(st.st_mode):
        raise invalid("not_regular")
    if st.st_size > MAX_FILE_BYTES:
        raise invalid("too_big", size=f"{st.st_size:,}", limit=f"{MAX_FILE_BYTES:,}")
    if not manifest_only:
        remove_stale_temps(path.parent)
    try:
        fh = open(path, "rb")
    except PermissionError:
        raise invalid("no_permission") from None
    with fh:
        _check_end_record(fh, st.st_size)
        with zipfile.ZipFile(fh) as zf:
            infos = _check_members(zf)
            # every member once, suspicious ones twice (their directory is checked first)
            reading.total = max(
                sum(
                    i.file_size * (2 if n != MANIFEST and _streamed(i) else 1)
                    for n, i in infos.items()
                ),
                1,
            )
            manifest = _parse_json(_read_member(zf, infos[MANIFEST], MAX_MANIFEST_BYTES, reading))
            config, sizes = validate_manifest(manifest)
            if manifest_only:
                return Bundle(manifest, {}, config, path)
            specs = array_specs(manifest, config, *sizes)
            listed = manifest["files"]
            if set(listed) != set(specs):
                raise invalid("listed", listed=_names(listed), needed=_names(specs))
            present = set(infos) - {MANIFEST}
            if present != set(specs):
                raise invalid("present", present=_names(present), needed=_names(specs))
            # sizes derive from the config's shapes; the file's own claims must agree
            bounds = {
                name: sum(
                    int(np.prod(shape)) * dtype.itemsize + NPY_OVERHEAD
                    for shape, dtype in spec.values()
                )
                + NPY_OVERHEAD
                for name, spec in specs.items()
            }
            for name in specs:
                info = infos[name]
                if info.file_size != listed[name]["bytes"]:
                    raise invalid(
                        "size_differs",
                        name=name,
                        size=f"{info.file_size:,}",
                        declared=f"{listed[name]['bytes']:,}",
                    )
                if info.file_size > bounds[name]:
                    raise Invalid(
                        f"{name} declares {info.file_size:,} bytes; its arrays "
                        f"need at most {bounds[name]:,}."
                    )
            arrays = {}
            for name, spec in specs.items():
                info = infos[name]
                if _streamed(info):  # look at its directory before holding it
                    _check_npz_tail(name, _member_tail(zf, info, bounds[name], reading), spec)
                data = _read_member(zf, info, bounds[name], reading)
                if hashlib.sha256(data).hexdigest() != listed[name]["sha256"]:
                    raise invalid("checksum", name=name)
                arrays[name] = _read_npz(name, data, spec)
                del data
    check_values(manifest, config, arrays, *sizes)
    return Bundle(manifest, arrays, config, path)


def _check_end_record(
    fh,
    size: int,
    max_entries: int = MAX_ENTRIES,
    max_central_dir: int = MAX_CENTRAL_DIR,
    what: str = "it",
) -> None:
    """Few members and a small table of contents, as ``zipfile`` will see them, before parsing.

    ``zipfile`` finds the end record the same way (the last 22 bytes if the zip has no
    comment, else the last signature in the final 64 KiB) and then follows a ZIP64 locator
    right before it, whatever the plain record says. A bundle is never ZIP64 (it is at most
    1 GiB with a handful of members), so a locator is refused: the limits below then hold for
    the numbers ``zipfile`` uses, and its directory parse reads at most ``max_central_dir``.
    """
    tail_len = min(size, 22 + 65535)
    fh.seek(size - tail_len)
    tail = fh.read(tail_len)
    if len(tail) >= 22 and tail[-22:-18] == b"PK\x05\x06" and tail[-2:] == b"\x00\x00":
        at = len(tail) - 22
    else:
        at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        raise invalid("not_zip") if what == "it" else invalid("member_not_zip", name=what)
    _, disk, _, _, entries, cd_size, _, _ = struct.unpack("<4s4H2LH", tail[at : at + 22])
    locator = size - tail_len + at - 20
    if locator >= 0:
        fh.seek(locator)
        zip64 = fh.read(4) == b"PK\x06\x07"
    else:
        zip64 = False
    if zip64 or disk == 0xFFFF or entries == 0xFFFF or cd_size == 0xFFFFFFFF:
        raise Invalid(
            f"{what} is a ZIP64 archive; a bundle and its data files are small plain zips."
        )
    if entries > max_entries or cd_size > max_central_dir:
        raise Invalid(
            f"{what} has {entries} members ({cd_size:,} bytes of directory); at "
            f"most {max_entries} members and {max_central_dir:,} bytes are allowed."
        )


def _check_members(zf: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos: dict[str, zipfile.ZipInfo] = {}
    if len(zf.infolist()) > MAX_ENTRIES:
        raise Invalid(
            f"it has {len(zf.infolist()):,} members; a bundle has at most {len(MEMBERS)}."
        )
    for info in zf.infolist():
        name = info.filename
        if name not in MEMBERS:
            raise invalid("not_member", name=_short(repr(name)), allowed=", ".join(MEMBERS))
        if name in infos:
            raise invalid("twice", name=name)
        if info.flag_bits & 0x1:
            raise invalid("encrypted", name=name)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise Invalid(
                f"{name} uses compression method {info.compress_type}; only "
                f"stored and deflated are allowed."
            )
        if info.file_size > MAX_FILE_BYTES:
            raise Invalid(
                f"{name} declares {info.file_size:,} bytes uncompressed; the limit "
                f"is {MAX_FILE_BYTES:,}."
            )
        # The network's files are exempt: their size is bounded by the config's shapes
        # (at most about 42 MB each) before they are read, and a fresh optimizer's zeros
        # legitimately deflate over 200 times.
        if (
            name not in RATIO_EXEMPT
            and info.file_size > RATIO_FROM
            and info.file_size > MAX_RATIO * info.compress_size
        ):
            ratio = info.file_size / max(info.compress_size, 1)
            raise invalid("zip_bomb", name=name, ratio=f"{ratio:,.0f}", limit=MAX_RATIO)
        infos[name] = info
    if MANIFEST not in infos:
        raise invalid("no_manifest", manifest=MANIFEST)
    return infos


def _read_member(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, reading: _Reading
) -> bytes:
    if info.file_size > limit:
        raise Invalid(f"{info.filename} declares {info.file_size:,} bytes; the limit is {limit:,}.")
    chunks, total = [], 0
    with zf.open(info) as fh:
        while chunk := fh.read(min(CHUNK, limit + 1 - total)):
            total += len(chunk)
            chunks.append(chunk)
            reading.step(len(chunk), f"Reading {info.filename}")
            if total > limit:
                break
    data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    del chunks
    if len(data) != info.file_size:
        raise invalid(
            "short_member", name=info.filename, got=f"{len(data):,}", size=f"{info.file_size:,}"
        )
    return data


def _parse_json(data: bytes) -> Any:
    def constant(name: str):
        raise Invalid(f"{MANIFEST} contains {name}, which is not a JSON number.")

    def number(text: str) -> float:
        value = float(text)
        if not math.isfinite(value):
            raise Invalid(f"{MANIFEST} contains the out-of-range number {_short(text)}.")
        return value

    def integer(text: str) -> int:
        if len(text) > 24:
            raise Invalid(f"{MANIFEST} contains a {len(text)}-digit number.")
        return int(text)

    def unique(pairs: list) -> dict:
        keys = [k for k, _ in pairs]
        if len(set(keys)) != len(keys):
            raise Invalid(f"{MANIFEST} repeats a key in one object.")
        return dict(pairs)

    openers = data.count(b"{") + data.count(b"[")
    separators = data.count(b",") + data.count(b":")
    if openers > MAX_JSON_OPENERS or separators > MAX_JSON_SEPARATORS:
        raise Invalid(
            f"{MANIFEST} holds {openers:,} objects or lists and {separators:,} "
            f"separators; a bundle's manifest has at most {MAX_JSON_OPENERS:,} "
            f"and {MAX_JSON_SEPARATORS:,}."
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise invalid("not_utf8", manifest=MANIFEST) from None
    try:
        return json.loads(
            text,
            parse_constant=constant,
            parse_float=number,
            parse_int=integer,
            object_pairs_hook=unique,
        )
    except json.JSONDecodeError as exc:
        raise invalid("not_json", manifest=MANIFEST, error=str(exc)) from None
    except RecursionError:
        raise Invalid(f"{MANIFEST} is nested too deeply.") from None


def _streamed(info: zipfile.ZipInfo) -> bool:
    return info.file_size > STREAM_FROM and info.file_size > STREAM_RATIO * max(
        info.compress_size, 1
    )


def _member_tail(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, reading: _Reading
) -> bytes:
    """The last 64 KiB of a member, inflated in chunks (memory stays small, nothing kept)."""
    keep, tail, total = 22 + 65535, b"", 0
    with zf.open(info) as fh:
        while chunk := fh.read(CHUNK):
            total += len(chunk)
            reading.step(len(chunk), f"Checking {info.filename}")
            if total > limit:
                raise Invalid(f"{info.filename} holds more than {limit:,} bytes.")
            tail = (tail + chunk)[-keep:]
    return tail


def _npz_directory_limits(spec: dict[str, tuple]) -> tuple[int, int]:
    """Members and central-directory bytes that an .npz of exactly these arrays needs."""
    # 46 bytes per entry plus its name and room for extra fields; a few unexpected entries
    # more are parsed so that the message can name them
    return (
        len(spec) + MAX_ENTRIES,
        sum(46 + len(f"{key}.npy") + 64 for key in spec) + MAX_ENTRIES * 512,
    )


def _check_npz_tail(name: str, tail: bytes, spec: dict[str, tuple]) -> None:
    entries, cd_bytes = _npz_directory_limits(spec)
    _check_end_record(io.BytesIO(tail), len(tail), entries, cd_bytes, what=name)


def _read_npz(name: str, data: bytes, spec: dict[str, tuple]) -> dict[str, np.ndarray]:
    """The arrays of one .npz, each checked by name, dtype and shape before it is read."""
    entries, cd_bytes = _npz_directory_limits(spec)
    _check_end_record(io.BytesIO(data), len(data), entries, cd_bytes, what=name)
    with zipfile.ZipFile(io.BytesIO(data)) as inner:
        infos = inner.infolist()
        found = [i.filename for i in infos]
        wanted = {f"{key}.npy": key for key in spec}
        if sorted(found) != sorted(wanted):
            missing = sorted(set(wanted) - set(found))
            extra = sorted(set(found) - set(wanted))
            dup = len(set(found)) != len(found)
            raise Invalid(
                f"{name} does not hold the arrays the config needs"
                + (f"; missing {_names(m[:-4] for m in missing)}" if missing else "")
                + (f"; unexpected {_short(', '.join(map(repr, extra)))}" if extra else "")
                + ("; a name repeats" if dup else "")
                + "."
            )
        out: dict[str, np.ndarray] = {}
        for info in infos:
            key = wanted[info.filename]
            shape, dtype = spec[key]
            where = f"{name}: {key}"
            if info.compress_type != zipfile.ZIP_STORED or info.flag_bits & 0x1:
                raise Invalid(f"{where} is compressed or encrypted; arrays are stored plain.")
            nbytes = int(np.prod(shape)) * dtype.itemsize
            if info.file_size > nbytes + NPY_OVERHEAD:
                raise Invalid(
                    f"{where} declares {info.file_size:,} bytes; {shape} "
                    f"{dtype.name} needs {nbytes:,}."
                )
            with inner.open(info) as fh:
                header_len = _check_npy_header(fh, where, shape, dtype)
            if info.file_size != header_len + nbytes:
                raise Invalid(
                    f"{where} holds {info.file_size - header_len:,} bytes of data; "
                    f"{shape} {dtype.name} is {nbytes:,}."
                )
            with inner.open(info) as fh:
                array = np.lib.format.read_array(
                    fh, allow_pickle=False, max_header_size=MAX_NPY_HEADER
                )
            out[key] = np.asarray(array, order="C")
    return out


def _check_npy_header(fh, where: str, shape: tuple, dtype: np.dtype) -> int:
    fmt = np.lib.format
    try:
        version = fmt.read_magic(fh)
        if version == (1, 0):
            got_shape, _, got_dtype = fmt.read_array_header_1_0(fh, MAX_NPY_HEADER)
        elif version == (2, 0):
            got_shape, _, got_dtype = fmt.read_array_header_2_0(fh, MAX_NPY_HEADER)
        else:
            raise Invalid(f"{where} is .npy version {version}; 1.0 or 2.0 is expected.")
    except ValueError as exc:
        raise Invalid(f"{where} is not a valid .npy array ({_short(str(exc))}).") from None
    if got_dtype.hasobject or got_dtype != dtype:
        raise invalid(
            "dtype", where=where, got=_short(str(got_dtype)), dtype=dtype.str, name=dtype.name
        )
    if tuple(got_shape) != tuple(shape):
        raise invalid(
            "shape", where=where, got=_short(str(tuple(got_shape))), shape=str(tuple(shape))
        )
    return fh.tell()


# -- writing --------------------------------------------------------------------------------
def write_bundle(
    path: str | os.PathLike,
    manifest: dict,
    arrays: dict[str, dict[str, np.ndarray]],
    level: int = 1,
    force: bool = False,
) -> int:
    """Check and write a bundle atomically; returns its size in bytes.

    ``manifest`` is everything but ``files``, which is filled in here (SHA-256 and size of
    each data file). What could not be read back is refused before anything is written.
    ``force`` replaces a read-only file.
    """
    path = Path(path)
    payloads = {name: _npz_bytes(arrays[name]) for name in DATA_FILES if name in arrays}
    manifest = json_safe(
        dict(
            manifest,
            files={
                name: dict(sha256=hashlib.sha256(data).hexdigest(), bytes=len(data))
                for name, data in payloads.items()
            },
        )
    )
    try:
        config, sizes = validate_manifest(manifest, loading=False)
        specs = array_specs(manifest, config, *sizes)
        if set(specs) != set(payloads):
            raise Invalid(f"the data files {_names(payloads)} do not match {_names(specs)}.")
        for name, spec in specs.items():
            _check_arrays(name, arrays[name], spec)
        check_values(manifest, config, arrays, *sizes, loading=False)
    except Invalid as exc:
        raise bundle_error("save_invalid", path=str(path), reason=exc.message) from None
    text = manifest_text(manifest).encode("utf-8")

    def write(fh) -> None:
        with zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
            for name, data in [(MANIFEST, text), *payloads.items()]:
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, data, compresslevel=level)

    return atomic_write(path, write, force=force)


def manifest_text(manifest: dict) -> str:
    """The manifest as JSON to read: nested objects indented, one line per list entry."""
    lines = ["{"]
    keys = list(manifest)
    for i, key in enumerate(keys):
        value, comma = manifest[key], "," if i < len(keys) - 1 else ""
        if isinstance(value, list) and value:
            lines.append(f"  {json.dumps(key)}: [")
            lines += [
                f"    {json.dumps(v, allow_nan=False)}{',' if j < len(value) - 1 else ''}"
                for j, v in enumerate(value)
            ]
            lines.append(f"  ]{comma}")
        else:
            body = json.dumps(value, indent=2, allow_nan=False).replace("\n", "\n  ")
            lines.append(f"  {json.dumps(key)}: {body}{comma}")
    lines.append("}")
    return "\n".join(lines)


def _check_arrays(name: str, arrays: dict[str, np.ndarray], spec: dict[str, tuple]) -> None:
    if set(arrays) != set(spec):
        raise Invalid(f"{name} holds {_names(arrays)}; the config needs {_names(spec)}.")
    for key, (shape, dtype) in spec.items():
        a = arrays[key]
        if a.dtype != dtype or a.shape != tuple(shape):
            raise Invalid(
                f"{name}: {key} is {a.shape} {a.dtype}; the config needs "
                f"{tuple(shape)} {dtype.name}."
            )


def _npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """An uncompressed .npz with fixed timestamps (the same state gives the same bytes)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for key, array in arrays.items():
            npy = io.BytesIO()
            np.lib.format.write_array(npy, np.asarray(array, order="C"), allow_pickle=False)
            zf.writestr(
                zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0)), npy.getvalue()
            )
    return buf.getvalue()


def atomic_write(path: str | os.PathLike, write, force: bool = False) -> int:
    """:func:`dqn_lab.core.atomic_file.write_atomic`, its errors as :class:`BundleError`."""
    try:
        return write_atomic(path, write, force=force)
    except AtomicWriteError as exc:
        raise BundleError(exc.message) from None


def _names(items) -> str:
    items = sorted(items)
    return ", ".join(items) if items else "nothing"


def _short(text: str, n: int = 120) -> str:
    return text if len(text) <= n else text[: n - 3] + "..."
