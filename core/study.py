"""Studies on Optuna: a search (``tune``) or a grid (``compare``) of training runs in a storage.

The storage is the single source of truth: workers on any machine write trials to it, the CLI
and the GUI read them from it. Nothing else holds state a second machine would need.

* Storages: by default one journal file per study in the user's data folder
  (``JournalStorage`` over ``JournalFileBackend`` with the open-file lock, which also works on
  Windows); any Optuna URL scales out: ``postgresql://``, ``mysql://``, ``sqlite://`` through
  ``RDBStorage`` with a heartbeat and a retry callback, ``redis://`` through the journal's Redis
  backend.
* Settings travel as JSON in the study's user attributes (``Config.to_dict``) and are validated
  by :class:`Config` on the worker; nothing is pickled and nothing read from a study runs code.
* A trial trains its K seeds as ONE population in the worker process (:func:`train_seeds`:
  one lockstep loop, one compiled update for all K), then evaluates each member greedily and
  reports it as the intermediate value of step = seed index, seed by seed. The pruners compare
  trials seed by seed (the Wilcoxon pruner pairs the same seed across trials); since the K
  seeds train together, a pruned trial saves the remaining evaluations, not training, and is
  marked PRUNED for the sampler. The trial's value is the mean over the seeds; IQM and a 95%
  interval are stored as user attributes. A compare trial is one configuration, its seeds
  again one population (one process per configuration, not per seed).
* A worker that dies mid-trial: with a database Optuna's heartbeat fails the trial and
  :class:`RetryHeartbeatStaleTrialCallback` queues it again; with a journal (no heartbeat in
  Optuna) each trial carries a ``heartbeat`` user attribute (host, pid, time) and a worker
  starting up fails stale RUNNING trials and re-queues their parameters.
"""

from __future__ import annotations

import logging
import math
import os
import re
import socket
import threading
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from dqn_lab.core.config import FIELD_TYPES, FIELDS, Config, ConfigError, _check_field, coerce
from dqn_lab.core.messages import Message

SETTINGS_ATTR = "dqnlab"  # the study's settings (JSON), written once at creation
TARGET_ATTR = "dqnlab_target"  # tune: how many finished trials the study aims for
CANCEL_ATTR = "dqnlab_cancel"  # compare: the (configuration, seed) pairs cancelled
HEARTBEAT_ATTR = "heartbeat"  # per trial: {'host', 'pid', 'time'}
#: The error note of a trial whose worker stopped and whose parameters were queued again.
REQUEUED_NOTE = "its worker stopped; queued again"
# The notes of a stopped worker's trial, this release's and the ones studies hold from before.
REQUEUED_NOTES = (REQUEUED_NOTE, "its worker stopped (no heartbeat); queued again")
# 2: a compare trial trains one configuration's seeds as a population (1: one seed per trial);
# tune studies are the same in both, so a format-1 tune study still loads.
FORMAT = 2
EVAL_SEED = 10_000  # the greedy evaluation's seeds: EVAL_SEED, EVAL_SEED + 1, ...
RECHECK_SEED_OFFSET = 1000  # --recheck trains seeds base + 1000 + i: never tuned on
KINDS = ("tune", "compare")
# What a tune trial maximises: "final" the mean greedy score of each seed's final policy;
# "evals" the area under its periodic evaluation curve (learning fast AND staying solved);
# "passes" the share of its periodic evaluations that reach the threshold (the same two, counted
# as the protocol counts them: an evaluation at 470 of 475 is a miss).
OBJECTIVES = ("final", "evals", "passes")
EVAL_OBJECTIVES = ("evals", "passes")  # the objectives measured on the periodic evaluations
SAMPLERS = ("tpe", "random", "grid")
PRUNERS = ("median", "wilcoxon", "none")
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
# A compare configuration's name ("dqn (Notebook, fixed)"): shown, never a file or a command.
LABEL_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.,()-]{0,99}$")
RDB_SCHEMES = ("postgresql", "mysql", "sqlite")
LIVE_INTERVAL_S = 1.0  # compare: per-episode scores written at most this often
CANCEL_POLL_S = 0.5  # compare: a running trial reads the cancelled seeds at most this often
LIVE_PREFIX = "live."  # compare: user attributes live.0, live.1, ...: each the new episodes


def heartbeat_interval() -> int:
    """Seconds between heartbeats (``DQN_LAB_HEARTBEAT_S``, default 10; tests use 1)."""
    try:
        return max(1, int(os.environ.get("DQN_LAB_HEARTBEAT_S", "10")))
    except ValueError:
        return 10


def stale_after() -> float:
    """A RUNNING trial whose heartbeat is older than this is taken for dead."""
    return 4.0 * heartbeat_interval()


