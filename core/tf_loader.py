"""Import TensorFlow once, without its C++ start-up chatter on stderr.

TensorFlow 2.21 prints oneDNN/CUDA notices from C++ before its logging is configured, so
``TF_CPP_MIN_LOG_LEVEL`` cannot silence them. While TensorFlow loads (about 2-3 s) we point
file descriptor 2 at /dev/null; Python exceptions still propagate after it is restored.
"""

from __future__ import annotations

import os
import sys
import threading

_lock = threading.Lock()


def load_tensorflow():
    """Return the ``tensorflow`` module, importing it quietly the first time."""
    if "tensorflow" in sys.modules and "keras" in sys.modules:
        return sys.modules["tensorflow"]
    with _lock:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        saved = None
        try:
            sys.stderr.flush()
            saved = os.dup(2)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)
            os.close(devnull)
        except OSError:   # no usable fd 2 (e.g. some GUI launchers): import as is
            saved = None
        try:
            import keras  # noqa: F401
            import tensorflow as tf

            tf.config.list_physical_devices()   # the CUDA probe logs here, not at import
        finally:
            if saved is not None:
                os.dup2(saved, 2)
                os.close(saved)
    return tf
