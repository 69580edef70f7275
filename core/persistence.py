"""Save, load and continue training runs as ``.dqnlab`` agent bundles.

:func:`save_bundle` and :func:`load_bundle` touch TensorFlow objects, so a GUI calls them
on its training thread (``TrainingControl.request(lambda t: save_bundle(path, t))`` during
a run). Both raise :class:`BundleError` with a message for the user. :func:`read_bundle`,
:func:`policy_from_bundle` and :func:`read_manifest` need no TensorFlow (any thread): an app
reads a bundle off its GUI thread with ``read_bundle(path, progress, should_stop)``
(:class:`LoadCancelled` when stopped) and then calls :func:`restore_trainer` on the
training thread.

Save points are episode boundaries: the trainer flushes queued updates at each episode
end, and a run continued from a bundle with its replay memory repeats an uninterrupted run
with the same seed exactly (scores and weights). Saving inside an episode works but the
partial episode is dropped on continuing, and the load says so in its ``warnings``.
"""

from __future__ import annotations

import datetime
import importlib.metadata
import platform
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dqn_lab.core.atomic_file import os_reason
from dqn_lab.core.bundle_format import (
    MANIFEST,
    SUFFIX,
    Bundle,
    BundleError,
    LoadCancelled,
    atomic_write,
    bundle_error,
    manifest_text,
    read_bundle,
    read_manifest,
    write_bundle,
)
from dqn_lab.core.bundle_schema import (
    FORMAT,
    FORMAT_VERSION,
    HISTORY_KEYS,
    MAX_HISTORY,
    STAT_KEYS,
    Invalid,
    rng_state,
    rng_words,
    weight_shapes,
)
from dqn_lab.core.config import FIELDS, rate_gate
from dqn_lab.core.messages import Message
from dqn_lab.core.model import NumpyPolicy
from dqn_lab.core.records import Progress
from dqn_lab.core.resources import app_version
from dqn_lab.core.safe_text import printable

__all__ = [
    "BundleError",
    "LoadCancelled",
    "Bundle",
    "LoadedRun",
    "SaveResult",
    "SUFFIX",
    "MANIFEST",
    "save_bundle",
    "save_request",
    "bundle_contents",
    "load_bundle",
    "read_bundle",
    "read_manifest",
    "restore_trainer",
    "add_episodes",
    "load_warnings",
    "policy_from_bundle",
    "export_keras",
    "manifest_text",
    "versions",
]


@dataclass(frozen=True)
class SaveResult:
    """What :func:`save_bundle` wrote."""

    path: Path
    bytes: int
    seconds: float
    episode: int  # episodes finished when saved
    memory_rows: int  # 0 without the replay memory
    mid_episode: bool


@dataclass
class LoadedRun:
    """A trainer ready to ``run()`` on, the bundle it came from and notes for the user."""

    trainer: object  # core.training.Trainer
    bundle: Bundle
    warnings: list[str]


def versions() -> dict[str, str]:
    """Versions of DQN Lab, Python and the libraries (read without importing them)."""

    def dist(*names: str) -> str:
        for name in names:
            try:
                return importlib.metadata.version(name)
            except importlib.metadata.PackageNotFoundError:
                continue
        return "unknown"

    return dict(
        app=app_version(),
        python=platform.python_version(),
        numpy=np.__version__,
        tensorflow=dist("tensorflow", "tensorflow-cpu", "tensorflow-intel", "tensorflow-macos"),
        keras=dist("keras"),
        gymnasium=dist("gymnasium"),
    )


# -- saving ---------------------------------------------------------------------------------
def save_bundle(
    path: str | Path, trainer, include_memory: bool = True, force: bool = False
) -> SaveResult:
    """Write the trainer's whole state to ``path`` atomically (on the training thread).

    The replay memory is included unless ``include_memory`` is false (smaller file; a
    continued run then refills it and does not repeat an uninterrupted run exactly).
    ``force`` replaces a read-only file (it keeps its permission bits).
    """
    started = time.perf_counter()
    manifest, arrays = bundle_contents(trainer, include_memory)
    size = write_bundle(path, manifest, arrays, force=force)
    return SaveResult(
        Path(path),
        size,
        time.perf_counter() - started,
        manifest["counters"]["episodes"],
        manifest["memory"]["rows"],
        manifest["run"]["mid_episode"],
    )


def save_request(
    path: str | Path,
    include_memory: bool = True,
    done: Callable[[SaveResult | BundleError], None] = lambda result: None,
):
    """A function for ``TrainingControl.request`` that saves at the next safe point.

    ``done`` gets the :class:`SaveResult` or the :class:`BundleError` (on the training
    thread); a failed save never ends the run. A request made right after an
    ``EpisodeEnd`` saves an exact resume point.
    """

    def request(trainer) -> None:
        try:
            result = save_bundle(path, trainer, include_memory)
        except BundleError as exc:
            done(exc)
        else:
            done(result)

    return request