class StudyError(ValueError):
    """A user error about a study or its storage: one line, nothing changed.

    ``str(exc)`` is the English text (the CLI prints it); :attr:`message` is the same as a
    :class:`~dqn_lab.core.messages.Message` of :data:`STUDY_MESSAGES` when core raised it
    (an interface translates it), else the text it was given.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


#: Templates of study errors. Places: {field} names a Config field and {fields} a list of
#: them (an interface shows their labels, as in core.config's MESSAGES); {reason} and
#: {error} are the storage's or a ConfigError's text (a Message where it has a template);
#: the other places are values shown as they are.
STUDY_MESSAGES = {
    "name": "A study name is 1 to 100 letters, digits, '_', '.' or '-' starting with a letter "
    "or digit, not {name!r}.",
    "storage_empty": "The storage is empty; give a journal file or an Optuna URL.",
    "storage_folder": "The storage {path} is a folder; give a journal file.",
    "no_file": "There is no study file {path}.",
    "unreadable": "Cannot read the study storage {storage}: {reason}.",
    "driver": "The storage {storage} needs a driver that is not installed ({reason}); "
    "pip install 'dqn-lab[{extra}]'.",
    "unreachable": "Cannot reach the study storage {storage}: {reason}.",
    "scheme": "Unknown storage URL scheme {scheme!r} in {storage}; use a journal file, "
    "postgresql://, mysql://, sqlite:// or redis://.",
    "unknown_setting": "Unknown setting {name!r} in the search space; known settings are {known}.",
    "not_searchable": "{field} cannot be searched: {reason}.",
    "choices_only": "{field} takes choices (KEY=V1,V2), not a range.",
    "search_space": "Search space: {error}",
    "whole_ends": "{field} is a whole number: its range needs whole-number ends.",
    "low_high": "The range of {field} must have LOW < HIGH, not {low}:{high}.",
    "log_low": "A log range of {field} must start above 0, not at {low}.",
    "search_syntax": "--search expects KEY=LOW:HIGH[:log] or KEY=V1,V2, not {item!r}.",
    "search_twice": "--search names {field} twice.",
    "search_range": "--search {field}: a range is LOW:HIGH or LOW:HIGH:log, not {spec!r}.",
    "space_not_list": "The study's search space is not a list; not a DQN Lab study.",
    "space_malformed": "The study's search space has a malformed entry.",
    "space_kind": "The study's search space has an unknown kind {kind!r}.",
    "no_settings": "The study holds no DQN Lab settings (or a different version).",
    "old_compare": "This compare study was made by an older DQN Lab (one trial per seed); "
    "start a new comparison.",
    "format": "Unsupported DQN Lab study format {format!r}/{kind!r}.",
    "settings_invalid": "The study's settings are not valid: {error}",
    "seeds": "The study's seeds must be 1 to 100 whole numbers.",
    "evaluation": "The study's evaluation settings are not valid.",
    "sampler_pruner": "The study's sampler or pruner is unknown.",
    "objective": "The objective must be one of {choices}, not {name!r}.",
    "objective_evals": "The {objective} objective needs periodic evaluations: set eval_every "
    "above 0 (e.g. --set eval_every=512).",
    "objective_threshold": "The {objective} objective needs an environment with a positive "
    "reward threshold; {env} has {threshold}.",
    "no_evaluations": "No periodic evaluation ran: eval_every {every} is above the run's "
    "environment steps.",
    "label": "A configuration name must be a short plain name, not {name!r}.",
    "not_compare": "Study {name!r} is a search, not a comparison; open it in the Study window.",
    "grid_ranges": "The grid sampler needs choices (KEY=V1,V2), not ranges: {fields}.",
    "sampler": "The sampler must be one of {choices}, not {name!r}.",
    "pruner": "The pruner must be one of {choices}, not {name!r}.",
    "not_dqn_lab": "Study {name!r} was not made by DQN Lab (no settings).",
    "exists": "Study {name!r} already exists with a different {difference}; choose another "
    "--study name or leave those options out to continue it.",
    "differs_kind": "kind ({stored}, not {asked})",
    "differs_space": "search space ({space})",
    "differs_plan": "set of configurations or seeds",
    "differs_objective": "objective ({stored}, not {asked})",
    "no_study": "There is no study {name!r} in this storage.",
    "trial_unknown": "Trial {number} has no known configuration.",
    "trial_outside": "Trial {number}'s parameters lie outside the search space.",
    "trial_invalid": "Trial {number}: {error}",
    # core.study_cli's
    "no_best": "The study has no finished trial to save as a preset.",
}


def study_message(key: str, **values: Any) -> Message:
    """The :class:`Message` of :data:`STUDY_MESSAGES` ``key`` ({fields} joined by ", ")."""
    template = STUDY_MESSAGES[key]
    shown = {k: ", ".join(v) if k == "fields" else v for k, v in values.items()}
    return Message(template.format(**shown), template, values)


def study_error(key: str, **values: Any) -> StudyError:
    """The :class:`StudyError` of :data:`STUDY_MESSAGES` ``key``."""
    return StudyError(study_message(key, **values))


def error_message(exc: BaseException) -> str:
    """An error's text as the Message that keeps its parts (a ConfigError's, a StudyError's),
    or as plain text."""
    message = getattr(exc, "message", None)
    return message if isinstance(message, Message) else str(exc)


# -- storages ---------------------------------------------------------------------------------
def data_dir() -> Path:
    """``$XDG_DATA_HOME/dqn-lab/studies`` (``~/.local/share/dqn-lab/studies``)."""
    base = (
        os.environ.get("XDG_DATA_HOME")
        or (os.environ.get("APPDATA") if os.name == "nt" else None)
        or Path.home() / ".local/share"
    )
    return Path(base) / "dqn-lab" / "studies"


def check_name(name: str) -> str:
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise study_error("name", name=name)
    return name


def default_storage(name: str, folder: Path | str | None = None) -> str:
    """The journal file of study ``name`` in ``folder`` (default :func:`data_dir`)."""
    return str(Path(folder or data_dir()) / f"{check_name(name)}.journal")


def is_url(storage: str) -> bool:
    return "://" in storage


def is_journal_file(storage: str) -> bool:
    return not is_url(storage)


def open_storage(storage: str, create: bool = True):
    """An Optuna storage for a journal file path or any Optuna URL; :class:`StudyError` if not.

    A database is reached (and its tables made) here, so an unreachable URL fails at once.
    """
    import optuna
    from optuna.storages import RDBStorage

    try:  # Optuna 5 names it for what it does; Optuna 4 calls it RetryFailedTrialCallback
        from optuna.storages import RetryHeartbeatStaleTrialCallback as RetryCallback
    except ImportError:
        from optuna.storages import RetryFailedTrialCallback as RetryCallback
    from optuna.storages.journal import (
        JournalFileBackend,
        JournalFileOpenLock,
        JournalRedisBackend,
        JournalStorage,
    )

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    if not isinstance(storage, str) or not storage.strip():
        raise study_error("storage_empty")
    storage = storage.strip()
    shown = _hide_password(storage)
    scheme = storage.split("://", 1)[0].split("+", 1)[0].lower() if is_url(storage) else ""
    try:
        if not scheme:
            path = Path(storage).expanduser()
            if path.is_dir():
                raise study_error("storage_folder", path=str(path))
            if not path.exists():
                if not create:
                    raise study_error("no_file", path=str(path))
                path.parent.mkdir(parents=True, exist_ok=True)
            backend = JournalFileBackend(str(path), lock_obj=JournalFileOpenLock(str(path)))
            return _checked(JournalStorage(backend))
        if scheme == "redis":
            return _checked(JournalStorage(JournalRedisBackend(storage)))
        if scheme in RDB_SCHEMES:
            kwargs: dict[str, Any] = {}
            if scheme == "postgresql":
                kwargs["connect_args"] = {"connect_timeout": 10}
            interval = heartbeat_interval()
            retry = RetryCallback(max_retry=3)
            callback: dict[str, Any] = (
                {"heartbeat_stale_trial_callback": retry}
                if RetryCallback.__name__ == "RetryHeartbeatStaleTrialCallback"
                else {"failed_trial_callback": retry}
            )
            return RDBStorage(
                storage,
                engine_kwargs=kwargs or None,
                heartbeat_interval=interval,
                grace_period=3 * interval,
                **callback,
            )
    except StudyError:
        raise
    except (ValueError, OSError, KeyError, TypeError, IndexError, AttributeError) as exc:
        # a corrupt journal line (not JSON, or JSON of the wrong shape), an unreadable file
        raise study_error(
            "unreadable", storage=shown, reason=_one_line(exc) or type(exc).__name__
        ) from None
    except ImportError as exc:
        extra = "redis" if scheme == "redis" else "postgres"
        raise study_error("driver", storage=shown, reason=_one_line(exc), extra=extra) from None
    except Exception as exc:  # sqlalchemy / redis connection errors
        if (
            isinstance(exc, optuna.exceptions.OptunaError)
            or "sqlalchemy" in type(exc).__module__
            or "redis" in type(exc).__module__
        ):
            raise study_error("unreachable", storage=shown, reason=_one_line(exc)) from None
        raise
    raise study_error("scheme", scheme=scheme, storage=shown)


def _checked(storage):
    """Read the storage once, so a corrupt journal line or a dead server fails here."""
    storage.get_all_studies()
    return storage


def _hide_password(url: str) -> str:
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", url)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return _hide_password(text[0].strip().rstrip(".")) if text else ""


def storage_is_journal(storage) -> bool:
    from optuna.storages.journal import JournalStorage

    return isinstance(storage, JournalStorage)


# -- the search space -------------------------------------------------------------------------
@dataclass(frozen=True)
class Param:
    """One searched setting: a range (int or float, maybe log) or a list of choices."""

    name: str
    kind: str  # 'int', 'float' or 'categorical'
    low: float | None = None
    high: float | None = None
    log: bool = False
    choices: tuple = ()

    def to_dict(self) -> dict:
        return dict(asdict(self), choices=list(self.choices))

    def describe(self) -> str:
        if self.kind == "categorical":
            return f"{self.name} in {{{', '.join(str(c) for c in self.choices)}}}"
        return f"{self.name} in [{self.low:g}, {self.high:g}]" + (" log" if self.log else "")


NOT_SEARCHABLE = {
    "seed": Message("the seeds of a trial come from --seeds"),
    "env_id": Message("a study tunes one environment; set it with --env"),
}


def _choice_value(name: str, raw: Any) -> Any:
    """A categorical value as Optuna stores it (bool, int, float or str) after validation."""
    if FIELD_TYPES[name] is tuple:
        text = "x".join(str(v) for v in raw) if isinstance(raw, (list, tuple)) else str(raw)
        value = coerce(name, text.replace("x", ","))
        _check_field(FIELDS[name], value)
        return "x".join(str(v) for v in value)
    value = coerce(name, raw)
    _check_field(FIELDS[name], value)
    return value


def config_value(name: str, value: Any) -> Any:
    """A suggested value in the form :class:`Config` takes (``'32x32'`` -> ``(32, 32)``)."""
    if FIELD_TYPES[name] is tuple:
        return tuple(int(v) for v in str(value).split("x"))
    return value


def make_param(
    name: str, *, low: Any = None, high: Any = None, log: bool = False, choices: tuple | list = ()
) -> Param:
    """A :class:`Param` validated against the field's metadata (type, limits, choices)."""
    if name not in FIELDS:
        raise study_error("unknown_setting", name=name, known=", ".join(FIELDS))
    if name in NOT_SEARCHABLE:
        raise study_error("not_searchable", field=name, reason=NOT_SEARCHABLE[name])
    kind = FIELD_TYPES[name]
    try:
        if choices:
            values = tuple(dict.fromkeys(_choice_value(name, c) for c in choices))
            return Param(name, "categorical", choices=values)
        if kind not in (int, float):
            raise study_error("choices_only", field=name)
        lo, hi = coerce(name, low), coerce(name, high)
        _check_field(FIELDS[name], lo)
        _check_field(FIELDS[name], hi)
    except ConfigError as exc:
        raise study_error("search_space", error=error_message(exc)) from None
    if kind is int and not (isinstance(lo, int) and isinstance(hi, int)):
        raise study_error("whole_ends", field=name)
    if not lo < hi:
        raise study_error("low_high", field=name, low=f"{lo:g}", high=f"{hi:g}")
    if log and lo <= 0:
        raise study_error("log_low", field=name, low=f"{lo:g}")
    return Param(
        name,
        "int" if kind is int else "float",
        float(lo) if kind is float else lo,
        float(hi) if kind is float else hi,
        bool(log or False),
        (),
    )


