"""``cc-admin backup`` / ``restore``: a populated platform comes back whole into an empty one
(SQLite and PostgreSQL, real databases and files); what must be refused is refused."""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, table
from sqlalchemy import select as sql_select
from sqlmodel import Session, col, create_engine, select

from convenience_center.models import Attachment, Case, Certificate, User
from convenience_center.services import certificates, security
from convenience_center.services.backup import BackupRefused, create_backup, key_fingerprint
from convenience_center.services.restore import restore_backup
from convenience_center.settings import get_settings
from tests.databases import create_pg_database, drop_pg_database, sqlalchemy_pg_url
from tests.factories import Person
from tests.services.helpers import register
from tests.services.test_workflow import act, officer, submitted

KEY = get_settings().secret_key


def counts(db_url: str) -> dict[str, int]:
    """Rows per table, counted here independently of the code under test ({} for a SQLite
    file that does not exist, without creating it)."""
    if db_url.startswith("sqlite:///") and not Path(db_url.removeprefix("sqlite:///")).exists():
        return {}
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            return {name: connection.execute(sql_select(func.count()).select_from(table(name)))
                    .scalar_one() for name in inspect(connection).get_table_names()}
    finally:
        engine.dispose()


def files_under(directory: Path) -> dict[str, bytes]:
    return {path.relative_to(directory).as_posix(): path.read_bytes()
            for path in directory.rglob("*") if path.is_file() and path.suffix != ".part"}


def member_bytes(tar: tarfile.TarFile, name: str) -> bytes:
    handle = tar.extractfile(name)
    assert handle is not None
    return handle.read()


@pytest.fixture
def platform(db: Session) -> dict[str, str]:
    """Citizens, officers, a case issued with a certificate and its uploaded documents."""
    case, _ = submitted(db)  # a citizen, a draft with four uploaded PDFs, a submitted case
    township, county = officer(db, "township", "410105001"), officer(db, "county", "410105")
    for who, action in ((township, "accept"), (township, "forward"), (county, "approve"),
                        (county, "issue")):
        case = act(db, who, case, action, "材料齐全")
    register(db, Person(real_name="王芳"))  # a second citizen without a case
    cert_no = db.exec(select(Certificate.cert_no).where(Certificate.case_id == case.id)).one()
    return {"case_no": case.case_no, "cert_no": cert_no}


