"""``python -m benchmarks dashboard --cases 100000 --backend sqlite``: see ``--help``."""

from __future__ import annotations

import argparse
import sys

from benchmarks import dashboard, forgot_password, suite


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks",
                                     description="Benchmarks on generated data.")
    commands = parser.add_subparsers(dest="command", required=True)
    dashboard.add_arguments(commands.add_parser(
        "dashboard", help="the staff dashboard (queue counts and pages) with N cases",
        description=dashboard.__doc__))
    suite.add_arguments(commands.add_parser(
        "suite", help="speed and capacity beside a bare Reflex app (the table of make bench)",
        description=suite.__doc__))
    forgot_password.add_arguments(commands.add_parser(
        "forgot-password", help="answer times of 'forgot password', known vs unknown address",
        description=forgot_password.__doc__))
    args = parser.parse_args(argv)
    if args.command == "dashboard":
        return dashboard.run(args)
    if args.command == "suite":
        return suite.run(args)
    if args.command == "forgot-password":
        return forgot_password.run(args)
    return 2  # pragma: no cover - argparse refuses unknown commands


if __name__ == "__main__":
    sys.exit(main())
