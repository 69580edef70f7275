"""Render the README's screenshots of the main window and the replay panel.

``python docs/make_screenshots.py [--out docs/screenshots]`` trains the notebook's DQN for
300 episodes in a 1400 x 900 main window (offscreen Qt), evaluates it, and saves
``main_window.png``, ``plots.png``, ``policy_map.png``, ``network.png``, ``viewport.png``
(its policy in a viewport of its own) and ``replay.png``; then a short naive-agent run for
``replay_naive.png``, and 5 seeds at once (the Seeds mode) for ``seeds.png``. It takes a
minute or two. Settings go to a temporary file, so your own are not touched.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")


def wait_until(app, done, timeout_s: float) -> None:
    end = time.monotonic() + timeout_s
    while not done():
        if time.monotonic() > end:
            raise TimeoutError("the run did not finish in time")
        app.processEvents()
        time.sleep(0.01)


def train(app, window, config, evaluate: bool) -> None:
    """Run ``config`` to the end in ``window``; then 10 greedy episodes if ``evaluate``."""
    window.settings_panel.set_config(config)
    window.files.ask_unsaved = lambda: "discard"  # the previous run is not kept
    window.start()
    wait_until(app, lambda: not window.model.running, 600)
    settle(app, 1.0)
    if evaluate:
        window.evaluate()
        settle(app, 0.2)
        wait_until(app, lambda: not window.model.jobs.busy, 60)
        settle(app, 1.5)


def viewport_shot(app, window, path: Path) -> None:
    """The trained policy playing in a 700 x 500 viewport of its own (the README's panel
    gallery), 2 s into an episode."""
    from dqn_lab.gui.viewport import ViewportPanel

    trained = window.docks["ViewportPanel"].widget()
    panel = ViewportPanel()
    panel.resize(700, 500)
    panel.show()
    settle(app, 0.3)
    panel.set_policy(trained.latest_policy, window.settings_panel.config.env_id)
    for _ in range(60):  # two seconds at 1x, rendered at the shown size
        panel.tick(1 / 30)
    settle(app, 0.3)
    panel.grab().save(str(path))
    panel.shutdown()
    panel.close()


def settle(app, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    from PySide6.QtCore import QSettings

    from dqn_lab.core.config import Config
    from dqn_lab.gui.app import make_application
    from dqn_lab.gui.main_window import MainWindow

    app = make_application([])
    tmp = tempfile.TemporaryDirectory()
    settings = QSettings(str(Path(tmp.name) / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("hint_seen", True)
    window = MainWindow(Config().replace(episodes=300), settings=settings)
    window.resize(1400, 900)
    window.show()
    settle(app, 1.0)
    train(app, window, Config().replace(episodes=300), evaluate=True)
    args.out.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(args.out / "main_window.png"))
    window.docks["PlotsPanel"].widget().grab().save(str(args.out / "plots.png"))
    for name, file in (("PolicyMapPanel", "policy_map.png"), ("NetworkPanel", "network.png")):
        dock = window.docks[name]  # floated to the README's size, then docked again
        dock.setFloating(True)
        dock.resize(700, 470)
        settle(app, 0.5)
        dock.widget().grab().save(str(args.out / file))
        dock.setFloating(False)
    viewport_shot(app, window, args.out / "viewport.png")
    replay = window.docks["ReplayPanel"]
    replay.raise_()
    settle(app, 0.5)
    replay.grab().save(str(args.out / "replay.png"))
    train(app, window, Config().replace(agent="naive", episodes=60), evaluate=False)
    replay.raise_()
    settle(app, 0.5)
    replay.grab().save(str(args.out / "replay_naive.png"))
    window.controls.seeds_spin.setValue(5)
    train(app, window, Config().replace(episodes=200), evaluate=False)
    window.docks["PlotsPanel"].widget().grab().save(str(args.out / "seeds.png"))
    window.controls.seeds_spin.setValue(1)
    window.close()
    print(
        "saved main_window.png, plots.png, policy_map.png, network.png, viewport.png, "
        "replay.png, replay_naive.png, seeds.png in "
        f"{args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
