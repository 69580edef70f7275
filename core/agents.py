"""The seed's two agents: the naive deep Q agent and DQN, with one API and a fast update.

Both agents act epsilon-greedily from a :class:`NumpyPolicy` (a NumPy copy of the online
weights, ~10 us) and train through one XLA-compiled TensorFlow function that runs a chunk
of queued gradient updates in a single call (the seed's ``_replay``: targets
r + gamma * max_a' Q(s', a') with terminal next states set to 0, written into the one-hot of
the taken action, fitted with the masked network's loss). With ``updates_per_call = 1`` the
order of acting and learning is exactly the seed's.

All TensorFlow objects of an agent must be created and used on one thread.
"""

from __future__ import annotations

import numpy as np

from core.config import Config
from core.tf_loader import load_tensorflow
from core.model import NumpyPolicy, build_model
from core.replay import Batch, ReplayMemory


class Agent:
    """Base of both agents: acting, queued updates, counters and live changes."""

    kind = "base"
    uses_target = False

    def __init__(self, config: Config, state_size: int, action_size: int) -> None:
        tf = load_tensorflow()

        self.config = config
        self.state_size, self.action_size = state_size, action_size
        self.rng = np.random.default_rng(config.seed)
        self.epsilon = float(config.epsilon)
        self.step = 0            # transitions trained on (the seed's self.step)
        self.updates = 0         # gradient updates applied
        self.last_loss = float("nan")
        self.last_mean_q = float("nan")
        self.memory = self._make_memory(config)
        self._queue: list[tuple[Batch, float]] = []
        self._sync_pending = False
        self._recent_losses: list[float] = []
        self._recent_q: list[float] = []

        self.model = self._build()
        self.target_model = self._build() if self.uses_target else None
        if self.target_model is not None:
            self.target_model.set_weights(self.model.get_weights())
        self.optimizer = self.model.optimizer
        self.optimizer.build(self.model.trainable_variables)
        self._gamma = tf.Variable(config.gamma, dtype=tf.float32, trainable=False)
        self._clip = tf.Variable(config.grad_clip, dtype=tf.float32, trainable=False)
        self._shapes = [tuple(v.shape) for v in self.model.trainable_variables]
        self._train_fn = self._compile_train_fn()
        self.policy = NumpyPolicy(tuple(np.array(v.numpy()) for v in
                                        self.model.trainable_variables), config.dueling)

    # -- construction ---------------------------------------------------------------------
    def _build(self):
        c = self.config
        return build_model(self.state_size, self.action_size, c.alpha, c.hidden_sizes, c.loss,
                           c.dueling)

    def _make_memory(self, config: Config) -> ReplayMemory:
        return ReplayMemory(config.memory_size, self.state_size)

    def _compile_train_fn(self):
        import keras
        import tensorflow as tf

        model, target = self.model, self.target_model
        online_vars = model.trainable_variables
        target_vars = target.trainable_variables if target is not None else []
        optimizer, gamma, clip = self.optimizer, self._gamma, self._clip
        loss_fn = (keras.losses.Huber() if self.config.loss == "huber"
                   else keras.losses.MeanSquaredError())
        n_actions, double = self.action_size, self.config.double_dqn
        f32, i32 = tf.float32, tf.int32
        n = self.state_size
        # One packed array per chunk (K, B, 2n + 4): [state | next_state | action, reward,
        # done, target mix] (the mix is the same on every row of an update) in, and one
        # vector [losses | mean Qs | flat online weights] out: every tensor crossing the
        # Python boundary costs a conversion (~20-40 us), about as much as an env step.
        # XLA compiles once per chunk shape: a full chunk of updates_per_call, and chunks
        # of one for what is left at an episode end.
        signature = [tf.TensorSpec([None, None, 2 * n + 4], f32)]

        @tf.function(input_signature=signature, jit_compile=True)
        def train_chunk(packed):
            k = tf.shape(packed)[0]
            states, next_states = packed[:, :, :n], packed[:, :, n:2 * n]
            actions = tf.cast(packed[:, :, 2 * n], i32)
            rewards, dones = packed[:, :, 2 * n + 1], packed[:, :, 2 * n + 2]
            target_mix = packed[:, 0, 2 * n + 3]
            losses = tf.TensorArray(f32, size=k)
            mean_qs = tf.TensorArray(f32, size=k)
            for i in tf.range(k):
                # Target network update before the replay, as the seed orders it.
                for tv, ov in zip(target_vars, online_vars):
                    tv.assign(tv + target_mix[i] * (ov - tv))
                s, s2 = states[i], next_states[i]
                ones = tf.ones((tf.shape(s)[0], n_actions), f32)
                if target is None:          # naive agent: its own network is the target
                    next_q = model([s2, ones], training=False)
                elif double:                # online net chooses, target net values
                    best = tf.argmax(model([s2, ones], training=False), axis=1)
                    next_q_all = target([s2, ones], training=False)
                    next_q = tf.one_hot(best, n_actions) * next_q_all
                    next_q = tf.reduce_sum(next_q, axis=1, keepdims=True) * ones
                else:
                    next_q = target([s2, ones], training=False)
                # Q of terminal next states is 0 by definition.
                q_target = rewards[i] + gamma * tf.reduce_max(next_q, axis=1) * (1.0 - dones[i])
                one_hot = tf.one_hot(actions[i], n_actions, dtype=f32)
                y = one_hot * q_target[:, None]
                with tf.GradientTape() as tape:
                    q = model([s, one_hot], training=True)
                    loss = loss_fn(y, q)
                grads = tape.gradient(loss, online_vars)
                grads = tf.cond(clip > 0.0, lambda: tf.clip_by_global_norm(grads, clip)[0],
                                lambda: grads)
                optimizer.apply_gradients(zip(grads, online_vars))
                losses = losses.write(i, loss)
                mean_qs = mean_qs.write(i, tf.reduce_sum(q) / tf.cast(tf.shape(s)[0], f32))
            flat = [tf.reshape(v, [-1]) for v in online_vars]
            return tf.concat([losses.stack(), mean_qs.stack()] + flat, axis=0)

        # Calling the concrete function with tensors skips argument matching (~0.4 ms).
        return train_chunk.get_concrete_function()

    # -- acting ---------------------------------------------------------------------------
    def act(self, state: np.ndarray, greedy: bool = False) -> int:
        """Epsilon-greedy action (greedy when ``greedy``), from the NumPy policy."""
        if not greedy and self.rng.random() <= self.epsilon:
            return int(self.rng.integers(self.action_size))
        return self.policy.act(state)

    def q_values(self, states: np.ndarray) -> np.ndarray:
        """Q values of the online network as of the last compiled call."""
        return self.policy.q_values(states)

    # -- learning -------------------------------------------------------------------------
    def train(self, transition: tuple) -> None:
        """Store a transition (state, action, next_state, reward, done); learn when ready."""
        state, action, next_state, reward, done = transition
        self.memory.add(state, action, next_state, reward, done)
        c = self.config
        if self._ready():
            self._decay_epsilon()
            if self.uses_target and c.target_update == "hard" \
                    and self.step % c.target_model_update_interval == 0:
                self._sync_pending = True
            if self.step % c.train_freq == 0:
                for _ in range(c.gradient_steps):
                    self._queue_update(self._replay_batch())
        self.step += 1

    def _ready(self) -> bool:
        raise NotImplementedError

    def _replay_batch(self) -> Batch:
        raise NotImplementedError

    def _decay_epsilon(self) -> None:
        c = self.config
        if self.epsilon > c.epsilon_min:
            if c.epsilon_schedule == "linear":
                self.epsilon = max(c.epsilon_min, self.epsilon - c.epsilon_decay)
            else:
                self.epsilon = max(c.epsilon_min, self.epsilon * (1.0 - c.epsilon_decay))

    def _queue_update(self, batch: Batch) -> None:
        mix = 0.0
        if self.uses_target:
            if self.config.target_update == "soft":
                mix = self.config.tau
            elif self._sync_pending:
                mix, self._sync_pending = 1.0, False
        self._queue.append((batch, mix))
        if len(self._queue) >= self.config.updates_per_call:
            self.flush()

    def flush(self) -> None:
        """Run the queued updates in one compiled call and refresh the acting policy."""
        if not self._queue:
            return
        import tensorflow as tf

        queue, self._queue = self._queue, []
        full = len(queue) == self.config.updates_per_call
        chunks = [queue] if full else [[item] for item in queue]
        losses, mean_qs = [], []
        for chunk in chunks:
            k = len(chunk)
            out = self._train_fn(tf.constant(self._pack(chunk))).numpy()
            losses.extend(out[:k].tolist())
            mean_qs.extend(out[k:2 * k].tolist())
            flat = out[2 * k:]
        n = len(queue)
        self.updates += n
        self.last_loss, self.last_mean_q = losses[-1], mean_qs[-1]
        self._recent_losses.extend(losses)
        self._recent_q.extend(mean_qs)
        self.policy = NumpyPolicy.from_flat(flat, self._shapes, self.config.dueling)

    def compile_ahead(self) -> None:
        """Compile the update step now, and leave every variable bitwise as it was.

        XLA compiles at the first call (~0.2-0.5 s, with the compiler's threads busy). The
        GUI calls this while the agent is being built, so the compile does not land when
        replay starts and the window is busiest. Runs one zero batch per chunk shape that
        ``flush`` uses, then assigns back the saved weights, target and optimizer state.
        """
        import tensorflow as tf

        variables = list(self.model.weights) + list(self.optimizer.variables)
        if self.target_model is not None:
            variables += list(self.target_model.weights)
        saved = [np.array(v.numpy()) for v in variables]
        width = 2 * self.state_size + 4
        for k in sorted({1, self.config.updates_per_call}):
            self._train_fn(tf.constant(np.zeros((k, self.config.batch_size, width),
                                                np.float32)))
        for variable, value in zip(variables, saved):
            variable.assign(value)

    def _pack(self, chunk: list[tuple[Batch, float]]) -> np.ndarray:
        """Stack a chunk into (K, B, 2n + 4): [state | next | action, reward, done, mix]."""
        m, b = self.state_size, chunk[0][0].actions.shape[0]
        packed = np.empty((len(chunk), b, 2 * m + 4), np.float32)
        for i, (batch, mix) in enumerate(chunk):
            row = packed[i]
            row[:, :m], row[:, m:2 * m] = batch.states, batch.next_states
            row[:, 2 * m], row[:, 2 * m + 1], row[:, 2 * m + 2] = (batch.actions, batch.rewards,
                                                                  batch.dones)
            row[:, 2 * m + 3] = mix
        return packed

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
        if config.alpha != old.alpha:
            self.optimizer.learning_rate.assign(config.alpha)
        self._gamma.assign(config.gamma)
        self._clip.assign(config.grad_clip)
        if config.batch_size != old.batch_size and self.kind == "naive":
            self._resize_memory(config.batch_size)

    def _resize_memory(self, capacity: int) -> None:
        old = self.memory.last(capacity)
        self.memory = ReplayMemory(capacity, self.state_size)
        for row in zip(old.states, old.actions, old.rewards, old.next_states, old.dones):
            self.memory.add(row[0], int(row[1]), row[3], float(row[2]), bool(row[4]))

    def learning_rate(self) -> float:
        """The optimizer's current learning rate (read from its variable)."""
        return float(self.optimizer.learning_rate.numpy())

    def gamma(self) -> float:
        """The discount factor the compiled step reads."""
        return float(self._gamma.numpy())

    def counters(self) -> dict:
        """Plain counters for statistics and save files."""
        return dict(step=self.step, updates=self.updates, epsilon=self.epsilon,
                    sync_pending=self._sync_pending)

    # -- persistence (core.persistence) ---------------------------------------------------
    def export_state(self) -> dict:
        """Weights, optimizer variables, RNG state and counters as NumPy and plain values.

        Queued updates are flushed first, so the weights include every update that the
        stored transitions asked for. Variables are keyed by path ('hidden_1/kernel'); the
        optimizer's without its instance prefix ('adam/', 'adam_2/', ...).
        """
        self.flush()
        return dict(
            online={v.path: np.array(v.numpy()) for v in self.model.weights},
            target=({v.path: np.array(v.numpy()) for v in self.target_model.weights}
                    if self.target_model is not None else {}),
            optimizer={v.path.split("/", 1)[-1]: np.array(v.numpy())
                       for v in self.optimizer.variables},
            rng=self.rng.bit_generator.state,
            counters=dict(step=self.step, updates=self.updates, epsilon=self.epsilon,
                          sync_pending=self._sync_pending, last_loss=self.last_loss,
                          last_mean_q=self.last_mean_q))

    def import_state(self, state: dict) -> None:
        """Restore what :meth:`export_state` returned (validated by the caller)."""
        groups = [(self.model.weights, state["online"], lambda v: v.path),
                  (self.optimizer.variables, state["optimizer"],
                   lambda v: v.path.split("/", 1)[-1])]
        if self.target_model is not None:
            groups.append((self.target_model.weights, state["target"], lambda v: v.path))
        for variables, saved, name in groups:
            if {name(v) for v in variables} != set(saved):
                raise ValueError(f"The saved variables {sorted(saved)} do not match the "
                                 f"network's {sorted(name(v) for v in variables)}.")
            for v in variables:
                v.assign(saved[name(v)])
        self._queue, self._recent_losses, self._recent_q = [], [], []
        self.rng.bit_generator.state = state["rng"]
        c = state["counters"]
        self.step, self.updates = int(c["step"]), int(c["updates"])
        self.epsilon, self._sync_pending = float(c["epsilon"]), bool(c["sync_pending"])
        self.last_loss, self.last_mean_q = float(c["last_loss"]), float(c["last_mean_q"])
        self.policy = NumpyPolicy(tuple(np.array(v.numpy()) for v in
                                        self.model.trainable_variables), self.config.dueling)


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
        return (self.step >= self.config.start_replay_step
                and len(self.memory) >= min(self.config.start_replay_step,
                                            self.memory.capacity))

    def _replay_batch(self) -> Batch:
        return self.memory.sample(self.config.batch_size, self.rng)


def make_agent(config: Config, state_size: int, action_size: int) -> Agent:
    """The agent that ``config.agent`` names."""
    cls = {"naive": NaiveAgent, "dqn": DQNAgent}[config.agent]
    return cls(config, state_size, action_size)
