"""Strict JSON values: one conversion shared by the CLI, save files, logs and comparisons."""

from __future__ import annotations

import math
from typing import Any


def json_safe(value: Any) -> Any:
    """NaN and infinities become null, tuples lists, NumPy scalars Python numbers, keys text.

    ``json.dumps`` would otherwise write ``NaN``/``Infinity``, which strict readers reject.
    """
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if hasattr(value, "item") and getattr(value, "shape", None) == ():  # NumPy scalar
        return json_safe(value.item())
    return value
