"""``python -m benchmarks dashboard --cases 100000 --backend sqlite``: see ``--help``."""

from __future__ import annotations

import argparse
import sys

from benchmarks import dashboard


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks",
                                     description="Benchmarks on generated data.")
    commands = parser.add_subparsers(dest="command", required=True)
    dashboard.add_arguments(commands.add_parser(
        "dashboard", help="the staff dashboard (queue counts and pages) with N cases",
        description=dashboard.__doc__))
    args = parser.parse_args(argv)
    if args.command == "dashboard":
        return dashboard.run(args)
    return 2  # pragma: no cover - argparse refuses unknown commands


if __name__ == "__main__":
    sys.exit(main())