def parse_search(items: list[str]) -> dict[str, Param]:
    """``--search KEY=LOW:HIGH[:log]`` and ``--search KEY=V1,V2,...`` as validated params."""
    space: dict[str, Param] = {}
    for item in items:
        key, sep, spec = (s.strip() for s in item.partition("="))
        if not sep or not key or not spec:
            raise study_error("search_syntax", item=item)
        if key in space:
            raise study_error("search_twice", field=key)
        if ":" in spec:
            parts = spec.split(":")
            if len(parts) not in (2, 3) or (len(parts) == 3 and parts[2].lower() != "log"):
                raise study_error("search_range", field=key, spec=spec)
            space[key] = make_param(key, low=parts[0], high=parts[1], log=len(parts) == 3)
        else:
            space[key] = make_param(key, choices=[v for v in spec.split(",") if v.strip()])
    return space


def space_to_json(space: dict[str, Param]) -> list[dict]:
    return [p.to_dict() for p in space.values()]


def space_from_json(data: Any) -> dict[str, Param]:
    """A stored search space, validated again (a study file is untrusted data)."""
    if not isinstance(data, list):
        raise study_error("space_not_list")
    space = {}
    for d in data:
        if not isinstance(d, dict) or set(d) != {"name", "kind", "low", "high", "log", "choices"}:
            raise study_error("space_malformed")
        if d["kind"] == "categorical":
            p = make_param(d["name"], choices=d["choices"])
        elif d["kind"] in ("int", "float"):
            p = make_param(d["name"], low=d["low"], high=d["high"], log=bool(d["log"]))
        else:
            raise study_error("space_kind", kind=d["kind"])
        space[p.name] = p
    return space


def suggest(trial, space: dict[str, Param]) -> dict[str, Any]:
    """Ask ``trial`` for a value of every searched setting, in Config's form."""
    out = {}
    for p in space.values():
        if p.kind == "categorical":
            value = trial.suggest_categorical(p.name, list(p.choices))
        elif p.kind == "int":
            value = trial.suggest_int(p.name, int(p.low or 0), int(p.high or 0), log=p.log)
        else:
            value = trial.suggest_float(p.name, p.low, p.high, log=p.log)
        out[p.name] = config_value(p.name, value)
    return out


def in_space(params: dict[str, Any], space: dict[str, Param]) -> bool:
    """True when every searched value lies inside its range or among its choices."""
    for p in space.values():
        v = params.get(p.name)
        if p.kind == "categorical":
            if v not in p.choices:
                return False
        elif v is None or not p.low <= v <= p.high:
            return False
    return True


