"""Frames of the app's environments as (H, W, 3) uint8 arrays, drawn off-screen.

CartPole is drawn by :class:`CartPoleRenderer` with pygame into an off-screen
``pygame.Surface`` (never a display window: no ``pygame.init()``, no ``pygame.display``),
with what a learner wants to see: the track with its failure limits at +-2.4, the +-12 degree
cone in which the pole must stay, the pole turning red as it nears that limit, and an arrow
for the push the agent chose. Other environments (Acrobot, MountainCar) use Gymnasium's own
``rgb_array`` renderer. :class:`FrameSource` picks the right one for an environment id.
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

X_LIMIT = 2.4  # CartPole's x_threshold (m)
THETA_LIMIT = 12 * 2 * math.pi / 360  # CartPole's theta_threshold_radians

SKY_TOP = (214, 228, 245)
SKY_BOTTOM = (246, 248, 252)
GROUND = (206, 212, 203)
GROUND_EDGE = (150, 158, 148)
RAIL = (70, 76, 86)
LIMIT = (214, 48, 49)
DANGER = (244, 204, 204)
CART = (45, 62, 80)
CART_TOP = (72, 96, 120)
WHEEL = (30, 30, 34)
POLE_OK = (216, 151, 60)
POLE_BAD = (214, 48, 49)
AXLE = (129, 132, 203)
CONE = (160, 168, 188)
ARROW = (39, 174, 96)
TEXT = (40, 44, 52)
TRACK_SHARE = 0.72  # the rail's height in the frame, from the top
CONE_REACH = 1.15  # the dashed cone's length, in pole lengths


@dataclass(frozen=True)
class FrameGeometry:
    """Where :class:`CartPoleRenderer` draws things in a ``width`` x ``height`` frame, in
    pixels from the top left; the renderer and the viewport's overlays (which keep clear
    of the cart and the pole) both read it."""

    width: int
    height: int
    x_limit: float = X_LIMIT
    pole_half_length: float = 0.5

    @property
    def scale(self) -> float:
        """Pixels per metre: the world shown is 20 % wider than the track, so the limits
        are visible."""
        return self.width / (2 * self.x_limit * 1.2)

    @property
    def track_y(self) -> int:
        return int(self.height * TRACK_SHARE)

    @property
    def cart_size(self) -> tuple[float, float, int]:
        """The cart's width, height and wheel radius."""
        cart_h = 0.3 * self.scale
        return 0.5 * self.scale, cart_h, max(3, int(cart_h * 0.22))

    @property
    def cart_top(self) -> float:
        _, cart_h, wheel_r = self.cart_size
        return self.track_y - wheel_r * 2 - cart_h

    @property
    def pivot_y(self) -> float:
        """The pole's pivot on the cart."""
        return self.cart_top + self.cart_size[1] * 0.25

    @property
    def pole_length(self) -> float:
        return 2 * self.pole_half_length * self.scale

    @property
    def cone_top(self) -> float:
        """The tip of the upright pole's dashed cone: the highest the pole is drawn."""
        return self.pivot_y - self.pole_length * CONE_REACH


def is_cartpole(env_id: str) -> bool:
    """Whether ``env_id`` is drawn by :class:`CartPoleRenderer`."""
    return env_id.startswith("CartPole")


def surface_to_array(surface: Any, channels: int = 3) -> np.ndarray:
    """A pygame Surface as a C-contiguous (H, W, channels) uint8 array (a copy).

    ``channels=4`` gives RGBX (the 4th byte is padding): pygame copies it ten times faster
    than RGB, and Qt shows it without conversion (``QImage.Format_RGBX8888``).
    """
    import pygame

    if channels not in (3, 4):
        raise ValueError(f"channels must be 3 (RGB) or 4 (RGBX), not {channels}.")
    width, height = surface.get_size()
    data = pygame.image.tobytes(surface, "RGB" if channels == 3 else "RGBX")
    return np.frombuffer(data, dtype=np.uint8).reshape(height, width, channels)


_FONTS: dict[int, Any] = {}
_FONT_LOCK = threading.Lock()  # an export thread may caption while the GUI draws


def _font(size: int):
    """pygame's default font (font subsystem only; no display is opened)."""
    import pygame

    if not pygame.font.get_init():  # Gymnasium's env.close() calls pygame.quit()
        pygame.font.init()
        _FONTS.clear()
    if size not in _FONTS:
        _FONTS[size] = pygame.font.Font(None, size)
    return _FONTS[size]


