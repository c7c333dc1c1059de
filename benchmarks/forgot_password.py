"""How long "forgot password" takes to answer for a known and an unknown e-mail address.

The answer must not tell whether an address has an account, by its time any more than by its
words. This runs the request the form makes (``recovery.request_password_reset`` in its own
database session, as the Reflex handler does) ``--rounds`` times for addresses of accounts and
for addresses of nobody, alternately, on a throw-away migrated SQLite database, each request
from its own network address (the per-address limit stays out of the way) and each known one
for its own account (so the per-account limit does, too). It prints the median and the
spread of each, in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import tempfile
import time
import uuid
from pathlib import Path

PASSPHRASE = secrets.token_urlsafe(16) + " 黄河之水"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rounds", type=int, default=20, help="requests of each kind")


def run(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="cc-bench-forgot-") as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        os.environ.update(CC_DATA_DIR=folder, REFLEX_DB_URL=url, CC_BCRYPT_ROUNDS="4")
        known, unknown = _measure(url, args.rounds)
    for name, times in (("known address", known), ("unknown address", unknown)):
        print(f"{name:16} median {statistics.median(times):6.2f} ms   "
              f"min {min(times):6.2f}   max {max(times):6.2f}   (n={len(times)})")
    return 0


def _measure(url: str, rounds: int) -> tuple[list[float], list[float]]:
    from sqlmodel import Session

    from convenience_center.db import make_engine
    from convenience_center.migrations import upgrade
    from convenience_center.services import recovery, registration

    upgrade(url)
    engine = make_engine(url, immediate=True)
    emails = []
    for index in range(rounds):
        tag = uuid.uuid4().hex[:8]
        with Session(engine) as db:
            registration.register_user(db, data=registration.Registration(
                real_name="张三", username=f"bench{tag}", email=f"bench{tag}@example.cn",
                id_number=_id_number(index), phone="13800138000",
                password=PASSPHRASE, password_confirm=PASSPHRASE,
                agree_terms=True, agree_privacy=True))
        emails.append(f"bench{tag}@example.cn")
    known: list[float] = []
    unknown: list[float] = []
    for index, email in enumerate(emails):
        for address, times, ip in ((email, known, f"10.1.{index}.1"),
                                   (f"nobody{index}@example.cn", unknown, f"10.2.{index}.1")):
            with Session(engine) as db:
                start = time.perf_counter()
                recovery.request_password_reset(db, email=address, ip=ip)
                times.append((time.perf_counter() - start) * 1000)
    engine.dispose()
    return known, unknown


def _id_number(index: int) -> str:
    """A valid ID number (GB 11643 check digit) of Zhengzhou, born in 1990."""
    body = f"410102199001{(index % 28) + 1:02d}{100 + index:03d}"[:17]
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check
