"""The viewport's canvas: a rendered frame scaled with its aspect ratio kept, and overlays.

The frame is an (H, W, 3) uint8 array from ``dqn_lab.core.cartpole_render``; it becomes a ``QImage``
over the array's own memory (C-contiguous, ``bytesPerLine = strides[0]``), and the array is
kept alive as long as the image, as pyqtgraph's ``functions.ndarray_to_qimage`` does. The
overlays (episode, step, score, the Q value of each action, the chosen action, pole angle and
cart position against their failure limits) are painted by Qt at screen resolution.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QLocale, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from dqn_lab.core.cartpole_render import FrameGeometry
from dqn_lab.core.environment import CARTPOLE_FEATURES
from dqn_lab.core.watch import AGENT, HUMAN, WatchSession, action_names
from dqn_lab.gui.i18n import action_text, decimal, feature_text, signed, translate, value_text

BACKGROUND = QColor(30, 34, 40)
PLATE = QColor(255, 255, 255, 215)
INK = QColor(36, 41, 48)
MUTED = QColor(100, 108, 120)
CHOSEN = QColor(39, 174, 96)
OTHER = QColor(149, 165, 186)
LIMIT = QColor(214, 48, 49)
WARN = QColor(230, 126, 34)
GAUGE_NAMES = (
    QT_TRANSLATE_NOOP("Viewport", "Pole angle"),
    QT_TRANSLATE_NOOP("Viewport", "Cart position"),
)
# The words of core.environment.END_WORDS, for the translators.
END_WORDS = (
    QT_TRANSLATE_NOOP("Viewport", "the cart left the track"),
    QT_TRANSLATE_NOOP("Viewport", "the pole fell"),
    QT_TRANSLATE_NOOP("Viewport", "time limit"),
    QT_TRANSLATE_NOOP("Viewport", "goal reached"),
)


def frame_to_qimage(frame: np.ndarray) -> tuple[np.ndarray, QImage]:
    """A QImage over ``frame``'s memory ((H, W, 3) RGB or (H, W, 4) RGBX), and the
    contiguous array that must outlive it."""
    if frame.ndim != 3 or frame.shape[2] not in (3, 4):
        raise ValueError(f"A frame must have shape (H, W, 3) or (H, W, 4), not {frame.shape}.")
    frame = np.ascontiguousarray(frame, dtype=np.uint8)
    h, w, c = frame.shape
    fmt = QImage.Format.Format_RGB888 if c == 3 else QImage.Format.Format_RGBX8888
    image = QImage(frame.data, w, h, frame.strides[0], fmt)
    return frame, image


@dataclass
class Hud:
    """What the overlays show (filled by the panel, read by :class:`ViewportView`)."""

    episode: int = 0
    step: int = 0
    score: float = 0.0
    mode_text: str = ""
    policy_text: str = ""
    q: np.ndarray | None = None
    action_names: tuple[str, ...] = ()
    chosen: int | None = None
    state: np.ndarray | None = None
    cartpole: bool = True
    x_limit: float = 2.4
    theta_limit: float = 12 * math.pi / 180
    banner: str = ""
    banner_sub: str = ""


def hud_for(s: WatchSession, q: np.ndarray | None, speed: str, playing: bool, policy: str) -> Hud:
    """The overlays for the displayed state of session ``s``."""
    paused = "" if playing else "   " + translate("Viewport", "(paused)")
    if s.mode == HUMAN:
        mode = translate("Viewport", "You play: hold ← / →")
    else:
        mode = translate("Viewport", "Agent acting greedily (ε = 0)")
    mode += f"   ·   {speed}{paused}"
    banner = sub = ""
    if s.done:
        banner = (
            translate("Viewport", "Your score: {0}")
            if s.mode == HUMAN
            else translate("Viewport", "The agent’s score: {0}")
        ).format(f"{s.score:g}")
        sub = translate("Viewport", "Episode over: {0}").format(
            translate("Viewport", s.end_reason())
        )
        if s.mode == HUMAN:
            sub += "   ·   " + translate("Viewport", "press ← or → to play again")
    elif s.mode == HUMAN and s.waiting:
        banner = translate("Viewport", "Your turn")
        sub = translate("Viewport", "Press ← or → to start: the episode waits for your first key")
    elif s.mode == AGENT and s.policy is None:
        banner = translate("Viewport", "No agent yet")
        sub = translate(
            "Viewport", "Start training or load an agent, or press “You” to play yourself"
        )
    u = s.env.unwrapped
    return Hud(
        episode=s.episode if s.done else s.episode + 1,
        step=s.t,
        score=s.score,
        mode_text=mode,
        policy_text=translate("Viewport", "Policy: {0}").format(policy),
        q=q,
        action_names=tuple(action_text(n) for n in action_names(s.env_id, s.action_size)),
        chosen=s.last_action if s.done else s.next_action(),
        state=s.state,
        cartpole=s.frames.cartpole,
        x_limit=float(getattr(u, "x_threshold", 2.4)),
        theta_limit=float(getattr(u, "theta_threshold_radians", 12 * math.pi / 180)),
        banner=banner,
        banner_sub=sub,
    )


def fit_rect(image_size: QSize, area: QRectF) -> QRectF:
    """The largest rectangle of ``image_size``'s aspect ratio centred in ``area``."""
    iw, ih = image_size.width(), image_size.height()
    if iw <= 0 or ih <= 0:
        return QRectF(area)
    k = min(area.width() / iw, area.height() / ih)
    w, h = iw * k, ih * k
    return QRectF(area.x() + (area.width() - w) / 2, area.y() + (area.height() - h) / 2, w, h)


