"""Importing TensorFlow off the GUI thread must not stop the GUI thread (core.tf_loader)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# A fresh interpreter (TensorFlow not yet imported): one thread loads TensorFlow the way the
# app does while the main thread keeps running. How long the main thread is held up is
# measured and reported by benchmarks/tf_import_gap.py, not asserted here (shared machine).
LOAD_ON_A_THREAD = r"""
import gc, json, sys, threading, time
sys.path.insert(0, sys.argv[1])
from dqn_lab.core import tf_loader

result = {}
def load():
    result["preloaded"] = tf_loader.preload_shared_libraries()
    tf = tf_loader.load_tensorflow()
    result["sum"] = float(tf.reduce_sum(tf.ones(3)))

gc.disable()   # as in the app: collections run on a GUI timer, not here
thread = threading.Thread(target=load)
thread.start()
wakeups = 0
while thread.is_alive():
    time.sleep(0.001)
    wakeups += 1
maps = open("/proc/self/maps").read().splitlines()
result["cc_files"] = sorted({l.split()[-1] for l in maps if "libtensorflow_cc.so" in l})
result["main_thread_wakeups"] = wakeups
result["frozen"] = gc.get_freeze_count()
print(json.dumps(result))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="preloading is Linux only")
def test_loading_tensorflow_leaves_other_threads_running_and_freezes_its_objects():
    out = subprocess.run(
        [sys.executable, "-c", LOAD_ON_A_THREAD, str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["preloaded"] == ["libtensorflow_framework.so.2", "libtensorflow_cc.so.2"]
    assert result["sum"] == 3.0  # TensorFlow works after the preload
    assert len(result["cc_files"]) == 1  # the import reused the mapped library
    # The main thread ran while the import was going on (it was not blocked until the end).
    assert result["main_thread_wakeups"] > 10, result
    # TensorFlow's ~270k objects are out of the garbage collector's walks.
    assert result["frozen"] > 100_000, result


def test_preloading_after_tensorflow_is_imported_does_nothing():
    pytest.importorskip("tensorflow")
    from dqn_lab.core.tf_loader import load_tensorflow, preload_shared_libraries

    load_tensorflow()
    assert preload_shared_libraries() == []
