"""The seed's two agents: the naive deep Q agent and DQN, with one API and a fast update.

Both agents act epsilon-greedily from a :class:`NumpyPolicy` (a NumPy copy of the online
weights, ~10 us) and train through :class:`dqn_lab.core.learner.Learner`, one XLA-compiled call that
runs a chunk of queued gradient updates (the seed's ``_replay``: targets
r + gamma * max_a' Q(s', a') with terminal next states set to 0, written into the one-hot of
the taken action, fitted with the masked network's loss). With ``updates_per_call = 1`` the
order of acting and learning is exactly the seed's.

An agent is one member of a learner: alone it owns a learner of one member; in a population
(core.population) K agents share one learner and :func:`flush_group` runs their updates in
the same call. The agent keeps what is its own: replay memory, random stream, epsilon,
counters and queue. ``model`` and ``target_model`` are Keras copies of its networks (for
summaries and export); its weights live in the learner.

All TensorFlow objects of an agent must be created and used on one thread.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from dqn_lab.core.config import Config, rate_gate
from dqn_lab.core.learner import Learner, optimizer_names
from dqn_lab.core.messages import Message
from dqn_lab.core.model import NumpyPolicy, build_model, torch_style_weights
from dqn_lab.core.replay import Batch, ReplayMemory
from dqn_lab.core.tf_loader import load_tensorflow


class Sampled(NamedTuple):
    """A mini-batch as row indices into member ``member`` of a stacked replay memory."""

    member: int
    rows: np.ndarray  # (B,) drawn as ReplayMemory.sample draws them


class Transition(NamedTuple):
    """One environment step, in :meth:`ReplayMemory.add`'s order."""

    state: np.ndarray
    action: int
    reward: float
    next_state: np.ndarray
    done: bool


