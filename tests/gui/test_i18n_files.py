"""File errors in the interface language (issue 14): a bundle that cannot be opened, a write
that fails and a bad preset keep their English text for the CLI, carry their template and
values (core.messages.Message), and the German window shows them in German."""

from __future__ import annotations

import errno
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from dqn_lab.core import atomic_file
from dqn_lab.core.atomic_file import (
    KINDS,
    OS_REASONS,
    WRITE_DETAILS,
    WRITE_LEADS,
    AtomicWriteError,
    write_text_atomic,
)
from dqn_lab.core.bundle_format import FORMAT_MESSAGES, BundleError, read_bundle
from dqn_lab.core.bundle_schema import SCHEMA_MESSAGES
from dqn_lab.core.cli import main
from dqn_lab.core.config import Config, ConfigError
from dqn_lab.core.messages import Message
from dqn_lab.core.presets import PRESET_MESSAGES, load_preset_file, save_user_preset
from dqn_lab.gui import i18n

TS = Path(__file__).resolve().parents[2] / "resources" / "i18n" / "dqn_lab_de.ts"
TIMEOUT_MS = 120_000
NOT_ZIP = b"PK\x03\x04 this is not a zip file at all" * 10


def load_error(path: Path) -> BundleError:
    with pytest.raises(BundleError) as err:
        read_bundle(path)
    return err.value


def manifest_only(path: Path, manifest: dict) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
    return path


# -- the structure: English unchanged, parts kept ------------------------------------------
def test_a_bundle_error_keeps_its_english_text_and_carries_its_parts(tmp_path):
    bad = tmp_path / "broken.dqnlab"
    bad.write_bytes(NOT_ZIP)
    exc = load_error(bad)
    english = f"Cannot load {bad}: it is not a DQN Lab bundle (not a zip file, or cut short)."
    assert str(exc) == english
    assert isinstance(exc.message, Message) and exc.message == english
    assert exc.message.template == FORMAT_MESSAGES["load"]
    reason = exc.message.values["reason"]
    assert reason.template == FORMAT_MESSAGES["not_zip"] and reason.values == {}
    newer = load_error(
        manifest_only(
            tmp_path / "newer.dqnlab", {"format": "dqnlab-agent-bundle", "format_version": 7}
        )
    )
    assert str(newer) == (
        f"Cannot load {tmp_path / 'newer.dqnlab'}: it was saved in bundle format 7 by a newer "
        "DQN Lab; this version reads format 1."
    )
    assert newer.message.values["reason"].values == {"version": 7, "supported": 1}


def test_a_failed_write_keeps_its_english_text_and_carries_its_parts(tmp_path, monkeypatch):
    target = tmp_path / "stats.csv"
    target.write_text("old")
    target.chmod(0o444)
    with pytest.raises(AtomicWriteError) as err:
        write_text_atomic(target, "new")
    english = (
        f"Cannot save {target}: the file is read-only; make it writable or choose another name."
    )
    assert str(err.value) == english and err.value.message.template == WRITE_LEADS["save"]

    def full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic_file.os, "replace", full)
    with pytest.raises(AtomicWriteError) as err:
        write_text_atomic(tmp_path / "new.csv", "x", verb="write")
    assert str(err.value) == f"Cannot write {tmp_path / 'new.csv'}: No space left on device."
    assert err.value.message.values["detail"].values["reason"].template in OS_REASONS


def test_the_cli_prints_the_english_text_in_a_german_session(german, tmp_path, capsys):
    bad = tmp_path / "broken.dqnlab"
    bad.write_bytes(NOT_ZIP)
    assert main(["inspect", str(bad)]) != 0
    err = capsys.readouterr().err
    assert "it is not a DQN Lab bundle (not a zip file, or cut short)." in err
    assert "Agentendatei" not in err


