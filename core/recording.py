"""Evaluate greedy episodes and film the best one as a GIF or an MP4.

The seed's performance check films the trained agent three times and shows its best run.
:func:`record_best` does the same without keeping every episode's frames in memory: it plays
``episodes`` greedy episodes without rendering (the policy is deterministic and each episode
is seeded), then replays the best one and streams its frames to the encoder. GIFs are written
with Pillow (one shared palette, every second step by default), MP4s with imageio's ffmpeg
writer (the ``imageio-ffmpeg`` package). A ``progress(fraction, message)`` callback reports
progress and a ``should_stop()`` flag cancels; a cancelled export leaves no file behind.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dqn_lab.core.atomic_file import atomic_path
from dqn_lab.core.cartpole_render import FrameSource, close_env, is_cartpole
from dqn_lab.core.environment import make_env
from dqn_lab.core.messages import Message
from dqn_lab.core.records import EVAL_SEED
from dqn_lab.core.training import greedy_episodes

# Progress texts (core.messages.Message templates: the GUI shows them translated).
EPISODE_DONE = "Episode {i}/{episodes}: score {score:g}"
FRAME_DONE = "Frame {count}/{total}"
ENCODING = "Encoding {kind}: {step}"
PROGRESS_TEMPLATES = (EPISODE_DONE, FRAME_DONE, ENCODING)

FORMATS = ("gif", "mp4")
Progress = Callable[[float, str], None]


class Cancelled(Exception):
    """The user cancelled an evaluation or export."""


@dataclass(frozen=True)
class EpisodeResult:
    seed: int
    score: float
    steps: int


@dataclass(frozen=True)
class Recording:
    path: str
    scores: tuple[float, ...]  # every evaluated episode
    best_index: int
    best_score: float
    frames: int  # frames written
    fps: float
    nbytes: int


def _no_progress(fraction: float, message: str) -> None:
    pass


def _never() -> bool:
    return False


def run_episodes(
    policy,
    env_id: str,
    episodes: int = 10,
    seed: int = EVAL_SEED,
    max_steps: int | None = None,
    progress: Progress = _no_progress,
    should_stop: Callable[[], bool] = _never,
) -> list[EpisodeResult]:
    """Greedy episodes of ``policy`` (seeds ``seed + i``, like ``dqn_lab.core.training.evaluate``).

    Stops early (returning the finished episodes) when ``should_stop()`` turns true.
    """
    if episodes < 1:
        raise ValueError(f"episodes must be at least 1, not {episodes}.")
    results: list[EpisodeResult] = []
    for episode_seed, score, steps, _ in greedy_episodes(
        policy, env_id, episodes, seed, max_steps, should_stop
    ):
        results.append(EpisodeResult(episode_seed, score, steps))
        i = len(results)
        progress(i / episodes, Message.of(EPISODE_DONE, i=i, episodes=episodes, score=score))
    return results


def film_episode(
    policy,
    env_id: str,
    seed: int,
    max_steps: int | None = None,
    size: tuple[int, int] = (600, 400),
    every: int = 1,
    caption: str = "",
) -> Generator[np.ndarray, None, None]:
    """Replay the greedy episode seeded ``seed`` and yield every ``every``-th frame
    (the first state included), captioned with the step number."""
    frames = FrameSource(env_id, *size)
    env = make_env(env_id, render_mode=frames.render_mode)
    try:
        state, _ = env.reset(seed=seed)
        t, score, done = 0, 0.0, False
        while True:
            action = None if done else policy.act(state)
            if t % every == 0 or done:
                text = f"{caption}step {t}  score {score:g}"
                yield frames.frame(env, action, text)
            if done:
                return
            state, reward, terminated, truncated, _ = env.step(action)
            score += float(reward)
            t += 1
            done = terminated or truncated or (max_steps is not None and t >= max_steps)
    finally:
        close_env(env)


def expected_frames(steps: int, every: int) -> int:
    """Frames :func:`film_episode` yields for an episode of ``steps`` steps."""
    return len(range(0, steps, every)) + 1


def _even(frame: np.ndarray) -> np.ndarray:
    """Crop to even width and height (yuv420p video needs them)."""
    h, w = frame.shape[:2]
    return frame[: h - h % 2, : w - w % 2]


def write_gif(
    frames: Iterator[np.ndarray],
    path: str,
    fps: float,
    total: int,
    progress: Progress = _no_progress,
    should_stop: Callable[[], bool] = _never,
) -> int:
    """Encode ``frames`` as a looping GIF with one palette (from the first frame)."""
    from PIL import Image

    count = 0
    first_frame = next(frames)
    palette = Image.fromarray(first_frame).quantize(colors=255, method=Image.Quantize.MEDIANCUT)

    def paletted(array: np.ndarray) -> Image.Image:
        return Image.fromarray(array).quantize(palette=palette, dither=Image.Dither.NONE)

    def rest() -> Iterator[Image.Image]:
        nonlocal count
        for array in frames:
            if should_stop():
                raise Cancelled()
            count += 1
            progress(count / total, Message.of(FRAME_DONE, count=count, total=total))
            yield paletted(array)

    count = 1
    paletted(first_frame).save(
        path,
        format="GIF",
        save_all=True,
        append_images=rest(),
        duration=int(round(1000 / fps)),
        loop=0,
        optimize=False,
    )
    return count


def write_mp4(
    frames: Iterator[np.ndarray],
    path: str,
    fps: float,
    total: int,
    progress: Progress = _no_progress,
    should_stop: Callable[[], bool] = _never,
) -> int:
    """Encode ``frames`` as H.264 MP4 through imageio's ffmpeg writer (imageio-ffmpeg)."""
    import imageio.v2 as imageio

    count = 0
    writer = imageio.get_writer(
        path,
        format="FFMPEG",
        mode="I",
        fps=fps,
        codec="libx264",
        quality=7,
        macro_block_size=1,
        pixelformat="yuv420p",
    )
    try:
        for array in frames:
            if should_stop():
                raise Cancelled()
            writer.append_data(_even(array))
            count += 1
            progress(count / total, Message.of(FRAME_DONE, count=count, total=total))
    finally:
        writer.close()
    return count


