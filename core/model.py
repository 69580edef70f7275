"""The seed's masked Q network in Keras 3, its text summary, and a NumPy copy for acting.

``build_model`` is the notebook's network: inputs ``states`` and ``action_mask``, Dense relu
hidden layers (two of 32 in the seed), a linear output with one unit per action, multiplied
by the mask, compiled with MSE (or Huber) and Adam(alpha). A dueling head is an option.

``NumpyPolicy`` holds an immutable NumPy copy of the weights: a forward pass costs about
10 us instead of 3 ms for ``model(x)`` or 60 ms for ``model.predict``; it is safe to hand to
another thread (the GUI's viewport and policy map use it).

TensorFlow is imported lazily inside the functions that need it, so importing this module
(and ``NumpyPolicy``) stays cheap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


def build_model(
    state_size: int,
    action_size: int,
    alpha: float,
    hidden_sizes: tuple[int, ...] = (32, 32),
    loss: str = "mse",
    dueling: bool = False,
):
    """Build and compile the seed's masked Q network (Keras functional API)."""
    import keras
    from keras import layers

    states_input = keras.Input((state_size,), name="states")
    action_mask = keras.Input((action_size,), name="action_mask")
    hidden = states_input
    for i, units in enumerate(hidden_sizes):
        hidden = layers.Dense(units, activation="relu", name=f"hidden_{i + 1}")(hidden)
    if dueling:
        value = layers.Dense(1, name="value")(hidden)
        advantage = layers.Dense(action_size, name="advantage")(hidden)
        output = DuelingCombine(name="q_values")([value, advantage])
    else:
        # "The output layer is a fully-connected linear layer with a single output for each
        # valid action."
        output = layers.Dense(action_size, activation="linear", name="q_values")(hidden)
    # Finally, we multiply the output by the mask (only the taken action's Q is trained).
    filtered_output = layers.Multiply(name="masked_q")([output, action_mask])
    model = keras.Model(
        inputs=[states_input, action_mask], outputs=filtered_output, name="dqn_lab_q_network"
    )
    loss_fn = keras.losses.Huber() if loss == "huber" else keras.losses.MeanSquaredError()
    model.compile(loss=loss_fn, optimizer=keras.optimizers.Adam(learning_rate=alpha))
    return model


def torch_style_weights(shapes: list[tuple[int, ...]], seed: int) -> list[np.ndarray]:
    """PyTorch's ``nn.Linear`` default initialisation for weights in Keras' order.

    Kernels ``(fan_in, units)`` and their biases ``(units,)`` are drawn uniformly from
    +-1/sqrt(fan_in) (kaiming_uniform with a = sqrt(5) reduces to this bound). Seeded by
    ``seed`` alone, so the same seed gives the same network.
    """
    rng = np.random.default_rng([seed, 0x7045])
    out: list[np.ndarray] = []
    fan_in = 1
    for shape in shapes:
        if len(shape) == 2:
            fan_in = shape[0]
        bound = 1.0 / math.sqrt(fan_in)
        out.append(rng.uniform(-bound, bound, size=shape).astype(np.float32))
    return out


def _dueling_layer_class():
    import keras

    class _DuelingCombine(keras.layers.Layer):
        """Q = V + A - mean(A)."""

        def call(self, inputs):
            value, advantage = inputs
            return value + advantage - keras.ops.mean(advantage, axis=1, keepdims=True)

    return _DuelingCombine


def DuelingCombine(name: str):  # noqa: N802 - reads like a layer
    """The dueling aggregation layer (created lazily so Keras loads only when needed)."""
    return _dueling_layer_class()(name=name)


def model_summary(model) -> str:
    """The architecture as text: layers, output shapes and parameter counts."""
    lines: list[str] = []
    model.summary(print_fn=lambda line, **_: lines.append(line), line_length=88)
    return "\n".join(lines)


def describe_architecture(
    state_size: int, action_size: int, hidden_sizes: tuple[int, ...], dueling: bool
) -> list[dict]:
    """Layers as plain dicts (name, kind, shape, parameters), computed without TensorFlow."""
    rows = [
        dict(name="states", kind="Input", shape=(state_size,), params=0),
        dict(name="action_mask", kind="Input", shape=(action_size,), params=0),
    ]
    width = state_size
    for i, units in enumerate(hidden_sizes):
        rows.append(
            dict(
                name=f"hidden_{i + 1}",
                kind="Dense relu",
                shape=(units,),
                params=width * units + units,
            )
        )
        width = units
    if dueling:
        rows.append(dict(name="value", kind="Dense linear", shape=(1,), params=width + 1))
        rows.append(
            dict(
                name="advantage",
                kind="Dense linear",
                shape=(action_size,),
                params=width * action_size + action_size,
            )
        )
        rows.append(dict(name="q_values", kind="V + A - mean(A)", shape=(action_size,), params=0))
    else:
        rows.append(
            dict(
                name="q_values",
                kind="Dense linear",
                shape=(action_size,),
                params=width * action_size + action_size,
            )
        )
    rows.append(dict(name="masked_q", kind="Multiply (q * mask)", shape=(action_size,), params=0))
    return rows


