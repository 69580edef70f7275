"""Log a training run into a folder: a CSV of the statistics and TensorBoard event files.

A :class:`RunLogger` consumes the events of :meth:`dqn_lab.core.training.Trainer.run` on the
training thread (where TensorFlow already lives; it is imported lazily here)::

    logger = RunLogger(folder, config)          # raises RunLogError if the folder is unusable
    try:
        for event in trainer.run():
            warning = logger.handle(event)      # a message once if logging fails, else None
            ...
    finally:
        logger.close()

The folder gets ``config.json`` (the run's settings), ``statistics.csv`` (one row per
episode, flushed per episode so a crash loses little), ``changes.csv`` (live hyperparameter
changes), ``summary.json`` at the end, and ``events.out.tfevents.*`` for
``tensorboard --logdir <folder or its parent>``.
"""

from __future__ import annotations

import csv
import json
import math
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dqn_lab.core.atomic_file import (
    AtomicWriteError,
    os_reason,
    remove_stale_temps,
    write_text_atomic,
)
from dqn_lab.core.config import FIELDS, Config, fmt
from dqn_lab.core.json_values import json_safe
from dqn_lab.core.messages import Message
from dqn_lab.core.records import EPISODE_COLUMNS, EpisodeEnd, RunFinished, SettingsChanged

CSV_NAME = "statistics.csv"
CHANGES_NAME = "changes.csv"
CSV_COLUMNS = EPISODE_COLUMNS
CHANGE_COLUMNS = ("episode", "env_steps", "setting", "old", "new")
#: TensorBoard scalar tags, written once per episode at step = episode.
SCALARS = ("score", "mean_100", "epsilon", "loss", "mean_q", "steps_per_s")


class RunLogError(ValueError):
    """The run folder cannot be used; the message says why (:attr:`message`: the same as a
    :class:`~dqn_lab.core.messages.Message` of :data:`RUN_LOG_MESSAGES`)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


#: The run log's messages (templates: the GUI shows them translated).
RUN_LOG_MESSAGES = {
    "is_file": "The log folder {folder} is a file; choose a folder.",
    "has_log": "The folder {folder} already holds a run log ({name}); choose an empty folder "
    "or a new one.",
    "columns": "{path} has other columns than a DQN Lab run log; it cannot be continued.",
    "cannot_write": "Cannot write the run log into {folder}: {reason}.",
    "stopped": "Run logging stopped: cannot write into {folder} ({reason}). Training goes on.",
}


def _log_message(key: str, **values: Any) -> Message:
    return Message.of(RUN_LOG_MESSAGES[key], **values)


def new_run_dir(parent: str | Path, label: str = "") -> Path:
    """A fresh, not yet existing folder ``parent/YYYYmmdd-HHMMSS[-label]`` for one run."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    base = Path(parent) / (f"{stamp}-{label}" if label else stamp)
    path, n = base, 1
    while path.exists():
        n += 1
        path = base.with_name(f"{base.name}-{n}")
    return path


