"""Learning benchmark: does a configuration pass the seed's check, over several seeds?

    python -m benchmarks.learning --preset seed --seeds 42,1,2,3,4 [--set KEY=VALUE ...]
    python -m benchmarks.learning --preset tuned --eval-target 475

For each seed it trains one run and reports the mean of the last 100 episodes, whether the
seed's check passed, the first episode where the 100-episode mean reached the threshold,
env steps and wall seconds. With ``--eval-target`` it also runs a 20-episode greedy
evaluation after every episode once the recent training scores are high, and reports the
env steps and seconds until the evaluation mean reaches the target.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def run_one(config, eval_target: float | None) -> dict:
    from dqn_lab.core.records import EVAL_SEED, EpisodeEnd, RunFinished
    from dqn_lab.core.training import Trainer, evaluate

    trainer = Trainer(config)
    started = time.monotonic()
    reached = None
    for event in trainer.run():
        if (
            eval_target is not None
            and reached is None
            and isinstance(event, EpisodeEnd)
            and event.score >= eval_target
        ):
            scores = evaluate(
                trainer.agent.policy, config.env_id, episodes=20, seed=config.seed + EVAL_SEED
            )
            if sum(scores) / len(scores) >= eval_target:
                reached = dict(
                    eval_env_steps=event.env_steps, eval_wall_s=round(time.monotonic() - started, 1)
                )
                if config.episodes >= 10_000:
                    trainer.control.stop()
        if isinstance(event, RunFinished):
            s = event.summary
    trainer.close()
    row = dict(
        seed=config.seed,
        mean_last_100=round(s["mean_last_100"], 1),
        solved=s["solved"],
        first_solved_episode=s["first_solved_episode"],
        env_steps=s["env_steps"],
        wall_s=s["wall_s"],
    )
    if eval_target is not None:
        row.update(reached or dict(eval_env_steps=None, eval_wall_s=None))
    return row


def main(argv=None) -> None:
    from dqn_lab.core.presets import preset

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--preset", default="seed")
    p.add_argument("--seeds", default="42,1,2,3,4")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    p.add_argument("--eval-target", type=float)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    base = preset(args.preset).replace(**dict(s.split("=", 1) for s in args.set))
    rows = []
    for seed in (int(s) for s in args.seeds.split(",")):
        rows.append(run_one(base.replace(seed=seed), args.eval_target))
        if not args.json:
            print(json.dumps(rows[-1]), flush=True)
    result = dict(
        preset=args.preset,
        settings=args.set,
        runs=rows,
        passed=sum(r["solved"] for r in rows),
        median_mean_last_100=statistics.median(r["mean_last_100"] for r in rows),
    )
    if args.eval_target is not None:
        reached = [r for r in rows if r["eval_env_steps"] is not None]
        result["reached_eval_target"] = len(reached)
        if reached:
            result["median_eval_env_steps"] = statistics.median(
                r["eval_env_steps"] for r in reached
            )
            result["median_eval_wall_s"] = statistics.median(r["eval_wall_s"] for r in reached)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