def record_best(
    policy,
    env_id: str,
    path: str | os.PathLike,
    episodes: int = 3,
    seed: int = EVAL_SEED,
    max_steps: int | None = None,
    size: tuple[int, int] | None = None,
    every: int | None = None,
    progress: Progress = _no_progress,
    should_stop: Callable[[], bool] = _never,
) -> Recording:
    """Play ``episodes`` greedy episodes and export the best one to ``path`` (.gif or .mp4).

    Raises :class:`Cancelled` (and leaves no file) when ``should_stop()`` turns true.
    """
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"Cannot export {path.name!r}: the file name must end in .gif or .mp4.")
    if size is None:
        size = (480, 320) if fmt == "gif" else (640, 400)
    if every is None:
        every = 2 if fmt == "gif" and is_cartpole(env_id) else 1
    if every < 1:
        raise ValueError(f"every must be at least 1, not {every}.")
    # 1. Evaluate (20 % of the progress bar).
    results = run_episodes(
        policy, env_id, episodes, seed, max_steps, lambda f, m: progress(0.2 * f, m), should_stop
    )
    if should_stop() or len(results) < episodes:
        raise Cancelled()
    best = max(range(len(results)), key=lambda i: results[i].score)
    result = results[best]
    # 2. Film the best episode and encode it (80 %).
    env = make_env(env_id)
    fps = float(env.metadata.get("render_fps") or 50) / every
    env.close()
    total = expected_frames(result.steps, every)
    caption = f"best of {episodes}: {result.score:g}   "
    frames = film_episode(policy, env_id, result.seed, max_steps, size, every, caption)
    writer = write_gif if fmt == "gif" else write_mp4
    try:
        # the encoder picks its container by the extension, so the temporary keeps it;
        # a failed write raises AtomicWriteError (a ValueError naming the file)
        with atomic_path(path, suffix=f".{fmt}", verb="export") as tmp:
            count = writer(
                frames,
                str(tmp),
                fps,
                total,
                lambda f, m: progress(
                    0.2 + 0.8 * f, Message.of(ENCODING, kind=fmt.upper(), step=m)
                ),
                should_stop,
            )
    finally:
        frames.close()
    return Recording(
        str(path),
        tuple(r.score for r in results),
        best,
        result.score,
        count,
        fps,
        path.stat().st_size,
    )
