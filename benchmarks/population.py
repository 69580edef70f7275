"""Populations: agent steps per second and memory per member for K = 1..32, against solo.

Run ``python -m benchmarks.population [--steps N] [--sizes 1,2,4,8,16,32] [--json]``.

Speed: the notebook's DQN settings (seed preset, CartPole-v0, one update per environment step
per member), timed after every member's replay has started. Each case runs in its own
process, one after the other in this run: a solo agent (``benchmarks.throughput``'s loop, the
path ``main.py train`` takes) and populations of K members (``dqn_lab.core.population``); the K = 8
ratio to solo is the issue's target (>= 5x). Memory: the resident set's growth in that process
from before the agents are built to the end of the timed steps, per member (the replay
memory's pages count as they are written, so it grows with the steps played).

Equivalence (``--divergence-updates N``): three members and solo runs of the same seeds,
compared after each update; reports the first update where a member's online weights differ
from its solo run by more than 1e-5 (None if they never do within N updates).

Side by side (``--paired K``): the solo agent and a population of K in one process, in
alternating rounds, so that a busy machine's load falls on both alike; the median ratio.

Learning results (``--distribution-seeds N``): N seeds as one population and as solo runs,
the mean of the last 100 scores and a final greedy evaluation compared with rank tests
(``--sizes ''`` skips the speed cases).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
TOLERANCE = 1e-5


def _case(kind: str, members: int, steps: int) -> dict:
    """One speed case in this process: solo agent or population."""
    from benchmarks.probe_tools import rss_mb
    from dqn_lab.core.config import Config
    from dqn_lab.core.tf_loader import load_tensorflow

    load_tensorflow()
    before = rss_mb()
    config = Config()
    if kind == "solo":
        out = _solo(config, steps)
    else:
        from dqn_lab.core.population import measure_agent_steps_per_s

        out = measure_agent_steps_per_s(config, members, max(steps // members, 250))
        out["kind"] = "population"
    out["rss_growth_mb_per_member"] = (rss_mb() - before) / members
    return out


def _solo(config, steps: int) -> dict:
    """A solo agent's loop (``benchmarks.throughput``'s), by wall clock and CPU time."""
    import time

    from dqn_lab.core.agents import make_agent
    from dqn_lab.core.environment import make_env
    from dqn_lab.core.training import seed_everything

    seed_everything(config.seed)
    env = make_env(config.env_id)
    agent = make_agent(config, env.observation_space.shape[0], int(env.action_space.n))
    agent.compile_ahead()
    warmup = max(config.start_replay_step, config.batch_size) + 200
    state, _ = env.reset(seed=config.seed)
    for i in range(warmup + steps):
        if i == warmup:
            t0, c0 = time.perf_counter(), time.process_time()
        action = agent.act(state)
        next_state, reward, terminated, truncated, _ = env.step(action)
        agent.train((state, action, next_state, reward, terminated or truncated))
        state = next_state
        if terminated or truncated:
            agent.flush()
            state, _ = env.reset()
    agent.flush()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    env.close()
    return dict(
        kind="solo",
        members=1,
        agent_steps=steps,
        agent_steps_per_s=steps / wall,
        agent_steps_per_cpu_s=steps / cpu,
    )


def paired(members: int, rounds: int, steps: int) -> dict:
    """Solo agent and population alternately in ONE process: per round ``steps`` solo agent
    steps, then ``steps`` population agent steps (``steps / members`` lockstep steps), each
    timed by wall clock and CPU time. Load that comes and goes on a shared machine then
    falls on both sides of a round alike; the median of the rounds' ratios is reported.
    """
    import time

    from dqn_lab.core.agents import make_agent
    from dqn_lab.core.config import Config
    from dqn_lab.core.environment import make_env
    from dqn_lab.core.population import Population
    from dqn_lab.core.tf_loader import load_tensorflow
    from dqn_lab.core.training import seed_everything

    load_tensorflow()
    config = Config(episodes=100_000)
    warmup = max(config.start_replay_step, config.batch_size) + 200
    seed_everything(config.seed)
    env = make_env(config.env_id)
    agent = make_agent(config, env.observation_space.shape[0], int(env.action_space.n))
    agent.compile_ahead()
    solo = dict(state=env.reset(seed=config.seed)[0])

    def solo_steps(n: int) -> None:  # benchmarks.throughput's loop, as _solo
        state = solo["state"]
        for _ in range(n):
            action = agent.act(state)
            next_state, reward, terminated, truncated, _ = env.step(action)
            agent.train((state, action, next_state, reward, terminated or truncated))
            state = next_state
            if terminated or truncated:
                agent.flush()
                state, _ = env.reset()
        solo["state"] = state

    solo_steps(warmup)
    population = Population([config.replace(seed=config.seed + k) for k in range(members)])
    population.compile_ahead()
    per_round = max(1, steps // members)
    clock: dict = dict(n=-1)
    results: list[dict] = []

    def between_steps() -> bool:
        """Population.run's stop check: times its rounds and runs the solo rounds."""
        if clock["n"] < 0:
            if min(population.env_steps) < warmup:
                return False
            clock.update(n=0, t=time.perf_counter(), c=time.process_time())
            clock["s"] = sum(population.env_steps)
            return False
        clock["n"] += 1
        if clock["n"] < per_round:
            return False
        wall, cpu = time.perf_counter() - clock["t"], time.process_time() - clock["c"]
        pop_steps = sum(population.env_steps) - clock["s"]
        t0, c0 = time.perf_counter(), time.process_time()
        solo_steps(steps)
        solo_wall, solo_cpu = time.perf_counter() - t0, time.process_time() - c0
        results.append(
            dict(
                ratio=(pop_steps / wall) / (steps / solo_wall),
                cpu_ratio=(pop_steps / cpu) / (steps / solo_cpu),
                solo_steps_per_s=steps / solo_wall,
                population_steps_per_s=pop_steps / wall,
            )
        )
        if len(results) >= rounds:
            return True
        clock.update(n=0, t=time.perf_counter(), c=time.process_time())
        clock["s"] = sum(population.env_steps)
        return False

    try:
        for _ in population.run(between_steps):
            pass
    finally:
        population.close()
        env.close()

    def median(key: str) -> float:
        return float(np.median([r[key] for r in results]))

    def quartiles(key: str) -> list[float]:
        return [float(q) for q in np.percentile([r[key] for r in results], [25, 75])]

    return dict(
        members=members,
        rounds=len(results),
        steps_per_round=steps,
        ratio_median=median("ratio"),
        ratio_quartiles=quartiles("ratio"),
        cpu_ratio_median=median("cpu_ratio"),
        solo_steps_per_s_median=median("solo_steps_per_s"),
        population_steps_per_s_median=median("population_steps_per_s"),
    )


