"""Learning benchmark on the evaluation protocol: DQN Lab's presets and Stable-Baselines3.

    python -m benchmarks.learning [--seeds 42,1,2,3,4] [--env-steps 50176] [--eval-every 512]
        [--eval-episodes 20] [--runs tuned,seed-fixed,sb3] [--set KEY=VALUE ...] [--json]

Every run trains for ``--env-steps`` environment steps and is evaluated on the protocol of
``train --eval-every S --eval-episodes M``: after every S environment steps, M greedy episodes
on a separate environment, evaluation k resetting its episodes with the seeds
10000 + k*M, 10000 + k*M + 1, ... (new start states each time, the same for every run). Per
seed it reports the first evaluation whose mean reaches the environment's threshold
(``first_pass``) and the share of the later evaluations that still do (``pass_rate_after``,
the stability figure); per run the median first pass (a seed that never passed counts as
later than any) and the median and mean pass rate after.

Runs: ``tuned`` (CartPole-v1, threshold 475) and ``seed-fixed`` (CartPole-v0, threshold 195)
train their seeds as one DQN Lab population (each member's evaluations are those of a solo
run of its seed); ``sb3`` is Stable-Baselines3's DQN with RL Baselines3 Zoo's CartPole-v1
values, one seed after another, evaluated by :class:`ProtocolCallback` with the same start
states. Without stable-baselines3 (``pip install -e '.[bench]'``, see the README) the SB3 run
is skipped with a one-line message.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

DQN_LAB_RUNS = ("tuned", "seed-fixed")
RUNS = (*DQN_LAB_RUNS, "sb3")
SB3_ENV = "CartPole-v1"
#: RL Baselines3 Zoo's hyperparams/dqn.yml for CartPole-v1 (its n_timesteps is 5e4).
RLZOO_CARTPOLE_V1 = dict(
    learning_rate=2.3e-3,
    batch_size=64,
    buffer_size=100_000,
    learning_starts=1000,
    gamma=0.99,
    target_update_interval=10,
    train_freq=256,
    gradient_steps=128,
    exploration_fraction=0.16,
    exploration_final_eps=0.04,
    policy_kwargs=dict(net_arch=[256, 256]),
)


def sb3_missing() -> str | None:
    """None when Stable-Baselines3 can be imported, else the one-line reason to skip it."""
    try:
        import stable_baselines3  # noqa: F401
    except ImportError as exc:
        return (
            f"SB3 skipped: stable-baselines3 is not installed ({exc}); install the CPU build of "
            "torch, then pip install -e '.[bench]' (README, Results)."
        )
    return None


# -- Stable-Baselines3 on the protocol ------------------------------------------------------------
def sb3_evaluation(model, env_id: str, episodes: int, seed: int, max_steps: int | None = None):
    """Greedy episodes of an SB3 model, episode i reset with ``seed + i`` (as
    ``dqn_lab.core.training.greedy_episodes`` resets them): (scores, start observations)."""
    from dqn_lab.core.environment import make_env

    env = make_env(env_id)
    scores, starts = [], []
    try:
        for i in range(episodes):
            obs, _ = env.reset(seed=seed + i)
            starts.append(obs.copy())
            score, t, done = 0.0, 0, False
            while not done:
                action, _ = model.predict(obs, deterministic=True)
                obs, reward, terminated, truncated, _ = env.step(int(action))
                score += float(reward)
                t += 1
                done = terminated or truncated or (max_steps is not None and t >= max_steps)
            scores.append(score)
    finally:
        env.close()
    return scores, starts


def protocol_callback(env_id: str, every: int, episodes: int, max_steps: int | None = None):
    """An SB3 callback that evaluates like ``core.training.periodic_evaluation``: when the
    model's step count reaches a multiple of ``every``, evaluation k = steps / every - 1
    plays ``episodes`` greedy episodes reset with seeds EVAL_SEED + k * episodes onwards.
    ``evals`` gets [env_step, mean, min, max] rows; ``starts`` each evaluation's start states."""
    from stable_baselines3.common.callbacks import BaseCallback

    from dqn_lab.core.records import EVAL_SEED

    class ProtocolCallback(BaseCallback):
        def __init__(self) -> None:
            super().__init__()
            self.evals: list[list[float]] = []
            self.starts: list[list] = []

        def _on_step(self) -> bool:
            steps = self.num_timesteps
            if steps % every == 0:
                k = steps // every - 1
                scores, starts = sb3_evaluation(
                    self.model, env_id, episodes, EVAL_SEED + k * episodes, max_steps
                )
                self.evals.append(
                    [steps, sum(scores) / len(scores), float(min(scores)), float(max(scores))]
                )
                self.starts.append(starts)
            return True

    return ProtocolCallback()


