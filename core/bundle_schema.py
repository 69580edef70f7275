"""What a ``.dqnlab`` bundle must contain: the manifest's closed set of keys and the arrays.

:func:`validate_manifest` checks every key and value of the manifest and rebuilds the
:class:`Config`; :func:`array_specs` derives the exact name, shape and dtype of every
array from that config (without TensorFlow: the names are the Keras variable paths of
:func:`dqn_lab.core.model.build_model`); :func:`check_values` checks what the arrays hold.
Problems raise :class:`Invalid` with a message naming the place and the rule.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from dqn_lab.core.config import FIELD_TYPES, FIELDS, Config, ConfigError
from dqn_lab.core.messages import Message
from dqn_lab.core.records import CHANGE_KEYS, EPISODE_COLUMNS

FORMAT = "dqnlab-agent-bundle"
FORMAT_VERSION = 1
VERSION_KEYS = ("app", "python", "numpy", "tensorflow", "keras", "gymnasium")
#: Counters (steps, updates, episodes, the optimizer's iteration) are saved up to MAX_COUNT and
#: loaded up to MAX_LOADED_COUNT: the head-room is more than one run can add (100,000 episodes
#: x 100,000 steps x 1,000 updates per step = 1e13), so whatever loads can be saved again.
MAX_COUNT = 10**15
MAX_LOADED_COUNT = MAX_COUNT - 10**14
#: Statistics: one entry per episode, and a run has at most the config's maximum of episodes.
MAX_STATISTICS = int(FIELDS["episodes"].metadata["high"])
MAX_FALLBACK = int(FIELDS["solved_fallback_episodes"].metadata["high"])
# The learning rates a run can train at: the schedule's (alpha, alpha_min) times
# solved_rate_factor while solved (a solved `tuned` run trains at 1.5e-7).
MIN_RATE = min(FIELDS[k].metadata["low"] for k in ("alpha", "alpha_min")) * float(
    FIELDS["solved_rate_factor"].metadata["low"]
)
MAX_RATE = max(FIELDS[k].metadata["high"] for k in ("alpha", "alpha_min"))
#: Live setting changes kept in a bundle (the most recent; see core.persistence).
MAX_HISTORY = 100_000
#: Plausible magnitudes, checked when saving and when loading: weights, replay states and
#: rewards; Adam's first and second moments (gradient-sized and squared, so larger, with
#: head-room below float32's 3.4e38 so that training from them does not overflow at once).
MAX_VALUE = 1e6
MAX_MOMENTUM = 1e30
MAX_VELOCITY = 1e36
STAT_KEYS = EPISODE_COLUMNS
HISTORY_KEYS = CHANGE_KEYS
F32, I32, I64, U8, U64 = (np.dtype(t) for t in ("<f4", "<i4", "<i8", "|u1", "<u8"))
RNG_WORDS = 6  # PCG64: state hi/lo, inc hi/lo, has_uint32, uinteger


class Invalid(Exception):
    """Why a bundle cannot be used (the caller adds the file name).

    :attr:`message` is the English text; a :class:`Message` of :data:`SCHEMA_MESSAGES` or
    ``bundle_format.FORMAT_MESSAGES`` for the reasons a user meets (an interface translates
    those), the plain text for the technical ones.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


#: The manifest's reasons a user meets, as templates (values are shown as they are).
SCHEMA_MESSAGES = {
    "not_object": "manifest.json must hold a JSON object.",
    "not_bundle": "it is not a DQN Lab agent bundle (format {format}).",
    "bad_version": "format_version {version} is not a positive whole number.",
    "newer": "it was saved in bundle format {version} by a newer DQN Lab; this "
    "version reads format {supported}.",
    "bad_config": "its config is not valid: {error}",
    "bad_env": "its environment cannot be used here: {error}",
    "env_sizes": "it was saved for {states} state features and {actions} actions; "
    "{env} here has {env_states} and {env_actions}.",
    "not_finite": "{where} contains NaN or infinite values.",
    "too_large": "{where} has values up to {biggest}; at most {limit} in size is allowed (a "
    "larger value is a diverged or damaged run).",
}


def schema_invalid(key: str, **values: object) -> Invalid:
    """The :class:`Invalid` of :data:`SCHEMA_MESSAGES` ``key``."""
    return Invalid(Message.of(SCHEMA_MESSAGES[key], **values))