# -- the study's settings (JSON in the study) --------------------------------------------------
@dataclass(frozen=True)
class StudySettings:
    """What every worker needs to run a trial of the study; stored once, as JSON."""

    kind: str  # 'tune' or 'compare'
    base: Config  # tune: every trial starts from it
    space: dict[str, Param] = field(default_factory=dict)
    seeds: tuple[int, ...] = (42,)  # tune: seeds of every trial
    eval_episodes: int = 10
    eval_seed: int = EVAL_SEED
    sampler: str = "tpe"
    pruner: str = "median"
    configs: dict[str, Config] = field(default_factory=dict)  # compare: by name
    objective: str = "final"  # tune: what a trial maximises (OBJECTIVES)

    def __post_init__(self) -> None:
        check_objective(self.objective, self.base)

    def to_json(self) -> dict:
        return dict(
            format=FORMAT,
            kind=self.kind,
            base=self.base.to_dict(),
            space=space_to_json(self.space),
            seeds=list(self.seeds),
            eval_episodes=self.eval_episodes,
            eval_seed=self.eval_seed,
            sampler=self.sampler,
            pruner=self.pruner,
            configs={k: c.to_dict() for k, c in self.configs.items()},
            objective=self.objective,
        )

    @classmethod
    def from_json(cls, data: Any) -> StudySettings:
        """Validate everything (types, ranges, Config rules); :class:`StudyError` if wrong."""
        keys = {
            "format",
            "kind",
            "base",
            "space",
            "seeds",
            "eval_episodes",
            "eval_seed",
            "sampler",
            "pruner",
            "configs",
        }
        # "objective" came with the evals objective; a study without it maximises "final".
        if not isinstance(data, dict) or set(data) - {"objective"} != keys:
            raise study_error("no_settings")
        if data["kind"] == "compare" and data["format"] == 1:
            raise study_error("old_compare")
        if data["format"] not in (1, FORMAT) or data["kind"] not in KINDS:
            raise study_error("format", format=data["format"], kind=data["kind"])
        try:
            base = Config.from_dict(data["base"])
            configs = {_label(k): Config.from_dict(v) for k, v in dict(data["configs"]).items()}
        except (ConfigError, TypeError, ValueError) as exc:
            raise study_error("settings_invalid", error=error_message(exc)) from None
        seeds = data["seeds"]
        if (
            not isinstance(seeds, list)
            or not 1 <= len(seeds) <= 100
            or not all(_whole(s, 0, 2**31 - 1) for s in seeds)
        ):
            raise study_error("seeds")
        if not _whole(data["eval_episodes"], 0, 1000) or not _whole(
            data["eval_seed"], 0, 2**31 - 1
        ):
            raise study_error("evaluation")
        if data["sampler"] not in SAMPLERS or data["pruner"] not in PRUNERS:
            raise study_error("sampler_pruner")
        objective = data.get("objective", "final")
        if objective not in OBJECTIVES:
            raise study_error("objective", choices=", ".join(OBJECTIVES), name=objective)
        return cls(
            data["kind"],
            base,
            space_from_json(data["space"]),
            tuple(seeds),
            data["eval_episodes"],
            data["eval_seed"],
            data["sampler"],
            data["pruner"],
            configs,
            objective,
        )

    def protocol(self) -> str:
        from dqn_lab.core.stats import protocol_text  # scipy loads on first use, not with the CLI

        b = self.base
        if self.objective == "passes":
            return (
                f"share of passing evaluations: every {b.eval_every} environment steps "
                f"{b.eval_episodes} greedy episodes, the share whose mean reaches the threshold"
            )
        if self.objective == "evals":
            return (
                f"area under the evaluation curve: every {b.eval_every} environment steps "
                f"{b.eval_episodes} greedy episodes, each evaluation's mean / threshold capped "
                "at 1, averaged over the run"
            )
        return protocol_text(self.eval_episodes, self.eval_seed)


def check_objective(objective: str, config: Config) -> None:
    """:class:`StudyError` unless ``config`` can be measured by ``objective``."""
    if objective not in OBJECTIVES:
        raise study_error("objective", choices=", ".join(OBJECTIVES), name=objective)
    if objective in EVAL_OBJECTIVES:
        if config.eval_every <= 0:
            raise study_error("objective_evals", objective=objective)
        from dqn_lab.core.environment import env_info

        threshold = env_info(config.env_id).reward_threshold
        if threshold is None or threshold <= 0:
            raise study_error(
                "objective_threshold", objective=objective, env=config.env_id, threshold=threshold
            )


def eval_area(evals: list[list[float]], threshold: float) -> float:
    """The mean over a run's periodic evaluations ([env_step, mean, min, max] rows) of
    min(mean / threshold, 1): an area under the evaluation curve, 1.0 for a run that passes
    from its first evaluation on and stays there."""
    return sum(min(row[1] / threshold, 1.0) for row in evals) / len(evals)


def eval_pass_share(evals: list[list[float]], threshold: float) -> float:
    """The share of a run's periodic evaluations ([env_step, mean, min, max] rows) whose mean
    reaches ``threshold``: 1.0 for a run that passes from its first evaluation on and stays
    there. A run that first passes at a fifth of its budget and keeps 90 % of the later
    evaluations scores about 0.8 x 0.9 = 0.72."""
    return sum(row[1] >= threshold for row in evals) / len(evals)


def _whole(v: Any, low: int, high: int) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and low <= v <= high


def _label(name: Any) -> str:
    if not isinstance(name, str) or not LABEL_RE.match(name):
        raise study_error("label", name=name)
    return name


def make_sampler(name: str, space: dict[str, Param], seed: int | None = None):
    import optuna

    if name == "tpe":
        return optuna.samplers.TPESampler(seed=seed)
    if name == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    if name == "grid":
        ranged = [p.name for p in space.values() if p.kind != "categorical"]
        if ranged:
            raise study_error("grid_ranges", fields=tuple(ranged))
        return optuna.samplers.GridSampler(
            {p.name: list(p.choices) for p in space.values()}, seed=seed
        )
    raise study_error("sampler", choices=", ".join(SAMPLERS), name=name)


def make_pruner(name: str):
    import optuna

    if name == "median":  # compare from the second seed on, once 2 trials have finished
        return optuna.pruners.MedianPruner(n_startup_trials=2, n_warmup_steps=1)
    if name == "wilcoxon":  # made for this: one step per seed, compared with the best trial
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
            return optuna.pruners.WilcoxonPruner(p_threshold=0.1, n_startup_steps=2)
    if name == "none":
        return optuna.pruners.NopPruner()
    raise study_error("pruner", choices=", ".join(PRUNERS), name=name)


def read_settings(study) -> StudySettings:
    data = study.user_attrs.get(SETTINGS_ATTR)
    if data is None:
        raise study_error("not_dqn_lab", name=study.study_name)
    return StudySettings.from_json(data)


def create_or_load(storage, name: str, settings: StudySettings | None) -> tuple[Any, StudySettings]:
    """Load study ``name``; create it with ``settings`` when it does not exist.

    An existing study keeps its own settings; asking it for a different search space (or a
    different grid of configurations and seeds) is an error that changes nothing.
    """
    import optuna

    check_name(name)
    names = {
        s.study_name for s in optuna.get_all_study_summaries(storage, include_best_trial=False)
    }
    if name in names:
        study = optuna.load_study(study_name=name, storage=storage)
        stored = read_settings(study)
        if settings is not None and not _same_plan(settings, stored):
            raise study_error("exists", name=name, difference=_difference(settings, stored))
        return study, stored
    if settings is None:
        raise study_error("no_study", name=name)
    if settings.sampler == "grid":
        make_sampler("grid", settings.space)  # ranges in a grid: refused before creating
    StudySettings.from_json(settings.to_json())  # what its workers will read: refused here
    study = optuna.create_study(study_name=name, storage=storage, direction="maximize")
    study.set_user_attr(SETTINGS_ATTR, settings.to_json())
    if settings.kind == "compare":  # one queued trial per configuration: its seeds as a population
        for label in settings.configs:
            study.enqueue_trial(dict(configuration=label))
    return study, settings


