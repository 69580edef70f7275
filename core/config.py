"""Every setting of a DQN Lab run: one frozen, typed dataclass.

Each field carries its range, group and whether it may change during a run in its
metadata, and a docstring right below it (read with ``ast`` at import time) that is the
help text of the CLI flag, the tooltip of the GUI slider and the description in presets.
Sliders, CLI flags, presets and save files are all generated from :class:`Config`.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from dqn_lab.core.messages import Message


class ConfigError(ValueError):
    """A setting has a value that is not allowed; the message names field, value and rule.

    The message is English (the CLI prints it). Errors of :class:`Config` itself also carry
    their parts, so an interface can word them in its own language: ``template`` is one of
    :data:`MESSAGES` (the English text with ``{named}`` places) and ``values`` fills them;
    the places in :data:`FIELD_PLACES` hold field names, those in :data:`FIELD_LIST_PLACES`
    tuples of them, the others values (numbers, or text already in its shown form). Other
    ConfigErrors have an empty ``template``. :attr:`message` is the same as a str that keeps
    the parts (for events that carry the text on, e.g. a refused live change).
    """

    def __init__(
        self, message: str, *, template: str = "", values: Mapping[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.template = template
        self.values: dict[str, Any] = dict(values or {})

    @property
    def message(self) -> Message:
        """The English message, with ``template`` and ``values`` kept."""
        return Message(str(self), self.template, self.values)


# Config's own error messages. Places: {field} and {other} name settings (FIELD_PLACES);
# {value} and the other places are values: numbers (shown with fmt) or text (as is).
MESSAGES = {
    "not_object": "A config must be a JSON object, not {kind}.",
    "unknown_settings": "Unknown setting(s) {names}; known settings are {known}.",
    "unknown_setting": "Unknown setting {name}; known settings are {known}.",
    "batch_exceeds_memory": "{field} {value} must not exceed {other} {limit}.",
    "replay_before_batch": "{field} {value} must be at least {other} {limit}: replay samples "
    "a full batch.",
    "epsilon_min": "{field} {value} must not exceed {other} {limit}.",
    "alpha_min": "{field} {value} must not exceed {other} {limit}.",
    "double_needs_target": "{field} needs a target network; the naive agent has none.",
    "updates_per_call": "{field} {value} must be a multiple of {other} {limit} (or divide it): "
    "otherwise the leftover updates of each training call wait for the next one.",
    "bool": "{field} must be true or false, not {value}.",
    "text": "{field} must be a non-empty text, not {value}.",
    "choice": "{field} must be one of {choices}, not {value}.",
    "env_id": "{field} {value} is not a Gymnasium environment id.",
    "layers": "{field} must be 1 to 6 layer sizes, each from 1 to 1024, not {value}.",
    "layers_none": "{field} needs 1 to 6 layer sizes, each from 1 to 1024 (e.g. 32, 32).",
    "int": "{field} must be a whole number, not {value}.",
    "float": "{field} must be a number, not {value}.",
    "finite": "{field} must be a finite number, not {value}.",
    "range": "{field} must be between {low} and {high}, not {value}.",
    "layers_text": "{field} must be comma-separated layer sizes, not {value}.",
    "set_syntax": "--set expects KEY=VALUE, not {value}.",
    # core.training: a live change of settings that are fixed for a run
    "not_live": "{fields} cannot change during a run; stop the run first.",
    # core.population_run: live settings that the members of a population share
    "not_live_in_population": "{fields} cannot change during a run of several seeds; stop the "
    "run first.",
    # core.environment: an id that Gymnasium cannot make, or spaces DQN Lab cannot learn
    "env_missing": "{field} {value} is not an installed Gymnasium environment ({reason}).",
    "env_observation": "{field} {value} has observation space {space}; DQN Lab needs a "
    "one-dimensional Box.",
    "env_actions": "{field} {value} has action space {space}; DQN Lab needs Discrete actions.",
}
FIELD_PLACES = ("field", "other")
FIELD_LIST_PLACES = ("fields",)


def config_error(key: str, **values: Any) -> ConfigError:
    """The :class:`ConfigError` of :data:`MESSAGES` ``key`` with its places filled."""
    template = MESSAGES[key]
    shown = {k: ", ".join(v) if k in FIELD_LIST_PLACES else fmt(v) for k, v in values.items()}
    return ConfigError(template.format(**shown), template=template, values=values)


def spec(
    default: Any,
    *,
    group: str,
    live: bool = False,
    low: float | None = None,
    high: float | None = None,
    log: bool = False,
    choices: tuple = (),
    unit: str = "",
    label: str = "",
) -> Any:
    """A dataclass field with the metadata that the validator, CLI and GUI read."""
    return field(
        default=default,
        metadata=dict(
            group=group,
            live=live,
            low=low,
            high=high,
            log=log,
            choices=choices,
            unit=unit,
            label=label,
        ),
    )


AGENTS = ("naive", "dqn")
ENVIRONMENTS = ("CartPole-v0", "CartPole-v1", "Acrobot-v1", "MountainCar-v0")
GROUPS = ("agent", "environment", "exploration", "learning", "memory", "network", "evaluation")
INITS = ("keras", "torch")


@dataclass(frozen=True)
class Config:
    agent: str = spec("dqn", group="agent", choices=AGENTS, label="Agent")
    """Which agent learns: 'naive' (the notebook's AdvancedQAgent: memory is only the last
    mini-batch, no target network) or 'dqn' (random replay memory and a target network)."""

    env_id: str = spec("CartPole-v0", group="environment", label="Environment")
    """Gymnasium environment id; any environment with a Box observation and Discrete actions
    works. CartPole-v0 (200 steps, solved at 195) is the notebook's."""

    episodes: int = spec(500, group="environment", live=True, low=1, high=100_000, label="Episodes")
    """Number of training episodes of the run."""

    max_steps: int = spec(
        200, group="environment", live=True, low=1, high=100_000, unit="steps", label="Max steps"
    )
    """Step limit per episode; the environment's own time limit also applies."""

    max_env_steps: int = spec(
        0,
        group="environment",
        live=True,
        low=0,
        high=100_000_000,
        unit="steps",
        label="Env step budget",
    )
    """Stop the run after this many environment steps in total (0: no limit; the episode
    count also applies). A run stopped by this budget drops its unfinished episode."""

    seed: int = spec(42, group="environment", low=0, high=2**31 - 1, label="Seed")
    """Seed of Python, NumPy, TensorFlow and the environment: the same seed gives the same run."""

    truncation_as_terminal: bool = spec(
        True, group="environment", live=True, label="Time limit is terminal"
    )
    """Treat hitting the time limit as a terminal state (Q of the next state = 0), as the notebook's
    old gym did. With gamma 1.0, bootstrapping through truncation instead lets Q grow without
    bound; the tuned preset bootstraps with gamma < 1."""

    gamma: float = spec(1.0, group="learning", live=True, low=0.0, high=1.0, label="Gamma")
    """Discount factor: how much future reward counts."""

    alpha: float = spec(
        0.001, group="learning", live=True, low=1e-6, high=0.1, log=True, label="Learning rate"
    )
    """Learning rate (alpha) of the Adam optimizer."""

    alpha_schedule: str = spec(
        "constant",
        group="learning",
        live=True,
        choices=("constant", "linear"),
        label="Rate schedule",
    )
    """'constant': the learning rate stays at alpha (the notebook's); 'linear': it anneals from
    alpha to alpha_min over alpha_decay_steps environment steps, counted from the replay start
    (as epsilon decays; the naive agent from its first step), then stays at alpha_min. The
    rate is set for each compiled call: the updates of one call share it."""

    alpha_min: float = spec(
        1e-5,
        group="learning",
        live=True,
        low=1e-6,
        high=0.1,
        log=True,
        label="Final rate",
    )
    """The learning rate at the end of the linear schedule (at most alpha)."""

    alpha_decay_steps: int = spec(
        10_000,
        group="learning",
        live=True,
        low=1,
        high=10_000_000,
        unit="steps",
        label="Rate decay steps",
    )
    """Environment steps after the replay start over which the linear schedule anneals."""

    solved_rate_factor: float = spec(
        1.0,
        group="learning",
        live=True,
        low=1e-3,
        high=1.0,
        log=True,
        label="Rate × if solved",
    )
    """While the mean score of the last solved_window training episodes reaches the
    environment's threshold (475 on CartPole-v1, 195 on v0), the learning rate is the
    schedule's rate times this factor; 1 turns this off. A solved policy then drifts less,
    and a run that falls back learns at the schedule's rate again from its next episode (or
    after solved_fallback_episodes)."""

    solved_window: int = spec(
        10,
        group="learning",
        live=True,
        low=1,
        high=100,  # the training loops pass the last 100 episodes' scores (Agent.episode_ended)
        unit="episodes",
        label="Solved window",
    )
    """Training episodes whose mean score decides whether the run counts as solved for
    solved_rate_factor."""

    solved_fallback_episodes: int = spec(
        0,
        group="learning",
        live=True,
        low=0,
        high=50,
        unit="episodes",
        label="Fall-back episodes",
    )
    """After a solved run falls back, the learning rate stays at the schedule's rate times
    the square root of solved_rate_factor (10x lower for 0.01, halfway on a log scale) for
    this many training episodes, unless the run is solved again first; 0 returns to the
    schedule's rate at once. One short episode then does not unsettle a solved policy at
    the full rate."""

    batch_size: int = spec(
        32, group="learning", live=True, low=1, high=1024, unit="transitions", label="Batch size"
    )
    """Transitions per gradient update (the mini-batch)."""

    loss: str = spec("mse", group="learning", choices=("mse", "huber"), label="Loss")
    """Loss between the masked Q output and the target: 'mse' (the notebook's) or 'huber'."""

    grad_clip: float = spec(
        0.0, group="learning", live=True, low=0.0, high=1000.0, label="Gradient clip"
    )
    """Clip the global gradient norm to this value before each update; 0 turns it off."""

    train_freq: int = spec(
        1, group="learning", live=True, low=1, high=1000, unit="steps", label="Train frequency"
    )
    """Train every this many environment steps."""

    gradient_steps: int = spec(
        1, group="learning", live=True, low=1, high=1000, label="Gradient steps"
    )
    """Gradient updates each time the agent trains."""

    updates_per_call: int = spec(1, group="learning", low=1, high=64, label="Updates per call")
    """Gradient updates batched into one compiled TensorFlow call. The acting weights are
    refreshed after each call and at every episode start, so acting may lag by up to this many
    updates. 1 is the notebook's exact order; 8 to 16 is several times faster."""

    double_dqn: bool = spec(False, group="learning", label="Double DQN")
    """Choose the next action with the online network and value it with the target network
    (van Hasselt et al. 2016). DQN only."""

    epsilon: float = spec(1.0, group="exploration", live=True, low=0.0, high=1.0, label="Epsilon")
    """Exploration rate: probability of a random action. Changing it during a run sets the
    current value."""

    epsilon_min: float = spec(
        0.001, group="exploration", live=True, low=0.0, high=1.0, label="Epsilon min"
    )
    """Lower bound of epsilon."""

    epsilon_decay: float = spec(
        0.0005, group="exploration", live=True, low=0.0, high=1.0, log=True, label="Epsilon decay"
    )
    """Decay of epsilon per training step, once replay has started."""

    epsilon_schedule: str = spec(
        "multiplicative",
        group="exploration",
        live=True,
        choices=("multiplicative", "linear"),
        label="Epsilon schedule",
    )
    """'multiplicative': eps = max(eps_min, eps * (1 - decay)) (the notebook's);
    'linear': eps = max(eps_min, eps - decay)."""

    memory_size: int = spec(
        50_000, group="memory", low=1, high=5_000_000, unit="transitions", label="Memory size"
    )
    """Capacity of the DQN replay memory (a ring buffer); the naive agent keeps one batch."""

    start_replay_step: int = spec(
        2000, group="memory", low=0, high=1_000_000, unit="steps", label="Start replay at"
    )
    """Environment steps played before learning starts (DQN)."""

    target_update: str = spec(
        "hard", group="memory", choices=("hard", "soft"), label="Target update"
    )
    """'hard': copy the online weights to the target network every N steps (the notebook's);
    'soft': move the target towards the online weights by tau at every update. DQN only."""

    target_model_update_interval: int = spec(
        1000,
        group="memory",
        live=True,
        low=1,
        high=1_000_000,
        unit="steps",
        label="Target sync every",
    )
    """Steps between hard target-network syncs (DQN)."""

    tau: float = spec(0.005, group="memory", live=True, low=1e-5, high=1.0, log=True, label="Tau")
    """Soft target update rate: target = tau * online + (1 - tau) * target."""

    hidden_sizes: tuple[int, ...] = spec((32, 32), group="network", label="Hidden layers")
    """Units of each hidden Dense relu layer; the notebook has two of 32."""

    dueling: bool = spec(False, group="network", label="Dueling head")
    """Split the output into a state value and action advantages (Wang et al. 2016)."""

    init: str = spec("keras", group="network", choices=INITS, label="Initialisation")
    """Initial weights: 'keras' (glorot-uniform kernels, zero biases: Keras' default and the
    notebook's) or 'torch' (PyTorch's nn.Linear default: kernels and biases uniform in
    +-1/sqrt(fan_in))."""

    eval_every: int = spec(
        0,
        group="evaluation",
        live=True,
        low=0,
        high=10_000_000,
        unit="steps",
        label="Evaluate every",
    )
    """Run a greedy evaluation every this many environment steps on a separate environment
    (0: never). Evaluation k plays eval_episodes episodes with the reset seeds
    10000 + k * eval_episodes onwards: new start states each time, the same for every run."""

    eval_episodes: int = spec(
        20,
        group="evaluation",
        live=True,
        low=1,
        high=1000,
        unit="episodes",
        label="Evaluation episodes",
    )
    """Greedy episodes in each periodic evaluation."""

    # -- derived -------------------------------------------------------------------------
    def replace(self, **changes: Any) -> Config:
        """A validated copy with ``changes`` applied (values may be strings, as from the CLI)."""
        coerced = {k: coerce(k, v) for k, v in changes.items()}
        new = dataclasses.replace(self, **coerced)
        new.validate()
        return new

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able values (tuples as lists)."""
        return {
            k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(self).items()
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Config:
        """Build and validate a config from JSON values; unknown keys are an error."""
        if not isinstance(data, Mapping):
            raise config_error("not_object", kind=type(data).__name__)
        unknown = sorted(set(data) - set(FIELDS))
        if unknown:
            raise config_error(
                "unknown_settings", names=", ".join(unknown), known=", ".join(FIELDS)
            )
        cfg = cls(**{k: coerce(k, v) for k, v in data.items()})
        cfg.validate()
        return cfg

    def validate(self) -> None:
        """Raise :class:`ConfigError` for the first field or rule that does not hold."""
        for f in dataclasses.fields(self):
            _check_field(f, getattr(self, f.name))
        rules: list[tuple[bool, str, dict[str, Any]]] = [
            (
                self.batch_size <= self.memory_size,
                "batch_exceeds_memory",
                dict(
                    field="batch_size",
                    value=self.batch_size,
                    other="memory_size",
                    limit=self.memory_size,
                ),
            ),
            (
                self.agent == "naive" or self.start_replay_step >= self.batch_size,
                "replay_before_batch",
                dict(
                    field="start_replay_step",
                    value=self.start_replay_step,
                    other="batch_size",
                    limit=self.batch_size,
                ),
            ),
            (
                self.epsilon_min <= self.epsilon or self.epsilon == 0.0,
                "epsilon_min",
                dict(
                    field="epsilon_min", value=self.epsilon_min, other="epsilon", limit=self.epsilon
                ),
            ),
            (
                self.alpha_schedule == "constant" or self.alpha_min <= self.alpha,
                "alpha_min",
                dict(field="alpha_min", value=self.alpha_min, other="alpha", limit=self.alpha),
            ),
            (
                self.agent == "dqn" or not self.double_dqn,
                "double_needs_target",
                dict(field="double_dqn"),
            ),
            # Leftover updates would wait silently for the next training call; a clear
            # error is simpler than a flush rule that makes acting lag differ per call.
            (
                self.gradient_steps % self.updates_per_call == 0
                or self.updates_per_call % self.gradient_steps == 0,
                "updates_per_call",
                dict(
                    field="gradient_steps",
                    value=self.gradient_steps,
                    other="updates_per_call",
                    limit=self.updates_per_call,
                ),
            ),
        ]
        for ok, key, values in rules:
            if not ok:
                raise config_error(key, **values)


def _check_field(f: dataclasses.Field, value: Any) -> None:
    meta, name = f.metadata, f.name
    kind = FIELD_TYPES[name]
    if kind is bool:
        if not isinstance(value, bool):
            raise config_error("bool", field=name, value=repr(value))
        return
    if kind is str:
        if not isinstance(value, str) or not value:
            raise config_error("text", field=name, value=repr(value))
        if meta["choices"] and value not in meta["choices"]:
            raise config_error(
                "choice", field=name, choices=", ".join(meta["choices"]), value=repr(value)
            )
        if name == "env_id" and (
            len(value) > 100
            or not value.replace("-", "")
            .replace("_", "")
            .replace("/", "")
            .replace(".", "")
            .isalnum()
        ):
            raise config_error("env_id", field=name, value=repr(value))
        return
    if kind is tuple:
        if (
            not isinstance(value, tuple)
            or not 1 <= len(value) <= 6
            or not all(
                isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 1024 for v in value
            )
        ):
            if value == ():  # an emptied field: there is nothing to show as "not ..."
                raise config_error("layers_none", field=name)
            shown = (
                ", ".join(str(v) for v in value)  # "6464", not "(6464,)"
                if isinstance(value, tuple) and value and all(isinstance(v, int) for v in value)
                else repr(value)
            )
            raise config_error("layers", field=name, value=shown)
        return
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise config_error("int", field=name, value=repr(value))
    if kind is float and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise config_error("float", field=name, value=repr(value))
    if not math.isfinite(value):
        raise config_error("finite", field=name, value=repr(value))
    low, high = meta["low"], meta["high"]
    if (low is not None and value < low) or (high is not None and value > high):
        raise config_error("range", field=name, low=low, high=high, value=value)


def fmt(value: Any) -> str:
    """Short human form of a setting's value."""
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, tuple):
        return ",".join(str(v) for v in value)
    return str(value)