class ViewportView(QWidget):
    """Paints the latest frame (aspect ratio kept) and the HUD over it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(200, 112)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._frame: np.ndarray | None = None  # keeps the QImage's memory alive
        self._image: QImage | None = None
        self.hud = Hud()
        self.frames_painted = 0
        self.q_in_status = False  # the last paint had no room for the Q values' plate
        self._fonts: dict[tuple[int, bool], QFont] = {}

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(600, 400)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._fonts.clear()  # text sizes follow the view's size
        super().resizeEvent(event)

    def set_frame(self, frame: np.ndarray, hud: Hud, pixel_ratio: float = 1.0) -> None:
        """Show ``frame`` (drawn for ``pixel_ratio`` device pixels per pixel) with ``hud``."""
        self._frame, self._image = frame_to_qimage(frame)
        self._image.setDevicePixelRatio(pixel_ratio)
        self.hud = hud
        self.update()

    def frame_size(self, aspect: float) -> tuple[int, int]:
        """Device-pixel size of the largest ``aspect`` (w/h) frame that fits the widget."""
        ratio = self.devicePixelRatioF()
        w, h = self.width() * ratio, self.height() * ratio
        if w / max(h, 1) > aspect:
            w = h * aspect
        else:
            h = w / aspect
        return max(32, int(w)), max(32, int(h))

    def set_hud(self, hud: Hud) -> None:
        self.hud = hud
        self.update()

    @property
    def image(self) -> QImage | None:
        return self._image

    # -- painting --------------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.fillRect(self.rect(), BACKGROUND)
        if self._image is None:
            p.end()
            return
        size = self._image.deviceIndependentSize()
        target = fit_rect(size.toSize(), QRectF(self.rect()))
        if abs(target.width() - size.width()) < 1.5 and abs(target.height() - size.height()) < 1.5:
            # Drawn at the shown size: a plain copy at whole pixels (no scaling cost).
            target = QRectF(QPointF(round(target.x()), round(target.y())), size)
            p.drawImage(target.topLeft(), self._image)
        else:
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            p.drawImage(target, self._image)
        # Text pixel size: scales with the view (a narrow view is not tall text's room).
        unit = max(8.0, min(target.height() / 30, target.width() / 40))
        hud = self.hud
        # The overlays never overlap, and never cover the cart or the upright pole: the
        # status top left, the Q values top right (or below the status where that is above
        # the pole, or else as a line of the status), the gauges at the bottom below the
        # rail, and a banner below the rail where the ground has room for it (instead of the
        # gauges), else in the room between; in a view too small for the gauges they are
        # left out (the readout below has the state).
        lines = self._status_lines(hud)
        status = self._status_rect(p, target, unit, lines)
        # the tip of the upright pole's cone where the renderer draws it at this size
        geometry = FrameGeometry(round(target.width()), round(target.height()), hud.x_limit)
        pole = target.top() + geometry.cone_top if hud.cartpole else target.bottom()
        has_q = hud.q is not None and len(hud.q) > 0
        q_rect = self._q_rect(p, target, unit, hud, status) if has_q else None
        if len(lines) > 1 and (status.bottom() > pole or (q_rect and q_rect.bottom() > pole)):
            # The status or the Q values' plate would cover the pole: the status keeps its
            # first line only, which may leave the plate room top right.
            lines = lines[:1]
            status = self._status_rect(p, target, unit, lines)
            q_rect = self._q_rect(p, target, unit, hud, status) if has_q else None
        self.q_in_status = q_rect is not None and q_rect.bottom() > pole
        if self.q_in_status:
            # If not, the Q values are a second line of the status (with arrows for the
            # actions when their names do not fit), clear of the cart and the pole.
            self._font(p, unit)
            room = target.width() - 6 * unit * 0.6
            short = p.fontMetrics().horizontalAdvance(q_line(hud)) > room
            lines.append((q_line(hud, short), False, INK))
            status, q_rect = self._status_rect(p, target, unit, lines), None
        self._draw_status(p, status, unit, lines)
        top = status
        if q_rect is not None:
            self._draw_q(p, q_rect, unit, hud)
            top = top.united(q_rect)
        bottom = target.bottom()
        banner = self._banner_rect(p, target, unit, hud) if hud.banner else None
        rail = target.top() + geometry.track_y
        below = False  # the banner is drawn below the rail, where the gauges would be
        if banner is not None and hud.cartpole:
            # Below the rail, where the gauges would be: the cart and the pole stay in view;
            # in a short view the banner's title alone (its second line is a hint).
            ground = bottom - rail - unit * 0.5
            if banner.height() > ground and hud.banner_sub:
                title = replace(hud, banner_sub="")
                short = self._banner_rect(p, target, unit, title)
                if short.height() <= ground:
                    banner, hud = short, title
            if banner.height() <= ground:
                banner.moveTop(rail + unit * 0.5)
                self._draw_banner(p, banner, unit, hud)
                banner = None
                below = True
        if not below and hud.cartpole and hud.state is not None:
            gauges = self._gauges_rect(p, target, unit)
            room = gauges.top() - top.bottom() - unit
            # below the rail and within the picture, or not at all: never over the cart
            fits = gauges.top() >= rail and gauges.width() <= target.width()
            if fits and room >= 0 and (banner is None or banner.height() <= room):
                self._draw_gauges(p, gauges, unit, hud)
                bottom = gauges.top()
        if banner is not None:
            middle = (max(top.bottom(), target.top()) + bottom) / 2
            banner.moveTop(max(top.bottom() + unit * 0.4, middle - banner.height() / 2))
            self._draw_banner(p, banner, unit, hud)
        if self.hasFocus():  # the arrow keys act here: a keyboard user sees where they go
            p.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        p.end()
        self.frames_painted += 1

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().focusOutEvent(event)
        self.update()

    def _font(self, p: QPainter, px: float, bold: bool = False) -> None:
        key = (max(8, int(px)), bold)
        font = self._fonts.get(key)
        if font is None:  # a few sizes per widget size: cache them
            font = self._fonts[key] = QFont(self.font())
            font.setPixelSize(key[0])
            font.setBold(bold)
        p.setFont(font)

    @staticmethod
    def _plate(p: QPainter, rect: QRectF, colour: QColor = PLATE) -> None:
        """A translucent rounded plate; pixel-aligned and not anti-aliased, ~20x cheaper."""
        path = QPainterPath()
        path.addRoundedRect(QRectF(rect.toAlignedRect()), 6, 6)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.fillPath(path, colour)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)

    @staticmethod
    def _status_lines(hud: Hud) -> list[tuple[str, bool, QColor]]:
        """The status plate's lines: (text, bold, colour)."""
        lines = [
            (
                translate("Viewport", "Episode {0}   Step {1}   Score {2}").format(
                    hud.episode, hud.step, f"{hud.score:g}"
                ),
                True,
                INK,
            ),
            (hud.mode_text, False, MUTED),
            (hud.policy_text, False, MUTED),
        ]
        return [line for line in lines if line[0]]

    def _status_rect(
        self, p: QPainter, target: QRectF, unit: float, lines: list[tuple[str, bool, QColor]]
    ) -> QRectF:
        pad = unit * 0.6

        def advance(text: str, bold: bool) -> int:  # each line in its own font
            self._font(p, unit, bold)
            return p.fontMetrics().horizontalAdvance(text)

        width = max(advance(t, bold) for t, bold, _ in lines) + 2
        width = min(width, target.width() - 4 * pad)  # within the picture: elided
        return QRectF(
            target.left() + pad, target.top() + pad, width + 2 * pad, len(lines) * unit * 1.35 + pad
        )

    def _draw_status(
        self, p: QPainter, rect: QRectF, unit: float, lines: list[tuple[str, bool, QColor]]
    ) -> None:
        pad = unit * 0.6
        width = rect.width() - 2 * pad
        self._plate(p, rect)
        y = rect.top() + pad * 0.5
        for text, bold, colour in lines:
            self._font(p, unit, bold)
            p.setPen(colour)
            text = p.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, int(width))
            p.drawText(
                QRectF(rect.left() + pad, y, width + pad, unit * 1.35),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                text,
            )
            y += unit * 1.35

    def _q_widths(self, p: QPainter, unit: float, hud: Hud) -> tuple[float, float, float]:
        """(name, bar, value) widths of the Q values' plate."""
        pad = unit * 0.6
        self._font(p, unit, True)  # the chosen action's name and value are bold
        name_w = max(p.fontMetrics().horizontalAdvance(n) for n in q_names(hud)) + pad
        return name_w, unit * 7, p.fontMetrics().horizontalAdvance("-0000.00") + pad

    def _q_rect(self, p: QPainter, target: QRectF, unit: float, hud: Hud, status: QRectF) -> QRectF:
        """The Q values' plate: top right, or below the status in a narrow view."""
        pad, row = unit * 0.6, unit * 1.5
        width = sum(self._q_widths(p, unit, hud)) + 2 * pad
        rect = QRectF(
            target.right() - width - pad, target.top() + pad, width, (len(hud.q) + 1) * row + pad
        )
        if rect.intersects(status):  # a narrow view: below the status
            rect.moveTop(status.bottom() + pad * 0.5)
            rect.moveLeft(max(target.left() + pad, rect.left()))
        return rect

    def _draw_q(self, p: QPainter, rect: QRectF, unit: float, hud: Hud) -> None:
        q = np.asarray(hud.q, dtype=float)
        names = q_names(hud)
        pad, row = unit * 0.6, unit * 1.5
        name_w, bar_w, value_w = self._q_widths(p, unit, hud)
        width = rect.width()
        self._plate(p, rect)
        self._font(p, unit, True)
        p.setPen(INK)
        title = translate("Viewport", "Q values")
        if len(q) > 1:
            top2 = np.sort(q)[-2:]
            gap = QLocale().toString(float(top2[1] - top2[0]), "g", 3)
            title += "   " + translate("Viewport", "(gap {0})").format(gap)
        p.drawText(
            QRectF(rect.left() + pad, rect.top() + pad * 0.5, width, row),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            title,
        )
        lo, hi = min(0.0, float(q.min())), max(0.0, float(q.max()))
        span = hi - lo if hi > lo else 1.0
        bar_x = rect.left() + pad + name_w
        zero_x = bar_x + bar_w * (0 - lo) / span
        for i, value in enumerate(q):
            y = rect.top() + pad * 0.5 + (i + 1) * row
            chosen = hud.chosen == i
            self._font(p, unit, chosen)
            p.setPen(INK if chosen else MUTED)
            p.drawText(
                QRectF(rect.left() + pad, y, name_w, row),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                names[i],
            )
            x = bar_x + bar_w * (value - lo) / span
            bar = QRectF(min(zero_x, x), y + row * 0.22, abs(x - zero_x), row * 0.56)
            p.fillRect(
                QRectF(bar_x, bar.top(), bar_w, bar.height()).toAlignedRect(), QColor(0, 0, 0, 18)
            )
            p.fillRect(bar.toAlignedRect(), CHOSEN if chosen else OTHER)
            p.drawText(
                QRectF(bar_x + bar_w + pad * 0.5, y, value_w, row),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                decimal(value, 2),
            )

    def _gauge_widths(self, p: QPainter, target: QRectF, unit: float) -> tuple[float, float, float]:
        """(label, track, value) widths of the gauges."""
        pad = unit * 0.6
        self._font(p, unit)
        fm = p.fontMetrics()
        label_w = max(fm.horizontalAdvance(translate("Viewport", g)) for g in GAUGE_NAMES) + pad
        of = translate("Viewport", "of")  # as the values are written (German "von")
        value_w = (
            max(
                fm.horizontalAdvance(f"+0.00 m {of} ±2.4 m"),
                fm.horizontalAdvance(f"+0.0° {of} ±12°"),
            )
            + pad
        )
        track_w = max(unit * 6, min(target.width() * 0.7, unit * 30) - label_w - value_w)
        return label_w, track_w, value_w

    def _gauges_rect(self, p: QPainter, target: QRectF, unit: float) -> QRectF:
        pad = unit * 0.6
        width = sum(self._gauge_widths(p, target, unit)) + 2 * pad
        height = len(GAUGE_NAMES) * unit * 1.9 + pad
        return QRectF(
            target.center().x() - width / 2, target.bottom() - height - pad, width, height
        )

    def _draw_gauges(self, p: QPainter, rect: QRectF, unit: float, hud: Hud) -> None:
        x, theta = float(hud.state[0]), float(hud.state[2])
        deg, deg_limit = math.degrees(theta), math.degrees(hud.theta_limit)
        of = translate("Viewport", "of")
        gauges = [
            (
                translate("Viewport", GAUGE_NAMES[0]),
                deg,
                deg_limit,
                f"{signed(deg, 1)}° {of} ±{value_text(round(deg_limit, 6))}°",
            ),
            (
                translate("Viewport", GAUGE_NAMES[1]),
                x,
                hud.x_limit,
                f"{signed(x, 2)} m {of} ±{value_text(float(hud.x_limit))} m",
            ),
        ]
        pad = unit * 0.6
        label_w, _, value_w = self._gauge_widths(p, rect, unit)
        track_w = rect.width() - 2 * pad - label_w - value_w
        self._plate(p, rect)
        for i, (label, value, limit, text) in enumerate(gauges):
            y = rect.top() + pad * 0.5 + i * unit * 1.9
            self._font(p, unit)
            p.setPen(INK)
            p.drawText(
                QRectF(rect.left() + pad, y, label_w, unit * 1.9),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                label,
            )
            tx, ty = rect.left() + pad + label_w, y + unit * 0.95
            frac = max(-1.0, min(1.0, value / limit))
            p.setPen(QPen(MUTED, max(1.0, unit / 8)))
            p.drawLine(QPointF(tx, ty), QPointF(tx + track_w, ty))
            p.drawLine(
                QPointF(tx + track_w / 2, ty - unit * 0.3),
                QPointF(tx + track_w / 2, ty + unit * 0.3),
            )
            p.setPen(QPen(LIMIT, max(2.0, unit / 4)))
            for end in (tx, tx + track_w):
                p.drawLine(QPointF(end, ty - unit * 0.45), QPointF(end, ty + unit * 0.45))
            colour = LIMIT if abs(frac) >= 1 else WARN if abs(frac) > 0.66 else CHOSEN
            mx = tx + track_w * (frac + 1) / 2
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            p.drawEllipse(QPointF(mx, ty), unit * 0.38, unit * 0.38)
            p.setPen(colour if abs(frac) > 0.66 else INK)
            p.drawText(
                QRectF(tx + track_w + pad, y, value_w, unit * 1.9),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                text,
            )

    def _banner_rect(self, p: QPainter, target: QRectF, unit: float, hud: Hud) -> QRectF:
        """The banner's size (no wider than the picture; its second line wraps)."""
        self._font(p, unit * 1.4, True)
        width = max(p.fontMetrics().horizontalAdvance(hud.banner), unit * 10)
        self._font(p, unit)
        width = min(
            max(width, p.fontMetrics().horizontalAdvance(hud.banner_sub)) + unit * 2,
            target.width() - unit,
        )
        sub = 0.0
        if hud.banner_sub:
            sub = (
                p.fontMetrics()
                .boundingRect(
                    QRectF(0, 0, width - unit, 1000).toRect(),
                    int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                    hud.banner_sub,
                )
                .height()
                + unit * 0.6
            )
        return QRectF(target.center().x() - width / 2, 0, width, unit * 2.6 + sub)

    def _draw_banner(self, p: QPainter, rect: QRectF, unit: float, hud: Hud) -> None:
        self._plate(p, rect, QColor(36, 41, 48, 225))
        p.setPen(QColor(255, 255, 255))
        self._font(p, unit * 1.4, True)
        p.drawText(
            QRectF(rect.left(), rect.top() + unit * 0.4, rect.width(), unit * 2),
            Qt.AlignmentFlag.AlignCenter,
            hud.banner,
        )
        if hud.banner_sub:
            self._font(p, unit)
            p.setPen(QColor(220, 224, 230))
            p.drawText(
                QRectF(
                    rect.left() + unit / 2,
                    rect.top() + unit * 2.3,
                    rect.width() - unit,
                    rect.height() - unit * 2.6,
                ),
                Qt.AlignmentFlag.AlignHCenter
                | Qt.AlignmentFlag.AlignTop
                | Qt.TextFlag.TextWordWrap,
                hud.banner_sub,
            )