def _same_plan(a: StudySettings, b: StudySettings) -> bool:
    return (
        a.kind == b.kind
        and a.space == b.space
        and a.objective == b.objective
        and (a.kind != "compare" or (a.configs == b.configs and a.seeds == b.seeds))
    )


def _difference(a: StudySettings, b: StudySettings) -> Message:
    if a.kind != b.kind:
        return study_message("differs_kind", stored=b.kind, asked=a.kind)
    if a.space != b.space:
        return study_message(
            "differs_space", space="; ".join(p.describe() for p in b.space.values())
        )
    if a.objective != b.objective:
        return study_message("differs_objective", stored=b.objective, asked=a.objective)
    return study_message("differs_plan")


# -- training the seeds of a trial ------------------------------------------------------------
@dataclass(frozen=True)
class SeedResult:
    """One seed of a trial: its training and the final greedy evaluation."""

    seed: int
    value: float  # the trial's measure for this seed (the objective's: score, area or share)
    eval_scores: tuple[float, ...]
    mean_last_100: float
    episodes: int
    env_steps: int
    wall_s: float
    stopped: bool = False
    # The health guard refused one of this member's updates (a population freezes its weights
    # at the last good state and lets it act on to its last episode; a solo run stops there).
    health_error: str | None = None
    # The periodic evaluations (config.eval_every > 0): how many ran, the first that passed
    # the threshold, the share of later ones still passing, and their area (eval_area).
    evaluations: int = 0
    first_eval_pass_step: int | None = None
    eval_pass_rate_after: float | None = None
    eval_area: float | None = None

    def to_json(self) -> dict:
        d = asdict(self)
        d["eval_scores"] = list(self.eval_scores)
        return d


def limit_tensorflow_threads() -> None:
    """One TensorFlow thread each, so N local workers share N cores (call before any model)."""
    from dqn_lab.core.tf_loader import load_tensorflow

    tf = load_tensorflow()
    try:
        tf.config.threading.set_intra_op_parallelism_threads(1)
        tf.config.threading.set_inter_op_parallelism_threads(1)
    except RuntimeError:  # already initialised in this process: keep what it has
        pass


def train_seeds(
    config: Config,
    seeds,
    report: Callable[[int, SeedResult], None],
    *,
    eval_episodes: int = 10,
    eval_seed: int = EVAL_SEED,
    on_episode: Callable[[int, dict], None] | None = None,
    should_stop: Callable[[], bool] = lambda: False,
    stop_members: Callable[[], Iterable[int]] = tuple,
    objective: str = "final",
) -> list[SeedResult]:
    """Train ``config`` for every seed as ONE population (:mod:`dqn_lab.core.population`).

    The members are those of ``main.py train --seeds`` with the same seeds (the same
    :class:`~dqn_lab.core.population.Population`), so a trial's seed ``s`` scores exactly what
    that command's member ``s`` scores. After training, each member's final policy plays
    ``eval_episodes`` greedy episodes on a fresh environment seeded ``eval_seed``,
    ``eval_seed + 1``, ... (without evaluation episodes the value is the mean of the last 100
    training scores), and ``report(index, result)`` is called seed by seed, in seed order; it
    may raise to stop (a pruner does), which skips the remaining evaluations.
    ``on_episode(index, row)`` sees each member's finished training episode (its statistics
    row: ``score``, ``env_steps``, ``wall_s``, ...); ``should_stop()`` stops the whole
    population at its next lockstep step (a stopped trial is not evaluated).
    ``stop_members()`` (asked between two steps; keep it cheap) gives the indices of members
    to stop alone (``Population.stop_member``): the others go on, a stopped member is not
    evaluated and its result says ``stopped``.

    With ``objective="evals"`` a seed's value is instead :func:`eval_area` of its periodic
    evaluations (``config.eval_every``, which must be above 0), with ``objective="passes"``
    their :func:`eval_pass_share`; both skip the final evaluation. Every result carries the
    periodic evaluations' figures when there were any.
    """
    from dqn_lab.core.population import Population, member_configs
    from dqn_lab.core.training import evaluate

    check_objective(objective, config)
    seeds = [int(s) for s in seeds]
    population = Population(member_configs(config, seeds))

    def stop_requested() -> bool:
        for k in stop_members():
            population.stop_member(k)
        return should_stop()

    try:
        for event in population.run(stop_requested):
            if on_episode is not None:
                on_episode(event.member, event.stats)
        results = []
        for index, seed in enumerate(seeds):
            stop_requested()  # a member stopped while the others trained on or evaluated
            stopped = population.is_stopped(index)
            summary = population.summary(index)
            member = population.configs[index]
            scores = []
            evals = summary.get("evals") or []
            threshold = summary.get("threshold")
            area = eval_area(evals, threshold) if evals and threshold else None
            if objective in EVAL_OBJECTIVES and area is None and not stopped:
                raise study_error("no_evaluations", every=member.eval_every)
            if objective == "final" and eval_episodes > 0 and not stopped:
                scores = evaluate(
                    population.agents[index].policy,
                    member.env_id,
                    eval_episodes,
                    seed=eval_seed,
                    max_steps=member.max_steps,
                    should_stop=should_stop,
                )
            mean_100 = float(summary.get("mean_last_100", float("nan")))
            rows = summary.get("statistics") or [{}]
            if objective == "evals":
                value = float(area) if area is not None else float("nan")
            elif objective == "passes":
                value = (
                    eval_pass_share(evals, threshold)
                    if evals and threshold is not None
                    else math.nan
                )
            else:
                value = float(sum(scores) / len(scores) if scores else mean_100)
            result = SeedResult(
                seed,
                value,
                tuple(scores),
                mean_100,
                int(summary.get("episodes", 0)),
                int(summary.get("env_steps", 0)),
                # The member's own time: when its last episode ended in the lockstep loop.
                float(rows[-1].get("wall_s", summary.get("wall_s", 0.0))),
                stopped,
                getattr(population.agents[index], "health_error", None),
                len(evals),
                summary.get("first_eval_pass_step"),
                summary.get("eval_pass_rate_after"),
                area,
            )
            results.append(result)
            report(index, result)
        return results
    finally:
        population.close()


# -- heartbeats and stale trials (journal storages) ---------------------------------------------
def _worker_id() -> dict:
    """Which process runs a trial (shown in the trial table; tells workers apart)."""
    return dict(host=socket.gethostname(), pid=os.getpid())


