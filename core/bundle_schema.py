"""What a ``.dqnlab`` bundle must contain: the manifest's closed set of keys and the arrays.

:func:`validate_manifest` checks every key and value of the manifest and rebuilds the
:class:`Config`; :func:`array_specs` derives the exact name, shape and dtype of every
array from that config (without TensorFlow: the names are the Keras variable paths of
:func:`core.model.build_model`); :func:`check_values` checks what the arrays hold.
Problems raise :class:`Invalid` with a message naming the place and the rule.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from core.config import FIELD_TYPES, FIELDS, Config, ConfigError
from core.records import CHANGE_KEYS, EPISODE_COLUMNS

FORMAT = "dqnlab-agent-bundle"
FORMAT_VERSION = 1
VERSION_KEYS = ("app", "python", "numpy", "tensorflow", "keras", "gymnasium")
MAX_COUNT = 10**12
MAX_ENTRIES = 1_000_000
STAT_KEYS = EPISODE_COLUMNS
HISTORY_KEYS = CHANGE_KEYS
F32, I32, I64, U8, U64 = (np.dtype(t) for t in ("<f4", "<i4", "<i8", "|u1", "<u8"))
RNG_WORDS = 6   # PCG64: state hi/lo, inc hi/lo, has_uint32, uinteger


class Invalid(Exception):
    """Why a bundle cannot be used (the caller adds the file name)."""


# -- manifest -------------------------------------------------------------------------------
def validate_manifest(m: Any) -> tuple[Config, tuple[int, int]]:
    """Check the manifest; return its config and the environment's (state, action) sizes."""
    if not isinstance(m, dict):
        raise Invalid("manifest.json must hold a JSON object.")
    if m.get("format") != FORMAT:
        raise Invalid(f"it is not a DQN Lab agent bundle (format {_short(m.get('format'))}).")
    version = m.get("format_version")
    if not _is_int(version) or version < 1:
        raise Invalid(f"format_version {_short(version)} is not a positive whole number.")
    if version > FORMAT_VERSION:
        raise Invalid(f"it was saved in bundle format {version} by a newer DQN Lab; this "
                      f"version reads format {FORMAT_VERSION}.")
    _keys(m, "the manifest", ("format", "format_version", "saved_at", "versions", "config",
                              "env", "counters", "run", "statistics", "history", "memory",
                              "files"))
    _text(m["saved_at"], "saved_at")
    _keys(m["versions"], "versions", VERSION_KEYS)
    for key in VERSION_KEYS:
        _text(m["versions"][key], f"versions.{key}")
    try:
        config = Config.from_dict(m["config"])
    except ConfigError as exc:
        raise Invalid(f"its config is not valid: {exc}") from None
    except TypeError as exc:
        raise Invalid(f"its config is not valid: {_short(str(exc))}") from None
    env = _keys(m["env"], "env", ("state_size", "action_size"))
    sizes = (_int(env["state_size"], "env.state_size", 1, 10_000),
             _int(env["action_size"], "env.action_size", 1, 10_000))
    _check_env(config, sizes)

    c = _keys(m["counters"], "counters", ("episodes", "env_steps", "step", "updates",
                                          "epsilon", "sync_pending", "last_loss",
                                          "last_mean_q"))
    for key in ("episodes", "env_steps", "step", "updates"):
        _int(c[key], f"counters.{key}")
    _num(c["epsilon"], "counters.epsilon", 0.0, 1.0)
    _bool(c["sync_pending"], "counters.sync_pending")
    _num(c["last_loss"], "counters.last_loss", null=True)
    _num(c["last_mean_q"], "counters.last_mean_q", null=True)
    episodes = c["episodes"]

    r = _keys(m["run"], "run", ("wall_s", "first_solved_episode", "env_seeded",
                                "mid_episode"))
    _num(r["wall_s"], "run.wall_s", 0.0)
    if r["first_solved_episode"] is not None:
        _int(r["first_solved_episode"], "run.first_solved_episode", 0, max(episodes - 1, 0))
    _bool(r["env_seeded"], "run.env_seeded")
    _bool(r["mid_episode"], "run.mid_episode")

    stats = _list(m["statistics"], "statistics")
    if len(stats) != episodes:
        raise Invalid(f"statistics has {len(stats)} episodes, but counters.episodes says "
                      f"{episodes}.")
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
    for i, h in enumerate(_list(m["history"], "history")):
        where = f"history[{i}]"
        _keys(h, where, HISTORY_KEYS)
        _int(h["env_steps"], f"{where}.env_steps")
        _int(h["episode"], f"{where}.episode")
        if h["key"] not in FIELDS:
            raise Invalid(f"{where}.key {_short(h['key'])} is not a setting.")
        _setting(h["key"], h["old"], f"{where}.old")
        _setting(h["key"], h["new"], f"{where}.new")

    mem = _keys(m["memory"], "memory", ("included", "rows", "capacity"))
    _bool(mem["included"], "memory.included")
    capacity = memory_capacity(config)
    if mem["capacity"] != capacity:
        raise Invalid(f"memory.capacity is {_short(mem['capacity'])}, but the config's memory "
                      f"holds {capacity}.")
    _int(mem["rows"], "memory.rows", 0, capacity if mem["included"] else 0)

    files = m["files"]
    if not isinstance(files, dict):
        raise Invalid("files must be a JSON object.")
    for name, entry in files.items():
        if name not in ("weights.npz", "optimizer.npz", "rng.npz", "memory.npz"):
            raise Invalid(f"the manifest lists the file {_short(name)}, which is not a bundle "
                          f"member.")
        _keys(entry, f"files.{name}", ("sha256", "bytes"))
        digest = entry["sha256"]
        if not (isinstance(digest, str) and len(digest) == 64
                and all(ch in "0123456789abcdef" for ch in digest)):
            raise Invalid(f"files.{name}.sha256 is not a SHA-256 hex digest.")
        _int(entry["bytes"], f"files.{name}.bytes")
    return config, sizes


