"""The learner's direct call of its compiled step (``core.learner.flat_call``)."""

import numpy as np


def _concrete():
    from dqn_lab.core.tf_loader import load_tensorflow

    tf = load_tensorflow()
    scale = tf.Variable(np.float32(3.0))

    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def step(x):
        return x * scale + 1.0

    return tf, step.get_concrete_function()


def test_the_flat_call_gives_what_the_public_call_gives():
    from dqn_lab.core.learner import flat_call

    tf, concrete = _concrete()
    fn = flat_call(concrete)
    x = tf.constant(np.arange(4, dtype=np.float32))
    for _ in range(2):  # the first call chooses the path, the second uses it
        assert np.array_equal(np.asarray(fn(x)), np.asarray(concrete(x)))


def test_a_tensorflow_with_another_private_signature_falls_back_to_the_public_call():
    from dqn_lab.core.learner import flat_call

    tf, concrete = _concrete()

    class Other:
        captured_inputs = concrete.captured_inputs

        def _call_flat(self, *args, **kwargs):
            raise TypeError("_call_flat() takes other arguments")

        def __call__(self, tensor):
            return concrete(tensor)

    fn = flat_call(Other())
    x = tf.constant(np.ones(3, np.float32))
    assert np.array_equal(np.asarray(fn(x)), [4.0, 4.0, 4.0])
    assert np.array_equal(np.asarray(fn(x)), [4.0, 4.0, 4.0])


def test_a_tensorflow_function_is_run_by_name_not_through_its_call_layers():
    from dqn_lab.core.learner import flat_call

    tf, concrete = _concrete()
    layered = []

    class Counting:
        captured_inputs = concrete.captured_inputs
        _inference_function = concrete._inference_function

        def _call_flat(self, *args, **kwargs):
            layered.append(args)
            return concrete._call_flat(*args, **kwargs)

    fn = flat_call(Counting())
    x = tf.constant(np.arange(3, dtype=np.float32))
    for _ in range(2):
        assert np.array_equal(np.asarray(fn(x)), np.asarray(concrete(x)))
    assert layered == []  # executed directly: the layered path never ran


def _counting():
    """A concrete function that counts its runs in a variable (an update's side effect)."""
    from dqn_lab.core.tf_loader import load_tensorflow

    tf = load_tensorflow()
    runs = tf.Variable(0.0)

    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def step(x):
        runs.assign_add(1.0)
        return x * 2.0

    return tf, step.get_concrete_function(), runs


def test_each_call_runs_the_function_exactly_once():
    from dqn_lab.core.learner import flat_call

    tf, concrete, runs = _counting()
    fn = flat_call(concrete)
    x = tf.constant(np.ones(2, np.float32))
    for expected in (1.0, 2.0, 3.0):  # the first call (choosing the path) and later ones
        assert np.array_equal(np.asarray(fn(x)), [2.0, 2.0])
        assert float(runs.numpy()) == expected


def test_without_the_inference_function_the_layered_call_runs_it_once():
    from dqn_lab.core.learner import flat_call

    tf, concrete, runs = _counting()
    layered = []

    class Older:  # a TensorFlow without the private name the direct path reads
        captured_inputs = concrete.captured_inputs

        def _call_flat(self, *args, **kwargs):
            layered.append(1)
            return concrete._call_flat(*args, **kwargs)

    fn = flat_call(Older())
    x = tf.constant(np.ones(2, np.float32))
    for expected in (1.0, 2.0):
        assert np.array_equal(np.asarray(fn(x)), [2.0, 2.0])
        assert float(runs.numpy()) == expected
    assert len(layered) == 2
