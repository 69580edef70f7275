"""``python -m gui``: the same as ``python main.py`` (no arguments: the app; else the CLI)."""

import sys

from main import main

sys.exit(main())
