"""The run logger: CSV statistics of a real run, TensorBoard event files, honest failures."""

import csv
import json
import math
from pathlib import Path

import pytest

from dqn_lab.core.config import Config
from dqn_lab.core.records import EpisodeEnd, RunFinished, SettingsChanged
from dqn_lab.core.run_log import CSV_COLUMNS, RunLogError, RunLogger, new_run_dir
from dqn_lab.core.training import Trainer


def read_events(folder: Path) -> list:
    """Every TensorBoard event in ``folder``, read with TensorFlow alone (no tensorboard)."""
    import tensorflow as tf
    from tensorflow.core.util import event_pb2

    events = []
    for path in sorted(folder.glob("events.out.tfevents.*")):
        for record in tf.data.TFRecordDataset(str(path)):
            events.append(event_pb2.Event.FromString(record.numpy()))
    return events


def tb_values(events: list) -> dict[str, list[tuple[int, object]]]:
    """tag -> [(step, value)] of the summary values (floats or decoded text)."""
    import tensorflow as tf

    out: dict[str, list] = {}
    for event in events:
        for value in event.summary.value:
            item = tf.make_ndarray(value.tensor)
            item = item.item().decode() if item.dtype == object else float(item)
            out.setdefault(value.tag, []).append((event.step, item))
    return out


def same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


@pytest.fixture(scope="module")
def logged_run(tmp_path_factory):
    """A tiny real run with one live change, logged; the CSV is read after every episode."""
    folder = tmp_path_factory.mktemp("run") / "logs"
    trainer = Trainer(Config().replace(episodes=5, start_replay_step=64))
    trainer.control.change(alpha=0.0005)
    rows_seen = []
    logger = RunLogger(folder, trainer.config)
    try:
        for event in trainer.run():
            assert logger.handle(event) is None
            if isinstance(event, EpisodeEnd):  # flushed per episode: readable mid-run
                rows_seen.append(len((folder / "statistics.csv").read_text().splitlines()) - 1)
    finally:
        logger.close()
        trainer.close()
    return folder, trainer, rows_seen


def test_csv_matches_the_trainer_statistics(logged_run):
    folder, trainer, rows_seen = logged_run
    with open(folder / "statistics.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == len(trainer.statistics) == 5
    for row, stat in zip(rows, trainer.statistics):
        for key in CSV_COLUMNS:
            assert same(float(row[key]), float(stat[key])), (key, row, stat)
    assert rows_seen == [1, 2, 3, 4, 5]
    assert any(not math.isnan(float(r["loss"])) for r in rows)  # learning started


def test_tensorboard_events_hold_the_episode_scores(logged_run):
    folder, trainer, _ = logged_run
    values = tb_values(read_events(folder))
    assert values["score"] == [(i, s["score"]) for i, s in enumerate(trainer.statistics)]
    assert [step for step, _ in values["mean_100"]] == list(range(5))
    assert values["mean_100"][-1][1] == pytest.approx(sum(trainer.scores) / 5)
    assert len(values["epsilon"]) == len(values["steps_per_s"]) == 5
    learned = [i for i, s in enumerate(trainer.statistics) if not math.isnan(s["loss"])]
    assert [step for step, _ in values["loss"]] == learned  # NaN before learning: skipped
    ((step, text),) = values["hyperparameter_changes"]
    assert step == 0 and "alpha" in text and "0.0005" in text
    assert "| alpha | 0.001 |" in values["config"][0][1]


def test_side_files_record_config_changes_and_summary(logged_run):
    folder, trainer, _ = logged_run
    assert Config.from_dict(json.loads((folder / "config.json").read_text())).alpha == 0.001
    with open(folder / "changes.csv", newline="") as fh:
        changes = list(csv.DictReader(fh))
    assert changes == [dict(episode="0", env_steps="0", setting="alpha", old="0.001", new="0.0005")]
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["scores"] == trainer.scores and summary["episodes"] == 5


def episode(i: int, score: float = 10.0) -> EpisodeEnd:
    return EpisodeEnd(
        i, score, int(score), 1.0, float("nan"), float("nan"), 100.0, 10 * (i + 1), score, 0.1 * i
    )


def test_a_used_folder_is_refused_unless_appending(tmp_path):
    with RunLogger(tmp_path, tensorboard=False) as logger:
        logger.handle(episode(0))
    with pytest.raises(RunLogError, match="already holds a run log"):
        RunLogger(tmp_path, tensorboard=False)
    with RunLogger(tmp_path, tensorboard=False, append=True) as logger:
        logger.handle(episode(1, 20.0))
    lines = (tmp_path / "statistics.csv").read_text().splitlines()
    assert lines[0] == ",".join(CSV_COLUMNS) and len(lines) == 3
    assert lines[2].startswith("1,20.0,20,")
    assert not list(tmp_path.glob("events.out.tfevents.*"))  # tensorboard=False


def test_unusable_folders_get_a_clear_message(tmp_path):
    a_file = tmp_path / "file"
    a_file.write_text("x")
    with pytest.raises(RunLogError, match="is a file"):
        RunLogger(a_file, tensorboard=False)
    with pytest.raises(RunLogError, match="Cannot write the run log"):
        RunLogger(a_file / "sub", tensorboard=False)
    other = tmp_path / "other"
    other.mkdir()
    (other / "statistics.csv").write_text("a,b\n1,2\n")
    with pytest.raises(RunLogError, match="other columns"):
        RunLogger(other, tensorboard=False, append=True)


def test_a_write_failure_stops_logging_once_not_training(tmp_path):
    logger = RunLogger(tmp_path, tensorboard=False)

    class Full:
        def writerow(self, row):
            raise OSError(28, "No space left on device")

    logger._csv = Full()
    message = logger.handle(episode(0))
    assert "No space left on device" in message and "Training goes on" in message
    assert logger.handle(episode(1)) is None and logger.error == message
    logger.close()


def test_other_events_and_finish(tmp_path):
    with RunLogger(tmp_path, tensorboard=False) as logger:
        logger.handle(SettingsChanged(5, 0, (("gamma", 1.0, 0.99),)))
        logger.handle(RunFinished(dict(scores=[1.0], mean_last_100=float("nan"))))
        logger.handle("not an event")
    assert "gamma,1,0.99" in (tmp_path / "changes.csv").read_text()
    assert json.loads((tmp_path / "summary.json").read_text())["mean_last_100"] is None


def test_new_run_dir_is_fresh(tmp_path):
    first = new_run_dir(tmp_path, "dqn")
    first.mkdir()
    second = new_run_dir(tmp_path, "dqn")
    assert first.parent == second.parent == tmp_path and second != first
    assert first.name.endswith("-dqn") and not second.exists()
