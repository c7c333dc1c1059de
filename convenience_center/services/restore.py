"""``cc-admin restore``: an archive of ``services/backup.py`` into an empty platform.

The order is chosen so that a refusal writes nothing and a failure leaves the target as
empty as it was: the target is checked (an empty database, no private files), then every
member of the archive and its manifest (the format, the backend, the secret key's
fingerprint), and only then is anything extracted, into a staging directory beside the
private directory. The database is loaded first (PostgreSQL in one transaction), the files
are renamed into place last, and the rows of every table and the files are compared with the
manifest. The platform must be stopped while it runs.
"""

from __future__ import annotations

import shutil
import tarfile
import tempfile
import zlib
from contextlib import ExitStack
from pathlib import Path, PurePosixPath

from convenience_center.services import backup_databases
from convenience_center.services.backup import (
    DATABASE_DIR,
    FILES_DIR,
    MANIFEST,
    TOP_LEVEL_NAMES,
    BackupRefused,
    Manifest,
    key_fingerprint,
)
from convenience_center.services.backup_databases import DatabaseToolFailed


def _files_in(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return [path for path in directory.rglob("*") if not path.is_dir()]


def _check_target(db_url: str, private_dir: Path) -> None:
    try:
        holds_tables = backup_databases.has_tables(db_url)
    except Exception as exc:  # the database itself cannot be reached: say so, plainly
        raise BackupRefused("database_unreachable",
                            f"the target database cannot be reached: {exc}") from exc
    if holds_tables:
        raise BackupRefused("target_not_empty", "the target database already has tables; "
                            "restore into a new, empty database")
    if _files_in(private_dir):
        raise BackupRefused("target_not_empty", f"{private_dir} already holds files; restore "
                            "into an empty data directory")


def _checked_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    """Every member, if each is a plain file or directory with a relative, ``..``-free name
    under one of the archive's three top-level names; otherwise the archive is refused."""
    members = tar.getmembers()
    seen: set[str] = set()
    for member in members:
        name = member.name
        path = PurePosixPath(name)
        unsafe = (name.startswith("/") or "\\" in name or ":" in name or ".." in path.parts
                  or not path.parts or path.parts[0] not in TOP_LEVEL_NAMES)
        if unsafe or not (member.isfile() or member.isdir()) or name in seen:
            raise BackupRefused("unsafe_member", f"the archive holds a member that a backup "
                                f"never has: {name!r}; nothing was restored")
        seen.add(name)
    return members


def _read_manifest(tar: tarfile.TarFile) -> Manifest:
    try:
        handle = tar.extractfile(MANIFEST)
    except KeyError:
        handle = None
    if handle is None:
        raise BackupRefused("not_a_backup", "the archive has no manifest.json")
    with handle:
        return Manifest.parse(handle.read())


def _check_manifest(manifest: Manifest, *, db_url: str, secret_key: bytes,
                    members: list[tarfile.TarInfo]) -> None:
    backend = backup_databases.backend_of(db_url)
    if manifest.backend != backend:
        raise BackupRefused("backend_mismatch", f"the archive holds a {manifest.backend} "
                            f"database and the configured database is {backend}")
    if manifest.secret_key_fingerprint != key_fingerprint(secret_key):
        raise BackupRefused(
            "key_mismatch", "the archive was made with another secret key (fingerprint "
            f"{manifest.secret_key_fingerprint[:12]}…, the configured key's is "
            f"{key_fingerprint(secret_key)[:12]}…): without it the stored ID numbers cannot "
            "be read. Configure the original key (CC_SECRET_KEY, or the secret_key file of "
            "the data directory) and run the restore again.")
    database = PurePosixPath(manifest.database_file)
    if database.parts[:1] != (DATABASE_DIR,) or manifest.database_file not in {
            m.name for m in members if m.isfile()}:
        raise BackupRefused("not_a_backup", "the archive does not hold the database its "
                            "manifest names")


def _compare(manifest: Manifest, *, db_url: str, files: list[Path]) -> None:
    if len(files) != manifest.files or sum(f.stat().st_size for f in files) != \
            manifest.file_bytes:
        raise BackupRefused("incomplete", f"the archive holds {len(files)} files; its "
                            f"manifest says {manifest.files}")
    restored = backup_databases.row_counts(db_url)
    if restored != manifest.tables:
        differing = sorted(name for name in set(restored) | set(manifest.tables)
                           if restored.get(name) != manifest.tables.get(name))
        raise BackupRefused("incomplete", "the restored database differs from the manifest "
                            f"in {', '.join(differing)}")


def restore_backup(*, archive: Path, db_url: str, private_dir: Path,
                   secret_key: bytes) -> Manifest:
    """Restore ``archive`` into the empty database at ``db_url`` and the empty
    ``private_dir``; the archive's manifest. Raises :class:`BackupRefused`."""
    _check_target(db_url, private_dir)
    with ExitStack() as stack:
        try:
            tar = stack.enter_context(tarfile.open(archive, mode="r:gz"))
            members = _checked_members(tar)
        except (OSError, EOFError, zlib.error, tarfile.TarError) as exc:
            raise BackupRefused("not_a_backup",
                                f"{archive} is not a backup archive: {exc}") from exc
        manifest = _read_manifest(tar)
        _check_manifest(manifest, db_url=db_url, secret_key=secret_key, members=members)
        private_dir.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".cc-restore-", dir=private_dir.parent) as work:
            staging = Path(work)
            tar.extractall(staging, members=members, filter="data")
            _install(manifest, staging=staging, db_url=db_url, private_dir=private_dir)
    _compare(manifest, db_url=db_url, files=_files_in(private_dir))
    return manifest


def _install(manifest: Manifest, *, staging: Path, db_url: str, private_dir: Path) -> None:
    """The database first (it may fail and then changes nothing), the files last."""
    try:
        backup_databases.load_database(db_url, staging / manifest.database_file)
    except DatabaseToolFailed as exc:
        raise BackupRefused("database_failed", f"the database was not restored: {exc}") from exc
    files = staging / FILES_DIR
    if private_dir.exists():
        shutil.rmtree(private_dir)  # only empty directories: checked at the start
    if files.is_dir():
        files.rename(private_dir)
    else:
        private_dir.mkdir()
    for directory in (private_dir, *(p for p in private_dir.rglob("*") if p.is_dir())):
        directory.chmod(0o700)  # as the app makes them
