"""Config validation: every bad value is refused with a message naming field and value."""

import math

import pytest

from dqn_lab.core.config import FIELDS, HELP, LIVE_FIELDS, Config, ConfigError
from dqn_lab.core.presets import builtin_presets, load_preset_file, preset, save_user_preset


def test_defaults_are_the_notebooks_values():
    c = Config()
    assert (c.gamma, c.epsilon, c.epsilon_min, c.epsilon_decay, c.alpha) == (
        1.0,
        1.0,
        0.001,
        0.0005,
        0.001,
    )
    assert (c.batch_size, c.memory_size, c.start_replay_step, c.target_model_update_interval) == (
        32,
        50_000,
        2000,
        1000,
    )
    assert (c.episodes, c.max_steps, c.seed, c.env_id) == (500, 200, 42, "CartPole-v0")
    assert c.hidden_sizes == (32, 32) and c.loss == "mse" and c.truncation_as_terminal
    c.validate()


def test_every_field_has_help_text():
    assert set(HELP) == set(FIELDS)
    assert all(len(text) > 15 for text in HELP.values())
    assert {"alpha", "gamma", "epsilon"} <= set(LIVE_FIELDS)
    assert "memory_size" not in LIVE_FIELDS and "hidden_sizes" not in LIVE_FIELDS


BAD = [
    ("gamma", math.nan, "gamma"),
    ("gamma", math.inf, "finite"),
    ("gamma", 1.5, "between"),
    ("gamma", -0.1, "between"),
    ("alpha", 0.0, "between"),
    ("alpha", "fast", "number"),
    ("batch_size", 0, "between"),
    ("batch_size", 2.5, "whole"),
    ("batch_size", True, "whole"),
    ("memory_size", -5, "between"),
    ("memory_size", 10**12, "between"),
    ("episodes", "many", "whole number"),
    ("epsilon", 2.0, "between"),
    ("agent", "ppo", "one of"),
    ("loss", "l1", "one of"),
    ("hidden_sizes", (), "layer"),
    ("hidden_sizes", (32, 0), "layer"),
    ("hidden_sizes", "a,b", "layer sizes"),
    ("double_dqn", "maybe", "true or false"),
    ("env_id", "rm -rf /", "not a Gymnasium"),
    ("target_update", "sometimes", "one of"),
    ("epsilon_decay", -1e-3, "between"),
]


@pytest.mark.parametrize("name,value,words", BAD)
def test_bad_values_are_refused_with_a_message(name, value, words):
    with pytest.raises(ConfigError) as err:
        Config().replace(**{name: value})
    message = str(err.value)
    assert name in message and words in message


def test_cross_field_rules():
    with pytest.raises(ConfigError, match="batch_size 64 must not exceed memory_size 50"):
        Config().replace(memory_size=50, batch_size=64, start_replay_step=64)
    with pytest.raises(ConfigError, match="start_replay_step 10 must be at least batch_size"):
        Config().replace(start_replay_step=10)
    with pytest.raises(ConfigError, match="double_dqn"):
        Config().replace(agent="naive", double_dqn=True)
    with pytest.raises(ConfigError, match="Unknown setting"):
        Config().replace(gama=0.9)


def test_strings_from_the_cli_are_coerced():
    c = Config().replace(gamma="0.99", batch_size="64", hidden_sizes="64,64", dueling="true")
    assert (c.gamma, c.batch_size, c.hidden_sizes, c.dueling) == (0.99, 64, (64, 64), True)


def test_layer_sizes_read_with_commas_spaces_or_semicolons():
    """A new user's report: "8 8" became one layer of 88 units, with no message, and
    "64;64" was refused as "not (6464,)"."""
    for text in ("8 8", "8, 8", " 8 ; 8 ", "8,8,"):
        assert Config().replace(hidden_sizes=text).hidden_sizes == (8, 8), text
    with pytest.raises(ConfigError) as err:
        Config().replace(hidden_sizes="6464")
    assert str(err.value).endswith("each from 1 to 1024, not 6464.")


def test_dict_round_trip_and_unknown_keys():
    c = Config().replace(hidden_sizes=(16, 8), agent="naive")
    assert Config.from_dict(c.to_dict()) == c
    with pytest.raises(ConfigError, match="Unknown"):
        Config.from_dict({**c.to_dict(), "evil": 1})


def test_presets_load_and_differ():
    presets = builtin_presets()
    assert {"seed", "tuned"} <= set(presets)
    assert preset("seed") == Config()
    tuned = preset("tuned")
    assert tuned.env_id == "CartPole-v1" and not tuned.truncation_as_terminal
    with pytest.raises(ConfigError, match="Unknown preset"):
        preset("nope")


def test_user_presets_round_trip_and_bad_files(tmp_path):
    c = Config().replace(gamma=0.9, hidden_sizes=(64,))
    path = save_user_preset("my run", c, "mine", folder=tmp_path)
    assert load_preset_file(path)[2] == c
    bad = tmp_path / "bad.json"
    for text, words in [
        ("{not json", "cannot be read"),
        ('{"settings": {"gamma": 7}}', "gamma"),
        ("[1, 2]", "JSON object"),
        ('{"settings": {}, "code": 1}', "JSON object"),
    ]:
        bad.write_text(text)
        with pytest.raises(ConfigError, match=words):
            load_preset_file(bad)
