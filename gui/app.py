"""Start the desktop app: ``python main.py`` (no arguments) calls :func:`run_app`.

The window is shown before anything heavy loads; TensorFlow is then imported on a
background thread (a warm-up, so the first Start does not wait for it). The training
worker would import it on its own thread anyway; Python's import lock makes the two safe.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import traceback
from collections.abc import Callable

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from dqn_lab.gui.about import set_app_identity
from dqn_lab.gui.i18n import (
    chosen_language,
    early_translate,
    effective_language,
    install_translators,
    translate,
)
from dqn_lab.gui.theme import restore_theme

APP_NAME = "DQN Lab"
ORGANIZATION = "DQN Lab"


def gui_thread_garbage_collector(interval: float = 1.0):
    """pyqtgraph's ``GarbageCollector`` (automatic collection off, collections on a GUI
    timer), except while TensorFlow is being imported on another thread: its young objects
    would make a collection stall the window; they are frozen when it is done
    (``dqn_lab.core.tf_loader``)."""
    from pyqtgraph.util.garbage_collector import GarbageCollector

    from dqn_lab.core.tf_loader import loading

    class GuiThreadGarbageCollector(GarbageCollector):
        def check(self) -> None:
            if not loading():
                super().check()

    return GuiThreadGarbageCollector(interval=interval)


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with DQN Lab's identity (name, organisation, icon) and theme."""
    app = QApplication.instance() or QApplication([sys.argv[0], *(argv or [])])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    # Python's garbage collector runs on whichever thread allocates; when the training
    # thread collects Qt objects, ~QObject runs off the GUI thread and can deadlock with it.
    # pyqtgraph's GarbageCollector turns automatic collection off and collects on a GUI
    # timer instead (once a second).
    app._dqnlab_gc = gui_thread_garbage_collector()
    set_app_identity(app)
    install_translators(app, effective_language(chosen_language(QSettings())))
    restore_theme(app, QSettings())
    return app


def _import_tensorflow() -> None:
    from dqn_lab.gui.worker import lower_this_thread_priority

    lower_this_thread_priority()  # the window's first paints go first
    try:  # quietly: TensorFlow's C++ start-up notices are not for the user
        from dqn_lab.core.tf_loader import load_tensorflow

        load_tensorflow()
    except Exception:  # noqa: BLE001 - the worker reports a real failure with a dialog
        pass


def start_warm_up() -> threading.Thread:
    """Import TensorFlow and Keras on a background thread."""
    thread = threading.Thread(target=_import_tensorflow, name="tensorflow-warm-up", daemon=True)
    thread.start()
    return thread


SIGNAL_TICK_MS = 200  # how often Python gets control to run a signal handler


def quit_on_interrupt(app: QApplication, unsaved: Callable[[], bool]) -> QTimer:
    """Ctrl+C (SIGINT) in the terminal quits like closing the window, without a traceback.

    Qt's event loop runs in C++, so Python's handler only runs when Python gets control: a
    timer ticks for that. The handler closes every window as code does (the run is stopped
    and its thread joined; the unsaved-run question is answered "don't save", and stderr
    says so when ``unsaved()``); a second Ctrl+C ends the process at once.
    """

    def close_all() -> None:
        QApplication.closeAllWindows()
        app.quit()

    def handler(_signum, _frame) -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        note = (
            " " + translate("App", "The run trained since its last save is not saved.")
            if unsaved()
            else ""
        )
        closing = translate("App", "interrupted (Ctrl+C): closing.")
        print(f"dqn-lab: {closing}{note}", file=sys.stderr, flush=True)
        QTimer.singleShot(0, close_all)

    signal.signal(signal.SIGINT, handler)
    tick = QTimer(app)
    tick.setInterval(SIGNAL_TICK_MS)
    tick.timeout.connect(lambda: None)
    tick.start()
    return tick


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="dqn-lab", description="DQN Lab desktop app.")
    parser.add_argument(
        "--preset", default=None, help="start with this preset's settings (seed, tuned, ...)"
    )
    parser.add_argument(
        "--no-warm-up",
        action="store_true",
        help="do not import TensorFlow in the background at start",
    )
    parser.add_argument(
        "--open", metavar="FILE", default=None, help="open a saved agent (.dqnlab) at start"
    )
    parser.add_argument("--quit-after", type=float, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--print-ready", action="store_true", help=argparse.SUPPRESS)
    args, _qt_args = parser.parse_known_args(argv)
    return args


def run_app(argv: list[str] | None = None) -> int:
    """Create the app, show the window at once, run the event loop; the exit code."""
    argv = list(argv or [])
    args = parse_args(argv)
    from dqn_lab.gui.startup_checks import display_problem, warn_missing_packages

    # Before the QApplication: the message in the remembered language, from a catalogue
    # read directly (Qt's translators need the application).
    language = chosen_language(QSettings(ORGANIZATION, APP_NAME))
    problem = display_problem(translate=early_translate(language))
    if problem:  # Qt would abort with a platform-plugin error
        print(f"dqn-lab: {problem}", file=sys.stderr)
        return 2
    app = make_application(argv)
    from dqn_lab.gui.main_window import MainWindow

    window = MainWindow()
    if args.preset:
        if args.preset in window.presets:
            window.choose_preset(args.preset)
        else:
            window.statusBar().showMessage(
                translate("App", "Unknown preset {0}; choose one of {1}.").format(
                    repr(args.preset), ", ".join(window.presets)
                ),
                15_000,
            )
    window.show()
    QTimer.singleShot(0, lambda: warn_missing_packages(window))
    if args.open:
        QTimer.singleShot(0, lambda: window.files.open(args.open))

    def excepthook(kind, value, tb) -> None:  # an unexpected error in a slot: say so
        details = "".join(traceback.format_exception(kind, value, tb))
        print(details, file=sys.stderr)
        window.show_error(
            translate("App", "Unexpected error"), f"{kind.__name__}: {value}", details
        )

    sys.excepthook = excepthook
    warm_up: list[threading.Thread] = []
    if not args.no_warm_up:  # after the first paint, so it does not delay the window
        QTimer.singleShot(200, lambda: warm_up.append(start_warm_up()))
    if args.quit_after is not None:  # smoke tests: the real start-up, then a normal close
        QTimer.singleShot(int(args.quit_after * 1000), window.close)
    tick = quit_on_interrupt(app, lambda: window.model.dirty)
    if args.print_ready:  # tests: the window is up and Ctrl+C is handled from now on
        QTimer.singleShot(0, lambda: print("dqn-lab: ready", flush=True))
    code = app.exec()
    tick.stop()
    signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.excepthook = sys.__excepthook__
    for thread in warm_up:  # never let an import run while the interpreter shuts down
        thread.join(timeout=30)
    return code