def test_every_file_error_template_has_german_with_the_same_places():
    root = ET.parse(TS).getroot()
    german = {
        m.findtext("source"): m.findtext("translation")
        for c in root.iter("context")
        if c.findtext("name") == "Core"
        for m in c.iter("message")
    }
    places = re.compile(r"\{(\w+)[^}]*\}")
    templates = (
        *FORMAT_MESSAGES.values(),
        *SCHEMA_MESSAGES.values(),
        *WRITE_LEADS.values(),
        *WRITE_DETAILS.values(),
        *PRESET_MESSAGES.values(),
    )
    for template in (*templates, *KINDS, *OS_REASONS):
        assert german.get(template), template
        assert sorted(places.findall(german[template])) == sorted(places.findall(template))


# -- shown in German -------------------------------------------------------------------------
def test_core_file_errors_read_in_german(german, tmp_path, monkeypatch):
    newer = load_error(
        manifest_only(
            tmp_path / "newer.dqnlab", {"format": "dqnlab-agent-bundle", "format_version": 7}
        )
    )
    assert i18n.error_text(newer) == (
        f"{tmp_path / 'newer.dqnlab'} kann nicht geladen werden: sie wurde von einem neueren "
        "DQN Lab im Dateiformat 7 gespeichert; diese Version liest Format 1."
    )
    folder = tmp_path / "a folder.dqnlab"
    folder.mkdir()
    assert i18n.error_text(load_error(folder)).endswith(
        "kann nicht geladen werden: es ist ein Ordner, keine Agentendatei."
    )
    other = manifest_only(tmp_path / "other.dqnlab", {"format": "something-else"})
    assert i18n.error_text(load_error(other)).endswith(
        "sie ist keine DQN-Lab-Agentendatei (Format 'something-else')."
    )

    def full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic_file.os, "replace", full)
    with pytest.raises(AtomicWriteError) as err:
        write_text_atomic(tmp_path / "run.dqnlab", "x")
    assert i18n.error_text(err.value) == (
        f"{tmp_path / 'run.dqnlab'} kann nicht gespeichert werden: "
        "Kein Speicherplatz mehr auf dem Datenträger."
    )


def test_preset_errors_read_in_german_with_the_config_rule_inside(german, tmp_path):
    bad = tmp_path / "fast.json"
    bad.write_text(json.dumps({"name": "fast", "settings": {"epsilon": 0.1, "epsilon_min": 0.5}}))
    with pytest.raises(ConfigError) as err:
        load_preset_file(bad)
    assert str(err.value) == "Preset fast.json: epsilon_min 0.5 must not exceed epsilon 0.1."
    assert i18n.error_text(err.value) == (
        "Voreinstellung fast.json: Epsilon min 0,5 darf Epsilon 0,1 nicht übersteigen."
    )
    with pytest.raises(ConfigError) as err:
        save_user_preset("no/slash", Config(), folder=tmp_path)
    assert i18n.error_text(err.value).startswith("Der Name 'no/slash' einer Voreinstellung")


def test_the_german_window_explains_a_corrupt_bundle_in_german(
    german, make_window, qtbot, tmp_path
):
    window = make_window()
    bad = tmp_path / "kaputt\x1b[2J.dqnlab"
    bad.write_bytes(NOT_ZIP)
    with qtbot.waitSignal(window.files.open_finished, timeout=TIMEOUT_MS) as blocker:
        window.files.open(bad)
    qtbot.waitUntil(lambda: not window.files.jobs.busy, timeout=TIMEOUT_MS)
    assert blocker.args[0] is False
    box = window.error_box
    assert box.windowTitle() == "Der Agent kann nicht geöffnet werden"
    text = box.text()
    assert "kann nicht geladen werden: die Datei ist keine DQN-Lab-Agentendatei" in text
    assert "kaputt\\x1b[2J.dqnlab" in text and "\x1b" not in text  # still escaped
    assert "Cannot" not in text and "not a zip" not in text