def _heartbeat_value() -> dict:
    return dict(host=socket.gethostname(), pid=os.getpid(), time=time.time())


class Heartbeat:
    """A daemon thread writing the trial's ``heartbeat`` user attribute every interval."""

    def __init__(self, storage, trial_id: int, interval: float | None = None) -> None:
        self._storage, self._trial_id = storage, trial_id
        self._interval = interval or heartbeat_interval()
        self._stop = threading.Event()
        self._beat()
        self._thread = threading.Thread(target=self._loop, name="dqn-lab-heartbeat", daemon=True)
        self._thread.start()

    def _beat(self) -> None:
        self._storage.set_trial_user_attr(self._trial_id, HEARTBEAT_ATTR, _heartbeat_value())

    def _loop(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                self._beat()
            except Exception:  # the trial ended meanwhile: nothing more to beat for
                return

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def is_stale(trial, now: float | None = None) -> bool:
    """A RUNNING trial whose worker is gone: its process is dead on this host, or it has not
    beaten for :func:`stale_after` seconds."""
    now = time.time() if now is None else now
    beat = trial.user_attrs.get(HEARTBEAT_ATTR)
    # Who runs it: the heartbeat, or (stopped before its first beat) the trial's worker.
    runner = beat if isinstance(beat, dict) else trial.user_attrs.get("worker")
    if (
        isinstance(runner, dict)
        and runner.get("host") == socket.gethostname()
        and isinstance(runner.get("pid"), int)
        and runner["pid"] != os.getpid()
        and not _pid_alive(runner["pid"])
    ):
        return True
    if isinstance(beat, dict) and isinstance(beat.get("time"), (int, float)):
        return now - beat["time"] > stale_after()
    started = trial.datetime_start.timestamp() if trial.datetime_start else now
    return now - started > stale_after()


def recover_stale_trials(study) -> list[int]:
    """Journal studies: fail stale RUNNING trials and queue their parameters again.

    Returns the numbers of the trials failed here. When two workers race, the storage lets
    only one of them finish a trial; the other gets ``UpdateFinishedTrialError`` and skips.
    """
    import optuna
    from optuna.trial import TrialState

    if not storage_is_journal(study._storage):
        return []  # databases: Optuna's heartbeat and the retry callback do this
    failed = []
    for t in study.get_trials(deepcopy=False, states=(TrialState.RUNNING,)):
        if not is_stale(t):
            continue
        try:  # the reason first: a finished trial takes no more attributes
            study._storage.set_trial_user_attr(t._trial_id, "error", REQUEUED_NOTE)
            study._storage.set_trial_state_values(t._trial_id, TrialState.FAIL)
        except optuna.exceptions.UpdateFinishedTrialError:
            continue
        _queue_again(study, t)
        failed.append(t.number)
    return failed


def _queue_again(study, trial) -> None:
    """Queue ``trial``'s parameters again, as a retry of the trial it first was."""
    origin = trial.user_attrs.get("retry_of", trial.number)
    study.enqueue_trial(dict(trial.params), user_attrs={"retry_of": origin})


def retry_of(trial) -> int | None:
    """The number of the trial this one re-runs (a worker died), or None."""
    if "retry_of" in trial.user_attrs:
        return trial.user_attrs["retry_of"]
    return trial.system_attrs.get("failed_trial")


# -- the objectives -----------------------------------------------------------------------------
def _set_error(trial, exc: BaseException) -> float:
    text = str(exc).strip().splitlines()
    trial.set_user_attr("error", (text[0] if text else type(exc).__name__)[:300])
    return float("nan")  # Optuna marks a NaN value as FAIL; the error is in the user attrs


def tune_objective(settings: StudySettings, train=train_seeds):
    """The objective of a tune study: K seeds per trial, pruned seed by seed."""
    import optuna

    def objective(trial) -> float:
        try:
            config = settings.base.replace(**suggest(trial, settings.space))
            check_objective(settings.objective, config)  # e.g. a searched eval_every of 0
        except (ConfigError, StudyError) as exc:  # e.g. batch_size above memory_size
            return _set_error(trial, exc)
        trial.set_user_attr("config", config.to_dict())
        trial.set_user_attr("worker", _worker_id())
        done: list[dict] = []

        def report(index: int, result: SeedResult) -> None:
            done.append(result.to_json())
            trial.set_user_attr("seeds", list(done))
            trial.report(result.value, index)
            if index + 1 < len(settings.seeds) and trial.should_prune():
                raise optuna.TrialPruned(f"pruned after {index + 1} seeds")

        beat = (
            Heartbeat(trial.storage, trial._trial_id) if storage_is_journal(trial.storage) else None
        )
        try:
            results = train(
                config,
                settings.seeds,
                report,
                eval_episodes=settings.eval_episodes,
                eval_seed=settings.eval_seed,
                objective=settings.objective,
            )
        except optuna.TrialPruned:
            raise
        except KeyboardInterrupt:  # Ctrl+C on a worker: failed by Optuna, queued again
            trial.set_user_attr("error", REQUEUED_NOTE)  # (run_worker's requeue_interrupted)
            raise
        except Exception as exc:
            return _set_error(trial, exc)
        finally:
            if beat is not None:
                beat.stop()
        from dqn_lab.core.stats import summarize

        s = summarize([r.value for r in results])
        trial.set_user_attr("stats", s.to_dict())
        set_protocol_attrs(trial, results)
        return float(s.mean) if s.mean is not None else float("nan")

    return objective


def set_protocol_attrs(trial, results: list[SeedResult]) -> None:
    """The periodic evaluations' figures over a trial's seeds, as user attributes (when the
    seeds were evaluated periodically): ``first_eval_pass_step_median`` (a seed that never
    passed counts as later than any; None when the median falls on one),
    ``eval_pass_rate_after_mean`` (over the seeds that passed and evaluated again after)
    and ``eval_passed`` (how many seeds passed)."""
    from dqn_lab.core.population import median_first_pass

    evaluated = [r for r in results if r.evaluations]
    if not evaluated:
        return
    rates = [r.eval_pass_rate_after for r in evaluated if r.eval_pass_rate_after is not None]
    trial.set_user_attr(
        "first_eval_pass_step_median",
        median_first_pass([r.first_eval_pass_step for r in evaluated]),
    )
    trial.set_user_attr("eval_pass_rate_after_mean", sum(rates) / len(rates) if rates else None)
    trial.set_user_attr("eval_passed", sum(r.first_eval_pass_step is not None for r in evaluated))


def compare_objective(settings: StudySettings, train=train_seeds):
    """The objective of a compare study: one configuration per queued trial, its seeds trained
    together as one population; live per-seed progress in ``live.N`` user attributes.

    About once a second the trial writes ``live.N`` (N = 0, 1, ...): one
    ``{'seed', 'score', 'env_steps', 'wall_s'}`` entry per seed trained, holding the episodes
    finished since ``live.N-1`` (:func:`live_episodes` joins them). Only new episodes are
    written, so a long run's storage grows with its episodes, not with their square.
    ``seeds`` holds one :class:`SeedResult` per seed at the end.
    Seeds cancelled before the trial starts are left out of the population. The worker reads
    the cancelled pairs between two steps (at most every ``CANCEL_POLL_S``): a seed cancelled
    while the others train stops alone (``Population.stop_member``; its result says
    ``stopped``, it is not evaluated and not in the trial's value), the others go on; once
    every seed it trains is cancelled the trial stops and is pruned.
    """
    import optuna

    labels = list(settings.configs)

    def objective(trial) -> float:
        if "fixed_params" not in trial.storage.get_trial_system_attrs(trial._trial_id):
            # Two workers raced for the last queued configuration: this one got a fresh
            # trial. It is not part of the grid; end it at once.
            trial.set_user_attr("error", "no queued configuration left")
            raise optuna.TrialPruned("nothing queued")
        label = trial.suggest_categorical("configuration", labels)
        study = trial.study

        def cancelled() -> set[int]:
            return {s for name, s in _cancelled(study) if name == label}

        seeds = [s for s in settings.seeds if s not in cancelled()]
        if not seeds:
            trial.set_user_attr("cancelled", True)
            raise optuna.TrialPruned("cancelled")
        config = settings.configs[label]
        trial.set_user_attr("worker", _worker_id())
        trial.set_user_attr("trained_seeds", seeds)

        def empty() -> list[dict]:
            return [dict(seed=s, score=[], env_steps=[], wall_s=[]) for s in seeds]

        live: dict[str, Any] = dict(
            rows=empty(), chunk=0, last=0.0, stop=False, polled=0.0, members=frozenset()
        )

        def poll() -> bool:
            """Between two steps: read the cancelled seeds (throttled); True to stop all."""
            now = time.monotonic()
            if now - live["polled"] >= CANCEL_POLL_S:
                live["polled"] = now
                gone = cancelled()
                live["members"] = frozenset(i for i, s in enumerate(seeds) if s in gone)
                live["stop"] = len(live["members"]) == len(seeds)
            return live["stop"]

        def flush() -> None:
            if any(entry["score"] for entry in live["rows"]):
                trial.set_user_attr(f"{LIVE_PREFIX}{live['chunk']}", live["rows"])
                live["chunk"] += 1
                live["rows"] = empty()

        def on_episode(index: int, row: dict) -> None:
            entry = live["rows"][index]
            entry["score"].append(float(row["score"]))
            entry["env_steps"].append(int(row["env_steps"]))
            entry["wall_s"].append(round(float(row["wall_s"]), 3))
            now = time.monotonic()
            if now - live["last"] >= LIVE_INTERVAL_S:
                live["last"] = now
                flush()

        done: list[dict] = []

        def report(_index: int, result: SeedResult) -> None:
            done.append(result.to_json())
            trial.set_user_attr("seeds", list(done))

        beat = (
            Heartbeat(trial.storage, trial._trial_id) if storage_is_journal(trial.storage) else None
        )
        try:
            results = train(
                config,
                seeds,
                report,
                eval_episodes=settings.eval_episodes,
                eval_seed=settings.eval_seed,
                on_episode=on_episode,
                should_stop=poll,
                stop_members=lambda: live["members"],
            )
        except KeyboardInterrupt:  # Ctrl+C on a worker: failed by Optuna, queued again
            flush()
            trial.set_user_attr("error", REQUEUED_NOTE)
            raise
        except Exception as exc:
            flush()
            return _set_error(trial, exc)
        finally:
            if beat is not None:
                beat.stop()
        flush()
        if live["stop"] or all(r.stopped for r in results):
            trial.set_user_attr("cancelled", True)
            raise optuna.TrialPruned("cancelled")
        from dqn_lab.core.stats import summarize

        s = summarize([r.value for r in results if not r.stopped])  # cancelled seeds left out
        trial.set_user_attr("stats", s.to_dict())
        return float(s.mean) if s.mean is not None else float("nan")

    return objective


def live_episodes(user_attrs: dict, seed: int, start: int = 0) -> tuple[list[dict], int]:
    """Seed ``seed``'s episodes in a compare trial's ``live.N`` chunks from chunk ``start`` on
    (``[{'score', 'env_steps', 'wall_s'}, ...]``) and the number of chunks there are."""
    out: list[dict] = []
    n = start
    while f"{LIVE_PREFIX}{n}" in user_attrs:
        chunk = user_attrs[f"{LIVE_PREFIX}{n}"]
        for entry in chunk if isinstance(chunk, list) else []:
            if isinstance(entry, dict) and entry.get("seed") == seed:
                out += [
                    dict(score=float(sc), env_steps=int(e), wall_s=float(w))
                    for sc, e, w in zip(
                        entry.get("score", []), entry.get("env_steps", []), entry.get("wall_s", [])
                    )
                ]
        n += 1
    return out, n


def _cancelled(study) -> list:
    """The cancelled ``[configuration, seed]`` pairs (malformed entries are ignored)."""
    pairs = study.user_attrs.get(CANCEL_ATTR, [])
    return [
        [p[0], p[1]]
        for p in (pairs if isinstance(pairs, list) else [])
        if isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) and _whole(p[1], 0, 2**31)
    ]