def bundle_contents(trainer, include_memory: bool = True) -> tuple[dict, dict]:
    """The manifest (without ``files``) and the arrays of each data file."""
    agent = trainer.agent
    state = agent.export_state()  # flushes queued updates first
    run = trainer.state()
    counters = state["counters"]
    memory = agent.memory
    manifest = dict(
        format=FORMAT,
        format_version=FORMAT_VERSION,
        saved_at=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        versions=versions(),
        config=trainer.config.to_dict(),
        env=dict(state_size=trainer.info.state_size, action_size=trainer.info.action_size),
        counters=dict(
            episodes=run["episode"],
            env_steps=run["env_steps"],
            step=counters["step"],
            updates=counters["updates"],
            epsilon=counters["epsilon"],
            sync_pending=counters["sync_pending"],
            last_loss=counters["last_loss"],
            last_mean_q=counters["last_mean_q"],
            solved=counters["solved"],
            fallback_left=counters["fallback_left"],
        ),
        run=dict(
            wall_s=run["wall_s"],
            first_solved_episode=run["first_solved_episode"],
            env_seeded=run["env_seeded"],
            mid_episode=run["mid_episode"],
        ),
        statistics=[{k: s.get(k) for k in STAT_KEYS} for s in run["statistics"]],
        # the most recent changes only: a bundle holds at most MAX_HISTORY of them
        history=[{k: h.get(k) for k in HISTORY_KEYS} for h in run["history"][-MAX_HISTORY:]],
        memory=dict(
            included=include_memory,
            rows=len(memory) if include_memory else 0,
            capacity=memory.capacity,
        ),
    )
    weights = {f"online/{k}": v for k, v in state["online"].items()}
    weights.update({f"target/{k}": v for k, v in state["target"].items()})
    try:
        rng = {"agent": rng_words(state["rng"])}
        if run["env_rng"] is not None:
            rng["env"] = rng_words(run["env_rng"])
    except Invalid as exc:
        raise bundle_error("save", reason=exc.message) from None
    arrays = {"weights.npz": weights, "optimizer.npz": dict(state["optimizer"]), "rng.npz": rng}
    if include_memory:
        arrays["memory.npz"] = memory.arrays()
    return manifest, arrays


# -- loading --------------------------------------------------------------------------------
def load_bundle(path: str | Path, control=None) -> LoadedRun:
    """Read and check a bundle, rebuild the agent and a trainer that continues the run.

    Runs on the thread that will train (TensorFlow). ``run()`` on the returned trainer
    continues until ``config.episodes`` episodes in total; :func:`add_episodes` raises it.
    """
    bundle = read_bundle(path)
    trainer = restore_trainer(bundle, control)
    return LoadedRun(trainer, bundle, load_warnings(bundle))


def restore_trainer(bundle: Bundle, control=None):
    """A :class:`dqn_lab.core.training.Trainer` in the state that ``bundle`` saved."""
    from dqn_lab.core.agents import make_agent
    from dqn_lab.core.training import Trainer

    m, config, a = bundle.manifest, bundle.config, bundle.arrays
    env = m["env"]
    agent = make_agent(config, env["state_size"], env["action_size"])
    weights = a["weights.npz"]
    c = m["counters"]
    state = dict(
        online={k[len("online/") :]: v for k, v in weights.items() if k.startswith("online/")},
        target={k[len("target/") :]: v for k, v in weights.items() if k.startswith("target/")},
        optimizer=a["optimizer.npz"],
        rng=rng_state(a["rng.npz"]["agent"]),
        counters=dict(
            step=c["step"],
            updates=c["updates"],
            epsilon=c["epsilon"],
            sync_pending=c["sync_pending"],
            last_loss=_nan(c["last_loss"]),
            last_mean_q=_nan(c["last_mean_q"]),
        ),
    )
    try:
        agent.import_state(state)
    except ValueError as exc:
        v = m["versions"]
        raise bundle_error(
            "network", path=str(bundle.path), keras=printable(v["keras"]), error=printable(exc)
        ) from None
    if "memory.npz" in a:
        agent.memory.load_arrays(a["memory.npz"])
        agent.note_rewards(a["memory.npz"]["rewards"])  # the health guard's Q bound
    trainer = Trainer(config, control, agent=agent)
    r = m["run"]
    trainer.restore_state(
        dict(
            episode=c["episodes"],
            env_steps=c["env_steps"],
            wall_s=r["wall_s"],
            first_solved_episode=r["first_solved_episode"],
            env_seeded=r["env_seeded"],
            statistics=[
                dict(s, loss=_nan(s["loss"]), mean_q=_nan(s["mean_q"])) for s in m["statistics"]
            ],
            history=m["history"],
            env_rng=rng_state(a["rng.npz"]["env"]) if r["env_seeded"] else None,
            gate=(c["solved"], c["fallback_left"]) if "solved" in c else None,
        )
    )
    return trainer


