"""A worker's one-time work is done at start-up (convenience_center/warmup.py), not in the
first person's event: in a fresh interpreter, nothing of it is done before ``warm()`` and all
of it after. After it, a full garbage collection no longer goes through what the app made at
start-up: those objects are frozen, and what a later collection looks at is what came after."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import gc, json, sys
import convenience_center.convenience_center  # the app, as a worker loads it
from convenience_center import warmup
from convenience_center.documents import fonts
from convenience_center.domain import identity
from reportlab.pdfbase import pdfmetrics

def done():
    return {"reflex.model": "reflex.model" in sys.modules,
            "fonts": fonts.CJK_FONT in pdfmetrics.getRegisteredFontNames(),
            "regions": identity.region_ever_existed.cache_info().currsize > 0}

before = done()
frozen_before = gc.get_freeze_count()
seconds = warmup.warm()
made_after = [[i] for i in range(1000)]  # what events make later is still collected
print(json.dumps({"before": before, "after": done(), "seconds": seconds,
                  "frozen_before": frozen_before, "frozen": gc.get_freeze_count(),
                  "collected_later": len(gc.get_objects()), "kept": len(made_after)}))
"""


def test_warm_does_the_first_events_one_time_work():
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                         timeout=120, check=True)
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["before"] == {"reflex.model": False, "fonts": False, "regions": False}
    assert report["after"] == {"reflex.model": True, "fonts": True, "regions": True}
    assert report["seconds"] > 0
    assert report["frozen_before"] == 0
    # The app's start-up objects (pages, components, vars: hundreds of thousands) are frozen;
    # a collection now goes through the few made since, the thousand lists among them.
    assert report["frozen"] > 100_000
    assert 1000 <= report["collected_later"] < report["frozen"] / 20
