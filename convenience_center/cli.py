"""``cc-admin``: the administration command line.

    cc-admin migrate                      apply database migrations
    cc-admin bootstrap                    offices, and demo accounts on an empty database
                                          (unless CC_DEMO=0)
    cc-admin create-staff --username U --name N --email E --role ROLE --office CODE
                                          (password read from standard input)
    cc-admin offices [--parent CODE] [--level LEVEL]
    cc-admin add-township --code C --name-zh N [--name-en N] --county CODE
    cc-admin demo-data                    create the demo accounts that are missing
    cc-admin deliver-mail                 send the e-mails waiting in the outbox
    cc-admin backup ARCHIVE               database, private files and a manifest in one .tar.gz
    cc-admin restore ARCHIVE              into an empty database and data dir, same secret key
    cc-admin serve [--port N] [--host A]  run the platform (what `make run` starts); the
                                          frontend is rebuilt only when something changed
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from convenience_center import db
from convenience_center.domain.errors import ValidationFailed
from convenience_center.i18n import translate
from convenience_center.settings import get_settings

if TYPE_CHECKING:
    from convenience_center.services.bootstrap import DemoAccount


def _print_errors(failure: ValidationFailed) -> int:
    for error in failure.errors:
        print(f"error: {error.field}: {translate(error.code, 'en')}", file=sys.stderr)
    return 2


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != first:
            raise SystemExit("error: the passwords do not match")
        return first
    return sys.stdin.readline().rstrip("\n")


def cmd_migrate(_args: argparse.Namespace) -> int:
    from convenience_center.migrations import upgrade

    upgrade(get_settings().db_url)
    print("database is up to date")
    return 0


def _print_demo(accounts: list[DemoAccount]) -> None:
    if not accounts:
        return
    print("\nDemo accounts (passwords are shown this once only):")
    for account in accounts:
        office = account.office_code or "-"
        print(f"  {account.username:<16} {account.role:<9} office {office:<10} "
              f"password: {account.password}")
    print()


def cmd_bootstrap(_args: argparse.Namespace) -> int:
    from convenience_center.services.bootstrap import bootstrap

    with db.session() as session:
        _print_demo(bootstrap(session, demo=get_settings().demo))
    return 0


def cmd_demo_data(_args: argparse.Namespace) -> int:
    from convenience_center.services.bootstrap import create_demo_accounts
    from convenience_center.services.offices import seed_offices

    with db.session() as session:
        seed_offices(session)
        accounts = create_demo_accounts(session)
    if not accounts:
        print("the demo accounts exist already")
    _print_demo(accounts)
    return 0


def cmd_create_staff(args: argparse.Namespace) -> int:
    from convenience_center.services.admin_users import create_staff

    password = _read_password()
    with db.session() as session:
        try:
            user = create_staff(session, username=args.username, real_name=args.name,
                                email=args.email, role=args.role, office_code=args.office,
                                password=password)
        except ValidationFailed as failure:
            return _print_errors(failure)
    print(f"created {user.role} account {user.username} (office {user.office_code})")
    return 0


def cmd_offices(args: argparse.Namespace) -> int:
    from convenience_center.services.offices import list_offices

    with db.read_session() as session:
        offices = list_offices(session, parent_code=args.parent, level=args.level)
    for office in offices:
        print(f"{office.code:<10} {office.level:<9} {office.parent_code or '-':<10} "
              f"{office.name_zh}  {office.name_en}")
    print(f"{len(offices)} offices", file=sys.stderr)
    return 0


def cmd_add_township(args: argparse.Namespace) -> int:
    from convenience_center.services.audit import Actor
    from convenience_center.services.offices import add_township

    with db.session() as session:
        try:
            office = add_township(session, code=args.code, name_zh=args.name_zh,
                                  name_en=args.name_en or "", county_code=args.county,
                                  actor=Actor(username="cc-admin"))
        except ValidationFailed as failure:
            return _print_errors(failure)
    print(f"added {office.code} {office.name_zh}")
    return 0


def cmd_grant_publishing(args: argparse.Namespace) -> int:
    from convenience_center.services.admin_users import set_publishing_by_operator

    with db.session() as session:
        try:
            user = set_publishing_by_operator(session, username=args.username,
                                              allowed=not args.revoke)
        except ValidationFailed as failure:
            return _print_errors(failure)
    state = "may publish" if user.can_publish else "may no longer publish"
    print(f"{user.username} {state} for office {user.office_code}")
    return 0


def cmd_deliver_mail(_args: argparse.Namespace) -> int:
    from convenience_center.services.mail import deliver_pending

    with db.session() as session:
        print(f"{deliver_pending(session, limit=1000)} e-mails sent")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from convenience_center.services.backup import BackupRefused, create_backup

    settings = get_settings()
    try:
        manifest = create_backup(archive=Path(args.archive), db_url=settings.db_url,
                                 private_dir=settings.private_dir,
                                 secret_key=settings.secret_key)
    except BackupRefused as refused:
        print(f"error: {refused}", file=sys.stderr)
        return 2
    print(f"{args.archive}: {manifest.summary()}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from convenience_center.services.backup import BackupRefused
    from convenience_center.services.restore import restore_backup

    settings = get_settings()
    try:
        manifest = restore_backup(archive=Path(args.archive), db_url=settings.db_url,
                                  private_dir=settings.private_dir,
                                  secret_key=settings.secret_key)
    except BackupRefused as refused:
        print(f"error: {refused}", file=sys.stderr)
        return 2
    print(f"restored {manifest.summary()}\nrun `cc-admin migrate` before starting the platform")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``cc-admin``."""
    parser = argparse.ArgumentParser(prog="cc-admin", description=(__doc__ or "").split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="apply database migrations").set_defaults(func=cmd_migrate)
    sub.add_parser("bootstrap", help="create offices and, on first start, demo accounts"
                   ).set_defaults(func=cmd_bootstrap)
    sub.add_parser("demo-data", help="create the missing demo accounts"
                   ).set_defaults(func=cmd_demo_data)
    staff = sub.add_parser("create-staff", help="create a staff or administrator account")
    staff.add_argument("--username", required=True)
    staff.add_argument("--name", required=True, help="real name")
    staff.add_argument("--email", required=True)
    staff.add_argument("--role", required=True,
                       choices=["admin", "province", "city", "county", "township"])
    staff.add_argument("--office", required=True, help="office code, e.g. 410105")
    staff.set_defaults(func=cmd_create_staff)
    offices = sub.add_parser("offices", help="list the offices")
    offices.add_argument("--parent")
    offices.add_argument("--level", choices=["province", "city", "county", "township"])
    offices.set_defaults(func=cmd_offices)
    township = sub.add_parser("add-township", help="add a township/street office")
    township.add_argument("--code", required=True, help="9 digits: county code + 3")
    township.add_argument("--name-zh", required=True)
    township.add_argument("--name-en")
    township.add_argument("--county", required=True)
    township.set_defaults(func=cmd_add_township)
    publishing = sub.add_parser("grant-publishing",
                                help="let an officer publish government information")
    publishing.add_argument("--username", required=True)
    publishing.add_argument("--revoke", action="store_true", help="take the right away")
    publishing.set_defaults(func=cmd_grant_publishing)
    serve = sub.add_parser("serve", help="run the platform in production mode")
    serve.add_argument("--port", type=int, default=get_settings().port)
    serve.add_argument("--host", default=None,
                       help="the address to listen on (default: all of this machine's)")
    serve.set_defaults(func=cmd_serve)
    sub.add_parser("deliver-mail", help="send waiting e-mails"
                   ).set_defaults(func=cmd_deliver_mail)
    for name, func, text in (("backup", cmd_backup, "write a backup archive (.tar.gz)"),
                             ("restore", cmd_restore, "restore an archive into an empty "
                              "database and data directory")):
        command = sub.add_parser(name, help=text)
        command.add_argument("archive", metavar="ARCHIVE")
        command.set_defaults(func=func)
    return parser


def cmd_serve(args: argparse.Namespace) -> int:
    from convenience_center.serve import serve

    return serve(args.port, args.host)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``cc-admin``."""
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