def run_sb3(seeds: list[int], args) -> list[dict]:
    import torch
    from stable_baselines3 import DQN

    from dqn_lab.core.environment import env_info
    from dqn_lab.core.training import eval_results

    torch.set_num_threads(1)
    threshold = env_info(SB3_ENV).reward_threshold
    rows = []
    for seed in seeds:
        started = time.monotonic()
        model = DQN("MlpPolicy", SB3_ENV, seed=seed, device="cpu", verbose=0, **RLZOO_CARTPOLE_V1)
        callback = protocol_callback(SB3_ENV, args.eval_every, args.eval_episodes)
        model.learn(total_timesteps=args.env_steps, callback=callback)
        rows.append(_row(seed, eval_results(callback.evals, threshold), time.monotonic() - started))
        _progress("sb3", rows[-1], args)
    return rows


# -- DQN Lab on the protocol -----------------------------------------------------------------------
def dqn_lab_config(name: str, args):
    from dqn_lab.core.config import parse_assignments
    from dqn_lab.core.presets import preset

    return preset(name).replace(
        episodes=100_000,  # the step budget ends the run
        max_env_steps=args.env_steps,
        eval_every=args.eval_every,
        eval_episodes=args.eval_episodes,
        **parse_assignments(args.set),
    )


def run_dqn_lab(name: str, seeds: list[int], args) -> list[dict]:
    from dqn_lab.core.population import train_population

    config = dqn_lab_config(name, args)
    started = time.monotonic()
    members = train_population(config, seeds, eval_episodes=0)
    wall = time.monotonic() - started
    rows = [_row(m["seed"], m, wall / len(members)) for m in members]
    for row in rows:
        _progress(name, row, args)
    return rows


# -- reporting -------------------------------------------------------------------------------------
def _row(seed: int, results, wall_s: float) -> dict:
    evals = results["evals"]
    return dict(
        seed=seed,
        first_pass=results["first_eval_pass_step"],
        pass_rate_after=results["eval_pass_rate_after"],
        evaluations=len(evals),
        last_eval_mean=round(evals[-1][1], 1) if evals else None,
        wall_s=round(wall_s, 1),
        eval_means=[round(e[1], 1) for e in evals],  # where a seed falls back, and how far
    )


def _progress(name: str, row: dict, args) -> None:
    if not args.json:
        brief = {k: v for k, v in row.items() if k != "eval_means"}
        print(f"{name} {json.dumps(brief)}", flush=True)


def summarize(name: str, env_id: str, threshold: float, rows: list[dict]) -> dict:
    from dqn_lab.core.population import median_first_pass

    rates = [r["pass_rate_after"] for r in rows if r["pass_rate_after"] is not None]
    return dict(
        run=name,
        env=env_id,
        threshold=threshold,
        seeds=[r["seed"] for r in rows],
        passed=sum(r["first_pass"] is not None for r in rows),
        median_first_pass=median_first_pass([r["first_pass"] for r in rows]),
        median_pass_rate_after=statistics.median(rates) if rates else None,
        mean_pass_rate_after=statistics.fmean(rates) if rates else None,
        per_seed=rows,
    )


def _table(results: list[dict]) -> str:
    def pct(v):
        return "-" if v is None else f"{100 * v:.0f}%"

    lines = [
        "| run | env (threshold) | passed | median first pass | pass rate after: median / mean |",
        "|---|---|---|---|---|",
    ]
    for r in results:
        first = "-" if r["median_first_pass"] is None else f"{r['median_first_pass']:,.0f}"
        lines.append(
            f"| {r['run']} | {r['env']} ({r['threshold']:g}) | {r['passed']}/{len(r['seeds'])} "
            f"| {first} | {pct(r['median_pass_rate_after'])} / {pct(r['mean_pass_rate_after'])} |"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    from dqn_lab.core.environment import env_info

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seeds", default="42,1,2,3,4")
    p.add_argument("--env-steps", type=int, default=50_176, help="budget of every run")
    p.add_argument("--eval-every", type=int, default=512)
    p.add_argument("--eval-episodes", type=int, default=20)
    p.add_argument("--runs", default=",".join(RUNS), help=f"some of {', '.join(RUNS)}")
    p.add_argument(
        "--set", action="append", default=[], metavar="KEY=VALUE", help="for the DQN Lab runs"
    )
    p.add_argument("--json", action="store_true", help="one JSON object on the last line")
    args = p.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    runs = [r.strip() for r in args.runs.split(",") if r.strip()]
    unknown = [r for r in runs if r not in RUNS]
    if unknown or not seeds or args.eval_every < 1 or args.eval_episodes < 1:
        p.error(f"--runs takes {', '.join(RUNS)}; --seeds, --eval-every, --eval-episodes >= 1")
    results, skipped = [], []
    for name in runs:
        if name == "sb3":
            reason = sb3_missing()
            if reason is not None:
                print(reason, flush=True)
                skipped.append(name)
                continue
            rows, env_id = run_sb3(seeds, args), SB3_ENV
        else:
            rows, env_id = run_dqn_lab(name, seeds, args), dqn_lab_config(name, args).env_id
        threshold = env_info(env_id).reward_threshold
        results.append(summarize(name, env_id, threshold, rows))
    if args.json:
        print(json.dumps(dict(protocol=vars(args), results=results, skipped=skipped)))
    else:
        print(
            f"{args.env_steps:,} environment steps; every {args.eval_every} steps "
            f"{args.eval_episodes} greedy episodes; seeds {seeds}"
        )
        print(_table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
