#!/bin/sh
# Update the German catalogue from the sources and compile it (run from anywhere):
#   PYTHON=.venv/bin/python resources/i18n/build.sh
# PYTHON is an interpreter with dqn_lab and PySide6 (default: python on PATH); it runs
# PySide6's own pyside6-lupdate and pyside6-lrelease.
# 1. config_strings.py lists core.config's texts for lupdate ("Config" context);
# 2. lupdate adds new source strings to dqn_lab_de.ts, keeping the translations (new ones
#    are "unfinished" until translated, e.g. in Qt Linguist; tests/gui/test_i18n.py fails);
# 3. lrelease compiles dqn_lab_de.qm, shipped as package data.
set -eu
cd "$(dirname "$0")/../.."
PY="${PYTHON:-python}"
tool() {   # tool lupdate|lrelease ARGS...: PySide6's wrapper of Qt's tool
    name="$1"; shift
    "$PY" -c "import sys; sys.argv[0] = 'pyside6-$name'
from PySide6.scripts import pyside_tool; getattr(pyside_tool, '$name')()" "$@"
}
"$PY" resources/i18n/make_config_strings.py
tool lupdate -no-obsolete gui/*.py resources/i18n/config_strings.py \
    -ts resources/i18n/dqn_lab_de.ts
tool lrelease resources/i18n/dqn_lab_de.ts -qm resources/i18n/dqn_lab_de.qm