def q_names(hud: Hud) -> tuple[str, ...]:
    """The names of ``hud``'s actions (numbered when the environment has none)."""
    count = 0 if hud.q is None else len(hud.q)
    return hud.action_names or tuple(f"action {i}" for i in range(count))


def q_line(hud: Hud, short: bool = False) -> str:
    """The Q values on one line, for a view too short for their plate; ``short`` names
    CartPole's pushes by arrows ("Q: ← 147.62 · → 147.70")."""
    assert hud.q is not None
    names = ("←", "→") if short and hud.cartpole and len(hud.q) == 2 else q_names(hud)
    values = "  ·  ".join(f"{n} {decimal(v, 2)}" for n, v in zip(names, hud.q, strict=False))
    return translate("Viewport", "Q: {0}").format(values)


def readout_text(hud: Hud) -> str:
    """The viewport as text for a screen reader: episode, step, score, the state, the chosen
    action and the Q values (numbers in the interface's locale)."""
    loc = QLocale()

    def num(v: float) -> str:
        return loc.toString(float(v), "f", 3)

    parts = [
        translate("Viewport", "Episode {0}, step {1}, score {2}.").format(
            hud.episode, hud.step, loc.toString(float(hud.score), "g", 6)
        )
    ]
    if hud.state is not None:
        state = np.asarray(hud.state, dtype=float).ravel()
        names = (
            [feature_text(n) for n in CARTPOLE_FEATURES]
            if hud.cartpole and len(state) == len(CARTPOLE_FEATURES)
            else [f"x{i}" for i in range(len(state))]
        )
        parts.append(
            translate("Viewport", "State: {0}.").format(
                ", ".join(f"{n} {num(v)}" for n, v in zip(names, state, strict=True))
            )
        )
    names = list(hud.action_names)
    if hud.chosen is not None and 0 <= hud.chosen < len(names):
        parts.append(translate("Viewport", "Chosen action: {0}.").format(names[hud.chosen]))
    if hud.q is not None:
        q = np.asarray(hud.q, dtype=float).ravel()
        labels = names if len(names) == len(q) else [str(i) for i in range(len(q))]
        parts.append(
            translate("Viewport", "Q values: {0}.").format(
                ", ".join(f"{n} {num(v)}" for n, v in zip(labels, q, strict=True))
            )
        )
    return " ".join(parts)