def add_episodes(trainer, more: int) -> None:
    """Let ``run()`` train ``more`` episodes beyond those done (``config.episodes`` is a total)."""
    new = trainer.config.replace(episodes=trainer.episode + int(more))
    trainer.agent.apply_config(new)
    trainer.config = new


#: The notes of :func:`load_warnings` (Message templates: the GUI shows them translated).
LOAD_WARNINGS = {
    "no_memory": "The bundle has no replay memory: training continues with an empty memory "
    "and replay restarts after {refill} new transitions, so the run will not repeat an "
    "uninterrupted one exactly.",
    "mid_episode": "The bundle was saved during an episode: that partial episode is not in "
    "the statistics, and training continues with a new episode.",
    "defaults": "The bundle's config lacks {names}; the defaults are used.",
    "version": "{name} {saved} (now {here})",
    "versions": "The bundle was saved with {changed}; continuing may differ from the "
    "original run in the last bits.",
}


def saved_progress(bundle: Bundle) -> Progress:
    """The run's live progress as it was saved (steps, episode, epsilon, the optimizer's
    learning rate and what lowered it), for displays of an opened run before it trains."""
    c = bundle.manifest["counters"]
    gate = rate_gate(bundle.config, bool(c.get("solved")), int(c.get("fallback_left", 0)))
    stats = bundle.manifest["statistics"]
    done = stats[-1]["env_steps"] if stats else 0
    return Progress(
        env_steps=c["env_steps"],
        episode=c["episodes"],
        episode_step=c["env_steps"] - done,
        epsilon=c["epsilon"],
        steps_per_s=0.0,
        elapsed_s=bundle.manifest["run"]["wall_s"],
        learning_rate=float(bundle.arrays["optimizer.npz"]["learning_rate"]),
        rate_gate=gate,
    )


def load_warnings(bundle: Bundle) -> list[str]:
    """What the user should know before continuing this bundle's run (English
    :class:`~dqn_lab.core.messages.Message` texts of :data:`LOAD_WARNINGS`)."""
    m, config = bundle.manifest, bundle.config
    notes: list[str] = []
    if not m["memory"]["included"]:
        refill = (
            config.batch_size
            if config.agent == "naive"
            else min(config.start_replay_step, config.memory_size)
        )
        notes.append(Message.of(LOAD_WARNINGS["no_memory"], refill=refill))
    if m["run"]["mid_episode"]:
        notes.append(Message.of(LOAD_WARNINGS["mid_episode"]))
    missing = [k for k in FIELDS if k not in m["config"]]
    if missing:
        notes.append(Message.of(LOAD_WARNINGS["defaults"], names=", ".join(missing)))
    here = versions()
    changed = [
        Message.of(
            LOAD_WARNINGS["version"],
            name=name,
            saved=printable(m["versions"][name]),
            here=printable(here[name]),
        )
        for name in ("tensorflow", "keras", "numpy")
        if m["versions"][name] != here[name]
    ]
    if changed:
        notes.append(Message.of(LOAD_WARNINGS["versions"], changed=Message.joined(", ", changed)))
    return notes


def _nan(value) -> float:
    return float("nan") if value is None else float(value)


# -- using a bundle without training --------------------------------------------------------
def policy_from_bundle(bundle: Bundle) -> NumpyPolicy:
    """The greedy policy of the saved online network (NumPy; no TensorFlow)."""
    env, weights = bundle.manifest["env"], bundle.arrays["weights.npz"]
    shapes = weight_shapes(bundle.config, env["state_size"], env["action_size"])
    arrays = tuple(np.array(weights[f"online/{name}"]) for name, _ in shapes)
    for w in arrays:
        w.setflags(write=False)
    return NumpyPolicy(arrays, bundle.config.dueling)


def export_keras(bundle: Bundle, out: str | Path) -> int:
    """Save the online network as a Keras ``.keras`` file for other tools (export only).

    The model has the seed's two inputs ``states`` and ``action_mask`` (pass ones to get
    every Q value); a dueling network needs DQN Lab's combine layer to be loaded again.
    """
    import tempfile

    from dqn_lab.core.model import build_model

    out = Path(out)
    if out.suffix != ".keras":
        raise bundle_error("export_suffix", path=str(out))
    c, env = bundle.config, bundle.manifest["env"]
    model = build_model(
        env["state_size"], env["action_size"], c.alpha, c.hidden_sizes, c.loss, c.dueling
    )
    weights = bundle.arrays["weights.npz"]
    for v in model.weights:
        v.assign(weights[f"online/{v.path}"])
    model.optimizer.build(model.trainable_variables)  # so loading it does not warn
    with tempfile.TemporaryDirectory(prefix="dqnlab-export-") as tmp:
        staged = Path(tmp) / "model.keras"
        try:
            model.save(staged)
            data = staged.read_bytes()
        except OSError as exc:
            raise bundle_error("export_failed", path=str(out), reason=os_reason(exc)) from None
    return atomic_write(out, lambda fh: fh.write(data))