@pytest.fixture
def empty_target(db_url: str, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database of the same backend (nothing migrated into it)."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored' / 'convenience_center.db'}"
        return
    name = create_pg_database()
    try:
        yield sqlalchemy_pg_url(name)
    finally:
        drop_pg_database(name)


def test_a_populated_platform_comes_back_whole(db: Session, db_url: str, platform: dict,
                                               empty_target: str, tmp_path: Path):
    source_files = get_settings().private_dir
    archive = tmp_path / "backups" / "platform.tar.gz"
    made = create_backup(archive=archive, db_url=db_url, private_dir=source_files,
                         secret_key=KEY)
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert made.tables == counts(db_url) and made.tables["certificate"] == 1
    assert made.tables["user_account"] == 4 and made.tables["attachment"] == 4

    restored_files = tmp_path / "restored" / "private"
    restored = restore_backup(archive=archive, db_url=empty_target, private_dir=restored_files,
                              secret_key=KEY)
    assert restored == made
    assert counts(empty_target) == counts(db_url)  # every table, row for row
    assert files_under(restored_files) == files_under(source_files)
    assert stat.S_IMODE(restored_files.stat().st_mode) == 0o700

    engine = create_engine(empty_target)
    with Session(engine) as back:
        originals = {u.username: u for u in db.exec(select(User)).all()}
        for user in back.exec(select(User)).all():
            original = originals.pop(user.username)
            assert user.password_hash == original.password_hash
            if user.id_number_enc:  # readable with the same key
                assert security.decrypt(user.id_number_enc) == \
                    security.decrypt(original.id_number_enc or "")
        assert originals == {}
        case = back.exec(select(Case).where(Case.case_no == platform["case_no"])).one()
        assert case.status == "issued"
        verified = certificates.verify(back, cert_no=platform["cert_no"])
        assert verified is not None and verified.status == "valid"
        for attachment in back.exec(select(Attachment).where(
                col(Attachment.stored_path).is_not(None))).all():
            assert (restored_files / attachment.stored_path).read_bytes().startswith(b"%PDF")
        # The restored platform goes on: new rows get new ids (sequences came along).
        newcomer, _ = register(back)
        assert newcomer.id is not None and newcomer.id > max(
            u.id or 0 for u in db.exec(select(User)).all())
    engine.dispose()


def test_the_manifest_names_the_key_by_its_fingerprint_only(db: Session, db_url: str,
                                                            platform: dict, tmp_path: Path):
    archive = tmp_path / "b.tar.gz"
    create_backup(archive=archive, db_url=db_url, private_dir=get_settings().private_dir,
                  secret_key=KEY)
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.loads(member_bytes(tar, "manifest.json"))
        database = member_bytes(tar, manifest["database_file"])
    assert names[-1] == "manifest.json" and names[0].startswith("database/")
    assert manifest["secret_key_fingerprint"] == hashlib.sha256(KEY).hexdigest()
    assert manifest["backend"] == ("sqlite" if db_url.startswith("sqlite") else "postgresql")
    assert manifest["created_at"].endswith("Z") and manifest["format_version"] == 1
    assert manifest["schema_revision"] and manifest["files"] >= 4
    assert KEY not in database and KEY.decode() not in json.dumps(manifest)
    assert not [p for p in archive.parent.iterdir() if p.name.endswith(".part")]


def test_restore_refuses_a_target_that_holds_data(db: Session, db_url: str, platform: dict,
                                                  empty_target: str, tmp_path: Path):
    archive = tmp_path / "b.tar.gz"
    create_backup(archive=archive, db_url=db_url, private_dir=get_settings().private_dir,
                  secret_key=KEY)
    before = counts(db_url)
    with pytest.raises(BackupRefused) as refused:  # the live database itself
        restore_backup(archive=archive, db_url=db_url, private_dir=tmp_path / "p",
                       secret_key=KEY)
    assert refused.value.code == "target_not_empty" and "database" in str(refused.value)
    assert counts(db_url) == before
    full = tmp_path / "full" / "private"
    (full / "attachments").mkdir(parents=True)
    (full / "attachments" / "kept.pdf").write_bytes(b"%PDF-1.4 mine")
    with pytest.raises(BackupRefused) as refused:  # an empty database, but files
        restore_backup(archive=archive, db_url=empty_target, private_dir=full, secret_key=KEY)
    assert refused.value.code == "target_not_empty"
    assert (full / "attachments" / "kept.pdf").read_bytes() == b"%PDF-1.4 mine"
    assert counts(empty_target) == {}


def test_restore_refuses_another_secret_key(db: Session, db_url: str, platform: dict,
                                            empty_target: str, tmp_path: Path):
    archive = tmp_path / "b.tar.gz"
    create_backup(archive=archive, db_url=db_url, private_dir=get_settings().private_dir,
                  secret_key=KEY)
    files = tmp_path / "restored" / "private"
    with pytest.raises(BackupRefused) as refused:
        restore_backup(archive=archive, db_url=empty_target, private_dir=files,
                       secret_key=b"another key")
    assert refused.value.code == "key_mismatch"
    assert key_fingerprint(KEY)[:12] in str(refused.value) and "CC_SECRET_KEY" in str(
        refused.value)
    assert counts(empty_target) == {} and not files.exists()


def _archive_with(tmp_path: Path, member: tarfile.TarInfo) -> Path:
    """A well-formed archive (manifest, database) with one member a backup never has."""
    archive = tmp_path / "evil.tar.gz"
    manifest = {"format": "cc-backup", "format_version": 1, "created_at": "2026-12-01T00:00:00Z",
                "backend": "sqlite", "database_file": "database/convenience_center.db",
                "secret_key_fingerprint": key_fingerprint(KEY), "schema_revision": None,
                "tables": {}, "files": 0, "file_bytes": 0}
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in (("database/convenience_center.db", b""),
                           ("manifest.json", json.dumps(manifest).encode())):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        tar.addfile(member, io.BytesIO(b"owned") if member.isfile() else None)
    return archive


def _file(name: str) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = 5
    return info


def _link(name: str, target: str, kind: bytes) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, target
    return info


@pytest.mark.parametrize("member", [
    _file("../evil.txt"), _file("private/../../evil.txt"), _file("/tmp/cc-evil.txt"),
    _file("elsewhere/evil.txt"), _file("private\\..\\..\\evil.txt"),
    _link("private/link", "../../evil.txt", tarfile.SYMTYPE),
    _link("private/hard", "/etc/passwd", tarfile.LNKTYPE),
], ids=["dotdot", "nested-dotdot", "absolute", "unknown-top", "backslashes", "symlink",
        "hardlink"])
def test_restore_refuses_members_outside_the_backup(tmp_path: Path, member: tarfile.TarInfo):
    (tmp_path / "in").mkdir()
    archive = _archive_with(tmp_path / "in", member)
    target = tmp_path / "target"
    with pytest.raises(BackupRefused) as refused:
        restore_backup(archive=archive, db_url=f"sqlite:///{target / 'cc.db'}",
                       private_dir=target / "private", secret_key=KEY)
    assert refused.value.code == "unsafe_member"
    assert not target.exists() and not (tmp_path / "evil.txt").exists()
    assert not Path("/tmp/cc-evil.txt").exists()


def test_a_failed_backup_leaves_no_archive(tmp_path: Path):
    archive = tmp_path / "b.tar.gz"
    with pytest.raises(BackupRefused) as refused:
        create_backup(archive=archive, db_url=f"sqlite:///{tmp_path / 'missing.db'}",
                      private_dir=tmp_path / "private", secret_key=KEY)
    assert refused.value.code == "database_unreadable"
    assert list(tmp_path.iterdir()) == []  # no archive, no temporary file or directory


def cc_admin(args: list[str], data_dir: Path, key: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CC_DATA_DIR": str(data_dir), "CC_SECRET_KEY": key,
           "REFLEX_DB_URL": f"sqlite:///{data_dir / 'cc.db'}"}
    return subprocess.run([sys.executable, "-m", "convenience_center.cli", *args], env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def test_cc_admin_backup_and_restore(tmp_path: Path):
    source, target, archive = tmp_path / "a", tmp_path / "b", tmp_path / "a.tar.gz"
    for step in (["migrate"], ["bootstrap"]):
        assert cc_admin(step, source, "key-one").returncode == 0
    made = cc_admin(["backup", str(archive)], source, "key-one")
    assert made.returncode == 0, made.stderr
    assert "sqlite database" in made.stdout
    wrong = cc_admin(["restore", str(archive)], target, "key-two")
    assert wrong.returncode == 2 and "another secret key" in wrong.stderr
    done = cc_admin(["restore", str(archive)], target, "key-one")
    assert done.returncode == 0, done.stderr
    assert counts(f"sqlite:///{target / 'cc.db'}") == counts(f"sqlite:///{source / 'cc.db'}")
    again = cc_admin(["restore", str(archive)], target, "key-one")
    assert again.returncode == 2 and "already has tables" in again.stderr
