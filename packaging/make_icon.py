"""Draws the program's icon (a red star over a gold laurel disc, the colours of Vietnamese
certificates) into resources/icons/: tdkt.png at several sizes and tdkt.ico for Windows.

Run once when the design changes: `.venv/bin/python packaging/make_icon.py`. The outputs are
committed, so neither the program nor the build needs to draw them.
"""

from __future__ import annotations

import math
import os
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGuiApplication,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QRadialGradient,
)

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = [16, 24, 32, 48, 64, 128, 256]


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format_ARGB32)
    image.fill(Qt.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.Antialiasing)
    s = size / 256.0
    gradient = QRadialGradient(QPointF(110 * s, 100 * s), 150 * s)
    gradient.setColorAt(0, QColor("#f7d774"))
    gradient.setColorAt(1, QColor("#c8961e"))
    p.setBrush(QBrush(gradient))
    p.setPen(QPen(QColor("#8a5a00"), max(1.0, 6 * s)))
    p.drawEllipse(QRectF(8 * s, 8 * s, 240 * s, 240 * s))
    p.setBrush(QColor("#c8102e"))
    p.setPen(QPen(QColor("#7a0a1c"), max(1.0, 3 * s)))
    star = QPainterPath()
    cx, cy, outer, inner = 128 * s, 134 * s, 92 * s, 37 * s
    for i in range(10):
        r = outer if i % 2 == 0 else inner
        a = -math.pi / 2 + i * math.pi / 5
        point = QPointF(cx + r * math.cos(a), cy + r * math.sin(a))
        star.moveTo(point) if i == 0 else star.lineTo(point)
    star.closeSubpath()
    p.drawPath(star)
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.WriteOnly)
    image.save(buf, "PNG")
    return bytes(data)


def write_ico(path: Path, images: list[QImage]) -> None:
    """An .ico holding PNG-compressed images (valid since Windows Vista)."""
    blobs = [png_bytes(im) for im in images]
    header = struct.pack("<HHH", 0, 1, len(blobs))
    offset = 6 + 16 * len(blobs)
    entries = b""
    for im, blob in zip(images, blobs, strict=True):
        w = im.width() if im.width() < 256 else 0
        entries += struct.pack("<BBBBHHII", w, w, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
    path.write_bytes(header + entries + b"".join(blobs))


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # read when the application starts
    QGuiApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    images = [draw(n) for n in SIZES]
    images[-1].save(str(OUT / "tdkt.png"))
    draw(64).save(str(OUT / "tdkt-64.png"))
    write_ico(OUT / "tdkt.ico", images)
    print("Đã vẽ biểu tượng vào", OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