# -- manifest -------------------------------------------------------------------------------
def validate_manifest(m: Any, loading: bool = True) -> tuple[Config, tuple[int, int]]:
    """Check the manifest; return its config and the environment's (state, action) sizes.

    ``loading`` keeps counters below :data:`MAX_LOADED_COUNT` (head-room to train and save
    again); saving allows up to :data:`MAX_COUNT`.
    """
    top = MAX_LOADED_COUNT if loading else MAX_COUNT
    if not isinstance(m, dict):
        raise schema_invalid("not_object")
    if m.get("format") != FORMAT:
        raise schema_invalid("not_bundle", format=_short(m.get("format")))
    version: Any = m.get("format_version")
    if not _is_int(version) or version < 1:
        raise schema_invalid("bad_version", version=_short(version))
    if version > FORMAT_VERSION:
        raise schema_invalid("newer", version=version, supported=FORMAT_VERSION)
    _keys(
        m,
        "the manifest",
        (
            "format",
            "format_version",
            "saved_at",
            "versions",
            "config",
            "env",
            "counters",
            "run",
            "statistics",
            "history",
            "memory",
            "files",
        ),
    )
    _text(m["saved_at"], "saved_at")
    _keys(m["versions"], "versions", VERSION_KEYS)
    for key in VERSION_KEYS:
        _text(m["versions"][key], f"versions.{key}")
    _config_types(m["config"])
    try:
        config = Config.from_dict(m["config"])
    except ConfigError as exc:
        raise schema_invalid("bad_config", error=exc.message) from None
    except TypeError as exc:
        raise schema_invalid("bad_config", error=_short(str(exc))) from None
    env = _keys(m["env"], "env", ("state_size", "action_size"))
    sizes = (
        _int(env["state_size"], "env.state_size", 1, 10_000),
        _int(env["action_size"], "env.action_size", 1, 10_000),
    )
    _check_env(config, sizes)

    c = _keys(
        m["counters"],
        "counters",
        (
            "episodes",
            "env_steps",
            "step",
            "updates",
            "epsilon",
            "sync_pending",
            "last_loss",
            "last_mean_q",
        ),
        optional=("solved", "fallback_left"),  # both or neither (bundles before the gate)
    )
    for key in ("env_steps", "step", "updates"):
        _int(c[key], f"counters.{key}", 0, top)
    _int(c["episodes"], "counters.episodes", 0, MAX_STATISTICS)
    _num(c["epsilon"], "counters.epsilon", 0.0, 1.0)
    _bool(c["sync_pending"], "counters.sync_pending")
    _num(c["last_loss"], "counters.last_loss", null=True)
    _num(c["last_mean_q"], "counters.last_mean_q", null=True)
    if ("solved" in c) != ("fallback_left" in c):
        raise Invalid("counters has only one of solved and fallback_left.")
    if "solved" in c:
        _bool(c["solved"], "counters.solved")
        _int(c["fallback_left"], "counters.fallback_left", 0, MAX_FALLBACK)
    episodes = c["episodes"]

    r = _keys(m["run"], "run", ("wall_s", "first_solved_episode", "env_seeded", "mid_episode"))
    _num(r["wall_s"], "run.wall_s", 0.0)
    if r["first_solved_episode"] is not None:
        _int(r["first_solved_episode"], "run.first_solved_episode", 0, max(episodes - 1, 0))
    _bool(r["env_seeded"], "run.env_seeded")
    _bool(r["mid_episode"], "run.mid_episode")

    stats = _list(m["statistics"], "statistics", MAX_STATISTICS)
    if len(stats) != episodes:
        raise Invalid(
            f"statistics has {len(stats)} episodes, but counters.episodes says {episodes}."
        )
    for i, s in enumerate(stats):
        where = f"statistics[{i}]"
        _keys(s, where, STAT_KEYS)
        if s["episode"] != i or not _is_int(s["episode"]):
            raise Invalid(f"{where}.episode is {_short(s['episode'])}, not {i}.")
        _num(s["score"], f"{where}.score")
        _int(s["steps"], f"{where}.steps")
        _num(s["epsilon"], f"{where}.epsilon", 0.0, 1.0)
        _num(s["loss"], f"{where}.loss", null=True)
        _num(s["mean_q"], f"{where}.mean_q", null=True)
        _int(s["env_steps"], f"{where}.env_steps", 0, c["env_steps"])
        _num(s["wall_s"], f"{where}.wall_s", 0.0)
    for i, h in enumerate(_list(m["history"], "history", MAX_HISTORY)):
        where = f"history[{i}]"
        _keys(h, where, HISTORY_KEYS)
        _int(h["env_steps"], f"{where}.env_steps", 0, c["env_steps"])
        _int(h["episode"], f"{where}.episode", 0, episodes)
        if h["key"] not in FIELDS:
            raise Invalid(f"{where}.key {_short(h['key'])} is not a setting.")
        _setting(h["key"], h["old"], f"{where}.old")
        _setting(h["key"], h["new"], f"{where}.new")

    mem = _keys(m["memory"], "memory", ("included", "rows", "capacity"))
    _bool(mem["included"], "memory.included")
    capacity = memory_capacity(config)
    if mem["capacity"] != capacity:
        raise Invalid(
            f"memory.capacity is {_short(mem['capacity'])}, but the config's memory "
            f"holds {capacity}."
        )
    _int(mem["rows"], "memory.rows", 0, capacity if mem["included"] else 0)

    files = m["files"]
    if not isinstance(files, dict):
        raise Invalid("files must be a JSON object.")
    for name, entry in files.items():
        if name not in ("weights.npz", "optimizer.npz", "rng.npz", "memory.npz"):
            raise Invalid(
                f"the manifest lists the file {_short(name)}, which is not a bundle member."
            )
        _keys(entry, f"files.{name}", ("sha256", "bytes"))
        digest = entry["sha256"]
        if not (
            isinstance(digest, str)
            and len(digest) == 64
            and all(ch in "0123456789abcdef" for ch in digest)
        ):
            raise Invalid(f"files.{name}.sha256 is not a SHA-256 hex digest.")
        _int(entry["bytes"], f"files.{name}.bytes")
    return config, sizes