def coerce(name: str, value: Any) -> Any:
    """Turn a CLI/JSON value into the field's type; leave anything odd to validation."""
    if name not in FIELDS:
        raise config_error("unknown_setting", name=repr(name), known=", ".join(FIELDS))
    kind = FIELD_TYPES[name]
    if isinstance(value, str) and kind is not str:
        text = value.strip()
        try:
            if kind is bool:
                if text.lower() not in ("true", "false", "1", "0", "yes", "no", "on", "off"):
                    raise ValueError
                return text.lower() in ("true", "1", "yes", "on")
            if kind is int:
                return int(float(text)) if float(text).is_integer() else float(text)
            if kind is float:
                return float(text)
            if kind is tuple:
                # "32, 32", "32 32" or "32;32" (spaces were dropped: "8 8" read as 88)
                return tuple(int(v) for v in re.split(r"[,;\s]+", text) if v)
        except ValueError:
            raise config_error(COERCE_KEYS[kind], field=name, value=repr(value)) from None
    if kind is tuple and isinstance(value, list):
        return tuple(value)
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if kind is int and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def parse_assignments(items: list[str]) -> dict[str, str]:
    """``["gamma=0.99", ...]`` (the CLI's ``--set``) as a dict of raw values, in order."""
    changes: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise config_error("set_syntax", value=repr(item))
        changes[key.strip()] = value
    return changes


