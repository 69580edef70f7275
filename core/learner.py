"""The compiled update of K agents at once: stacked weights, one XLA call for K updates.

A :class:`Learner` holds the online (and target) networks of K members as stacked
variables, ``(K, in, out)`` kernels and ``(K, out)`` biases, with a per-member Adam state and
per-member live values (learning rate, gamma, gradient clip) read inside the compiled step, so
changing one never retraces. One call runs U queued updates for every member: batched matrix
products over K, the seed's ``_replay`` targets (r + gamma * max_a' Q(s', a'), 0 for terminal
next states, written into the one-hot of the taken action), the masked network's loss, the
gradient clipped by each member's own global norm, and Keras 3's Adam written out (it is
elementwise, so per member it is exactly ``keras.optimizers.Adam``). A member whose row is
inactive in the packed input keeps its weights, target and Adam state bit for bit.

The solo agent is a learner with K = 1. All TensorFlow objects of a learner must be created
and used on one thread.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

# Keras 3 Adam's defaults (keras.optimizers.Adam), used by the seed's model.compile.
ADAM_BETA_1, ADAM_BETA_2, ADAM_EPSILON = 0.9, 0.999, 1e-7
HUBER_DELTA = 1.0   # keras.losses.Huber's default


@dataclass(frozen=True)
class UpdateLayout:
    """The packed input of one compiled call and its flat output, in one place.

    Input ``(U, K, B, width)`` float32: update ``u`` of member ``k`` is a mini-batch of ``B``
    rows ``[state | next_state | action, reward, done, mix, active]``; ``mix`` (the target
    network's step towards the online one before the update: 0, tau or 1 for a hard sync)
    and ``active`` (1 to apply the update, 0 to leave the member as it is) are the same on
    every row of an update. Every tensor crossing the Python boundary costs a conversion
    (~20-40 us), so everything travels in this one array.

    Output, one float32 vector: ``[losses (U*K) | mean Qs (U*K) | weights (K*P)]``, the
    member's flat online weights in the order of the network's trainable variables.
    """

    state_size: int

    @property
    def state(self) -> slice:
        return slice(0, self.state_size)

    @property
    def next_state(self) -> slice:
        return slice(self.state_size, 2 * self.state_size)

    @property
    def action(self) -> int:
        return 2 * self.state_size

    @property
    def reward(self) -> int:
        return 2 * self.state_size + 1

    @property
    def done(self) -> int:
        return 2 * self.state_size + 2

    @property
    def mix(self) -> int:
        return 2 * self.state_size + 3

    @property
    def active(self) -> int:
        return 2 * self.state_size + 4

    @property
    def width(self) -> int:
        return 2 * self.state_size + 5

    def split_output(self, out: np.ndarray, updates: int, members: int
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(losses (U, K), mean Qs (U, K), weights (K, P)) of a compiled call's output."""
        n = updates * members
        return (out[:n].reshape(updates, members), out[n:2 * n].reshape(updates, members),
                out[2 * n:].reshape(members, -1))


def variable_names(hidden_sizes: tuple[int, ...], dueling: bool) -> list[str]:
    """Keras paths of the masked network's trainable variables, in their order."""
    layers = [f"hidden_{i + 1}" for i in range(len(hidden_sizes))]
    layers += ["value", "advantage"] if dueling else ["q_values"]
    return [f"{layer}/{kind}" for layer in layers for kind in ("kernel", "bias")]


def variable_shapes(state_size: int, action_size: int, hidden_sizes: tuple[int, ...],
                    dueling: bool) -> list[tuple[int, ...]]:
    """Shapes of those variables (the same order as :func:`variable_names`)."""
    shapes, width = [], state_size
    for units in hidden_sizes:
        shapes += [(width, units), (units,)]
        width = units
    heads = [1, action_size] if dueling else [action_size]
    for units in heads:
        shapes += [(width, units), (units,)]
    return shapes


def optimizer_names(names: list[str]) -> list[str]:
    """Keras 3 Adam's variable names (without the optimizer's 'adam/' prefix)."""
    out = ["iteration", "learning_rate"]
    for name in names:
        base = name.replace("/", "_")
        out += [f"{base}_momentum", f"{base}_velocity"]
    return out


class Learner:
    """Stacked networks, Adam states and live values of K members, and the compiled step."""

    def __init__(self, members: int, state_size: int, action_size: int, *,
                 hidden_sizes: tuple[int, ...], dueling: bool, loss: str, uses_target: bool,
                 double_dqn: bool, updates_per_call: int) -> None:
        from core.tf_loader import load_tensorflow

        tf = load_tensorflow()
        self.members, self.state_size, self.action_size = members, state_size, action_size
        self.dueling, self.uses_target = dueling, uses_target
        self.updates_per_call = updates_per_call
        self.layout = UpdateLayout(state_size)
        self.names = variable_names(hidden_sizes, dueling)
        self.shapes = variable_shapes(state_size, action_size, hidden_sizes, dueling)
        self.param_count = sum(math.prod(s) for s in self.shapes)

        def stack(name: str, shape: tuple[int, ...], dtype=tf.float32):
            return tf.Variable(tf.zeros((members,) + shape, dtype), trainable=False,
                               name=name.replace("/", "_"))

        self.online = [stack(f"online/{n}", s) for n, s in zip(self.names, self.shapes)]
        self.target = ([stack(f"target/{n}", s) for n, s in zip(self.names, self.shapes)]
                       if uses_target else [])
        self.momentum = [stack(f"m/{n}", s) for n, s in zip(self.names, self.shapes)]
        self.velocity = [stack(f"v/{n}", s) for n, s in zip(self.names, self.shapes)]
        self.iteration = stack("iteration", (), tf.int64)
        self.learning_rate = stack("learning_rate", ())
        self.gamma = stack("gamma", ())
        self.clip = stack("clip", ())
        # The members' online weights as of the last call (K, P): the acting copies.
        self.latest = np.zeros((members, self.param_count), np.float32)
        self.version = 0    # bumped whenever ``latest`` changes
        self._fn = self._compile(loss, double_dqn)

    # -- per-member values ------------------------------------------------------------------
    def set_values(self, member: int, *, learning_rate: float | None = None,
                   gamma: float | None = None, clip: float | None = None) -> None:
        """A member's live values (None keeps one), read by the compiled step's next call."""
        for variable, value in ((self.learning_rate, learning_rate), (self.gamma, gamma),
                                (self.clip, clip)):
            if value is not None:
                variable[member].assign(value)

    def get_weights(self, member: int, target: bool = False) -> list[np.ndarray]:
        variables = self.target if target else self.online
        return [np.array(v[member].numpy()) for v in variables]

    def set_weights(self, member: int, online: list[np.ndarray],
                    target: list[np.ndarray] | None = None) -> None:
        """Assign a member's online (and target) weights, in the order of ``names``."""
        for var, value, shape in zip(self.online, online, self.shapes):
            var[member].assign(np.asarray(value, np.float32).reshape(shape))
        if target is not None and self.uses_target:
            for var, value, shape in zip(self.target, target, self.shapes):
                var[member].assign(np.asarray(value, np.float32).reshape(shape))
        self.latest[member] = np.concatenate([np.ravel(w) for w in online])
        self.version += 1

    def get_optimizer(self, member: int) -> dict[str, np.ndarray]:
        """A member's Adam state under Keras 3's variable names."""
        out = dict(iteration=np.array(self.iteration[member].numpy()),
                   learning_rate=np.array(self.learning_rate[member].numpy()))
        for name, m, v in zip(self.names, self.momentum, self.velocity):
            base = name.replace("/", "_")
            out[f"{base}_momentum"] = np.array(m[member].numpy())
            out[f"{base}_velocity"] = np.array(v[member].numpy())
        return out

    def set_optimizer(self, member: int, state: dict[str, np.ndarray]) -> None:
        self.iteration[member].assign(int(state["iteration"]))
        self.learning_rate[member].assign(float(state["learning_rate"]))
        for name, m, v in zip(self.names, self.momentum, self.velocity):
            base = name.replace("/", "_")
            m[member].assign(state[f"{base}_momentum"])
            v[member].assign(state[f"{base}_velocity"])

    def all_variables(self) -> list:
        return (self.online + self.target + self.momentum + self.velocity
                + [self.iteration, self.learning_rate, self.gamma, self.clip])

    # -- the compiled step ------------------------------------------------------------------
    def run(self, packed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Run a packed ``(U, K, B, width)`` chunk; (losses (U, K), mean Qs (U, K))."""
        import tensorflow as tf

        out = self._fn(tf.constant(packed)).numpy()
        losses, mean_qs, weights = self.layout.split_output(out, packed.shape[0],
                                                            self.members)
        self.latest = weights
        self.version += 1
        return losses, mean_qs

    def _compile(self, loss: str, double_dqn: bool):
        import tensorflow as tf

        f32 = tf.float32
        lay, k_members, n_actions = self.layout, self.members, self.action_size
        online, target = self.online, self.target
        momentum, velocity, iteration = self.momentum, self.velocity, self.iteration
        lr, gamma, clip = self.learning_rate, self.gamma, self.clip
        uses_target, dueling = self.uses_target, self.dueling
        n_hidden = len(self.shapes) // 2 - (2 if dueling else 1)
        b1, b2 = ADAM_BETA_1, ADAM_BETA_2

        def forward(weights, x):
            """Q values (K, B, A) of stacked networks for states x (K, B, n)."""
            for i in range(n_hidden):
                x = tf.nn.relu(tf.matmul(x, weights[2 * i]) + weights[2 * i + 1][:, None, :])
            j = 2 * n_hidden
            if not dueling:
                return tf.matmul(x, weights[j]) + weights[j + 1][:, None, :]
            value = tf.matmul(x, weights[j]) + weights[j + 1][:, None, :]
            adv = tf.matmul(x, weights[j + 2]) + weights[j + 3][:, None, :]
            return value + adv - tf.reduce_mean(adv, axis=2, keepdims=True)

        def per_member(flag, like):
            """A (K,) vector shaped to broadcast against a stacked variable."""
            return tf.reshape(flag, [k_members] + [1] * (len(like.shape) - 1))

        def member_loss(y, q):
            """keras' mse/huber: mean over actions, then over the batch; one per member."""
            if loss == "huber":
                err = tf.abs(q - y)
                per = tf.where(err <= HUBER_DELTA, 0.5 * tf.square(err),
                               HUBER_DELTA * err - 0.5 * HUBER_DELTA ** 2)
            else:
                per = tf.square(y - q)
            return tf.reduce_mean(tf.reduce_mean(per, axis=2), axis=1)

        signature = [tf.TensorSpec([None, k_members, None, lay.width], f32)]

        @tf.function(input_signature=signature, jit_compile=True)
        def train_chunk(packed):
            n_updates = tf.shape(packed)[0]
            losses = tf.TensorArray(f32, size=n_updates)
            mean_qs = tf.TensorArray(f32, size=n_updates)
            for u in tf.range(n_updates):
                p = packed[u]
                s, s2 = p[:, :, lay.state], p[:, :, lay.next_state]
                actions = tf.cast(p[:, :, lay.action], tf.int32)
                rewards, dones = p[:, :, lay.reward], p[:, :, lay.done]
                mix, active = p[:, 0, lay.mix], p[:, 0, lay.active]
                on = active > 0.0
                # Target network update before the replay, as the seed orders it.
                for tv, ov in zip(target, online):
                    tv.assign(tv + per_member(mix * active, tv) * (ov - tv))
                if not uses_target:          # naive agent: its own network is the target
                    next_q = tf.reduce_max(forward(online, s2), axis=2)
                elif double_dqn:             # online net chooses, target net values
                    best = tf.argmax(forward(online, s2), axis=2)
                    next_q = tf.reduce_sum(tf.one_hot(best, n_actions) * forward(target, s2),
                                           axis=2)
                else:
                    next_q = tf.reduce_max(forward(target, s2), axis=2)
                # Q of terminal next states is 0 by definition.
                q_target = rewards + gamma[:, None] * next_q * (1.0 - dones)
                one_hot = tf.one_hot(actions, n_actions, dtype=f32)
                y = one_hot * q_target[:, :, None]
                with tf.GradientTape() as tape:
                    tape.watch(online)
                    q = forward(online, s) * one_hot          # the masked output
                    member_losses = member_loss(y, q)
                    total = tf.reduce_sum(member_losses)
                grads = tape.gradient(total, online)
                # Each member's gradient clipped by its own global norm (tf.clip_by_global_norm).
                norm = tf.sqrt(tf.add_n([tf.reduce_sum(tf.reshape(tf.square(g),
                                                                  [k_members, -1]), axis=1)
                                         for g in grads]))
                scale = tf.where(clip > 0.0, clip * tf.minimum(1.0 / norm, 1.0 / clip), 1.0)
                grads = [g * per_member(scale, g) for g in grads]
                # Keras 3 Adam (keras/src/optimizers/adam.py update_step), per member.
                step = tf.cast(iteration + 1, f32)
                alpha = lr * tf.sqrt(1.0 - tf.pow(b2, step)) / (1.0 - tf.pow(b1, step))
                for w, g, m, v in zip(online, grads, momentum, velocity):
                    keep = per_member(on, w)
                    m_new = m + (g - m) * (1.0 - b1)
                    v_new = v + (tf.square(g) - v) * (1.0 - b2)
                    w_new = w - (m_new * per_member(alpha, w)) / (tf.sqrt(v_new) + ADAM_EPSILON)
                    m.assign(tf.where(keep, m_new, m))
                    v.assign(tf.where(keep, v_new, v))
                    w.assign(tf.where(keep, w_new, w))
                iteration.assign_add(tf.cast(on, tf.int64))
                losses = losses.write(u, member_losses)
                mean_qs = mean_qs.write(
                    u, tf.reduce_sum(q, axis=[1, 2]) / tf.cast(tf.shape(s)[1], f32))
            flat = [tf.reshape(v, [k_members, -1]) for v in online]
            return tf.concat([tf.reshape(losses.stack(), [-1]),
                              tf.reshape(mean_qs.stack(), [-1]),
                              tf.reshape(tf.concat(flat, axis=1), [-1])], axis=0)

        # Calling the concrete function with tensors skips argument matching (~0.4 ms).
        return train_chunk.get_concrete_function()

    def compile_ahead(self, batch_size: int) -> None:
        """Compile the step for the chunk shapes in use, leaving every variable as it was."""
        import tensorflow as tf

        variables = self.all_variables()
        saved = [np.array(v.numpy()) for v in variables]
        latest, version = self.latest, self.version
        for u in sorted({1, self.updates_per_call}):
            self._fn(tf.constant(np.zeros((u, self.members, batch_size, self.layout.width),
                                          np.float32)))
        for variable, value in zip(variables, saved):
            variable.assign(value)
        self.latest, self.version = latest, version
