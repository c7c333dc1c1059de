"""``cc-admin backup`` and ``cc-admin restore``: the whole platform in one ``.tar.gz``.

An archive holds, in this order:

- ``database/``: the database (``convenience_center.db`` from SQLite's online backup API, or
  ``postgresql.dump`` from ``pg_dump --format=custom``; see ``backup_databases.py``);
- ``private/``: the private files (uploaded documents), as they are under the data dir;
- ``manifest.json``: the format version, when (UTC), the backend, the SHA-256 fingerprint of
  the secret key (never the key), the schema revision, rows per table, files and bytes.
  It comes last so that it says what was written, not what was meant to be.

The secret key is not in the archive: whoever holds the archive must not be able to read the
ID numbers in it. Keep the key apart (``CC_SECRET_KEY`` or ``<data dir>/secret_key``).

A restore goes into an empty database and an empty private directory only, and only with the
key the archive was made with (the ID numbers are encrypted with it). It checks every member
before it writes anything (no absolute paths, no ``..``, no links or devices, nothing outside
the three names above), extracts with tarfile's ``data`` filter, and at the end compares the
rows of every table and the files with the manifest. Archives are written to a temporary
file, mode 0600, and renamed into place: an interrupted backup never leaves half an archive
under the archive's name.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from convenience_center.domain.errors import Refused
from convenience_center.services import backup_databases
from convenience_center.services.backup_databases import DatabaseToolFailed

FORMAT = "cc-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_DIR = "database"
FILES_DIR = "private"
TOP_LEVEL_NAMES = frozenset({MANIFEST, DATABASE_DIR, FILES_DIR})


class BackupRefused(Refused):
    """A backup or restore that was not done; ``code`` says why, the message how to go on
    (``str()`` of it: the command line prints it)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Manifest:
    """What an archive holds."""

    format: str
    format_version: int
    created_at: str
    backend: str
    database_file: str
    secret_key_fingerprint: str
    schema_revision: str | None
    tables: dict[str, int]
    files: int
    file_bytes: int

    @classmethod
    def parse(cls, data: bytes) -> Manifest:
        """Read a manifest, refusing one of another format or version."""
        try:
            raw = json.loads(data)
            manifest = cls(**raw)
        except (ValueError, TypeError) as exc:
            raise BackupRefused("not_a_backup", "the archive's manifest cannot be read") from exc
        if manifest.format != FORMAT or manifest.format_version != FORMAT_VERSION:
            raise BackupRefused("unknown_format", f"the archive is {manifest.format!r} version "
                                f"{manifest.format_version}, not {FORMAT!r} {FORMAT_VERSION}")
        return manifest

    def summary(self) -> str:
        """One line for the administrator."""
        return (f"{self.backend} database ({len(self.tables)} tables, "
                f"{sum(self.tables.values())} rows, schema {self.schema_revision or '-'}), "
                f"{self.files} files ({self.file_bytes} bytes), made {self.created_at}")


def key_fingerprint(secret_key: bytes) -> str:
    """SHA-256 of the secret key, in hex: tells whether two keys are the same, never the key."""
    return hashlib.sha256(secret_key).hexdigest()


# --- backup ------------------------------------------------------------------------------------

def _private_files(private_dir: Path) -> Iterator[tuple[Path, str]]:
    """Regular files under the private directory (no links; no ``.part`` files still being
    written), with their names in the archive, in a stable order."""
    if not private_dir.is_dir():
        return
    for root, dirs, names in os.walk(private_dir, followlinks=False):
        dirs.sort()
        for name in sorted(names):
            path = Path(root) / name
            if name.endswith(".part") or path.is_symlink() or not path.is_file():
                continue
            yield path, (PurePosixPath(FILES_DIR) / path.relative_to(private_dir).as_posix()
                         ).as_posix()


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(datetime.now(UTC).timestamp())
    tar.addfile(info, io.BytesIO(data))


def _add_file(tar: tarfile.TarFile, path: Path, name: str) -> int | None:
    """Add one file; its size, or ``None`` if it went away in the meantime."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return None
    with handle:
        stat = os.fstat(handle.fileno())
        info = tarfile.TarInfo(name)
        info.size, info.mode, info.mtime = stat.st_size, 0o600, int(stat.st_mtime)
        tar.addfile(info, handle)
    return stat.st_size


def _write_atomically(archive: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write through a temporary file (mode 0600) next to ``archive``, then rename it."""
    fd, temporary = tempfile.mkstemp(prefix=f".{archive.name}.", suffix=".part",
                                     dir=archive.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, archive)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    directory = os.open(archive.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def create_backup(*, archive: Path, db_url: str, private_dir: Path, secret_key: bytes,
                  now: datetime | None = None) -> Manifest:
    """Write the database, the private files and a manifest into ``archive`` (a ``.tar.gz``).

    The platform may keep running: the database is read in one consistent state; files
    uploaded after that state are in the archive too (harmless orphans at a restore)."""
    archive = archive.resolve()
    if archive.is_relative_to(private_dir.resolve()):
        raise BackupRefused("archive_inside_data", "write the archive outside the private "
                            f"files directory ({private_dir})")
    backend = backup_databases.backend_of(db_url)
    created = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    archive.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".cc-backup-", dir=archive.parent) as workdir:
        try:
            dump = backup_databases.dump_database(db_url, Path(workdir))
        except (DatabaseToolFailed, FileNotFoundError) as exc:
            raise BackupRefused("database_unreadable", str(exc)) from exc
        manifest: list[Manifest] = []

        def write(handle: BinaryIO) -> None:
            with tarfile.open(fileobj=handle, mode="w:gz", compresslevel=6) as tar:
                database_file = f"{DATABASE_DIR}/{dump.file.name}"
                _add_file(tar, dump.file, database_file)
                sizes = [_add_file(tar, path, name) for path, name in _private_files(private_dir)]
                written = [size for size in sizes if size is not None]
                manifest.append(Manifest(
                    format=FORMAT, format_version=FORMAT_VERSION, created_at=created,
                    backend=backend, database_file=database_file,
                    secret_key_fingerprint=key_fingerprint(secret_key),
                    schema_revision=dump.schema_revision, tables=dump.tables,
                    files=len(written), file_bytes=sum(written)))
                _add_bytes(tar, MANIFEST, json.dumps(asdict(manifest[0]), indent=2,
                                                     ensure_ascii=False).encode("utf-8"))

        _write_atomically(archive, write)
    return manifest[0]
