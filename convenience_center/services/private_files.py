"""Uploaded files kept under the private data directory.

Checked on the server whatever the browser claims: size (the browser's limit is a courtesy),
type by content (PDF, JPEG, PNG; the name must agree). Stored under the private data
directory with generated names (the uploaded name is only shown, never used as a path),
written whole or not at all, and removed again when the rows naming them do not commit.
Served only through an authorised endpoint (``services.attachments.readable_file``).
Application documents, complaints' evidence and publications' files all come through here.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import secrets
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from convenience_center.domain.errors import Refused
from convenience_center.domain.text import without_invisible
from convenience_center.models import utcnow
from convenience_center.settings import get_settings

MAX_BYTES = 10 * 1024 * 1024
TYPES = {  # content type → extensions its name may have
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
}
# The disk (or the data directory's quota) is full: the upload is refused, not failed.
NO_SPACE = frozenset({errno.ENOSPC, errno.EDQUOT})

log = logging.getLogger("convenience_center.attachments")


def sniff(data: bytes) -> str | None:
    """The content type of ``data`` by its first bytes, among the accepted ones."""
    if data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]:
        return "application/pdf"
    if data.startswith(b"\xff\xd8\xff") and data.rstrip(b"\x00").endswith(b"\xff\xd9"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
        return "image/png"
    return None


def display_name(raw: str) -> str:
    """A harmless name to show: the last path part, no control, reserved or invisible
    characters (a right-to-left override, U+202E, would show ``invoice<U+202E>gpj.pdf`` as
    "invoicefdp.jpg")."""
    name = without_invisible(unicodedata.normalize("NFKC", raw or ""))
    name = name.replace("\\", "/").split("/")[-1]
    name = re.sub(r"[\x00-\x1f\x7f<>:\"|?*]", "", name).strip().lstrip(".")
    if len(name) > 100:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 100 - len(ext) - 1] + dot + ext) if dot else name[:100]
    return name or "file"


def check_upload(filename: str, data: bytes) -> tuple[str, str]:
    """``(content type, display name)`` of an acceptable file, else :class:`Refused`."""
    if not data:
        raise Refused("upload.empty")
    if len(data) > MAX_BYTES:
        raise Refused("upload.too_large", limit="10 MB")
    name = display_name(filename)
    extension = os.path.splitext(name)[1].lower()
    content_type = sniff(data)
    if content_type is None:
        raise Refused("upload.wrong_type")
    if extension not in TYPES[content_type]:
        raise Refused("upload.name_mismatch")
    return content_type, name


def store_file(data: bytes, extension: str) -> str:
    """Write the bytes under the private directory; returns the path relative to it.

    Written under a temporary name in the target's directory, flushed to disk, then renamed
    (and the rename flushed): a reader never sees half a file, and a write that fails leaves
    nothing behind. A full disk or quota is :class:`Refused` (``upload.no_space``), and
    logged, so that the page says so and an operator hears of it; ``tests/faults/
    test_uploads_disk_full.py`` drills it on a full filesystem."""
    now = utcnow()
    relative = Path("attachments") / f"{now:%Y}" / f"{now:%m}" / \
        f"{secrets.token_hex(16)}{extension}"
    target = get_settings().private_dir / relative
    temporary = target.with_suffix(".part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, target)
            _sync_directory(target.parent)
        except BaseException:
            temporary.unlink(missing_ok=True)
            target.unlink(missing_ok=True)
            raise
    except OSError as exc:
        if exc.errno not in NO_SPACE:
            raise
        log.warning("no space left for an uploaded file (%d bytes) in %s: %s", len(data),
                    target.parent, exc.strerror)
        raise Refused("upload.no_space") from exc
    return str(relative)


@dataclass
class WrittenFiles:
    """The files written for one transaction (see :func:`kept_if_committed`)."""

    paths: list[Path] = field(default_factory=list)

    def store(self, data: bytes, extension: str) -> str:
        """:func:`store_file`, remembered to be removed if the transaction does not commit."""
        relative = store_file(data, extension)
        self.paths.append(get_settings().private_dir / relative)
        return relative

    def discard(self) -> None:
        for path in self.paths:
            path.unlink(missing_ok=True)
        self.paths.clear()


@contextmanager
def kept_if_committed() -> Iterator[WrittenFiles]:
    """Files written inside are removed again when the block raises (a later file found no
    room, the commit failed): the rows and their files, all or none. The block ends with the
    commit."""
    written = WrittenFiles()
    try:
        yield written
    except BaseException:
        written.discard()
        raise


def _sync_directory(folder: Path) -> None:
    """Flush a directory's entries (a rename in it) to disk."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
