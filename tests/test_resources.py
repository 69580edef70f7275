"""Shipped files are package data found through core.resources, also in an installed wheel."""

import fnmatch
import json
import os
import subprocess
import sys
import zipfile

import pytest

from dqn_lab.core import resources
from dqn_lab.core.presets import preset, preset_title, preset_titles
from tests.conftest import ROOT


def pyproject() -> dict:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_shipped_files_are_read_through_importlib_resources():
    assert resources.read_bytes("dqn-lab.desktop").startswith(b"[Desktop Entry]")
    assert resources.path("icons", "dqn-lab.svg").is_file()
    assert resources.path("presets").is_dir()
    with pytest.raises(OSError):
        resources.read_bytes("no-such-file.txt")


def test_every_shipped_file_is_declared_as_package_data():
    patterns = pyproject()["tool"]["setuptools"]["package-data"]["dqn_lab.resources"]
    folder = ROOT / "resources"
    shipped = [
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc", ".sh", ".ts")  # not build inputs
    ]
    missing = [f for f in shipped if not any(fnmatch.fnmatch(f, pat) for pat in patterns)]
    assert shipped and not missing, missing


def test_the_version_has_one_source():
    assert resources.app_version() == pyproject()["project"]["version"]


def test_python_m_dqn_lab_is_the_same_entry_point_as_main_py(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "dqn_lab", "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    direct = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == direct.returncode == 0, out.stderr
    assert out.stdout == direct.stdout and "train" in out.stdout


def test_the_notebook_preset_is_shown_as_notebook_and_keeps_its_id():
    assert preset_titles()["seed"] == "Notebook" and preset_title("tuned") == "Tuned"
    assert preset_title("mine") == "mine"
    assert preset("notebook") == preset("seed") == preset("Notebook")


INSTALLED_CHECK = r"""
import json, sys
import dqn_lab, dqn_lab.core.desktop_entry as de, dqn_lab.core.resources as r
from dqn_lab.core.presets import preset
cfg = preset("seed")
print(json.dumps(dict(core=dqn_lab.__file__, exec=de.exec_line(sys.executable, None),
                      template=de.TEMPLATE.is_file(),
                      icon=(de.ICON_DIR / "dqn-lab.svg").is_file(), episodes=cfg.episodes,
                      version=r.installed_version())))
"""


@pytest.mark.slow
def test_an_installed_wheel_finds_its_presets_and_icons_outside_the_source_tree(tmp_path):
    wheels, site = tmp_path / "wheels", tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        timeout=300,
        cwd=tmp_path,
        capture_output=True,
    )
    wheel = next(wheels.glob("dqn_lab-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "dqn_lab/resources/presets/seed.json" in names
    assert "dqn_lab/resources/dqn-lab.desktop" in names
    assert "dqn_lab/resources/icons/hicolor/64x64/apps/dqn-lab.png" in names
    assert "dqn_lab/core/config.py" in names and "dqn_lab/gui/app.py" in names
    # One name in site-packages: no top-level core, gui, benchmarks, tests or main module.
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"dqn_lab"}, tops
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        timeout=300,
        capture_output=True,
    )
    env = dict(os.environ, PYTHONPATH=str(site))
    out = subprocess.run(
        [sys.executable, "-c", INSTALLED_CHECK],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    assert result["core"].startswith(str(site))
    assert result["template"] and result["icon"] and result["episodes"] == 500
    assert result["version"] == resources.app_version()
    assert result["exec"].endswith("-m dqn_lab")
