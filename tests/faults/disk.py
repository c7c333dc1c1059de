"""A full disk for the drills: the app's private files directory (``<data dir>/private``,
where uploaded documents are stored) becomes a small filesystem of its own, a tmpfs mounted
there (the drills run as root, as ``make test`` does; without the right to mount they fail
and say so), filled until less room is left than a document needs.

``full_disk(app)`` does it and records what a drill compares with afterwards: the room left,
every table's row count and the app's log offset. ``refused_cleanly`` checks what a refusal
for want of room leaves.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.e2e.conftest import ERROR_PATTERN, RunningApp
from tests.faults.rows import changed, row_counts
from tests.faults.servers import ServerUnavailable

FILESYSTEM_BYTES = 1024 * 1024
ROOM_LEFT = 64 * 1024  # less than the document: its write fails part of the way through
DOCUMENT_BYTES = 256 * 1024
NO_SPACE_LOGGED = "no space left for an uploaded file"


@contextlib.contextmanager
def small_filesystem(folder: Path, size: int) -> Iterator[Path]:
    """A tmpfs of ``size`` bytes mounted on ``folder`` (what was there is hidden meanwhile),
    unmounted at the end."""
    if os.geteuid() != 0:
        raise ServerUnavailable("the disk-full drill mounts a tmpfs: it must run as root")
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700",
                           "cc-drill-files", str(folder)], capture_output=True, text=True,
                          timeout=30, check=False)
    if done.returncode != 0:
        raise ServerUnavailable(f"mount -t tmpfs on {folder} failed: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        if subprocess.run(["umount", str(folder)], timeout=30, check=False).returncode:
            subprocess.run(["umount", "--lazy", str(folder)], timeout=30, check=True)


def room_left(folder: Path) -> int:
    stats = os.statvfs(folder)
    return stats.f_bavail * stats.f_frsize


def fill_until(folder: Path, left: int) -> Path:
    """A file taking all the room of ``folder``'s filesystem but ``left`` bytes."""
    filler = folder / "filler"
    with filler.open("wb") as handle:
        handle.write(b"\0" * (room_left(folder) - left))
    assert 0 < room_left(folder) <= left, room_left(folder)
    return filler


def pdf_of(size: int) -> bytes:
    return b"%PDF-1.4\n" + b"%" * (size - 16) + b"\n%%EOF\n"


def files_in(folder: Path, *, besides: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p != besides)


@dataclass
class FullDisk:
    """The app's files directory, full, and what was there when it was filled."""

    app: RunningApp
    files: Path             # the private files directory (the small filesystem)
    filler: Path            # the file taking its room; unlink it to make room
    left: int               # bytes left after filling
    before: dict[str, int]  # rows per table
    offset: int             # the app's log size


@contextlib.contextmanager
def full_disk(app: RunningApp, *, size: int = FILESYSTEM_BYTES,
              left: int = ROOM_LEFT) -> Iterator[FullDisk]:
    """The app's private files directory a filesystem of ``size`` bytes with at most
    ``left`` bytes of room (unmounted at the end: what was there before shows again)."""
    with small_filesystem(Path(app.env["CC_DATA_DIR"]) / "private", size) as files:
        filler = fill_until(files, left)
        yield FullDisk(app, files, filler, room_left(files), row_counts(app.db_url),
                       app.log_size())


def refused_cleanly(disk: FullDisk) -> None:
    """What a refusal for want of room leaves: no file besides the filler (not even part of
    one), no table's rows changed, and in the app's log the one warning and no error."""
    time.sleep(0.3)  # the handler's last log lines reach the file
    assert files_in(disk.files, besides=disk.filler) == []
    assert changed(disk.before, row_counts(disk.app.db_url)) == {}
    log = disk.app.log_since(disk.offset)
    assert log.count(NO_SPACE_LOGGED) == 1, log[-3000:]
    errors = [line for line in log.splitlines() if ERROR_PATTERN.search(line)]
    assert errors == [], "\n".join(errors[:20])
