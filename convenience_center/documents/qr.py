"""QR codes on the documents, made with segno and placed as a crisp 1-bit image.

segno (already a dependency of the platform) encodes to the standard and picks the smallest
version for the data; the code is drawn at a whole number of pixels per module, so the image
holds exactly the module matrix (no resampling) and a test can read the matrix back from the
PDF. reportlab's own ``barcode.qr`` widget would also work, but its encoder is older and a
vector drawing cannot be checked against the matrix as simply.
"""

from __future__ import annotations

import io

import segno
from reportlab.platypus import Image

QUIET_ZONE = 4       # modules of white border, as the standard asks
PIXELS_PER_MODULE = 8
ERROR_LEVEL = "m"    # about 15% of the code may be damaged (a folded or stamped receipt)


def qr_code(data: str) -> segno.QRCode:
    """The QR code of ``data`` (a URL)."""
    return segno.make_qr(data, error=ERROR_LEVEL)


def qr_image(data: str, size: float) -> Image:
    """A flowable ``size`` points square showing the QR code of ``data``."""
    buffer = io.BytesIO()
    qr_code(data).save(buffer, kind="png", scale=PIXELS_PER_MODULE, border=QUIET_ZONE)
    buffer.seek(0)
    return Image(buffer, width=size, height=size)
