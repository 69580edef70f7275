"""A progress bar whose new value is painted with the window's next paint, not at once."""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar


class ProgressBar(QProgressBar):
    """``QProgressBar`` whose ``setValue`` asks for a repaint instead of repainting.

    Qt's ``setValue`` calls ``repaint()`` whenever the bar moves by a visible step, and a
    widget's ``repaint()`` paints everything else waiting in its window along with it, in
    the middle of the code that set the value: a new run's panels (plots, policy map,
    viewport) were painted twice in the turn that showed it. With updates off the value is
    only stored; turning them back on asks for a normal repaint (``update()``).
    """

    def setValue(self, value: int) -> None:  # noqa: N802 - Qt name
        if value == self.value():
            return  # nothing to paint (the compare window sets its bars on every poll)
        self.setUpdatesEnabled(False)
        try:
            super().setValue(value)
        finally:
            self.setUpdatesEnabled(True)