class Agent:
    """Base of both agents: acting, queued updates, counters and live changes.

    An agent is one member of a :class:`~core.learner.Learner`: a solo agent owns a learner
    of one member; a population's agents share one learner of K members (``member`` is the
    index), so their queued updates run in one compiled call (:func:`flush_group`). The
    agent keeps what is its own: replay memory, random stream, epsilon, counters, queue.
    """

    kind = "base"
    uses_target = False

    def __init__(
        self,
        config: Config,
        state_size: int,
        action_size: int,
        learner: Learner | None = None,
        member: int = 0,
        defer_flush: bool = False,
    ) -> None:
        load_tensorflow()

        self.config = config
        self.state_size, self.action_size = state_size, action_size
        self.rng = np.random.default_rng(config.seed)
        self.epsilon = float(config.epsilon)
        self.step = 0  # transitions trained on (the seed's self.step)
        self.updates = 0  # gradient updates applied
        self.last_loss = float("nan")
        self.last_mean_q = float("nan")
        self.health_error: str | None = None  # set when the health guard refused an update
        self._r_max = 0.0  # largest |reward| seen (the Q bound's scale)
        self.solved = False  # the last solved_window episodes reach the threshold
        self.fallback_left = 0  # episodes still at the fall-back rate (solved_fallback_episodes)
        self.memory = self._make_memory(config)
        self._queue: list[tuple[Batch | Sampled, float]] = []
        self._sync_pending = False
        self._recent_losses: list[float] = []
        self._recent_q: list[float] = []
        # A population flushes its members together after they all stepped.
        self.defer_flush, self.flush_wanted = defer_flush, False
        # A population's DQN members keep their memories in one StackedMemory and queue
        # sampled row indices, gathered for all members at once when the call is packed.
        self.stack: Any = None  # the population's StackedMemory, when a member

        # The Keras network: its (seeded) initial weights start the member, and it stays as
        # a read-only view of the member's weights (``model``, for summaries and export).
        self._view = self._build()
        self._view_version = -1
        self._target_view = None
        self._target_view_version = -1
        if learner is None:
            learner = make_learner(config, state_size, action_size, members=1)
        self.learner, self.member = learner, member
        weights = [np.array(v.numpy()) for v in self._view.trainable_variables]
        if config.init == "torch":
            weights = torch_style_weights([w.shape for w in weights], config.seed)
            self._view.set_weights(weights)
        learner.set_weights(member, weights, weights if self.uses_target else None)
        learner.set_optimizer(
            member,
            dict[str, Any](
                iteration=0,
                learning_rate=config.alpha,
                **{
                    f"{n.replace('/', '_')}_{kind}": np.zeros(s, np.float32)
                    for n, s in zip(learner.names, learner.shapes)
                    for kind in ("momentum", "velocity")
                },
            ),
        )
        learner.set_values(member, gamma=config.gamma, clip=config.grad_clip)
        # The learning-rate schedule: the rate last written to the learner, and one waiting
        # for the next compiled call (flush_group writes every member's at once).
        self._rate_sent = float(np.float32(config.alpha))
        self._rate_due: float | None = None
        self._shapes = list(learner.shapes)
        self._policy: NumpyPolicy | None = None
        self._policy_version = -1

    # -- construction ---------------------------------------------------------------------
    def _build(self):
        c = self.config
        return build_model(
            self.state_size, self.action_size, c.alpha, c.hidden_sizes, c.loss, c.dueling
        )

    def _make_memory(self, config: Config) -> ReplayMemory:
        return ReplayMemory(config.memory_size, self.state_size)

    # -- the member's networks --------------------------------------------------------------
    @property
    def policy(self) -> NumpyPolicy:
        """A frozen NumPy copy of the online weights as of the last compiled call."""
        if self._policy_version != self.learner.version:
            self._policy = NumpyPolicy.from_flat(
                self.learner.latest[self.member], self._shapes, self.config.dueling
            )
            self._policy_version = self.learner.version
        assert self._policy is not None
        return self._policy

    @property
    def model(self):
        """The online network as a Keras model (a copy: writing to it changes nothing)."""
        if self._view_version != self.learner.version:
            self._view.set_weights(self.learner.get_weights(self.member))
            self._view_version = self.learner.version
        return self._view

    @property
    def target_model(self):
        """The target network as a Keras model (a copy), or None for the naive agent."""
        if not self.uses_target:
            return None
        if self._target_view is None:
            self._target_view = self._build()
        if self._target_view_version != self.learner.version:
            self._target_view.set_weights(self.learner.get_weights(self.member, target=True))
            self._target_view_version = self.learner.version
        return self._target_view

    def set_weights(self, online: list[np.ndarray], target: list[np.ndarray] | None = None) -> None:
        """Replace the online (and target) weights, in the order of ``model.get_weights()``."""
        self.flush()
        self.learner.set_weights(self.member, online, target)

    # -- acting ---------------------------------------------------------------------------
    def act(self, state: np.ndarray, greedy: bool = False) -> int:
        """Epsilon-greedy action (greedy when ``greedy``), from the NumPy policy."""
        if not greedy and self.rng.random() <= self.epsilon:
            return int(self.rng.integers(self.action_size))
        return self.policy.act(state)

    def explores(self) -> int | None:
        """The epsilon draw of :meth:`act`: a random action, or None to act greedily."""
        if self.rng.random() <= self.epsilon:
            return int(self.rng.integers(self.action_size))
        return None

    def q_values(self, states: np.ndarray) -> np.ndarray:
        """Q values of the online network as of the last compiled call."""
        return self.policy.q_values(states)

    # -- learning -------------------------------------------------------------------------
    def train(self, transition: tuple) -> None:
        """Store a :class:`dqn_lab.core.records.Transition` (state, action, next_state,
        reward, done: the notebook's order and ``ReplayMemory.add``'s); learn when ready."""
        state, action, next_state, reward, done = transition
        if type(reward) is np.ndarray and reward.ndim:
            raise TypeError(
                "Agent.train takes (state, action, next_state, reward, done); "
                "the reward given is not a number."
            )
        self.memory.add(state, action, next_state, reward, done)
        self.stored(reward)

    def stored(self, reward: float) -> None:
        """What :meth:`train` does once the transition is in memory (a population writes
        all its members' transitions at once, then calls this per member)."""
        if abs(reward) > self._r_max:
            self._r_max = abs(float(reward))
            self.learner.set_values(self.member, q_limit=self.q_limit())
        c = self.config
        if self._ready():
            self._decay_epsilon()
            if (
                self.uses_target
                and c.target_update == "hard"
                and self.step % c.target_model_update_interval == 0
            ):
                self._sync_pending = True
            if self.step % c.train_freq == 0:
                for _ in range(c.gradient_steps):
                    self._queue_update(self._replay_batch())
        self.step += 1

    def _ready(self) -> bool:
        raise NotImplementedError

    def _replay_batch(self) -> Batch | Sampled:
        raise NotImplementedError

    def _decay_epsilon(self) -> None:
        c = self.config
        if self.epsilon > c.epsilon_min:
            if c.epsilon_schedule == "linear":
                self.epsilon = max(c.epsilon_min, self.epsilon - c.epsilon_decay)
            else:
                self.epsilon = max(c.epsilon_min, self.epsilon * (1.0 - c.epsilon_decay))

    def scheduled_rate(self) -> float:
        """The learning rate ``alpha_schedule`` gives at the agent's current step (see
        :func:`scheduled_alpha`), times ``solved_rate_factor`` while the run is solved."""
        c = self.config
        start = c.start_replay_step if self.uses_target else 0
        rate = scheduled_alpha(c, self.step - start)
        if self.solved:
            return rate * c.solved_rate_factor
        if self.fallback_left:
            return rate * c.solved_rate_factor**0.5
        return rate

    @property
    def rate_gate(self) -> str:
        """What lowers the learning rate now: 'solved' (``solved_rate_factor``), 'fallback'
        (``solved_fallback_episodes`` after a fall) or '' (the schedule's rate)."""
        return rate_gate(self.config, self.solved, self.fallback_left)

    def episode_ended(self, recent_scores: list[float], threshold: float | None) -> None:
        """Take the scores of the run's last ``solved_window`` (or more) episodes after an
        episode end: whether the run counts as solved for the learning rate
        (``solved_rate_factor``), or has just fallen back (``solved_fallback_episodes``).
        The rate changes from the next queued update on."""
        c = self.config
        window = recent_scores[-c.solved_window :]
        was_solved = self.solved
        self.solved = bool(
            c.solved_rate_factor < 1.0
            and threshold is not None
            and len(window) >= c.solved_window
            and float(np.mean(window)) >= threshold
        )
        if self.solved or c.solved_rate_factor >= 1.0:
            self.fallback_left = 0
        elif was_solved:
            self.fallback_left = c.solved_fallback_episodes
        else:
            self.fallback_left = max(0, min(self.fallback_left - 1, c.solved_fallback_episodes))

    def restore_gate(self, scores: list[float], threshold: float | None) -> None:
        """The gate's state after the run's episodes ``scores``, for a bundle saved before
        the gate was saved with it: each episode end replayed with the current settings
        (exact unless the solved_* settings changed live)."""
        self.solved, self.fallback_left = False, 0
        for n in range(1, len(scores) + 1):
            self.episode_ended(scores[max(0, n - 100) : n], threshold)

    def _queue_update(self, batch: Batch | Sampled) -> None:
        if rate_moves(self.config):
            rate = float(np.float32(self.scheduled_rate()))  # as the learner stores it
            self._rate_due = rate if rate != self._rate_sent else None
        mix = 0.0
        if self.uses_target:
            if self.config.target_update == "soft":
                mix = self.config.tau
            elif self._sync_pending:
                mix, self._sync_pending = 1.0, False
        self._queue.append((batch, mix))
        if len(self._queue) >= self.learner.updates_per_call:
            if self.defer_flush:
                self.flush_wanted = True
            else:
                self.flush()

    def flush(self) -> None:
        """Run the queued updates in one compiled call and refresh the acting policy."""
        flush_group([self])

    def gather_queued(self) -> None:
        """Gather queued row indices into batches now (before the memory changes)."""
        if self._queue and self.stack is not None:
            self._queue = [
                (
                    self.stack.batch(item.member, item.rows) if isinstance(item, Sampled) else item,
                    mix,
                )
                for item, mix in self._queue
            ]

    def _take_chunk(self, n: int) -> list[tuple[Batch | Sampled, float]]:
        queue = self._queue
        if n == len(queue):  # the usual case: everything queued
            self._queue, self.flush_wanted = [], False
            return queue
        chunk, self._queue = queue[:n], queue[n:]
        self.flush_wanted = len(self._queue) >= self.learner.updates_per_call
        return chunk

    def note_rewards(self, rewards: np.ndarray) -> None:
        """Take the rewards of a restored replay memory into the Q bound's scale."""
        if len(rewards):
            biggest = float(np.max(np.abs(rewards)))
            if biggest > self._r_max:
                self._r_max = biggest
                self.learner.set_values(self.member, q_limit=self.q_limit())

    def q_limit(self) -> float:
        """The health guard's bound on |Q|: 10 times the largest return the rewards seen
        allow, r_max / (1 - gamma), or r_max * max_steps when gamma is 1 (r_max >= 1)."""
        c, r_max = self.config, max(self._r_max, 1.0)
        horizon = c.max_steps if c.gamma >= 1.0 else 1.0 / (1.0 - c.gamma)
        return 10.0 * r_max * horizon

    def _record(self, losses: list[float], mean_qs: list[float], finite: bool = False) -> None:
        """Count the updates of a call by their losses and mean Qs (``finite``: the caller
        has checked that every loss is finite)."""
        bad = None
        if not finite:
            bad = next((i for i, v in enumerate(losses) if not np.isfinite(v)), None)
        if bad is not None:
            if self.health_error is None:
                self.health_error = health_message(
                    self.config, mean_qs[bad], self.q_limit(), self.learning_rate()
                )
            losses, mean_qs = losses[:bad], mean_qs[:bad]
            if not losses:
                return
        self.updates += len(losses)
        self.last_loss, self.last_mean_q = losses[-1], mean_qs[-1]
        self._recent_losses.extend(losses)
        self._recent_q.extend(mean_qs)

    def compile_ahead(self) -> None:
        """Compile the update step now, and leave every variable bitwise as it was.

        XLA compiles at the first call (~0.2-0.5 s, with the compiler's threads busy). The
        GUI calls this while the agent is being built, so the compile does not land when
        replay starts and the window is busiest.
        """
        self.learner.compile_ahead(self.config.batch_size)

    def take_recent_metrics(self) -> tuple[float, float]:
        """Mean loss and mean Q of the updates since the last call (NaN if none)."""
        loss = float(np.mean(self._recent_losses)) if self._recent_losses else float("nan")
        q = float(np.mean(self._recent_q)) if self._recent_q else float("nan")
        self._recent_losses, self._recent_q = [], []
        return loss, q

    # -- live changes ---------------------------------------------------------------------
    def apply_config(self, config: Config) -> None:
        """Take a new validated config during a run; only live fields may differ."""
        old = self.config
        self.flush()
        self.config = config
        if config.epsilon != old.epsilon:
            self.epsilon = float(config.epsilon)
        # Fewer fall-back episodes, or the gate turned off, take effect at once.
        self.fallback_left = min(self.fallback_left, config.solved_fallback_episodes)
        if config.solved_rate_factor >= 1.0:
            self.fallback_left = 0
        rate = None
        if rate_moves(config):
            rate = self.scheduled_rate()  # the schedule's rate now, with the new values
        elif config.alpha != old.alpha or rate_moves(old):
            rate = config.alpha
        self.learner.set_values(
            self.member,
            gamma=config.gamma,
            clip=config.grad_clip,
            learning_rate=rate,
            q_limit=self.q_limit(),
        )
        if rate is not None:
            self._rate_sent, self._rate_due = float(np.float32(rate)), None
        if config.batch_size != old.batch_size and self.kind == "naive":
            self._resize_memory(config.batch_size)

    def _resize_memory(self, capacity: int) -> None:
        old = self.memory.last(capacity)
        self.memory = ReplayMemory(capacity, self.state_size)
        for row in zip(old.states, old.actions, old.rewards, old.next_states, old.dones):
            self.memory.add(row[0], int(row[1]), row[3], float(row[2]), bool(row[4]))

    def learning_rate(self) -> float:
        """The optimizer's current learning rate (read from its variable)."""
        return self.learner.value(self.member, "learning_rate")

    def gamma(self) -> float:
        """The discount factor the compiled step reads."""
        return self.learner.value(self.member, "gamma")

    def counters(self) -> dict:
        """Plain counters for statistics and save files."""
        return dict(
            step=self.step,
            updates=self.updates,
            epsilon=self.epsilon,
            sync_pending=self._sync_pending,
        )

    # -- persistence (core.persistence) ---------------------------------------------------
    def export_state(self) -> dict:
        """Weights, optimizer variables, RNG state and counters as NumPy and plain values.

        Queued updates are flushed first, so the weights include every update that the
        stored transitions asked for. Variables are keyed by their Keras path
        ('hidden_1/kernel'); the optimizer's by Keras 3 Adam's names without the instance
        prefix ('iteration', 'learning_rate', 'hidden_1_kernel_momentum', ...).
        """
        self.flush()
        names, learner = self.learner.names, self.learner
        return dict(
            online=dict(zip(names, learner.get_weights(self.member))),
            target=(
                dict(zip(names, learner.get_weights(self.member, target=True)))
                if self.uses_target
                else {}
            ),
            optimizer=learner.get_optimizer(self.member),
            rng=self.rng.bit_generator.state,
            counters=dict(
                step=self.step,
                updates=self.updates,
                epsilon=self.epsilon,
                sync_pending=self._sync_pending,
                last_loss=self.last_loss,
                last_mean_q=self.last_mean_q,
                solved=self.solved,
                fallback_left=self.fallback_left,
            ),
        )

    def import_state(self, state: dict) -> None:
        """Restore what :meth:`export_state` returned (validated by the caller)."""
        learner = self.learner
        shapes = dict(zip(learner.names, learner.shapes))
        groups: list[tuple[dict, dict]] = [
            (state["online"], shapes),
            (state["optimizer"], {n: None for n in optimizer_names(learner.names)}),
        ]
        if self.uses_target:
            groups.append((state["target"], shapes))
        for saved, expected in groups:
            if set(expected) != set(saved):
                raise ValueError(
                    f"The saved variables {sorted(saved)} do not match the "
                    f"network's {sorted(expected)}."
                )
        for name, shape in shapes.items():
            for saved in [g[0] for g in groups if g[1] is shapes]:
                if tuple(np.shape(saved[name])) != shape:
                    raise ValueError(
                        f"The saved variable {name} has shape "
                        f"{tuple(np.shape(saved[name]))}, not {shape}."
                    )
        self._queue, self._recent_losses, self._recent_q = [], [], []
        self.flush_wanted = False
        learner.set_weights(
            self.member,
            [state["online"][n] for n in learner.names],
            [state["target"][n] for n in learner.names] if self.uses_target else None,
        )
        learner.set_optimizer(self.member, state["optimizer"])
        self._rate_sent = float(np.float32(state["optimizer"]["learning_rate"]))
        self._rate_due = None
        self.rng.bit_generator.state = state["rng"]
        c = state["counters"]
        self.step, self.updates = int(c["step"]), int(c["updates"])
        self.epsilon, self._sync_pending = float(c["epsilon"]), bool(c["sync_pending"])
        self.last_loss, self.last_mean_q = float(c["last_loss"]), float(c["last_mean_q"])