def cancel_pairs(study, pairs: list[tuple[str, int]]) -> None:
    """Ask the workers to drop these (configuration, seed) pairs (queued or running): a queued
    configuration leaves them out of its population, a running one stops once all of its
    seeds are cancelled."""
    current = _cancelled(study)
    new = current + [[label, seed] for label, seed in pairs if [label, seed] not in current]
    if new != current:
        study.set_user_attr(CANCEL_ATTR, new)


# -- the worker ----------------------------------------------------------------------------------
def finished_count(study) -> int:
    from optuna.trial import TrialState

    return len(study.get_trials(deepcopy=False, states=(TrialState.COMPLETE, TrialState.PRUNED)))


def pending_count(study) -> int:
    """Trials that are or will be run: finished, running and queued (failures not counted)."""
    from optuna.trial import TrialState

    return len(
        study.get_trials(
            deepcopy=False,
            states=(TrialState.COMPLETE, TrialState.PRUNED, TrialState.RUNNING, TrialState.WAITING),
        )
    )


def waiting_count(study) -> int:
    from optuna.trial import TrialState

    return len(study.get_trials(deepcopy=False, states=(TrialState.WAITING,)))


def exit_with_parent(interval: float = 0.5) -> None:
    """End this process when its parent dies (local workers of a GUI or a ``tune``).

    The trial it was running stays RUNNING in the storage and is retried like any lost
    worker's (heartbeat or stale-trial recovery); a worker never trains on as an orphan.
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(3)

    threading.Thread(target=watch, name="dqn-lab-parent-watch", daemon=True).start()


def run_worker(
    storage_text: str,
    name: str,
    n_trials: int | None = None,
    on_trial: Callable[[Any], None] | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> int:
    """Join study ``name`` and run trials: ``n_trials`` of them, or until the study is done.

    A tune study is done when its target number of trials are finished or under way; a
    compare study when no (configuration, seed) is queued. Returns the trials run here.
    """
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    for handler in logging.getLogger("optuna").handlers:  # its records reach them from
        if not any(isinstance(f, _QuietInterrupt) for f in handler.filters):  # child loggers:
            handler.addFilter(_QuietInterrupt())  # a logger's own filter misses them
    storage = open_storage(storage_text, create=False)
    study, settings = create_or_load(storage, name, None)
    recover_stale_trials(study)
    study = optuna.load_study(
        study_name=name,
        storage=storage,
        sampler=make_sampler(settings.sampler, settings.space),
        pruner=make_pruner(settings.pruner),
    )
    limit_tensorflow_threads()
    objective = (tune_objective if settings.kind == "tune" else compare_objective)(settings)
    callbacks = [lambda _s, t: on_trial(t)] if on_trial is not None else []
    ran = 0
    while (n_trials is None or ran < n_trials) and not should_stop():
        if settings.kind == "compare" and waiting_count(study) == 0:
            break
        if (
            settings.kind == "tune"
            and n_trials is None
            and pending_count(study) >= int(study.user_attrs.get(TARGET_ATTR, 0))
            and waiting_count(study) == 0
        ):
            break
        try:
            study.optimize(objective, n_trials=1, callbacks=callbacks, gc_after_trial=False)
        except KeyboardInterrupt:
            requeue_interrupted(study)
            raise
        ran += 1
    return ran


class _QuietInterrupt(logging.Filter):
    """Drops Optuna's warning with a traceback for a trial a Ctrl+C ended (the worker says
    it in one line and queues the trial again)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], KeyboardInterrupt))