def _check_env(config: Config, sizes: tuple[int, int]) -> None:
    from dqn_lab.core.environment import env_info

    try:
        info = env_info(config.env_id)
    except ConfigError as exc:
        raise schema_invalid("bad_env", error=exc.message) from None
    if (info.state_size, info.action_size) != sizes:
        raise schema_invalid(
            "env_sizes",
            states=sizes[0],
            actions=sizes[1],
            env=config.env_id,
            env_states=info.state_size,
            env_actions=info.action_size,
        )


def memory_capacity(config: Config) -> int:
    """The replay memory's capacity: one batch for the naive agent, memory_size for DQN."""
    return config.batch_size if config.agent == "naive" else config.memory_size


# -- arrays ---------------------------------------------------------------------------------
def weight_shapes(config: Config, state_size: int, action_size: int) -> list[tuple[str, tuple]]:
    """(path, shape) of the network's variables in Keras order ('hidden_1/kernel', ...)."""
    out, width = [], state_size
    for i, units in enumerate(config.hidden_sizes):
        out += [(f"hidden_{i + 1}/kernel", (width, units)), (f"hidden_{i + 1}/bias", (units,))]
        width = units
    heads = (
        [("value", 1), ("advantage", action_size)]
        if config.dueling
        else [("q_values", action_size)]
    )
    for name, units in heads:
        out += [(f"{name}/kernel", (width, units)), (f"{name}/bias", (units,))]
    return out


def array_specs(
    m: dict, config: Config, state_size: int, action_size: int
) -> dict[str, dict[str, tuple[tuple, np.dtype]]]:
    """Every data file's arrays: name -> (shape, dtype), from the validated manifest."""
    shapes = weight_shapes(config, state_size, action_size)
    nets = ("online", "target") if config.agent == "dqn" else ("online",)
    weights = {f"{net}/{path}": (shape, F32) for net in nets for path, shape in shapes}
    optimizer = {"iteration": ((), I64), "learning_rate": ((), F32)}
    for path, shape in shapes:
        base = path.replace("/", "_")
        optimizer[f"{base}_momentum"] = (shape, F32)
        optimizer[f"{base}_velocity"] = (shape, F32)
    rng = {"agent": ((RNG_WORDS,), U64)}
    if m["run"]["env_seeded"]:
        rng["env"] = ((RNG_WORDS,), U64)
    specs = {"weights.npz": weights, "optimizer.npz": optimizer, "rng.npz": rng}
    if m["memory"]["included"]:
        n = m["memory"]["rows"]
        specs["memory.npz"] = {
            "states": ((n, state_size), F32),
            "next_states": ((n, state_size), F32),
            "actions": ((n,), I32),
            "rewards": ((n,), F32),
            "dones": ((n,), U8),
            "pos": ((), I64),
            "total_added": ((), I64),
        }
    return specs