def flush_group(agents: list[Agent], complete: list[Agent] | None = None) -> None:
    """Run the queued updates of agents sharing one learner, all in the same compiled calls.

    Agents in ``complete`` (all by default) run their whole queue; the others only whole
    calls' worth (``updates_per_call`` each), as a solo agent does between episode ends.
    Each call takes up to ``updates_per_call`` updates from every agent's queue; an agent
    with fewer (or none) is inactive in the rows it does not fill, so it stays exactly as
    it was there.
    """
    if not agents:
        return
    learner = agents[0].learner
    # Scheduled learning rates first: one write for every member whose rate moved.
    rates = [(a.member, a._rate_due) for a in agents if a._rate_due is not None]
    if rates:
        learner.set_rates(rates)
        for a in agents:
            if a._rate_due is not None:
                a._rate_sent, a._rate_due = a._rate_due, None
    per_call, lay = learner.updates_per_call, learner.layout
    # What each agent runs now: its whole queue, or its whole calls' worth.
    if complete is None:
        due = [len(a._queue) for a in agents]
    else:
        everything = {id(a) for a in complete}
        due = [
            len(a._queue) if id(a) in everything else len(a._queue) - len(a._queue) % per_call
            for a in agents
        ]
    # [agent, updates still due] of every agent with updates to run
    waiting: list[list[Any]] = [[a, d] for a, d in zip(agents, due) if d > 0]
    while waiting:
        chunks: list[tuple[Agent, list[tuple[Batch | Sampled, float]]]] = []
        for entry in waiting:
            agent, left = entry
            take = per_call if left > per_call else left
            entry[1] = left - take
            chunks.append((agent, agent._take_chunk(take)))
        first = chunks[0][1][0][0]
        b = len(first.rows) if isinstance(first, Sampled) else len(first.actions)
        packed = learner.input_buffer(b)
        sampled: list = []
        stack: Any = None
        for agent, chunk in chunks:
            for u, (item, mix) in enumerate(chunk):
                if type(item) is Sampled:
                    sampled.append((u, item, mix))
                    stack = agent.stack
                else:
                    lay.pack(packed[u, agent.member], item, mix)
        if sampled:
            stack.pack(packed, sampled)
        losses, mean_qs = learner.run(packed)
        finite = np.isfinite(losses).all(axis=0).tolist()  # per member, over the call
        member_losses, member_qs = losses.T.tolist(), mean_qs.T.tolist()
        for agent, chunk in chunks:
            k, m = len(chunk), agent.member
            if k == per_call:  # the usual case: a whole call's worth
                agent._record(member_losses[m], member_qs[m], finite[m])
            else:
                agent._record(member_losses[m][:k], member_qs[m][:k], finite[m])
        waiting = [entry for entry in waiting if entry[1] > 0]


