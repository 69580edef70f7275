#!/bin/sh
# Update the German catalogue from the sources and compile it:
#   resources/i18n/build.sh        (from the repository root; pyside6-lupdate/lrelease on
#                                   PATH or in PYSIDE_BIN; PYTHON is the one with dqn_lab)
# 1. config_strings.py lists core.config's texts for lupdate ("Config" context);
# 2. pyside6-lupdate adds new source strings to dqn_lab_de.ts (translations are kept);
# 3. pyside6-lrelease compiles dqn_lab_de.qm, shipped as package data.
set -eu
cd "$(dirname "$0")/../.."
BIN="${PYSIDE_BIN:-$(dirname "$(command -v python)")}"
"${PYTHON:-python}" resources/i18n/make_config_strings.py
"$BIN/pyside6-lupdate" -no-obsolete gui/*.py resources/i18n/config_strings.py \
    -ts resources/i18n/dqn_lab_de.ts
"$BIN/pyside6-lrelease" resources/i18n/dqn_lab_de.ts -qm resources/i18n/dqn_lab_de.qm