def check_values(
    m: dict,
    config: Config,
    arrays: dict[str, dict[str, np.ndarray]],
    state_size: int,
    action_size: int,
    loading: bool = True,
) -> None:
    """Finite and plausible weights and optimizer state (its learning rate in the config's
    range, its iteration with head-room), valid RNG states, a consistent replay memory."""
    for key, a in arrays["weights.npz"].items():
        _bounded(a, f"weights.npz: {key}", MAX_VALUE)
    opt = arrays["optimizer.npz"]
    for key, a in opt.items():
        if key.endswith("_momentum"):
            _bounded(a, f"optimizer.npz: {key}", MAX_MOMENTUM)
        elif key.endswith("_velocity"):
            _bounded(a, f"optimizer.npz: {key}", MAX_VELOCITY)
            if (a < 0).any():
                raise Invalid(
                    f"optimizer.npz: {key} has negative values (Adam's second "
                    f"moment cannot be negative)."
                )
    top = MAX_LOADED_COUNT if loading else MAX_COUNT
    if not 0 <= int(opt["iteration"]) <= top:
        raise Invalid(
            f"optimizer.npz: iteration {int(opt['iteration'])} must be from 0 to {top:,}."
        )
    rate = float(opt["learning_rate"])
    # float32 rounding of the range's ends is allowed
    if not (
        math.isfinite(rate) and float(np.float32(MIN_RATE)) <= rate <= float(np.float32(MAX_RATE))
    ):
        raise Invalid(
            f"optimizer.npz: learning_rate {rate:g} is outside the range a run can train "
            f"at, {MIN_RATE:g} to {MAX_RATE:g}."
        )
    for key, words in arrays["rng.npz"].items():
        rng_state(words, f"rng.npz: {key}")
    if "memory.npz" in arrays:
        _check_memory(
            arrays["memory.npz"], m["memory"]["rows"], memory_capacity(config), action_size, top
        )


def _bounded(a: np.ndarray, where: str, limit: float) -> None:
    """Finite and within +-limit (NaN, infinities and overflowing values are refused)."""
    if a.size == 0:
        return
    if not np.isfinite(a).all():
        raise schema_invalid("not_finite", where=where)
    biggest = float(np.max(np.abs(a)))
    if biggest > limit:
        raise schema_invalid("too_large", where=where, biggest=f"{biggest:.3g}", limit=f"{limit:g}")


def _check_memory(
    mem: dict[str, np.ndarray], n: int, capacity: int, action_size: int, top: int
) -> None:
    for key in ("states", "next_states", "rewards"):
        _bounded(mem[key], f"memory.npz: {key}", MAX_VALUE)
    if n and not (0 <= int(mem["actions"].min()) and int(mem["actions"].max()) < action_size):
        raise Invalid(f"memory.npz: actions must be 0 to {action_size - 1}.")
    if n and int(mem["dones"].max()) > 1:
        raise Invalid("memory.npz: dones must be 0 or 1.")
    pos, total = int(mem["pos"]), int(mem["total_added"])
    if (n < capacity and pos != n) or not 0 <= pos < capacity:
        raise Invalid(
            f"memory.npz: the write position {pos} does not fit {n} rows in a memory of {capacity}."
        )
    if not n <= total <= top:
        raise Invalid(f"memory.npz: total_added {total} must be from the {n} rows held to {top:,}.")


def rng_words(state: dict) -> np.ndarray:
    """A NumPy PCG64 ``bit_generator.state`` as 6 uint64 words."""
    if state.get("bit_generator") != "PCG64":
        raise Invalid(
            f"the random generator is {state.get('bit_generator')}; only PCG64 can be saved."
        )
    s, inc, mask = state["state"]["state"], state["state"]["inc"], (1 << 64) - 1
    return np.array(
        [s >> 64, s & mask, inc >> 64, inc & mask, state["has_uint32"], state["uinteger"]],
        dtype=U64,
    )


def rng_state(words: np.ndarray, where: str = "rng") -> dict:
    """The PCG64 state that :func:`rng_words` encoded; :class:`Invalid` if impossible."""
    w = [int(x) for x in words]
    inc = (w[2] << 64) | w[3]
    if inc % 2 == 0 or w[4] not in (0, 1) or w[5] >= 1 << 32:
        raise Invalid(f"{where} is not a valid PCG64 generator state.")
    return {
        "bit_generator": "PCG64",
        "state": {"state": (w[0] << 64) | w[1], "inc": inc},
        "has_uint32": w[4],
        "uinteger": w[5],
    }


