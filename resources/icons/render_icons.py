"""Render ``dqn-lab.svg`` to the hicolor PNG sizes with Qt's SVG renderer.

Run from the checkout: ``python resources/icons/render_icons.py``. Writes
``resources/icons/hicolor/<N>x<N>/apps/dqn-lab.png`` for every size in :data:`SIZES`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

HERE = Path(__file__).resolve().parent
SVG = HERE / "dqn-lab.svg"
SIZES = (16, 32, 48, 64, 128, 256)


def png_path(size: int, root: Path = HERE / "hicolor") -> Path:
    """Where the ``size`` px render lives in a hicolor theme tree rooted at ``root``."""
    return root / f"{size}x{size}" / "apps" / "dqn-lab.png"


def render(
    svg: Path = SVG, sizes: tuple[int, ...] = SIZES, root: Path = HERE / "hicolor"
) -> list[Path]:
    """Render ``svg`` at each size into ``root``; return the written paths."""
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: {svg} is not a valid SVG file.")
    written = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        out = png_path(size, root)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(out), "PNG"):
            raise SystemExit(f"render_icons: could not write {out}.")
        written.append(out)
    return written


if __name__ == "__main__":
    for path in render():
        print(path.relative_to(HERE.parent.parent))