class RunLogger:
    """Write one run's statistics (CSV) and TensorBoard scalars into ``folder``.

    Args:
        folder: the run folder (created if missing). A folder that already holds a
            ``statistics.csv`` is refused unless ``append`` (continue a run's log).
        config: the run's settings, saved as ``config.json`` and as TensorBoard text.
        tensorboard: also write TensorBoard event files (imports TensorFlow).
        append: add rows to an existing ``statistics.csv`` of the same columns.
    """

    def __init__(
        self,
        folder: str | Path,
        config: Config | None = None,
        tensorboard: bool = True,
        append: bool = False,
    ) -> None:
        self.folder = Path(folder).expanduser()
        self.error: str | None = None  # set when logging failed and stopped
        self.warnings: list[str] = []  # e.g. TensorBoard unavailable
        self._csv_file: Any = None
        self._writer: Any = None
        self._tf: Any = None
        csv_path = self.folder / CSV_NAME
        try:
            if self.folder.exists() and not self.folder.is_dir():
                raise RunLogError(_log_message("is_file", folder=str(self.folder)))
            exists = csv_path.exists()
            if exists and not append:
                raise RunLogError(_log_message("has_log", folder=str(self.folder), name=CSV_NAME))
            if exists and csv_path.read_text(encoding="utf-8").split("\n", 1)[
                0
            ].strip() != ",".join(CSV_COLUMNS):
                raise RunLogError(_log_message("columns", path=str(csv_path)))
            self.folder.mkdir(parents=True, exist_ok=True)
            remove_stale_temps(self.folder)  # left by a run killed while writing
            if config is not None:
                self._write_json("config.json", config.to_dict())
            self._csv_file = open(csv_path, "a" if exists else "w", newline="", encoding="utf-8")
            self._csv = csv.writer(self._csv_file)
            if not exists:
                self._csv.writerow(CSV_COLUMNS)
                self._csv_file.flush()
        except OSError as exc:
            self.close()
            raise RunLogError(
                _log_message("cannot_write", folder=str(self.folder), reason=os_reason(exc))
            ) from None
        except RunLogError:
            self.close()
            raise
        if tensorboard:
            self._open_tensorboard(config)

    # -- setup ----------------------------------------------------------------------------
    def _open_tensorboard(self, config: Config | None) -> None:
        try:
            import tensorflow as tf  # already loaded on the training thread
        except ImportError as exc:
            self.warnings.append(
                f"TensorBoard files are not written: TensorFlow cannot be imported ({exc})."
            )
            return
        from tensorflow.core.framework import summary_pb2

        self._tf = tf
        # tf.summary.scalar/text live in the separate tensorboard package; tf.summary.write
        # with the plugin's metadata writes the same records without it.
        self._meta = {
            plugin: summary_pb2.SummaryMetadata(
                plugin_data=summary_pb2.SummaryMetadata.PluginData(plugin_name=plugin)
            )
            for plugin in ("scalars", "text")
        }
        try:
            self._writer = tf.summary.create_file_writer(str(self.folder), flush_millis=5000)
        except Exception as exc:  # noqa: BLE001 - TF raises several types for bad paths
            self.warnings.append(f"TensorBoard files are not written: {exc}.")
            return
        if config is not None:
            rows = "".join(f"| {k} | {fmt(getattr(config, k))} |\n" for k in FIELDS)
            with self._writer.as_default(step=0):
                self._text("config", "| setting | value |\n|---|---|\n" + rows)

    def _scalar(self, tag: str, value: float) -> None:
        tf = self._tf
        tf.summary.write(tag, tf.constant(value, tf.float32), metadata=self._meta["scalars"])

    def _text(self, tag: str, text: str) -> None:
        tf = self._tf
        tf.summary.write(tag, tf.constant(text), metadata=self._meta["text"])

    def _write_json(self, name: str, data: Mapping[str, Any]) -> None:
        """Atomically (a full disk leaves no partial file and no temporary)."""
        try:
            write_text_atomic(
                self.folder / name,
                json.dumps(json_safe(data), indent=2, allow_nan=False) + "\n",
                verb="write",
            )
        except AtomicWriteError as exc:
            raise OSError(str(exc)) from None

    # -- events ---------------------------------------------------------------------------
    def handle(self, event: Any) -> str | None:
        """Log one training event; other event types are ignored.

        Returns a message the first time writing fails (logging then stops, training need
        not), else None.
        """
        if self.error is not None:
            return None
        try:
            if isinstance(event, EpisodeEnd):
                self.episode(event)
            elif isinstance(event, SettingsChanged):
                self.settings_changed(event)
            elif isinstance(event, RunFinished):
                self.finished(event)
        except OSError as exc:
            self.error = _log_message("stopped", folder=str(self.folder), reason=os_reason(exc))
            self.close()
            return self.error
        return None

    def episode(self, ev: EpisodeEnd) -> None:
        """One CSV row (flushed) and the episode's TensorBoard scalars."""
        self._csv.writerow(
            (
                ev.episode,
                ev.score,
                ev.steps,
                ev.epsilon,
                ev.loss,
                ev.mean_q,
                ev.env_steps,
                ev.elapsed_s,
            )
        )
        self._csv_file.flush()
        if self._writer is not None:
            with self._writer.as_default(step=ev.episode):
                for tag in SCALARS:
                    value = float(getattr(ev, tag))
                    if math.isfinite(value):  # loss and Q are NaN before learning starts
                        self._scalar(tag, value)

    def settings_changed(self, ev: SettingsChanged) -> None:
        """Append the changes to ``changes.csv`` and to the TensorBoard text log."""
        path = self.folder / CHANGES_NAME
        new_file = not path.exists()
        with open(path, "a", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            if new_file:
                out.writerow(CHANGE_COLUMNS)
            for key, old, new in ev.changes:
                out.writerow((ev.episode, ev.env_steps, key, fmt(old), fmt(new)))
        if self._writer is not None:
            text = "  \n".join(
                f"episode {ev.episode} (step {ev.env_steps}): **{key}** {fmt(old)} → {fmt(new)}"
                for key, old, new in ev.changes
            )
            with self._writer.as_default(step=ev.episode):
                self._text("hyperparameter_changes", text)

    def finished(self, ev: RunFinished) -> None:
        """Write ``summary.json`` and flush everything."""
        self._write_json("summary.json", ev.summary)
        if self._writer is not None:
            self._writer.flush()

    def close(self) -> None:
        """Flush and close the files (safe to call twice)."""
        if self._csv_file is not None and not self._csv_file.closed:
            try:
                self._csv_file.close()
            except OSError:
                pass
        if self._writer is not None:
            try:
                self._writer.flush()
                self._writer.close()
            except Exception:  # noqa: BLE001 - closing must not raise over another error
                pass
            self._writer = None

    def __enter__(self) -> RunLogger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
