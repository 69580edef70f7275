"""Training throughput: env steps per second with one gradient update per env step.

Run with ``python main.py bench`` (or ``--json``). Measures, at the seed's settings on
CartPole-v0, the steps after replay has started (so every step pays for an update):
DQN in the seed's exact order (one update per compiled call), DQN with 8 updates per call,
and the naive agent; optionally the literal Keras port of the notebook (predict to act,
fit to train, every step) for comparison.
"""

from __future__ import annotations

import time
from collections import deque

import numpy as np

from dqn_lab.core.config import Config
from dqn_lab.core.environment import make_env


def _steps_per_s(config: Config, steps: int) -> float:
    """Env steps/s of ``config`` over ``steps`` steps once learning has started."""
    from dqn_lab.core.agents import make_agent
    from dqn_lab.core.training import seed_everything

    seed_everything(config.seed)
    env = make_env(config.env_id)
    agent = make_agent(config, env.observation_space.shape[0], int(env.action_space.n))
    warmup = max(config.start_replay_step, config.batch_size) + 200  # includes XLA compile
    state, _ = env.reset(seed=config.seed)
    t0 = time.perf_counter()  # restarted when the warm-up ends
    for i in range(warmup + steps):
        if i == warmup:
            t0 = time.perf_counter()
        action = agent.act(state)
        next_state, reward, terminated, truncated, _ = env.step(action)
        agent.train((state, action, next_state, reward, terminated or truncated))
        state = next_state
        if terminated or truncated:
            agent.flush()
            state, _ = env.reset()
    agent.flush()
    elapsed = time.perf_counter() - t0
    env.close()
    return steps / elapsed


def literal_port_steps_per_s(steps: int, seed: int = 42) -> float:
    """The notebook's DQN ported literally to Keras 3: predict per act, fit per replay."""
    import keras

    from dqn_lab.core.model import build_model

    keras.utils.set_random_seed(seed)
    env = make_env("CartPole-v0")
    model = build_model(4, 2, 0.001)
    target = build_model(4, 2, 0.001)
    target.set_weights(model.get_weights())
    memory: deque = deque(maxlen=50_000)
    rng = np.random.default_rng(seed)
    state, _ = env.reset(seed=seed)
    for _ in range(64):  # fill enough for one batch; replay from the first measured step
        memory.append((state, 0, state, 1.0, False))
    t0 = time.perf_counter()
    for _ in range(steps):
        q = model.predict([state[None], np.ones((1, 2))], verbose=0)
        action = int(np.argmax(q[0])) if rng.random() > 0.1 else int(rng.integers(2))
        next_state, reward, terminated, truncated, _ = env.step(action)
        memory.append((state, action, next_state, reward, terminated or truncated))
        idx = rng.integers(0, len(memory), 32)
        s, a, s2, r, d = (np.array(x) for x in zip(*(memory[i] for i in idx)))
        next_q = target.predict([s2, np.ones((32, 2))], verbose=0)
        next_q[d.astype(bool)] = 0.0
        one_hot = np.eye(2)[a]
        model.fit(
            [s, one_hot], one_hot * (r + next_q.max(axis=1))[:, None], batch_size=32, verbose=0
        )
        state = next_state
        if terminated or truncated:
            state, _ = env.reset()
    return steps / (time.perf_counter() - t0)


def run_benchmark(steps: int = 4000, literal_steps: int = 0, log=print) -> dict:
    """Steps/s of DQN (1 and 8 updates per call) and the naive agent; optionally the port."""
    if steps < 1 or literal_steps < 0:
        raise ValueError(
            f"steps must be at least 1 and literal_steps at least 0, not "
            f"{steps} and {literal_steps}."
        )
    seed = Config()
    cases = {
        "dqn_steps_per_s": seed,
        "dqn_8_per_call_steps_per_s": seed.replace(updates_per_call=8),
        "naive_steps_per_s": seed.replace(agent="naive"),
    }
    result: dict = {"steps": steps, "settings": "seed preset, CartPole-v0, one update per step"}
    for key, config in cases.items():
        result[key] = round(_steps_per_s(config, steps), 1)
        if log:
            log(f"{key}: {result[key]}")
    if literal_steps:
        result["literal_port_steps_per_s"] = round(literal_port_steps_per_s(literal_steps), 2)
        if log:
            log(f"literal_port_steps_per_s: {result['literal_port_steps_per_s']}")
    return result