# The message of a CLI/JSON text that does not read as the field's type.
COERCE_KEYS = {bool: "bool", int: "int", float: "float", tuple: "layers_text", str: "text"}


def _field_docs(cls: type) -> dict[str, str]:
    """The docstring under each field, read from the source (dataclasses keep none)."""
    docs: dict[str, str] = {}
    try:
        tree = ast.parse(inspect.getsource(cls))
    except (OSError, TypeError):
        return docs
    node = tree.body[0]
    if not isinstance(node, ast.ClassDef):
        return docs
    body = node.body
    for node, nxt in zip(body, body[1:]):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(nxt, ast.Expr)
            and isinstance(nxt.value, ast.Constant)
        ):
            docs[node.target.id] = " ".join(str(nxt.value.value).split())
    return docs


FIELDS: dict[str, dataclasses.Field] = {f.name: f for f in dataclasses.fields(Config)}
FIELD_TYPES: dict[str, type] = {
    name: {"bool": bool, "int": int, "float": float, "str": str}.get(str(f.type), tuple)
    for name, f in FIELDS.items()
}
HELP: dict[str, str] = _field_docs(Config)
LIVE_FIELDS = tuple(n for n, f in FIELDS.items() if f.metadata["live"])


def rate_gate(config: Config, solved: bool, fallback_left: int) -> str:
    """What lowers the learning rate of a run with ``config``: 'solved'
    (solved_rate_factor), 'fallback' (solved_fallback_episodes after a fall) or '' (the
    schedule's rate); for a live agent (``Agent.rate_gate``) and a saved run's counters."""
    if config.solved_rate_factor >= 1.0:
        return ""
    return "solved" if solved else "fallback" if fallback_left else ""