def _check_env(config: Config, sizes: tuple[int, int]) -> None:
    from core.environment import env_info

    try:
        info = env_info(config.env_id)
    except ConfigError as exc:
        raise Invalid(f"its environment cannot be used here: {exc}") from None
    if (info.state_size, info.action_size) != sizes:
        raise Invalid(f"it was saved for {sizes[0]} state features and {sizes[1]} actions; "
                      f"{config.env_id} here has {info.state_size} and {info.action_size}.")


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
    heads = ([("value", 1), ("advantage", action_size)] if config.dueling
             else [("q_values", action_size)])
    for name, units in heads:
        out += [(f"{name}/kernel", (width, units)), (f"{name}/bias", (units,))]
    return out


def array_specs(m: dict, config: Config, state_size: int,
                action_size: int) -> dict[str, dict[str, tuple[tuple, np.dtype]]]:
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
            "states": ((n, state_size), F32), "next_states": ((n, state_size), F32),
            "actions": ((n,), I32), "rewards": ((n,), F32), "dones": ((n,), U8),
            "pos": ((), I64), "total_added": ((), I64)}
    return specs


def check_values(m: dict, config: Config, arrays: dict[str, dict[str, np.ndarray]],
                 state_size: int, action_size: int) -> None:
    """Finite weights and optimizer state, valid RNG states, a consistent replay memory."""
    for name in ("weights.npz", "optimizer.npz"):
        for key, a in arrays[name].items():
            if a.dtype == F32 and not np.isfinite(a).all():
                raise Invalid(f"{name}: {key} contains NaN or infinite values.")
    opt = arrays["optimizer.npz"]
    if int(opt["iteration"]) < 0 or not float(opt["learning_rate"]) > 0.0:
        raise Invalid("optimizer.npz: iteration must be >= 0 and learning_rate > 0.")
    for key, a in opt.items():
        if key.endswith("_velocity") and (a < 0).any():
            raise Invalid(f"optimizer.npz: {key} has negative values (Adam's second moment "
                          f"cannot be negative).")
    for key, words in arrays["rng.npz"].items():
        rng_state(words, f"rng.npz: {key}")
    if "memory.npz" in arrays:
        _check_memory(arrays["memory.npz"], m["memory"]["rows"], memory_capacity(config),
                      action_size)