def rate_moves(config: Config) -> bool:
    """Whether the learning rate can leave ``alpha`` during a run (a schedule, or the lower
    rate once solved)."""
    return config.alpha_schedule != "constant" or config.solved_rate_factor < 1.0


def scheduled_alpha(config: Config, steps: int) -> float:
    """The learning rate after ``steps`` environment steps of learning: ``alpha`` for the
    constant schedule; for 'linear', alpha + min(steps / alpha_decay_steps, 1) *
    (alpha_min - alpha) (alpha before learning starts)."""
    c = config
    if c.alpha_schedule == "constant":
        return c.alpha
    fraction = min(max(steps, 0) / c.alpha_decay_steps, 1.0)
    return c.alpha + fraction * (c.alpha_min - c.alpha)


# The health guard's message: what it saw and the likely cause (Message templates, so the
# GUI can translate them; resources/i18n/make_config_strings.py lists them).
HEALTH_STOPPED = (
    "Training stopped: {seen}; {cause}. The last good state is kept (the refused update was "
    "not applied)."
)
HEALTH_SEEN_Q = "Q values reached {q_max:.4g}, beyond the bound {q_limit:.4g}"
HEALTH_SEEN_NONFINITE = "the loss or the weights became non-finite (NaN or infinity)"
HEALTH_BOOTSTRAP = (
    "gamma 1.0 with bootstrapping through the time limit lets Q grow without bound: lower "
    "gamma or count the time limit as terminal"
)
HEALTH_LR_HIGH = "the learning rate {lr:g} is likely too high: lower alpha"
HEALTH_GAMMA_ONE = "gamma 1.0 bounds Q only by the episode length: try gamma 0.99"
HEALTH_LR = (
    "the learning rate {lr:g} is the likely cause: lower alpha, or use the huber loss or a "
    "gradient clip"
)
HEALTH_TEMPLATES = (
    HEALTH_STOPPED,
    HEALTH_SEEN_Q,
    HEALTH_SEEN_NONFINITE,
    HEALTH_BOOTSTRAP,
    HEALTH_LR_HIGH,
    HEALTH_GAMMA_ONE,
    HEALTH_LR,
)