def draw_caption(surface: Any, text: str) -> None:
    """Write ``text`` in the top-left corner of ``surface`` on a light plate."""
    import pygame

    size = max(14, surface.get_height() // 16)
    with _FONT_LOCK:
        label = _font(size).render(text, True, TEXT)
    plate = pygame.Surface((label.get_width() + 12, label.get_height() + 6), pygame.SRCALPHA)
    plate.fill((255, 255, 255, 200))
    surface.blit(plate, (6, 6))
    surface.blit(label, (12, 9))


class CartPoleRenderer:
    """Draws a CartPole state into an off-screen surface and returns it as an array."""

    def __init__(
        self,
        width: int = 600,
        height: int = 400,
        x_limit: float = X_LIMIT,
        theta_limit: float = THETA_LIMIT,
        pole_half_length: float = 0.5,
    ) -> None:
        if width < 32 or height < 32:
            raise ValueError(
                f"A CartPole frame must be at least 32x32 pixels, not {width}x{height}."
            )
        import pygame

        self.width, self.height = int(width), int(height)
        self.x_limit, self.theta_limit = float(x_limit), float(theta_limit)
        self.pole_half_length = float(pole_half_length)
        self.geometry = FrameGeometry(self.width, self.height, self.x_limit, pole_half_length)
        self.surface = pygame.Surface((self.width, self.height), depth=32)
        self._background = self._draw_background()

    def to_px(self, x: float) -> float:
        """Screen column of world position ``x`` (metres)."""
        return self.width / 2 + x * self.geometry.scale

    def _draw_background(self):
        """The static part: sky, ground, rail, metre ticks and the +-limit posts."""
        import pygame

        w, h, ty = self.width, self.height, self.geometry.track_y
        bg = pygame.Surface((w, h), depth=32)
        t = np.linspace(0.0, 1.0, ty)[:, None]
        sky = (np.array(SKY_TOP) * (1 - t) + np.array(SKY_BOTTOM) * t).astype(np.uint8)
        column = np.repeat(sky[None, :, :], w, axis=0)  # surfarray is (W, H, 3)
        pygame.surfarray.blit_array(bg.subsurface((0, 0, w, ty)), column)
        bg.fill(GROUND, (0, ty, w, h - ty))
        left, right = self.to_px(-self.x_limit), self.to_px(self.x_limit)
        # Beyond the limits the episode ends: shade those strips.
        bg.fill(DANGER, (0, ty - 2, int(left), 6))
        bg.fill(DANGER, (int(right) + 1, ty - 2, w - int(right), 6))
        pygame.draw.line(bg, GROUND_EDGE, (0, ty + 4), (w, ty + 4), 1)
        pygame.draw.line(bg, RAIL, (int(left), ty), (int(right), ty), 3)
        tick_h = max(4, h // 60)
        for metre in np.arange(-2.0, 2.01, 0.5):
            px = int(round(self.to_px(metre)))
            length = tick_h * (2 if metre == 0 else 1)
            pygame.draw.line(bg, RAIL, (px, ty + 3), (px, ty + 3 + length), 1)
        post_h = max(20, h // 8)
        for px in (int(round(left)), int(round(right))):
            pygame.draw.line(bg, LIMIT, (px, ty + 6), (px, ty - post_h), 3)
            flag = [
                (px, ty - post_h),
                (px + (8 if px > w / 2 else -8), ty - post_h + 5),
                (px, ty - post_h + 10),
            ]
            pygame.draw.polygon(bg, LIMIT, flag)
        return bg

    def render(
        self,
        state: Sequence[float],
        action: int | None = None,
        caption: str | None = None,
        channels: int = 3,
    ) -> np.ndarray:
        """The frame of ``state`` = (x, x_dot, theta, theta_dot) as an (H, W, 3) uint8 array
        (or (H, W, 4) RGBX with ``channels=4``)."""
        import pygame
        from pygame import gfxdraw

        x, _, theta, _ = (float(v) for v in state[:4])
        surf = self.surface
        surf.blit(self._background, (0, 0))
        g = self.geometry
        ty = g.track_y
        cart_w, cart_h, wheel_r = g.cart_size
        cx = self.to_px(x)
        pivot = (cx, g.pivot_y)
        pole_len = g.pole_length
        # The cone the pole must stay in (+-theta_limit from upright), dashed.
        for sign in (-1, 1):
            end = (
                pivot[0] + math.sin(sign * self.theta_limit) * pole_len * CONE_REACH,
                pivot[1] - math.cos(sign * self.theta_limit) * pole_len * CONE_REACH,
            )
            for k in range(0, 10, 2):
                a, b = k / 10, (k + 1) / 10
                pygame.draw.aaline(surf, CONE, _lerp(pivot, end, a), _lerp(pivot, end, b))
        # Cart: body, lighter top, wheels.
        body = pygame.Rect(0, 0, int(cart_w), int(cart_h))
        body.midbottom = (int(cx), int(ty - wheel_r * 2 + 1))
        pygame.draw.rect(surf, CART, body, border_radius=max(2, int(cart_h * 0.18)))
        pygame.draw.rect(
            surf,
            CART_TOP,
            body.inflate(-6, -int(cart_h * 0.55)).move(0, -int(cart_h * 0.12)),
            border_radius=3,
        )
        for dx in (-cart_w * 0.3, cart_w * 0.3):
            wx, wy = int(cx + dx), int(ty - wheel_r)
            gfxdraw.filled_circle(surf, wx, wy, wheel_r, WHEEL)
            gfxdraw.aacircle(surf, wx, wy, wheel_r, WHEEL)
        # Push arrow on the side the force comes from (action 1 pushes right).
        if action is not None:
            direction = 1 if int(action) == 1 else -1
            size = max(6.0, cart_h * 0.35)
            tip_x = cx - direction * (cart_w / 2 + 3)  # touching the pushed side
            tail_x = tip_x - direction * size * 2.2
            y = g.cart_top + cart_h * 0.5
            pygame.draw.line(
                surf,
                ARROW,
                (int(tail_x), int(y)),
                (int(tip_x - direction * size * 0.8), int(y)),
                max(3, int(size * 0.45)),
            )
            tri = [
                (tip_x, y),
                (tip_x - direction * size, y - size * 0.7),
                (tip_x - direction * size, y + size * 0.7),
            ]
            gfxdraw.filled_polygon(surf, tri, ARROW)
            gfxdraw.aapolygon(surf, tri, ARROW)
        # Pole: turns from wood to red as |theta| nears the limit.
        danger = min(1.0, abs(theta) / self.theta_limit)
        colour = tuple(int(a + (b - a) * danger**2) for a, b in zip(POLE_OK, POLE_BAD))
        half_w = max(3.0, 0.04 * g.scale)
        ux, uy = math.sin(theta), -math.cos(theta)  # along the pole, screen y points down
        nx, ny = -uy, ux
        corners = [
            (
                pivot[0] + nx * half_w * k1 + ux * pole_len * k2,
                pivot[1] + ny * half_w * k1 + uy * pole_len * k2,
            )
            for k1, k2 in ((-1, 0), (1, 0), (1, 1), (-1, 1))
        ]
        gfxdraw.filled_polygon(surf, corners, colour)
        gfxdraw.aapolygon(surf, corners, colour)
        r = max(3, int(half_w * 1.1))
        gfxdraw.filled_circle(surf, int(pivot[0]), int(pivot[1]), r, AXLE)
        gfxdraw.aacircle(surf, int(pivot[0]), int(pivot[1]), r, AXLE)
        if caption:
            draw_caption(surf, caption)
        return surface_to_array(surf, channels)


def _lerp(p: tuple[float, float], q: tuple[float, float], t: float) -> tuple[float, float]:
    return (p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t)


def close_env(env) -> None:
    """Close ``env`` without Gymnasium's ``pygame.quit()``, which would end pygame for every
    other renderer in the process (the viewport and an export may run at the same time)."""
    unwrapped = env.unwrapped
    if getattr(unwrapped, "screen", None) is not None:
        unwrapped.screen = None
    env.close()


class FrameSource:
    """Renders frames of one environment id: pygame for CartPole, Gymnasium otherwise."""

    def __init__(self, env_id: str, width: int = 600, height: int = 400) -> None:
        self.env_id = env_id
        self.cartpole = is_cartpole(env_id)
        self.width, self.height = width, height
        self._renderer: CartPoleRenderer | None = None

    @property
    def render_mode(self) -> str | None:
        """The ``render_mode`` the environment must be made with for :meth:`frame`."""
        return None if self.cartpole else "rgb_array"

    def set_size(self, width: int, height: int) -> None:
        """Draw CartPole at this size from now on (so a viewport shows it 1:1, unscaled).
        Gymnasium's renderers have a fixed size and ignore this."""
        width, height = max(32, int(width)), max(32, int(height))
        if (width, height) != (self.width, self.height):
            self.width, self.height = width, height
            self._renderer = None

    def frame(
        self, env, action: int | None = None, caption: str | None = None, channels: int = 3
    ) -> np.ndarray:
        """The current frame of ``env`` as a C-contiguous (H, W, 3) uint8 array; CartPole's is
        (H, W, 4) RGBX with ``channels=4`` (Gymnasium's frames are always RGB)."""
        if self.cartpole:
            u = env.unwrapped
            if self._renderer is None:
                self._renderer = CartPoleRenderer(
                    self.width,
                    self.height,
                    getattr(u, "x_threshold", X_LIMIT),
                    getattr(u, "theta_threshold_radians", THETA_LIMIT),
                    getattr(u, "length", 0.5),
                )
            return self._renderer.render(u.state, action, caption, channels)
        frame = env.render()
        if frame is None:
            raise ValueError(
                f"{self.env_id} returned no frame; make it with render_mode='rgb_array'."
            )
        frame = np.ascontiguousarray(frame[..., :3], dtype=np.uint8)
        if caption:
            import pygame

            h, w = frame.shape[:2]
            surf = pygame.image.frombuffer(frame.tobytes(), (w, h), "RGB").copy()
            draw_caption(surf, caption)
            frame = surface_to_array(surf)
        return frame
