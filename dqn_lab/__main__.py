"""DQN Lab: no arguments open the desktop app; a subcommand runs the headless CLI."""

from __future__ import annotations

import importlib.util
import sys

DESKTOP_FLAGS = ("--install-desktop-entry", "--uninstall-desktop-entry")


def desktop_entry(flag: str) -> int:
    """Install or remove the application-menu launcher for this checkout (Linux)."""
    from dqn_lab.core.desktop_entry import DesktopEntryError, install, uninstall

    try:
        outcome = install() if flag == DESKTOP_FLAGS[0] else uninstall()
    except DesktopEntryError as exc:
        print(f"dqn-lab: {exc}", file=sys.stderr)
        return 1
    print(outcome.message)
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in DESKTOP_FLAGS:
        return desktop_entry(argv[0])
    if argv and argv[0].endswith(".dqnlab"):  # "dqn-lab run.dqnlab" opens it in the app
        argv = ["--open", *argv]
    if not argv or argv[0].startswith("--") and argv[0] not in ("--help",):
        if importlib.util.find_spec("PySide6") is None:  # the CLI works without Qt
            print(
                "dqn-lab: the desktop app needs PySide6, which is not installed; "
                "see 'python main.py --help' for the CLI.",
                file=sys.stderr,
            )
            return 2
        from dqn_lab.gui.app import run_app

        return run_app(argv)
    from dqn_lab.core.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
