"""Run DQN Lab from a checkout: ``python main.py`` (the app) or ``python main.py train ...``.

The same as ``python -m dqn_lab`` and the installed ``dqn-lab`` / ``dqn-lab-cli`` commands.
"""

import sys

from dqn_lab.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
