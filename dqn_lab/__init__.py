"""DQN Lab: learn, tune and compare Deep Q-Learning agents on CartPole.

The installed package maps the source folders ``core/``, ``gui/`` and ``resources/`` to
``dqn_lab.core``, ``dqn_lab.gui`` and ``dqn_lab.resources`` (see pyproject.toml), so an
installed copy puts one name into site-packages.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("dqn-lab")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
