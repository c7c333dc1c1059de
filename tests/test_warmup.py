"""A worker's one-time work is done at start-up (convenience_center/warmup.py), not in the
first person's event: in a fresh interpreter, nothing of it is done before ``warm()`` and all
of it after."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
from convenience_center import warmup
from convenience_center.documents import fonts
from convenience_center.domain import identity
from reportlab.pdfbase import pdfmetrics

def done():
    return {"reflex.model": "reflex.model" in sys.modules,
            "fonts": fonts.CJK_FONT in pdfmetrics.getRegisteredFontNames(),
            "regions": identity.region_ever_existed.cache_info().currsize > 0}

before = done()
seconds = warmup.warm()
print(json.dumps({"before": before, "after": done(), "seconds": seconds}))
"""


def test_warm_does_the_first_events_one_time_work():
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                         timeout=120, check=True)
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["before"] == {"reflex.model": False, "fonts": False, "regions": False}
    assert report["after"] == {"reflex.model": True, "fonts": True, "regions": True}
    assert report["seconds"] > 0