def _run_case(kind: str, members: int, steps: int) -> dict:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.population",
            "--case",
            kind,
            "--members",
            str(members),
            "--steps",
            str(steps),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=3600,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"case {kind} K={members} failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def divergence(updates: int, seeds: tuple[int, ...] = (42, 1, 2)) -> dict:
    """First update at which each member leaves its solo run by more than 1e-5 (or None)."""
    from dqn_lab.core.config import Config
    from dqn_lab.core.learner import Learner
    from dqn_lab.core.population import Population, member_configs
    from dqn_lab.core.training import Trainer

    config = Config(episodes=100_000)

    def record(learner: Learner, member: int, out: list[np.ndarray], enough) -> None:
        run = learner.run

        def wrapped(packed):
            result = run(packed)
            for u in range(packed.shape[0]):
                if packed[u, member, 0, learner.layout.active] > 0:
                    out.append(learner.latest[member].copy())  # updates_per_call = 1
            enough()
            return result

        learner.run = wrapped

    population = Population(member_configs(config, list(seeds)))
    member_weights: list[list[np.ndarray]] = [[] for _ in seeds]
    for k in range(len(seeds)):
        record(population.learner, k, member_weights[k], lambda: None)
    for _ in population.run(lambda: min(len(w) for w in member_weights) >= updates):
        pass
    population.close()
    result = {}
    for k, seed in enumerate(seeds):
        trainer = Trainer(config.replace(seed=seed))
        solo: list[np.ndarray] = []
        record(
            trainer.agent.learner,
            0,
            solo,
            lambda t=trainer, w=solo: t.control.stop() if len(w) >= updates else None,
        )
        for _ in trainer.run():
            pass
        trainer.close()
        first, worst = None, 0.0
        for i, (a, b) in enumerate(zip(solo[:updates], member_weights[k][:updates])):
            diff = float(np.max(np.abs(a - b)))
            worst = max(worst, diff)
            if first is None and diff > TOLERANCE:
                first = i + 1
        result[str(seed)] = dict(
            compared_updates=min(len(solo), len(member_weights[k]), updates),
            first_update_over_1e5=first,
            max_abs_diff=worst,
        )
    return result


def distribution(seeds: list[int], episodes: int) -> dict:
    """Learning results of one population against solo runs of the same seeds.

    Per seed: the mean of the last 100 training scores and a final 10-episode greedy
    evaluation (fixed evaluation seeds), from a population member and from a solo
    ``Trainer`` run; a two-sided Mann-Whitney U test and a Kolmogorov-Smirnov test ask
    whether the two sets could come from one distribution.
    """
    from scipy import stats

    from dqn_lab.core.config import Config
    from dqn_lab.core.population import train_population
    from dqn_lab.core.training import Trainer, evaluate

    config = Config(episodes=episodes)
    members = train_population(config, seeds, eval_episodes=10)
    solo = []
    for seed in seeds:
        trainer = Trainer(config.replace(seed=seed))
        for _ in trainer.run():
            pass
        trainer.close()
        summary = trainer.summary()
        summary["eval_mean"] = float(
            np.mean(evaluate(trainer.agent.policy, config.env_id, 10, max_steps=config.max_steps))
        )
        solo.append(summary)
    out = dict(
        seeds=seeds,
        episodes=episodes,
        identical_scores=sum(m["scores"] == s["scores"] for m, s in zip(members, solo)),
    )
    for key in ("mean_last_100", "eval_mean"):
        a, b = [m[key] for m in members], [s[key] for s in solo]
        out[key] = dict(
            population=a,
            solo=b,
            mann_whitney_p=float(stats.mannwhitneyu(a, b).pvalue),
            ks_p=float(stats.ks_2samp(a, b).pvalue),
        )
    return out


