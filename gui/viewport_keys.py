"""The viewport's keyboard: play it yourself with the arrows, nudge, pause and reset.

:class:`ViewportKeys` is an event filter on the panel, so it sees the keys its view (which
has the focus) leaves unhandled. In "play it yourself" the Left and Right arrows hold an
action until they are released (an episode waits for the first press, and after its end
for the next one); while the agent plays (or with Shift) they nudge the cart
once per press. Space plays or pauses, R resets the episode; every other key goes on to the
panel's parents as before.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt

from dqn_lab.core.watch import AGENT

ARROWS = (Qt.Key.Key_Left, Qt.Key.Key_Right)


class ViewportKeys(QObject):
    """The key handling of ``panel`` (a :class:`dqn_lab.gui.viewport.ViewportPanel`)."""

    def __init__(self, panel) -> None:
        super().__init__(panel)
        self.panel = panel
        panel.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        """True for a key handled here (accepted, not passed on); False for the rest."""
        # getattr: while Python tears the panel down, Qt may still deliver an event here
        # after this object's attributes are gone
        panel = getattr(self, "panel", None)
        if panel is None or watched is not panel or panel.session is None:
            return False
        if event.type() == QEvent.Type.KeyPress:
            handled = self.key_pressed(event)
        elif event.type() == QEvent.Type.KeyRelease:
            handled = self.key_released(event)
        else:
            return False
        if handled:
            event.accept()
        return handled

    def key_pressed(self, event) -> bool:
        panel, s = self.panel, self.panel.session
        key = event.key()
        if key in ARROWS:
            direction = -1 if key == Qt.Key.Key_Left else 1
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            if shift or s.mode == AGENT:
                if not event.isAutoRepeat():
                    panel.nudge(direction)
            else:
                if s.done and not event.isAutoRepeat():
                    panel.reset_episode()  # a new press after the end plays again
                s.human_action = 0 if direction < 0 else s.action_size - 1
                panel._dirty = True  # drawn at the next tick
        elif key == Qt.Key.Key_Space:
            panel.toggle_play()
        elif key == Qt.Key.Key_R:
            panel.reset_episode()
        else:
            return False
        return True

    def key_released(self, event) -> bool:
        if event.isAutoRepeat() or event.key() not in ARROWS:
            return False
        self.panel.session.human_action = None
        return True
