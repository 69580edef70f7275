"""Periodic evaluations: sequential episodes against lockstep episodes (core.training).

``python -m benchmarks.eval_lockstep [--episodes 20] [--repeats 5]``: the wall time of one
evaluation of M greedy CartPole-v1 episodes by :func:`evaluate` (one episode after another,
one forward pass per step) and by :func:`evaluate_lockstep` (all M side by side, one forward
pass per step for all), for a short-lived random policy and a policy that balances to the
time limit, both with the `tuned` preset's 128-128 network shape. The scores are checked equal.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from dqn_lab.core.model import NumpyPolicy
from dqn_lab.core.records import EVAL_SEED
from dqn_lab.core.training import evaluate, evaluate_lockstep


def policies() -> dict[str, NumpyPolicy]:
    rng = np.random.default_rng(0)
    shapes = [(4, 128), (128,), (128, 128), (128,), (128, 2), (2,)]
    n = sum(int(np.prod(s)) for s in shapes)
    random = NumpyPolicy.from_flat(rng.standard_normal(n).astype(np.float32) * 0.3, shapes, False)
    # Balancing: Q1 - Q0 = theta + theta_dot (+ 0.1 x_dot), carried through relu(+x), relu(-x).
    w1 = np.zeros((4, 128), np.float32)
    w1[:, :4], w1[:, 4:8] = np.eye(4), -np.eye(4)
    w2 = np.zeros((128, 128), np.float32)
    w2[:8, :8] = np.eye(8)
    w3 = np.zeros((128, 2), np.float32)
    v = np.array([0.0, 0.1, 1.0, 1.0], np.float32)
    w3[:4, 1], w3[4:8, 1] = v, -v
    flat = np.concatenate(
        [w1.ravel(), np.zeros(128), w2.ravel(), np.zeros(128), w3.ravel(), np.zeros(2)]
    ).astype(np.float32)
    return {"random": random, "balancing": NumpyPolicy.from_flat(flat, shapes, False)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    for name, policy in policies().items():
        times: dict[str, float] = {}
        for label, fn in (("sequential", evaluate), ("lockstep", evaluate_lockstep)):
            best = float("inf")
            for r in range(args.repeats):
                started = time.perf_counter()
                scores = fn(policy, "CartPole-v1", args.episodes, seed=EVAL_SEED + r)
                best = min(best, time.perf_counter() - started)
                assert scores == evaluate(policy, "CartPole-v1", args.episodes, EVAL_SEED + r)
            times[label] = best
        print(
            f"{name:>9} policy (mean score {np.mean(scores):.0f}): sequential "
            f"{1000 * times['sequential']:.1f} ms, lockstep {1000 * times['lockstep']:.1f} ms "
            f"per evaluation of {args.episodes} episodes: "
            f"{times['sequential'] / times['lockstep']:.1f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
