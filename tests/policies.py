"""NumPy policies in the seed network's shapes, for tests that need no TensorFlow."""

import numpy as np

from dqn_lab.core.model import NumpyPolicy

SHAPES = [(4, 32), (32,), (32, 32), (32,), (32, 2), (2,)]


def random_policy(seed: int = 0, shapes=SHAPES) -> NumpyPolicy:
    rng = np.random.default_rng(seed)
    return NumpyPolicy(tuple(rng.normal(0, 0.5, s).astype(np.float32) for s in shapes))


def balancing_policy() -> NumpyPolicy:
    """A hand-made controller in the seed network's shapes: Q(right) - Q(left) = k . s."""
    k = np.array([0.05, 0.1, 1.0, 0.25], dtype=np.float32)
    w1 = np.zeros((4, 32), np.float32)
    w1[:, 0], w1[:, 1] = k, -k
    w2 = np.zeros((32, 32), np.float32)
    w2[0, 0] = w2[1, 1] = 1.0
    w3 = np.zeros((32, 2), np.float32)
    w3[1, 0] = w3[0, 1] = 1.0
    z = np.zeros(32, np.float32)
    return NumpyPolicy((w1, z, w2, z.copy(), w3, np.full(2, 20.0, np.float32)))
