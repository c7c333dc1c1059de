"""Wait until a host's /readyz answers 200 (the unit's ExecStartPost): exit 0, or 1 after
TIMEOUT seconds. Only the standard library: it runs before anything else is known to work."""

from __future__ import annotations

import sys
import time
import urllib.error
import urllib.request

TIMEOUT = 240.0


def ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=3) as answer:  # noqa: S310 - our own host
            return answer.status == 200
    except (urllib.error.URLError, OSError):
        return False


def main(url: str) -> int:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if ready(url):
            return 0
        time.sleep(1)
    print(f"{url} did not answer 200 within {TIMEOUT:.0f} s", file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