def _curve(sizes: str, steps: int, result: dict, log) -> None:
    """The solo agent and populations of ``sizes``, each in its own process."""
    solo = _run_case("solo", 1, steps)
    log(
        f"solo agent: {solo['agent_steps_per_s']:.0f} agent steps/s, "
        f"{solo['agent_steps_per_cpu_s']:.0f} per CPU second, "
        f"{solo['rss_growth_mb_per_member']:.1f} MB RSS growth"
    )
    curve = []
    for k in (int(s) for s in sizes.split(",")):
        case = _run_case("population", k, steps)
        case["ratio_to_solo"] = case["agent_steps_per_s"] / solo["agent_steps_per_s"]
        case["cpu_ratio_to_solo"] = case["agent_steps_per_cpu_s"] / solo["agent_steps_per_cpu_s"]
        curve.append(case)
        log(
            f"K={k:3d}: {case['agent_steps_per_s']:7.0f} agent steps/s "
            f"({case['ratio_to_solo']:.2f}x solo), {case['agent_steps_per_cpu_s']:7.0f} per "
            f"CPU second ({case['cpu_ratio_to_solo']:.2f}x solo), "
            f"{case['rss_growth_mb_per_member']:.1f} MB RSS growth per member"
        )
    result.update(solo=solo, populations=curve)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--steps", type=int, default=4000, help="agent steps timed per case (default 4000)"
    )
    parser.add_argument("--sizes", default="1,2,4,8,16,32", help="population sizes")
    parser.add_argument(
        "--divergence-updates",
        type=int,
        default=0,
        help="also compare members with solo runs over this many updates",
    )
    parser.add_argument(
        "--distribution-seeds",
        type=int,
        default=0,
        help="also compare learning results of this many seeds, population against solo runs",
    )
    parser.add_argument(
        "--distribution-episodes",
        type=int,
        default=200,
        help="episodes per run of that comparison (default 200)",
    )
    parser.add_argument(
        "--paired",
        type=int,
        default=0,
        metavar="K",
        help="also measure solo and a population of K alternately in one process (the ratio "
        "that holds on a busy machine)",
    )
    parser.add_argument(
        "--paired-rounds", type=int, default=9, help="rounds of the paired measurement"
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--case", choices=("solo", "population"), help=argparse.SUPPRESS)
    parser.add_argument("--members", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.case:
        print(json.dumps(_case(args.case, args.members, args.steps)))
        return 0
    log = (lambda *a: None) if args.json else print
    result: dict = dict(settings="seed preset, CartPole-v0, one update per env step per member")
    if args.distribution_seeds:
        d = distribution(list(range(args.distribution_seeds)), args.distribution_episodes)
        result["distribution"] = d
        log(
            f"{len(d['seeds'])} seeds x {d['episodes']} episodes: {d['identical_scores']} "
            f"members with the solo run's exact scores"
        )
        for key in ("mean_last_100", "eval_mean"):
            log(
                f"  {key}: population mean {np.mean(d[key]['population']):.1f}, solo mean "
                f"{np.mean(d[key]['solo']):.1f}, Mann-Whitney p {d[key]['mann_whitney_p']:.2f}, "
                f"KS p {d[key]['ks_p']:.2f}"
            )
    if args.paired:
        p = paired(args.paired, args.paired_rounds, args.steps // 4)
        result["paired"] = p
        log(
            f"paired, K={p['members']}, {p['rounds']} rounds of {p['steps_per_round']} agent "
            f"steps each side: median ratio {p['ratio_median']:.2f}x solo (quartiles "
            f"{p['ratio_quartiles'][0]:.2f}-{p['ratio_quartiles'][1]:.2f}), CPU time "
            f"{p['cpu_ratio_median']:.2f}x; solo {p['solo_steps_per_s_median']:.0f}, "
            f"population {p['population_steps_per_s_median']:.0f} agent steps/s"
        )
    if args.sizes:
        _curve(args.sizes, args.steps, result, log)
    if args.divergence_updates:
        result["divergence"] = divergence(args.divergence_updates)
        for seed, d in result["divergence"].items():
            log(
                f"seed {seed}: {d['compared_updates']} updates compared, first over 1e-5: "
                f"{d['first_update_over_1e5']}, max |diff| {d['max_abs_diff']:.2e}"
            )
    if args.json:
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
