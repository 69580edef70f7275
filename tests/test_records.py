"""The typed records: one definition of each shape, and the modules that use them agree."""

import dataclasses
import inspect

import pytest

from dqn_lab.core import records
from dqn_lab.core.records import (
    CHANGE_KEYS,
    EPISODE_COLUMNS,
    Change,
    EpisodeEnd,
    EpisodeStats,
    Transition,
)


def test_the_typed_dicts_spell_the_column_tuples():
    assert tuple(EpisodeStats.__annotations__) == EPISODE_COLUMNS
    assert tuple(Change.__annotations__) == CHANGE_KEYS


def test_csv_log_and_bundles_use_the_same_columns():
    from dqn_lab.core.bundle_schema import HISTORY_KEYS, STAT_KEYS
    from dqn_lab.core.run_log import CSV_COLUMNS

    assert STAT_KEYS == CSV_COLUMNS == EPISODE_COLUMNS
    assert HISTORY_KEYS == CHANGE_KEYS


def test_events_are_immutable():
    event = EpisodeEnd(0, 10.0, 10, 1.0, float("nan"), float("nan"), 100.0, 10, 10.0, 0.1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.score = 20.0
    assert set(records.Event.__args__) == {
        records.Progress,
        records.EpisodeEnd,
        records.SettingsChanged,
        records.ChangeRejected,
        records.SafePoint,
        records.RunFinished,
    }


def test_a_transition_is_the_notebooks_experience_tuple():
    t = Transition("s", 1, "s2", 0.5, True)
    state, action, next_state, reward, done = t
    assert (state, action, next_state, reward, done) == ("s", 1, "s2", 0.5, True)
    assert Transition._fields == ("state", "action", "next_state", "reward", "done")


def test_one_evaluation_seed():
    from dqn_lab.core import recording, training

    assert records.EVAL_SEED == 10_000
    for fn in (
        training.evaluate,
        training.greedy_episodes,
        recording.run_episodes,
        recording.record_best,
    ):
        assert inspect.signature(fn).parameters["seed"].default == records.EVAL_SEED, fn