def health_message(
    config: Config, q_max: float, q_limit: float, learning_rate: float | None = None
) -> Message:
    """One line: what the health guard saw and which setting most likely caused it."""
    c = config
    lr = c.alpha if learning_rate is None else learning_rate
    if np.isfinite(q_max):
        seen = Message.of(HEALTH_SEEN_Q, q_max=q_max, q_limit=q_limit)
    else:
        seen = Message.of(HEALTH_SEEN_NONFINITE)
    if c.gamma >= 1.0 and not c.truncation_as_terminal and lr < 0.01:
        cause = Message.of(HEALTH_BOOTSTRAP)
    elif lr >= 0.01 or not np.isfinite(q_max):
        cause = Message.of(HEALTH_LR_HIGH, lr=lr)
    elif c.gamma >= 1.0:
        cause = Message.of(HEALTH_GAMMA_ONE)
    else:
        cause = Message.of(HEALTH_LR, lr=lr)
    return Message.of(HEALTH_STOPPED, seen=seen, cause=cause)


def make_learner(config: Config, state_size: int, action_size: int, members: int) -> Learner:
    """The stacked learner for ``members`` agents of ``config``'s kind and shape."""
    return Learner(
        members,
        state_size,
        action_size,
        hidden_sizes=config.hidden_sizes,
        dueling=config.dueling,
        loss=config.loss,
        uses_target=config.agent == "dqn",
        double_dqn=config.double_dqn,
        updates_per_call=config.updates_per_call,
    )