# -- small checks ---------------------------------------------------------------------------
def _short(value: Any, n: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= n else text[: n - 3] + "..."


def _keys(d: Any, where: str, keys: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict:
    if not isinstance(d, dict):
        raise Invalid(f"{where} must be a JSON object, not {type(d).__name__}.")
    missing = [k for k in keys if k not in d]
    extra = [k for k in d if k not in keys and k not in optional]
    if missing or extra:
        parts = ([f"lacks {', '.join(missing)}"] if missing else []) + (
            [f"has unknown key(s) {_short(', '.join(map(str, extra)))}"] if extra else []
        )
        raise Invalid(f"{where} {' and '.join(parts)}.")
    return d


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _int(v: Any, where: str, low: int = 0, high: int = MAX_COUNT) -> int:
    if not _is_int(v) or not low <= v <= high:
        raise Invalid(f"{where} must be a whole number from {low} to {high}, not {_short(v)}.")
    return v


def _num(
    v: Any, where: str, low: float = -math.inf, high: float = math.inf, null: bool = False
) -> None:
    if v is None and null:
        return
    if (
        isinstance(v, bool)
        or not isinstance(v, (int, float))
        or not math.isfinite(v)
        or not low <= v <= high
    ):
        raise Invalid(
            f"{where} must be a number"
            + (f" from {low:g} to {high:g}" if math.isfinite(low) else "")
            + (" or null" if null else "")
            + f", not {_short(v)}."
        )


def _bool(v: Any, where: str) -> None:
    if not isinstance(v, bool):
        raise Invalid(f"{where} must be true or false, not {_short(v)}.")


def _text(v: Any, where: str) -> None:
    if not isinstance(v, str) or len(v) > 200:
        raise Invalid(f"{where} must be a text of at most 200 characters.")


def _list(v: Any, where: str, limit: int) -> list:
    if not isinstance(v, list) or len(v) > limit:
        raise Invalid(f"{where} must be a list of at most {limit:,} entries.")
    return v


JSON_TYPE_WORDS = {
    bool: "true or false (a JSON boolean)",
    int: "a whole number (a JSON integer)",
    float: "a number",
    str: "text (a JSON string)",
    tuple: "a list of whole numbers",
}


def json_type(v: Any) -> str:
    """The JSON type of a parsed value, as a user reads it ('text "5"', 'number 5.0')."""
    if isinstance(v, bool):
        return f"the boolean {str(v).lower()}"
    if isinstance(v, (int, float)):
        return f"the number {_short(v, 30)}"
    if isinstance(v, str):
        return f"the text {_short(v, 30)}"
    if v is None:
        return "null"
    names: dict[type, str] = {list: "a list", dict: "an object"}
    return names.get(type(v), type(v).__name__)


def _config_types(cfg: Any) -> None:
    """Every config value has its field's JSON type: no "yes" for true, "5" or 5.0 for 5."""
    if not isinstance(cfg, dict):
        return  # Config.from_dict says so
    for key, v in cfg.items():
        kind = FIELD_TYPES.get(key)
        if kind is None:
            continue  # unknown keys: Config.from_dict names them all
        if not _has_json_type(v, kind):
            raise Invalid(f"config.{key} is {json_type(v)}; it must be {JSON_TYPE_WORDS[kind]}.")


def _has_json_type(v: Any, kind: type) -> bool:
    """Whether the JSON value ``v`` has the type a field of Python type ``kind`` is saved as."""
    if kind is bool:
        return isinstance(v, bool)
    if kind is int:
        return _is_int(v)
    if kind is float:
        return not isinstance(v, bool) and isinstance(v, (int, float))
    if kind is str:
        return isinstance(v, str)
    return isinstance(v, list) and all(_is_int(x) for x in v)  # tuple: a list of ints


def _setting(key: str, v: Any, where: str) -> None:
    kind = FIELD_TYPES[key]
    ok = {
        bool: lambda: isinstance(v, bool),
        int: lambda: _is_int(v) and abs(v) <= MAX_COUNT,
        float: lambda: not isinstance(v, bool) and isinstance(v, (int, float)) and math.isfinite(v),
        str: lambda: isinstance(v, str) and len(v) <= 200,
        tuple: lambda: (
            isinstance(v, list)
            and len(v) <= 16
            and all(_is_int(x) and 0 <= x <= 1_000_000 for x in v)
        ),
    }[kind]()
    if not ok:
        raise Invalid(f"{where} {_short(v)} is not a value of the setting {key}.")
