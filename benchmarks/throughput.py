"""Training throughput: the measurement lives in :mod:`dqn_lab.core.throughput` (``python main.py
bench``); this module keeps the old import path for scripts."""

from dqn_lab.core.throughput import literal_port_steps_per_s, run_benchmark

__all__ = ["literal_port_steps_per_s", "run_benchmark"]