class NaiveAgent(Agent):
    """The seed's ``AdvancedQAgent``: memory is only the last mini-batch, no target network.

    Once the memory holds a full batch it replays those latest transitions every step,
    using its own online network for the next-state Q values.
    """

    kind = "naive"
    uses_target = False

    def _make_memory(self, config: Config) -> ReplayMemory:
        return ReplayMemory(config.batch_size, self.state_size)

    def _ready(self) -> bool:
        return len(self.memory) >= self.config.batch_size

    def _replay_batch(self) -> Batch:
        return self.memory.last(self.config.batch_size)


class DQNAgent(Agent):
    """DQN: a large replay memory sampled uniformly at random and a target network."""

    kind = "dqn"
    uses_target = True

    def _ready(self) -> bool:
        # The memory must hold the warm-up's worth of transitions: always true in a fresh
        # run, and after loading a bundle without its memory replay waits for a refill.
        return self.step >= self.config.start_replay_step and len(self.memory) >= min(
            self.config.start_replay_step, self.memory.capacity
        )

    def _replay_batch(self) -> Batch | Sampled:
        if self.stack is None:
            return self.memory.sample(self.config.batch_size, self.rng)
        if len(self.memory) == 0:
            raise ValueError("Cannot sample from an empty replay memory.")
        # The draw of ReplayMemory.sample, gathered later for all members at once.
        return Sampled(
            self.member, self.rng.integers(0, len(self.memory), size=self.config.batch_size)
        )


def make_agent(
    config: Config,
    state_size: int,
    action_size: int,
    learner: Learner | None = None,
    member: int = 0,
    defer_flush: bool = False,
) -> Agent:
    """The agent that ``config.agent`` names (alone, or member ``member`` of ``learner``)."""
    cls = {"naive": NaiveAgent, "dqn": DQNAgent}[config.agent]
    return cls(config, state_size, action_size, learner, member, defer_flush)