@dataclass(frozen=True)
class NumpyPolicy:
    """A frozen NumPy copy of a Q network's weights: Q values and greedy actions."""

    weights: tuple[np.ndarray, ...]
    dueling: bool = False

    @classmethod
    def from_flat(
        cls, flat: np.ndarray, shapes: list[tuple[int, ...]], dueling: bool
    ) -> NumpyPolicy:
        """Split one flat float32 vector into read-only arrays of the given shapes.

        One copy of ``flat``; the arrays are views into it. Runs after every compiled
        update, so it avoids NumPy reductions for the sizes (``math.prod``).
        """
        data = np.array(flat, dtype=np.float32)
        data.setflags(write=False)
        arrays, offset = [], 0
        for shape in shapes:
            size = math.prod(shape)
            arrays.append(data[offset : offset + size].reshape(shape))
            offset += size
        if offset != data.size:
            raise ValueError(
                f"{data.size} weights do not fill the shapes {shapes} ({offset} values)."
            )
        return cls(tuple(arrays), dueling)

    def q_values(self, states: np.ndarray) -> np.ndarray:
        """Q value of every action for a batch of states (or one state; or a stack of
        batches, the actions on the last axis)."""
        x = np.asarray(states, dtype=np.float32)
        single = x.ndim == 1
        if single:
            x = x[None, :]
        w = self.weights
        n_hidden = (len(w) - (4 if self.dueling else 2)) // 2
        for i in range(n_hidden):
            x = np.maximum(x @ w[2 * i] + w[2 * i + 1], 0.0)
        k = 2 * n_hidden
        if self.dueling:
            value = x @ w[k] + w[k + 1]
            adv = x @ w[k + 2] + w[k + 3]
            q = value + adv - adv.mean(axis=-1, keepdims=True)
        else:
            q = x @ w[k] + w[k + 1]
        return q[0] if single else q

    def act(self, state: np.ndarray) -> int:
        """The greedy action (ties go to the lowest index, like ``np.argmax``)."""
        return int(np.argmax(self.q_values(state)))


@dataclass(frozen=True)
class StackedPolicy:
    """K networks of one shape in NumPy: Q values of K states in one pass.

    Each member's products are the same as :class:`NumpyPolicy`'s (``np.matmul`` runs the
    same kernel on every 2-D slice), so a population acts exactly as its members would alone.
    """

    weights: tuple[np.ndarray, ...]  # kernels (K, in, out), biases (K, 1, out)
    dueling: bool = False

    @classmethod
    def from_flat(
        cls, flat: np.ndarray, shapes: list[tuple[int, ...]], dueling: bool
    ) -> StackedPolicy:
        """Stacked arrays of the given shapes over (K, P) flat float32 weights.

        The arrays are views of ``flat`` (each member's piece is contiguous): the policy
        acts from whatever ``flat`` holds (a population refreshes one copy in place after
        each compiled call). Biases get a middle axis of 1, as the products have.
        """
        if flat.dtype != np.float32 or not flat.flags.c_contiguous:
            raise ValueError("StackedPolicy needs C-contiguous float32 weights (K, P).")
        members, arrays, offset = flat.shape[0], [], 0
        for shape in shapes:
            size = math.prod(shape)
            stacked = (members,) + (tuple(shape) if len(shape) > 1 else (1, size))
            arrays.append(flat[:, offset : offset + size].reshape(stacked))
            offset += size
        return cls(tuple(arrays), dueling)

    def q_values(self, states: np.ndarray) -> np.ndarray:
        """Q values (K, A) of member k's network for state k of ``states`` (K, n)."""
        x = np.asarray(states, dtype=np.float32)[:, None, :]
        w = self.weights
        n_hidden = (len(w) - (4 if self.dueling else 2)) // 2
        for i in range(n_hidden):
            x = x @ w[2 * i]
            x += w[2 * i + 1]
            np.maximum(x, 0.0, out=x)
        k = 2 * n_hidden
        if self.dueling:
            value = x @ w[k] + w[k + 1]
            adv = x @ w[k + 2] + w[k + 3]
            q = value + adv - adv.mean(axis=2, keepdims=True)
        else:
            q = x @ w[k]
            q += w[k + 1]
        return q[:, 0, :]
