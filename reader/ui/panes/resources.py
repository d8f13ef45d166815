"""What any document of Reader's is given when it asks for a resource (`loadResource`).

The one thing served is a picture the library stored (`reader-picture:<sha256>`, the only
image source the sanitiser lets through), read through the `PictureSource` the window hands
in, and only while pictures are on. Everything else gets a harmless placeholder, and every
refusal is recorded. The answer is never None: Qt would then read the URL from the
filesystem itself (and an image it got no pixels for is also looked up on disk), so images
get a 1x1 transparent image and everything else an empty byte array. The reading pane and
the printed document both answer through `answer_resource`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, Qt, QUrl
from PySide6.QtGui import QImage, QImageReader, QTextDocument

from reader.library import PICTURE_SCHEME

PictureSource = Callable[[str], bytes | None]  # a stored picture's bytes by its SHA-256
PICTURE_ALLOCATION_MB = 80  # Qt refuses to decode a picture that would need more


def placeholder_image() -> QImage:
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    return image


def stored_picture(address: str, pictures: PictureSource | None) -> QImage | None:
    """The library's picture at `address` (`reader-picture:<sha256>`), decoded; None for
    any other address, a picture not stored, or bytes that are not a picture."""
    prefix = PICTURE_SCHEME + ":"
    if pictures is None or not address.startswith(prefix):
        return None
    sha = address[len(prefix) :]
    if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
        return None
    data = pictures(sha)
    if not data:
        return None
    QImageReader.setAllocationLimit(PICTURE_ALLOCATION_MB)
    image = QImage.fromData(data)
    return None if image.isNull() else image


def answer_resource(
    type_: int, name: QUrl | str, pictures: PictureSource | None, *, blocked: list[str],
    fit: Callable[[QImage], QImage], placeholder: QImage,
) -> object:  # fmt: skip
    """`loadResource`'s answer: a stored picture (scaled by `fit`), else a placeholder of
    the kind asked for, the address then added to `blocked`."""
    address = name.toString() if isinstance(name, QUrl) else str(name)
    if type_ == QTextDocument.ResourceType.ImageResource.value:
        image = stored_picture(address, pictures)
        if image is not None:
            return fit(image)
        blocked.append(address)
        return placeholder
    blocked.append(address)
    return QByteArray()
