"""The .desktop launcher: template validity, per-user install/uninstall, Exec quoting."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dqn_lab.core import desktop_entry as de

VALIDATE = shutil.which("desktop-file-validate")
needs_validator = pytest.mark.skipif(
    VALIDATE is None,
    reason="desktop-file-validate is not installed (Debian: apt-get install desktop-file-utils)",
)
linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="freedesktop launchers are Linux-only"
)


def validate(path: Path) -> None:
    result = subprocess.run([VALIDATE, str(path)], capture_output=True, text=True)
    errors = [
        ln for ln in result.stdout.splitlines() + result.stderr.splitlines() if "error:" in ln
    ]
    assert result.returncode == 0 and not errors, result.stdout + result.stderr


def unquote_exec(value: str) -> list[str]:
    """Read an Exec value back as the spec says: string unescape, then the Exec quoting."""
    text = value.replace("\\\\", "\\")
    args, arg, i, quoted, started = [], "", 0, False, False
    while i < len(text):
        ch = text[i]
        if quoted and ch == "\\" and text[i + 1] in '"`$\\':
            arg, i = arg + text[i + 1], i + 2
            continue
        if ch == '"':
            quoted, started = not quoted, True
        elif ch == " " and not quoted:
            if arg or started:
                args.append(arg)
            arg, started = "", False
        else:
            arg += ch
        i += 1
    assert not quoted, f"unbalanced quotes in {value!r}"
    if arg or started:
        args.append(arg)
    return [a.replace("%%", "%") for a in args]


def test_template_has_the_required_keys():
    keys = de.parse_desktop_entry(de.TEMPLATE.read_text(encoding="utf-8"))
    assert keys["Type"] == "Application" and keys["Terminal"] == "false"
    assert keys["Icon"] == "dqn-lab" and keys["StartupWMClass"] == "dqn-lab"
    assert {"Education", "Science"} <= set(keys["Categories"].split(";"))
    for key in ("Name", "GenericName", "Comment", "Exec", "Keywords"):
        assert keys[key], key


@needs_validator
def test_template_passes_desktop_file_validate():
    validate(de.TEMPLATE)


@linux_only
def test_install_writes_a_valid_launcher_and_icons(tmp_path):
    outcome = de.install(tmp_path)
    entry = tmp_path / "applications" / "dqn-lab.desktop"
    assert entry in outcome.paths and de.installed_entry(tmp_path) == entry
    keys = de.parse_desktop_entry(entry.read_text(encoding="utf-8"))
    python, main_py, field_code = unquote_exec(keys["Exec"])
    assert field_code == "%f"  # a file opened from a file manager
    assert keys["MimeType"] == "application/x-dqnlab;"
    assert Path(python).is_absolute() and Path(python).is_file()
    assert Path(main_py) == de.MAIN_PY and Path(main_py).is_file()
    for n in de.ICON_SIZES:
        png = tmp_path / "icons" / "hicolor" / f"{n}x{n}" / "apps" / "dqn-lab.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "icons" / "hicolor" / "scalable" / "apps" / "dqn-lab.svg").is_file()
    assert str(entry) in outcome.message
    if VALIDATE:
        validate(entry)


@linux_only
def test_install_honours_xdg_data_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert de.data_home() == tmp_path
    de.install()
    assert (tmp_path / "applications" / "dqn-lab.desktop").is_file()
    monkeypatch.setenv("XDG_DATA_HOME", "relative/ignored")
    assert de.data_home() == Path.home() / ".local" / "share"


@linux_only
def test_uninstall_removes_what_install_wrote(tmp_path):
    written = de.install(tmp_path).paths
    removed = de.uninstall(tmp_path).paths
    assert sorted(removed) == sorted(written)
    assert not any(p.exists() for p in written)
    again = de.uninstall(tmp_path)
    assert again.paths == [] and "nothing to remove" in again.message


@linux_only
def test_a_missing_interpreter_is_refused_with_a_message(tmp_path):
    with pytest.raises(de.DesktopEntryError, match="does not exist"):
        de.install(tmp_path, python=tmp_path / "no-python")
    assert not (tmp_path / "applications").exists()


@pytest.mark.parametrize(
    "path",
    [
        "/opt/dqn lab/main.py",
        '/tmp/we"ird/$HOME/`x`/main.py',
        "/tmp/back\\slash/100%/main.py",
        "/tmp/plain/main.py",
    ],
)
def test_exec_quoting_round_trips(path):
    value = de.exec_line("/usr/bin/python3", path)
    assert unquote_exec(value) == ["/usr/bin/python3", path]
    if " " in path:
        assert value.endswith('"/opt/dqn lab/main.py"')


def test_exec_refuses_line_breaks():
    with pytest.raises(de.DesktopEntryError, match="line break"):
        de.quote_exec_arg("/tmp/a\nb/main.py")


@needs_validator
@linux_only
def test_a_path_with_spaces_still_validates(tmp_path):
    odd = tmp_path / "my lab (copy)"
    odd.mkdir()
    main_py = odd / "main.py"
    main_py.write_text("")
    de.install(tmp_path / "share", main_py=main_py)
    validate(tmp_path / "share" / "applications" / "dqn-lab.desktop")


def test_main_py_flags_install_and_uninstall(tmp_path, monkeypatch, capsys):
    from dqn_lab import __main__ as main

    monkeypatch.setattr(de.sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert main.main(["--install-desktop-entry"]) == 0
    assert "Installed the DQN Lab launcher" in capsys.readouterr().out
    assert main.main(["--uninstall-desktop-entry"]) == 0
    assert "Removed" in capsys.readouterr().out
    monkeypatch.setattr(de.sys, "platform", "win32")
    assert main.main(["--install-desktop-entry"]) == 1
    assert "Linux only" in capsys.readouterr().err


def test_no_qt_is_imported():
    code = (
        "import sys, dqn_lab.core.desktop_entry; "
        "print([m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph'))])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=de.ROOT, check=True
    ).stdout.strip()
    assert out == "[]"


@linux_only
def test_install_registers_the_dqnlab_file_type(tmp_path):
    """Issue 13: a .dqnlab file opens from a file manager (MIME type + %f)."""
    import xml.etree.ElementTree as ET

    outcome = de.install(tmp_path)
    xml = tmp_path / "mime" / "packages" / "dqn-lab.xml"
    assert xml in outcome.paths and ".dqnlab" in outcome.message
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    kind = ET.parse(xml).getroot().find("m:mime-type", ns)
    assert kind.get("type") == de.MIME_TYPE
    assert kind.find("m:glob", ns).get("pattern") == "*.dqnlab"
    if shutil.which("update-mime-database"):  # the per-user cache knows the glob now
        globs = (tmp_path / "mime" / "globs2").read_text(encoding="utf-8")
        assert "application/x-dqnlab:*.dqnlab" in globs
    de.uninstall(tmp_path)
    assert not xml.exists()


def test_main_py_opens_a_dqnlab_file_given_as_the_first_argument(monkeypatch):
    """What the launcher's %f gives: "main.py run.dqnlab" opens the file in the app."""
    import dqn_lab.gui.app as app
    from dqn_lab import __main__ as main

    seen = []
    monkeypatch.setattr(app, "run_app", lambda argv: seen.append(argv) or 0)
    assert main.main(["/tmp/run one.dqnlab"]) == 0
    assert seen == [["--open", "/tmp/run one.dqnlab"]]
