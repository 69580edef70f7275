"""The one atomic-write helper: permission bits kept, special and read-only targets refused,
no temporary left by a failure or a full disk, stale temporaries removed; every writer uses it."""

import os
import re
import shutil
import stat
import subprocess
import time
from pathlib import Path

import pytest

from dqn_lab.core.atomic_file import (
    AtomicWriteError,
    atomic_path,
    check_writable,
    remove_stale_temps,
    write_atomic,
    write_text_atomic,
)
from dqn_lab.core.bundle_format import BundleError, read_bundle, write_bundle
from dqn_lab.core.config import Config
from dqn_lab.core.run_log import RunLogError, RunLogger
from tests.conftest import ROOT
from tests.test_crash_safety import synthetic


def temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".tmp-" in p.name)


@pytest.fixture(scope="module")
def small_bundle():
    """A valid bundle's contents, small enough to write often."""
    return synthetic("S", 2100, 3)


def test_a_saved_file_keeps_its_permission_bits(tmp_path, small_bundle):
    path = tmp_path / "run.dqnlab"
    write_bundle(path, *small_bundle)
    path.chmod(0o600)
    write_bundle(path, *small_bundle)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = tmp_path / "notes.csv"
    text.write_text("old")
    text.chmod(0o640)
    write_text_atomic(text, "new")
    assert text.read_text() == "new" and stat.S_IMODE(text.stat().st_mode) == 0o640


def test_a_new_file_follows_the_umask(tmp_path):
    old = os.umask(0o077)
    try:
        write_text_atomic(tmp_path / "new.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o600


@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_special_targets_are_refused_and_stay_what_they_are(kind, tmp_path, small_bundle):
    if kind == "fifo":
        target = tmp_path / "pipe.dqnlab"
        os.mkfifo(target)
        words, check = "named pipe (FIFO)", stat.S_ISFIFO
    elif kind == "folder":
        target = tmp_path / "dir.dqnlab"
        target.mkdir()
        words, check = "a folder", stat.S_ISDIR
    else:
        target, words, check = Path("/dev/null"), "a device", stat.S_ISCHR
    with pytest.raises(BundleError) as err:
        write_bundle(target, *small_bundle)
    message = str(err.value)
    assert words in message and "\n" not in message and str(target) in message
    with pytest.raises(AtomicWriteError, match=re.escape(words)):
        check_writable(target)
    assert check(os.stat(target).st_mode)  # not replaced by a regular file
    assert temps(target.parent if kind != "device" else tmp_path) == []


def test_a_read_only_target_is_refused_unless_forced(tmp_path, small_bundle):
    path = tmp_path / "keep.dqnlab"
    write_bundle(path, *small_bundle)
    before = path.read_bytes()
    path.chmod(0o444)
    with pytest.raises(BundleError, match="read-only"):
        write_bundle(path, *small_bundle)
    with pytest.raises(AtomicWriteError, match="read-only"):
        check_writable(path)
    assert path.read_bytes() == before
    other = synthetic("T", 2100, 4)
    write_bundle(path, *other, force=True)
    assert read_bundle(path).manifest["saved_at"] == "T"
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert temps(tmp_path) == []


def _chattr(flag: str, path: Path) -> bool:
    if shutil.which("chattr") is None:
        return False
    return subprocess.run(["chattr", flag, str(path)], capture_output=True).returncode == 0


def test_an_immutable_target_is_found_before_writing(tmp_path):
    path = tmp_path / "fixed.dqnlab"
    path.write_bytes(b"x")
    if not _chattr("+i", path):
        pytest.skip("chattr +i needs root on a file system that supports it")
    try:
        with pytest.raises(AtomicWriteError, match="not permitted|read-only|denied"):
            check_writable(path)
        with pytest.raises(AtomicWriteError):
            write_text_atomic(path, "y")
        assert path.read_bytes() == b"x"
    finally:
        _chattr("-i", path)


def test_missing_folder_and_file_in_the_way_are_clear(tmp_path):
    with pytest.raises(AtomicWriteError, match="does not exist"):
        check_writable(tmp_path / "no" / "x.csv")
    (tmp_path / "file").write_text("")
    with pytest.raises(AtomicWriteError, match="is a file, not a folder"):
        check_writable(tmp_path / "file" / "x.csv")


def test_a_failing_writer_leaves_the_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("old")

    def broken(fh):
        fh.write(b"partial")
        raise OSError(28, "No space left on device")

    with pytest.raises(AtomicWriteError, match="No space left on device.*unchanged"):
        write_atomic(path, broken)
    with pytest.raises(KeyboardInterrupt):
        with atomic_path(path) as tmp:
            tmp.write_text("partial")
            raise KeyboardInterrupt
    assert path.read_text() == "old" and temps(tmp_path) == []


def test_stale_temporaries_of_a_folder_go_on_the_next_load(tmp_path, small_bundle):
    path = tmp_path / "run.dqnlab"
    write_bundle(path, *small_bundle)
    dead = tmp_path / ".other.dqnlab.tmp-999999999-0badc0de"  # no such process
    alive = tmp_path / f".other.dqnlab.tmp-{os.getpid()}-00000000"
    old = tmp_path / f".x.csv.tmp-{os.getppid()}-11111111"  # a live pid, but a day old
    unrelated = tmp_path / ".notes.tmp"
    look_alike = tmp_path / ".foo.tmp-999999999-notours"  # another program's naming
    for p in (dead, alive, old, unrelated, look_alike):
        p.write_bytes(b"partial")
    os.utime(old, (time.time() - 2 * 86400,) * 2)
    read_bundle(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["run.dqnlab", alive.name, unrelated.name, look_alike.name]
    )
    assert remove_stale_temps(tmp_path) == []


def test_a_run_log_start_removes_stale_temporaries(tmp_path):
    folder = tmp_path / "run"
    folder.mkdir()
    dead = folder / ".config.json.tmp-999999999-deadbeef"
    dead.write_text("{")
    RunLogger(folder, Config(), tensorboard=False).close()
    assert not dead.exists() and (folder / "config.json").exists()


@pytest.fixture
def full_disk(tmp_path):
    """A 64 KiB tmpfs that is full: a real ENOSPC (needs root and mount)."""
    mnt = tmp_path / "full"
    mnt.mkdir()
    proc = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mnt)], capture_output=True
    )
    if proc.returncode != 0:
        pytest.skip("mounting a tmpfs needs root")
    try:
        (mnt / "run").mkdir()
        with open(mnt / "filler", "wb", buffering=0) as fh:
            try:
                while True:
                    fh.write(b"\0" * 4096)
            except OSError:
                pass
        yield mnt
    finally:
        subprocess.run(["umount", str(mnt)], capture_output=True)


def test_a_full_disk_leaves_no_temporary(full_disk):
    with pytest.raises(RunLogError, match="No space left on device"):
        RunLogger(full_disk / "run", Config(), tensorboard=False)
    assert temps(full_disk / "run") == [] and not (full_disk / "run" / "config.json").exists()
    with pytest.raises(AtomicWriteError, match="No space left on device"):
        write_text_atomic(full_disk / "big.txt", "x" * 200_000)
    assert temps(full_disk) == []


def test_every_writer_goes_through_the_helper():
    """No module of core or gui renames a temporary itself (one helper, ~7 writers)."""
    offenders = []
    for path in [*(ROOT / "core").glob("*.py"), *(ROOT / "gui").glob("*.py")]:
        if path.name == "atomic_file.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"os\.replace\(|\.replace\(path\)|\.rename\(", text):
            offenders.append(path.name)
    assert offenders == []