def test_the_german_window_lists_a_bad_preset_in_german(german, make_window, qtbot, preset_dir):
    (preset_dir / "broken.json").write_text("{not json")
    (preset_dir / "fast.json").write_text(
        json.dumps({"name": "fast", "settings": {"batch_size": 64, "memory_size": 50}})
    )
    window = make_window()
    qtbot.waitUntil(lambda: window.preset_ui.warning_box is not None)
    box = window.preset_ui.warning_box
    text = box.text()
    assert "Die Voreinstellung broken.json kann nicht gelesen werden:" in text
    assert "Voreinstellung fast.json: Batch-Größe 64 darf" in text
    assert "Preset " not in text and "must not exceed" not in text


def test_the_notes_on_opening_a_bundle_keep_english_and_read_in_german(german):
    from dqn_lab.core.bundle_format import Bundle
    from dqn_lab.core.config import FIELDS
    from dqn_lab.core.persistence import load_warnings, versions

    config = Config()
    last = list(FIELDS)[-1]
    saved = {k: v for k, v in config.to_dict().items() if k != last}
    old = dict(versions(), keras="0.1\x1b[2J")
    manifest = dict(
        memory=dict(included=False), run=dict(mid_episode=True), config=saved, versions=old
    )
    notes = load_warnings(Bundle(manifest, {}, config))
    assert notes[2] == f"The bundle's config lacks {last}; the defaults are used."
    assert f"keras 0.1\\x1b[2J (now {versions()['keras']})" in notes[3]
    german_notes = [i18n.message_text(note) for note in notes]
    assert german_notes[0].startswith("Die Agentendatei hat kein Replay-Memory")
    assert german_notes[1].startswith("Die Agentendatei wurde während einer Episode")
    assert german_notes[3] == (
        f"Die Agentendatei wurde mit keras 0.1\\x1b[2J (jetzt {versions()['keras']}) "
        "gespeichert; das Weitertrainieren kann in den letzten Bits vom ursprünglichen Lauf "
        "abweichen."
    )


def test_a_log_folder_that_is_a_file_is_explained_in_german(german, tmp_path):
    from dqn_lab.core.run_log import RunLogError, RunLogger

    taken = tmp_path / "logs"
    taken.write_text("not a folder")
    with pytest.raises(RunLogError) as err:
        RunLogger(taken, None, tensorboard=False)
    assert str(err.value) == f"The log folder {taken} is a file; choose a folder."
    assert i18n.error_text(err.value) == (
        f"Der Protokollordner {taken} ist eine Datei; wählen Sie einen Ordner."
    )


def test_the_german_window_explains_a_read_only_target_in_german(
    german, make_window, tmp_path, monkeypatch
):
    from dqn_lab.core.bundle_format import atomic_write
    from dqn_lab.gui import run_model

    def write_only_bytes(path, _manifest, _arrays):  # the bundle's own checks pass; the write not
        return atomic_write(path, lambda fh: fh.write(b"agent"))

    monkeypatch.setattr(run_model, "write_bundle", write_only_bytes)
    target = tmp_path / "kept.dqnlab"
    target.write_bytes(b"old")
    target.chmod(0o444)
    window = make_window()
    assert not window.model.write(target, ({}, {}))
    assert window.error_box.windowTitle() == "Speichern fehlgeschlagen"
    assert window.error_box.text() == (
        f"{target} kann nicht gespeichert werden: die Datei ist schreibgeschützt; heben Sie den "
        "Schreibschutz auf oder wählen Sie einen anderen Namen."
    )
    assert target.read_bytes() == b"old"


def test_a_joined_message_keeps_its_items_translatable(german):
    items = [Message("Permission denied"), "a {brace}"]
    joined = Message.joined(" {or} ", items)
    assert joined == "Permission denied {or} a {brace}"
    assert i18n.message_text(joined) == "Keine Berechtigung {or} a {brace}"