def requeue_interrupted(study) -> list[int]:
    """Queue again the trials of this process that a Ctrl+C ended (Optuna failed them; the
    objective noted :data:`REQUEUED_NOTE`), as a stopped worker's are. Returns their
    numbers."""
    from optuna.trial import TrialState

    me = _worker_id()
    trials = study.get_trials(deepcopy=False)
    queued = []
    for t in trials:
        origin = t.user_attrs.get("retry_of", t.number)
        if (
            t.state == TrialState.FAIL
            and t.user_attrs.get("worker") == me
            and t.user_attrs.get("error") in REQUEUED_NOTES
            and not any(  # queued again already
                u.number > t.number and u.user_attrs.get("retry_of") == origin for u in trials
            )
        ):
            _queue_again(study, t)
            queued.append(t.number)
    return queued


# -- reading a study -----------------------------------------------------------------------------
def trial_record(t) -> dict:
    """A trial as plain JSON: number, state, params, value, seeds (one entry per seed trained)."""
    value = t.value if t.value is not None and math.isfinite(t.value) else None
    return dict(
        number=t.number,
        state=t.state.name,
        params=dict(t.params),
        value=value,
        seeds=list(t.user_attrs.get("seeds", [])),
        stats=t.user_attrs.get("stats"),
        first_eval_pass_step_median=t.user_attrs.get("first_eval_pass_step_median"),
        eval_pass_rate_after_mean=t.user_attrs.get("eval_pass_rate_after_mean"),
        eval_passed=t.user_attrs.get("eval_passed"),
        error=t.user_attrs.get("error"),
        retry_of=retry_of(t),
    )


def best_trial(study):
    """The best COMPLETE trial, or None (Optuna raises when there is none)."""
    from optuna.trial import TrialState

    done = [
        t
        for t in study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
        if t.value is not None and math.isfinite(t.value)
    ]
    return max(done, key=lambda t: (t.value, -t.number)) if done else None


def trial_config(settings: StudySettings, trial) -> Config:
    """The full settings a trial trained with (validated again from the stored params)."""
    if settings.kind == "compare":
        label = trial.params.get("configuration")
        if label not in settings.configs:
            raise study_error("trial_unknown", number=trial.number)
        return settings.configs[label].replace(seed=settings.seeds[0])
    changes = {k: config_value(k, v) for k, v in trial.params.items() if k in settings.space}
    if not in_space(trial.params, settings.space):
        raise study_error("trial_outside", number=trial.number)
    try:
        return settings.base.replace(**changes)
    except ConfigError as exc:
        raise study_error("trial_invalid", number=trial.number, error=error_message(exc)) from None


def importance(study) -> dict[str, float]:
    """Optuna's parameter importance (fANOVA) over finished trials; {} when too few."""
    import optuna
    from optuna.trial import TrialState

    done = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
    if len(done) < 2 or len({tuple(sorted(t.params.items())) for t in done}) < 2:
        return {}
    try:
        with warnings.catch_warnings():  # few trials: Optuna warns that all are equal
            warnings.simplefilter("ignore")
            return dict(optuna.importance.get_param_importances(study))
    except (RuntimeError, ValueError):
        return {}


# -- local worker processes --------------------------------------------------------------------
def worker_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a worker process: quiet TensorFlow, one thread per library."""
    env = dict(os.environ)
    env.update(
        TF_CPP_MIN_LOG_LEVEL="3",
        TF_ENABLE_ONEDNN_OPTS=env.get("TF_ENABLE_ONEDNN_OPTS", "0"),
        OMP_NUM_THREADS="1",
        PYTHONUNBUFFERED="1",
        ABSL_MIN_LOG_LEVEL="3",
    )
    env.update(extra or {})
    return env


def spawn_worker(
    storage: str,
    name: str,
    trials: int | None = None,
    *,
    quiet: bool = False,
    stdout=None,
    stderr=None,
    nice: int = 0,
):
    """Start ``main.py worker`` on this machine (a ``subprocess.Popen``)."""
    import subprocess
    import sys

    cmd = [
        sys.executable,
        "-m",
        "dqn_lab",
        "worker",
        "--storage",
        storage,
        "--study",
        name,
        "--exit-with-parent",
    ]
    if trials is not None:
        cmd += ["--trials", str(trials)]
    if quiet:
        cmd.append("--quiet")
    if nice:
        cmd += ["--nice", str(nice)]
    # In a session of its own: Ctrl+C in the terminal reaches the parent (tune, the app),
    # which stops its workers and queues their trials again; a worker given the SIGINT too
    # failed its trial with a traceback. A parent that dies ends it (--exit-with-parent).
    group: dict[str, Any] = (
        dict(creationflags=getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0))
        if os.name == "nt"
        else dict(start_new_session=True)
    )
    return subprocess.Popen(
        cmd, env=worker_env(), stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL, **group
    )


def shares(total: int, jobs: int) -> list[int]:
    """``total`` trials split over ``jobs`` workers as evenly as possible (no zero shares)."""
    jobs = max(1, min(jobs, total))
    return [total // jobs + (i < total % jobs) for i in range(jobs)] if total > 0 else []
