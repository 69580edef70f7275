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
from typing import Any

import numpy as np

# Keras 3 Adam's defaults (keras.optimizers.Adam), used by the seed's model.compile.
ADAM_BETA_1, ADAM_BETA_2, ADAM_EPSILON = 0.9, 0.999, 1e-7
HUBER_DELTA = 1.0  # keras.losses.Huber's default
Q_LIMIT_NONE = 3.0e38  # the health guard's Q bound before an agent sets one


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

    def pack(self, rows: np.ndarray, batch, mix: float) -> None:
        """Write one active update (a replay ``Batch`` and its target mix) into ``rows``."""
        b = len(batch.actions)
        np.concatenate(
            [
                batch.states,
                batch.next_states,
                batch.actions[:, None],
                batch.rewards[:, None],
                batch.dones[:, None],
                np.full((b, 1), mix, np.float32),
                np.ones((b, 1), np.float32),
            ],
            axis=1,
            out=rows,
            casting="unsafe",
        )

    def split_output(
        self, out: np.ndarray, updates: int, members: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(losses (U, K), mean Qs (U, K), weights (K, P)) of a compiled call's output."""
        n = updates * members
        return (
            out[:n].reshape(updates, members),
            out[n : 2 * n].reshape(updates, members),
            out[2 * n :].reshape(members, -1),
        )


# TensorFlow's buffer alignment (EIGEN_MAX_ALIGN_BYTES); a packed input aligned so is
# handed to the compiled call without a copy.
ALIGN_BYTES = 64


def aligned_zeros(shape: tuple[int, ...]) -> np.ndarray:
    """A zeroed float32 array of ``shape`` whose data starts on an ``ALIGN_BYTES`` boundary."""
    n = math.prod(shape)
    raw = np.zeros(n + ALIGN_BYTES // 4, np.float32)
    start = (-raw.ctypes.data % ALIGN_BYTES) // 4
    return raw[start : start + n].reshape(shape)


def as_tensor(tf, array: np.ndarray):
    """A float32 tensor of a C-contiguous float32 ``array``.

    An aligned array is shared through DLPack (no copy: ~5 us, where ``tf.constant`` of a
    new array costs ~50 us); the tensor holds a reference to the array, which must not
    change while the tensor is in use. Anything else is copied by ``tf.constant``.
    """
    if (
        array.dtype == np.float32
        and array.flags.c_contiguous
        and array.ctypes.data % ALIGN_BYTES == 0
    ):
        return tf.experimental.dlpack.from_dlpack(array.__dlpack__())
    return tf.constant(array, tf.float32)


def flat_call(concrete):
    """``concrete`` (a concrete function of one tensor, with one output) as a plain callable
    of that tensor.

    A concrete function's ``__call__`` binds its arguments to its signature on every call
    (~50-100 us here, as much as the arithmetic of a small update), and the layers under it
    (``_call_flat`` and the atomic function's ``call_flat``) each check for gradient tapes,
    graph building and control dependencies, which an eager update without a tape never
    has (~40 us more). Where TensorFlow has them, the first call picks the most direct way
    that works, each running the same compiled function with the same inputs (so the
    results are the same):

    1. its inference function executed by name, as ``call_flat`` executes it eagerly
       (``execute.quick_execute`` with the context's call options);
    2. ``_call_flat`` with the function's captured variables (constant: the learner's
       variables live as long as it does);
    3. ``concrete`` itself.

    A path is refused, and the next one taken, only by an error TensorFlow raises before
    the function runs: for (1) a missing private name (AttributeError), inputs it cannot
    take (TypeError) or a function name it does not know (NotFoundError); for (2) a
    TypeError from its arguments. Any other error is the function's own and is raised, so
    no update ever runs twice. Call it eagerly, outside any gradient tape and on one
    thread (the learner does): (1) reads the call options once, at the first call, and
    does not pass through ``execute.execute``, so debugging hooks that wrap it (such as
    ``tf.debugging.enable_check_numerics``) do not see these calls.
    """
    call = getattr(concrete, "_call_flat", None)
    captured = getattr(concrete, "captured_inputs", None)
    if call is None or captured is None:
        return concrete
    captured = list(captured)
    chosen = []  # the path every later call takes

    def direct():
        import itertools

        from tensorflow.python.eager import context, execute
        from tensorflow.python.framework import errors

        function = concrete._inference_function
        if len(function.function_type.flat_outputs) != 1:
            raise TypeError("flat_call runs functions of one output")
        ctx = context.context()
        name = function.name.decode("utf-8")
        attrs = tuple(itertools.chain(*ctx.function_call_options.as_attrs().items()))
        quick = execute.quick_execute

        def run(tensor):
            return quick(name, 1, [tensor, *captured], attrs, ctx)[0]

        return run, (AttributeError, TypeError, errors.NotFoundError)

    def layered():
        return (lambda t: call([t], captured)), (TypeError,)

    def first_call(tensor):
        if chosen:
            return chosen[0](tensor)
        for make in (direct, layered):
            try:
                path, refusals = make()
            except (AttributeError, TypeError, ImportError):
                continue
            try:
                out = path(tensor)
            except refusals:
                continue
            chosen.append(path)
            return out
        chosen.append(concrete)
        return concrete(tensor)

    return first_call


def variable_names(hidden_sizes: tuple[int, ...], dueling: bool) -> list[str]:
    """Keras paths of the masked network's trainable variables, in their order."""
    layers = [f"hidden_{i + 1}" for i in range(len(hidden_sizes))]
    layers += ["value", "advantage"] if dueling else ["q_values"]
    return [f"{layer}/{kind}" for layer in layers for kind in ("kernel", "bias")]


def variable_shapes(
    state_size: int, action_size: int, hidden_sizes: tuple[int, ...], dueling: bool
) -> list[tuple[int, ...]]:
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
    """Stacked networks, Adam states and live values of K members, and the compiled step.

    Each state is ONE variable of shape (K, P) holding every member's P parameters flat,
    in the order of ``names``: a compiled call pays per captured variable, not per value.
    """

    def __init__(
        self,
        members: int,
        state_size: int,
        action_size: int,
        *,
        hidden_sizes: tuple[int, ...],
        dueling: bool,
        loss: str,
        uses_target: bool,
        double_dqn: bool,
        updates_per_call: int,
    ) -> None:
        from dqn_lab.core.tf_loader import load_tensorflow

        tf = load_tensorflow()
        self.members, self.state_size, self.action_size = members, state_size, action_size
        self.dueling, self.uses_target = dueling, uses_target
        self.updates_per_call = updates_per_call
        self.layout = UpdateLayout(state_size)
        self.names = variable_names(hidden_sizes, dueling)
        self.shapes = variable_shapes(state_size, action_size, hidden_sizes, dueling)
        sizes = [math.prod(s) for s in self.shapes]
        self.offsets = [sum(sizes[:i]) for i in range(len(sizes) + 1)]
        self.param_count = self.offsets[-1]

        def zeros(name: str, shape: tuple[int, ...], dtype=tf.float32):
            return tf.Variable(tf.zeros(shape, dtype), trainable=False, name=name)

        flat = (members, self.param_count)
        self.online = zeros("online", flat)
        self.target: Any = zeros("target", flat) if uses_target else None
        self.momentum = zeros("momentum", flat)
        self.velocity = zeros("velocity", flat)
        self.iteration = zeros("iteration", (members,), tf.int64)
        self.values = zeros("values", (members, len(self.VALUES)))
        self.values[:, 3].assign(tf.fill((members,), Q_LIMIT_NONE))
        # 1 while a member is healthy; 0 after the guard refused one of its updates, so
        # every later update of that member is refused too (its state stays the last good).
        self.healthy = tf.Variable(tf.ones((members,), tf.float32), trainable=False, name="healthy")
        # The members' online weights as of the last call (K, P): the acting copies.
        self.latest = np.zeros(flat, np.float32)
        self.version = 0  # bumped whenever ``latest`` changes
        self._buffers: dict[int, np.ndarray] = {}  # input_buffer's, by batch size
        self._fn = self._compile(loss, double_dqn)

    VALUES = ("learning_rate", "gamma", "clip", "q_limit")  # columns of ``values``

    # -- per-member values ------------------------------------------------------------------
    def set_values(
        self,
        member: int,
        *,
        learning_rate: float | None = None,
        gamma: float | None = None,
        clip: float | None = None,
        q_limit: float | None = None,
    ) -> None:
        """A member's live values (None keeps one), read by the compiled step's next call."""
        for column, value in enumerate((learning_rate, gamma, clip, q_limit)):
            if value is not None:
                self.values[member, column].assign(value)

    def set_rates(self, rates: list[tuple[int, float]]) -> None:
        """Several members' learning rates in one write: ``[(member, rate), ...]``."""
        self.values.scatter_nd_update(
            [[member, 0] for member, _ in rates], [float(rate) for _, rate in rates]
        )

    def value(self, member: int, name: str) -> float:
        return float(self.values[member, self.VALUES.index(name)].numpy())

    def split(self, row: np.ndarray) -> list[np.ndarray]:
        """One member's flat parameters as arrays of ``shapes``."""
        o = self.offsets
        return [
            np.array(row[o[i] : o[i + 1]]).reshape(shape) for i, shape in enumerate(self.shapes)
        ]

    def _flat(self, arrays: list[np.ndarray]) -> np.ndarray:
        for name, array, shape in zip(self.names, arrays, self.shapes):
            if tuple(np.shape(array)) != shape:
                raise ValueError(f"{name} has shape {tuple(np.shape(array))}, not {shape}.")
        return np.concatenate([np.ravel(np.asarray(a, np.float32)) for a in arrays])

    def get_weights(self, member: int, target: bool = False) -> list[np.ndarray]:
        variable = self.target if target else self.online
        return self.split(variable[member].numpy())

    def set_weights(
        self, member: int, online: list[np.ndarray], target: list[np.ndarray] | None = None
    ) -> None:
        """Assign a member's online (and target) weights, in the order of ``names``."""
        row = self._flat(online)
        self.online[member].assign(row)
        if target is not None and self.uses_target:
            self.target[member].assign(self._flat(target))
        self.latest = self.latest.copy()  # a new array: earlier copies stay as they were
        self.latest[member] = row
        self.version += 1

    def get_optimizer(self, member: int) -> dict[str, np.ndarray]:
        """A member's Adam state under Keras 3's variable names."""
        out = dict(
            iteration=np.array(self.iteration[member].numpy()),
            learning_rate=np.array(self.values[member, 0].numpy()),
        )
        m, v = self.split(self.momentum[member].numpy()), self.split(self.velocity[member].numpy())
        for name, mi, vi in zip(self.names, m, v):
            base = name.replace("/", "_")
            out[f"{base}_momentum"], out[f"{base}_velocity"] = mi, vi
        return out

    def set_optimizer(self, member: int, state: dict[str, np.ndarray]) -> None:
        self.iteration[member].assign(int(state["iteration"]))
        self.values[member, 0].assign(float(state["learning_rate"]))
        bases = [name.replace("/", "_") for name in self.names]
        self.momentum[member].assign(self._flat([state[f"{b}_momentum"] for b in bases]))
        self.velocity[member].assign(self._flat([state[f"{b}_velocity"] for b in bases]))

    def all_variables(self) -> list:
        return [
            v
            for v in (
                self.online,
                self.target,
                self.momentum,
                self.velocity,
                self.iteration,
                self.values,
                self.healthy,
            )
            if v is not None
        ]

    # -- the compiled step ------------------------------------------------------------------
    def input_buffer(self, batch_size: int) -> np.ndarray:
        """A zeroed packed input ``(U, K, B, width)`` for :meth:`run` (every row inactive),
        aligned as TensorFlow aligns its own buffers, so :meth:`run` can hand it over
        without a copy.

        The learner keeps one buffer per batch size and zeroes it for each call: a call
        has ended (its output read) before the next one asks, so nothing still reads it.
        """
        buffer = self._buffers.get(batch_size)
        if buffer is None:
            shape = (self.updates_per_call, self.members, batch_size, self.layout.width)
            buffer = self._buffers[batch_size] = aligned_zeros(shape)
        else:
            buffer.fill(0.0)
        return buffer

    def run(self, packed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Run a packed ``(U, K, B, width)`` chunk; (losses (U, K), mean Qs (U, K))."""
        import tensorflow as tf

        out = self._fn(as_tensor(tf, packed)).numpy()
        losses, mean_qs, weights = self.layout.split_output(out, packed.shape[0], self.members)
        self.latest = weights
        self.version += 1
        return losses, mean_qs

    def _compile(self, loss: str, double_dqn: bool):
        import tensorflow as tf

        f32 = tf.float32
        lay, k_members, n_actions = self.layout, self.members, self.action_size
        online, target = self.online, self.target
        momentum, velocity, iteration = self.momentum, self.velocity, self.iteration
        values, healthy = self.values, self.healthy
        uses_target, dueling = self.uses_target, self.dueling
        n_hidden = len(self.shapes) // 2 - (2 if dueling else 1)
        b1, b2 = ADAM_BETA_1, ADAM_BETA_2
        pieces = [
            (self.offsets[i], self.offsets[i + 1], (k_members,) + shape)
            for i, shape in enumerate(self.shapes)
        ]

        def unflatten(flat):
            """The stacked arrays (K, *shape) of flat parameters (K, P)."""
            return [tf.reshape(flat[:, lo:hi], shape) for lo, hi, shape in pieces]

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

        def member_loss(y, q):
            """keras' mse/huber: mean over actions, then over the batch; one per member."""
            if loss == "huber":
                err = tf.abs(q - y)
                per = tf.where(
                    err <= HUBER_DELTA,
                    0.5 * tf.square(err),
                    HUBER_DELTA * err - 0.5 * HUBER_DELTA**2,
                )
            else:
                per = tf.square(y - q)
            return tf.reduce_mean(tf.reduce_mean(per, axis=2), axis=1)

        def one_update(p):
            """Update every active member on its batch p[k] (K, B, width); (losses, mean Qs)."""
            s, s2 = p[:, :, lay.state], p[:, :, lay.next_state]
            actions = tf.cast(p[:, :, lay.action], tf.int32)
            rewards, dones = p[:, :, lay.reward], p[:, :, lay.done]
            mix, active = p[:, 0, lay.mix], p[:, 0, lay.active] * healthy
            lr, gamma, clip, q_limit = values[:, 0], values[:, 1], values[:, 2], values[:, 3]
            # Target network update before the replay, as the seed orders it.
            if uses_target:
                target.assign(target + (mix * active)[:, None] * (online - target))
            weights = unflatten(online)
            if not uses_target:  # naive agent: its own network is the target
                next_q = tf.reduce_max(forward(weights, s2), axis=2)
            elif double_dqn:  # online net chooses, target net values
                best = tf.argmax(forward(weights, s2), axis=2)
                next_q = tf.reduce_sum(
                    tf.one_hot(best, n_actions) * forward(unflatten(target), s2), axis=2
                )
            else:
                next_q = tf.reduce_max(forward(unflatten(target), s2), axis=2)
            # Q of terminal next states is 0 by definition.
            q_target = rewards + gamma[:, None] * next_q * (1.0 - dones)
            one_hot = tf.one_hot(actions, n_actions, dtype=f32)
            y = one_hot * q_target[:, :, None]
            # The gradient by the stacked pieces, concatenated once: watching the flat
            # variable instead makes XLA add up one padded (K, P) copy per piece.
            pieces_now = unflatten(online)
            with tf.GradientTape() as tape:
                tape.watch(pieces_now)
                q = forward(pieces_now, s) * one_hot  # the masked output
                member_losses = member_loss(y, q)
                total = tf.reduce_sum(member_losses)
            grads = tape.gradient(total, pieces_now)
            g = tf.concat([tf.reshape(piece, [k_members, -1]) for piece in grads], axis=1)
            # Each member's gradient clipped by its own global norm (tf.clip_by_global_norm).
            norm = tf.sqrt(tf.reduce_sum(tf.square(g), axis=1))
            scale = tf.where(clip > 0.0, clip * tf.minimum(1.0 / norm, 1.0 / clip), 1.0)
            g = g * scale[:, None]
            # Keras 3 Adam (keras/src/optimizers/adam.py update_step), per member.
            step = tf.cast(iteration + 1, f32)
            alpha = lr * tf.sqrt(1.0 - tf.pow(b2, step)) / (1.0 - tf.pow(b1, step))
            m, v, w = momentum, velocity, online
            m_new = m + (g - m) * (1.0 - b1)
            v_new = v + (tf.square(g) - v) * (1.0 - b2)
            w_new = w - (m_new * alpha[:, None]) / (tf.sqrt(v_new) + ADAM_EPSILON)
            # The health guard: an update with a non-finite loss or result, or with Q values
            # (predicted before or after it, or its targets) beyond the member's bound, is
            # refused; it reports a NaN
            # loss and, for the Q bound, the largest |Q| as its mean Q.
            finite = tf.math.is_finite(member_losses) & tf.reduce_all(
                tf.math.is_finite(w_new), axis=1
            )
            # Q after the update too, so an update that throws Q out is itself refused.
            q_new = forward(unflatten(tf.where(tf.math.is_finite(w_new), w_new, 0.0)), s)
            q_max = tf.maximum(
                tf.maximum(
                    tf.reduce_max(tf.abs(q), axis=[1, 2]), tf.reduce_max(tf.abs(q_target), axis=1)
                ),
                tf.reduce_max(tf.abs(q_new * one_hot), axis=[1, 2]),
            )
            ok = finite & (q_max <= q_limit)
            refused = (active > 0.0) & ~ok
            healthy.assign(tf.where(refused, 0.0, healthy))
            on = ((active > 0.0) & ok)[:, None]
            m.assign(tf.where(on, m_new, m))
            v.assign(tf.where(on, v_new, v))
            w.assign(tf.where(on, w_new, w))
            iteration.assign_add(tf.cast(on[:, 0], tf.int64))
            mean_q = tf.reduce_sum(q, axis=[1, 2]) / tf.cast(tf.shape(s)[1], f32)
            nan = tf.fill(tf.shape(mean_q), float("nan"))
            return (
                tf.where(refused, nan, member_losses),
                tf.where(refused, tf.where(finite, q_max, nan), mean_q),
            )

        # Every call carries updates_per_call updates (unused rows inactive): one compiled
        # shape per batch size; one update needs no XLA while loop.
        n_updates = self.updates_per_call
        signature = [tf.TensorSpec([n_updates, k_members, None, lay.width], f32)]

        @tf.function(input_signature=signature, jit_compile=True)
        def train_chunk(packed):
            if n_updates == 1:
                loss, mean_q = one_update(packed[0])
                out = [loss, mean_q]
            else:
                losses = tf.TensorArray(f32, size=n_updates)
                mean_qs = tf.TensorArray(f32, size=n_updates)
                for u in tf.range(n_updates):
                    loss, mean_q = one_update(packed[u])
                    losses, mean_qs = losses.write(u, loss), mean_qs.write(u, mean_q)
                out = [tf.reshape(losses.stack(), [-1]), tf.reshape(mean_qs.stack(), [-1])]
            return tf.concat(out + [tf.reshape(online, [-1])], axis=0)

        # Calling the concrete function with tensors skips argument matching (~0.4 ms).
        return flat_call(train_chunk.get_concrete_function())

    def compile_ahead(self, batch_size: int) -> None:
        """Compile the step for the chunk shapes in use, leaving every variable as it was."""
        import tensorflow as tf

        variables = self.all_variables()
        saved = [np.array(v.numpy()) for v in variables]
        latest, version = self.latest, self.version
        self._fn(
            tf.constant(
                np.zeros(
                    (self.updates_per_call, self.members, batch_size, self.layout.width), np.float32
                )
            )
        )
        for variable, value in zip(variables, saved):
            variable.assign(value)
        self.latest, self.version = latest, version
