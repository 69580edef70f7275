"""Import TensorFlow once, without its C++ start-up chatter on stderr.

TensorFlow prints oneDNN/CUDA notices from C++ before its logging is configured, so
``TF_CPP_MIN_LOG_LEVEL`` cannot silence them. While TensorFlow loads we point file
descriptor 2 at /dev/null; Python exceptions still propagate after it is restored.

The GUI imports TensorFlow on a background thread, and two things of that import would
stop the GUI thread, which needs the GIL:

* CPython loads an extension module with the GIL held, and TensorFlow's shared libraries
  (more than a gigabyte) take long to map and initialise. On Linux they are first loaded
  through libc's ``dlopen`` called via ``ctypes``, which releases the GIL for a foreign call;
  the import then finds them loaded. Anything unexpected skips this step.
* TensorFlow and Keras are hundreds of thousands of Python objects that live as long as the
  process; every full garbage collection would walk them. ``gc.freeze()`` after the import
  moves them out of the collector's sight.

docs/performance.md has the measured effect of both (``benchmarks/tf_import_gap.py``).
"""

from __future__ import annotations

import ctypes
import gc
import importlib.util
import os
import sys
import threading
import time
from pathlib import Path

_lock = threading.Lock()
_started = 0.0  # time.monotonic() when the import began (for ``loading``)
_frozen = False  # TensorFlow's objects have been frozen for the garbage collector
LOADING_AT_MOST_S = 60  # a hung import must not switch garbage collection off for good


def preload_shared_libraries() -> list[str]:
    """Map TensorFlow's big shared libraries without holding the GIL (Linux); their names.

    Loaded ``RTLD_LOCAL`` exactly as the import's own dependency resolution would find them
    (same files), so the import reuses the mapped libraries. Returns what was loaded.
    """
    if not sys.platform.startswith("linux") or "tensorflow" in sys.modules:
        return []
    try:
        spec = importlib.util.find_spec("tensorflow")
        if spec is None or not spec.submodule_search_locations:
            return []
        folder = Path(list(spec.submodule_search_locations)[0])
        libc = ctypes.CDLL(None)
        dlopen = libc.dlopen
        dlopen.restype, dlopen.argtypes = ctypes.c_void_p, [ctypes.c_char_p, ctypes.c_int]
        loaded = []
        # The framework first: the C++ library links against it.
        for name in ("libtensorflow_framework.so.2", "libtensorflow_cc.so.2"):
            path = folder / name
            if path.is_file() and dlopen(os.fsencode(path), os.RTLD_LAZY | os.RTLD_LOCAL):
                loaded.append(name)
        return loaded
    except (OSError, AttributeError, ValueError, ImportError):
        return []


def loading() -> bool:
    """True while some thread is importing TensorFlow (a collection now would walk its
    hundreds of thousands of young objects, which are frozen as soon as it is done), for at
    most LOADING_AT_MOST_S."""
    return _lock.locked() and time.monotonic() - _started < LOADING_AT_MOST_S


def _freeze_once() -> None:
    """Move everything alive now (TensorFlow and Keras above all) out of the collector's
    walks, once. Garbage made during the import is frozen too: a small one-time cost."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()


def load_tensorflow():
    """Return the ``tensorflow`` module, importing it quietly the first time."""
    global _started
    if "tensorflow" in sys.modules and "keras" in sys.modules:
        _freeze_once()  # also when a first import failed after loading both
        return sys.modules["tensorflow"]
    with _lock:
        _started = time.monotonic()
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        # One thread per op: the networks are tiny, and handing each small update to a
        # thread pool costs more CPU than the arithmetic it would share out.
        os.environ.setdefault("TF_NUM_INTRAOP_THREADS", "1")
        os.environ.setdefault("TF_NUM_INTEROP_THREADS", "1")
        saved = None
        try:
            sys.stderr.flush()
            saved = os.dup(2)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)
            os.close(devnull)
        except OSError:  # no usable fd 2 (e.g. some GUI launchers): import as is
            saved = None
        try:
            preload_shared_libraries()
            import keras  # noqa: F401
            import tensorflow as tf

            tf.config.list_physical_devices()  # the CUDA probe logs here, not at import
            _freeze_once()
        finally:
            if saved is not None:
                os.dup2(saved, 2)
                os.close(saved)
    return tf