def _check_memory(mem: dict[str, np.ndarray], n: int, capacity: int, action_size: int) -> None:
    for key in ("states", "next_states", "rewards"):
        if not np.isfinite(mem[key]).all():
            raise Invalid(f"memory.npz: {key} contains NaN or infinite values.")
    if n and not (0 <= int(mem["actions"].min()) and int(mem["actions"].max()) < action_size):
        raise Invalid(f"memory.npz: actions must be 0 to {action_size - 1}.")
    if n and int(mem["dones"].max()) > 1:
        raise Invalid("memory.npz: dones must be 0 or 1.")
    pos, total = int(mem["pos"]), int(mem["total_added"])
    if (n < capacity and pos != n) or not 0 <= pos < capacity:
        raise Invalid(f"memory.npz: the write position {pos} does not fit {n} rows in a "
                      f"memory of {capacity}.")
    if not n <= total <= MAX_COUNT:
        raise Invalid(f"memory.npz: total_added {total} is less than the {n} rows held.")


def rng_words(state: dict) -> np.ndarray:
    """A NumPy PCG64 ``bit_generator.state`` as 6 uint64 words."""
    if state.get("bit_generator") != "PCG64":
        raise Invalid(f"the random generator is {state.get('bit_generator')}; only PCG64 "
                      f"can be saved.")
    s, inc, mask = state["state"]["state"], state["state"]["inc"], (1 << 64) - 1
    return np.array([s >> 64, s & mask, inc >> 64, inc & mask, state["has_uint32"],
                     state["uinteger"]], dtype=U64)


def rng_state(words: np.ndarray, where: str = "rng") -> dict:
    """The PCG64 state that :func:`rng_words` encoded; :class:`Invalid` if impossible."""
    w = [int(x) for x in words]
    inc = (w[2] << 64) | w[3]
    if inc % 2 == 0 or w[4] not in (0, 1) or w[5] >= 1 << 32:
        raise Invalid(f"{where} is not a valid PCG64 generator state.")
    return {"bit_generator": "PCG64", "state": {"state": (w[0] << 64) | w[1], "inc": inc},
            "has_uint32": w[4], "uinteger": w[5]}


# -- small checks ---------------------------------------------------------------------------
def _short(value: Any, n: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= n else text[:n - 3] + "..."


def _keys(d: Any, where: str, keys: tuple[str, ...]) -> dict:
    if not isinstance(d, dict):
        raise Invalid(f"{where} must be a JSON object, not {type(d).__name__}.")
    missing = [k for k in keys if k not in d]
    extra = [k for k in d if k not in keys]
    if missing or extra:
        parts = ([f"lacks {', '.join(missing)}"] if missing else []) + (
            [f"has unknown key(s) {_short(', '.join(map(str, extra)))}"] if extra else [])
        raise Invalid(f"{where} {' and '.join(parts)}.")
    return d


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _int(v: Any, where: str, low: int = 0, high: int = MAX_COUNT) -> int:
    if not _is_int(v) or not low <= v <= high:
        raise Invalid(f"{where} must be a whole number from {low} to {high}, not {_short(v)}.")
    return v


def _num(v: Any, where: str, low: float = -math.inf, high: float = math.inf,
         null: bool = False) -> None:
    if v is None and null:
        return
    if (isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v)
            or not low <= v <= high):
        raise Invalid(f"{where} must be a number" + (f" from {low:g} to {high:g}"
                                                      if math.isfinite(low) else "")
                      + (" or null" if null else "") + f", not {_short(v)}.")


def _bool(v: Any, where: str) -> None:
    if not isinstance(v, bool):
        raise Invalid(f"{where} must be true or false, not {_short(v)}.")


def _text(v: Any, where: str) -> None:
    if not isinstance(v, str) or len(v) > 200:
        raise Invalid(f"{where} must be a text of at most 200 characters.")


def _list(v: Any, where: str) -> list:
    if not isinstance(v, list) or len(v) > MAX_ENTRIES:
        raise Invalid(f"{where} must be a list of at most {MAX_ENTRIES:,} entries.")
    return v


def _setting(key: str, v: Any, where: str) -> None:
    kind = FIELD_TYPES[key]
    ok = {bool: lambda: isinstance(v, bool),
          int: lambda: _is_int(v) and abs(v) <= MAX_COUNT,
          float: lambda: (not isinstance(v, bool) and isinstance(v, (int, float))
                          and math.isfinite(v)),
          str: lambda: isinstance(v, str) and len(v) <= 200,
          tuple: lambda: (isinstance(v, list) and len(v) <= 16
                          and all(_is_int(x) and 0 <= x <= 1_000_000 for x in v))}[kind]()
    if not ok:
        raise Invalid(f"{where} {_short(v)} is not a value of the setting {key}.")
