"""The speed and capacity suite (``make bench``): the platform beside a bare Reflex app.

Both are started the way ``make run`` starts them, on ports and data of their own, on the
embedded default (SQLite, one worker) and on PostgreSQL + Redis with two workers. Citizens and
officers are made through the services and signed in as a browser is. Loads are open-loop on
loopback, with bounded clients and seconds. See ``docs/benchmarks.md`` for the table.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

# The benchmark makes people in the servers' databases through the services: it must
# encrypt ID numbers with the servers' key, and need not hash their passwords at cost 12.
os.environ["CC_SECRET_KEY"] = "benchmark-secret-key"
os.environ.setdefault("CC_BCRYPT_ROUNDS", "4")
os.environ.setdefault("CC_DATA_DIR", tempfile.mkdtemp(prefix="cc-bench-files-"))
os.environ.setdefault("CC_DEMO", "0")

# The states whose events the benchmark sends, imported here once: Reflex registers state
# classes in a context that must be the process's own, not an event loop's copy of it.
import convenience_center.state.auth
import convenience_center.state.staff
import convenience_center.state.wizard  # noqa: F401
from benchmarks import balancer, browser, loads, people, protocol, report, servers
from benchmarks.machine import LoadMonitor, Window, describe
from benchmarks.report import Figure


@dataclass
class Plan:
    """How much of each figure to run."""

    sequential: int       # events per app for the latency/CPU figures
    loads: tuple[int, ...]  # citizens for the capacity figures
    load_seconds: float
    sign_ins: int
    sign_in_citizens: int
    connects: int
    connect_rounds: int
    pushes: int
    clicks: int
    hosts_citizens: int   # for the one host / two hosts figure

    @classmethod
    def full(cls) -> Plan:
        return cls(300, (200, 500), 60, 20, 50, 20, 5, 20, 30, 200)

    @classmethod
    def quick(cls) -> Plan:
        return cls(20, (20,), 3, 4, 10, 5, 1, 3, 5, 20)


class Run:
    """One backend's pair of servers and the people made on the platform."""

    def __init__(self, backend: str, plan: Plan, port: int) -> None:
        self.backend = backend
        self.plan = plan
        self.monitor = LoadMonitor()  # first: what is started from here on is measured
        self.ours = servers.prepare_platform(backend, port=port)
        self.bare = servers.prepare_bare(backend)
        self.ids = people.IdNumbers(seed=int(time.time()))
        self.figures: list[Figure] = []
        self._made = 0

    @property
    def label(self) -> str:
        return "SQLite, 1 worker" if self.backend == "sqlite" else "PostgreSQL + Redis, 2 workers"

    def citizens(self, count: int) -> list[people.Citizen]:
        self._made += 1
        return people.create_citizens(self.ours.env["REFLEX_DB_URL"], self.ours.url, count,
                                      ids=self.ids, prefix=f"b{self._made}x{os.getpid()}x")

    def add(self, goal: str, name: str, bare: float | None, ours: float, unit: str,
            limit: float | None, window: Window, *, absolute: bool = False, note: str = "") -> None:
        figure = Figure(goal, f"{name} [{self.label}]", bare, ours, unit, limit, absolute,
                        window.other_cores, note)
        self.figures.append(figure)
        print(report.table([figure]).splitlines()[-1], flush=True)


# --- the figures -------------------------------------------------------------------------------

async def wizard_save(run: Run) -> None:
    """Goal 1 (protocol) and 2 (CPU per save)."""
    citizen = run.citizens(1)[0]
    ours, bare = loads.WizardTab(run.ours, citizen), loads.BareTab(run.bare)
    await ours.open()
    await bare.open()
    mine, theirs = loads.Latencies(), loads.Latencies()
    with run.monitor.window() as window:
        for _ in range(max(1, run.plan.sequential // 50)):  # interleaved blocks
            block = min(50, run.plan.sequential)
            for target, result, server in ((ours, mine, run.ours), (bare, theirs, run.bare)):
                got = await loads.sequential(server, target, block)
                result.ms += got.ms
                result.cpu_seconds += got.cpu_seconds
                result.answered += got.answered
    await ours.tab.close()
    await bare.tab.close()
    run.add("1", "wizard save over the protocol, p50", theirs.p50, mine.p50, "ms", 1.5, window)
    run.add("1", "wizard save over the protocol, p95", theirs.p95, mine.p95, "ms", 1.5, window)
    run.add("2", "server CPU per save (with the navigation it sets off)", theirs.cpu,
            mine.cpu, "ms", 1.5, window)


async def capacity(run: Run, count: int) -> None:
    """Goal 2: ``count`` citizens each saving once a second."""
    tabs = [loads.WizardTab(run.ours, c) for c in run.citizens(count)]
    rss_before = run.ours.rss()
    for chunk in range(0, len(tabs), 50):
        await asyncio.gather(*(t.open() for t in tabs[chunk:chunk + 50]))
    bare_tabs = [loads.BareTab(run.bare) for _ in range(count)]
    for chunk in range(0, len(bare_tabs), 50):
        await asyncio.gather(*(t.open() for t in bare_tabs[chunk:chunk + 50]))
    seconds = run.plan.load_seconds
    with run.monitor.window() as window:
        theirs = await loads.open_loop(bare_tabs, seconds=seconds)
        mine = await loads.open_loop(tabs, seconds=seconds)
    memory = (run.ours.rss() - rss_before) / max(1, count)
    for tab in [*tabs, *bare_tabs]:
        await tab.tab.close()
    idle = await loads.seconds_until_idle(run.ours)
    what = f"{count} citizens × 1 save/s × {seconds:g} s"
    run.add("2", f"{what}: events not answered", theirs.sent - theirs.answered,
            mine.sent - mine.answered, "", 0, window, absolute=True,
            note=f"sent {mine.sent}; saved {mine.saved}, answered "
            f"'busy, try again' {mine.busy}; bare sent {theirs.sent}")
    run.add("2", f"{what}: errors", theirs.errors, mine.errors, "", 0, window, absolute=True)
    run.add("2", f"{what}: p95", theirs.p95, mine.p95, "ms", 2.0, window)
    run.add("2", f"{what}: server idle after the load stopped", None, idle, "s", 5.0,
            window, absolute=True)
    run.add("8", f"memory per connected signed-in tab ({count} tabs)", None,
            memory / 1024 / 1024, "MB", None, window, absolute=True)


async def sign_ins(run: Run) -> None:
    """Goal 3: sign-ins at cost 12 while citizens work."""
    from convenience_center.services import security

    plan = run.plan
    workers = [loads.WizardTab(run.ours, c) for c in run.citizens(plan.sign_in_citizens)]
    await asyncio.gather(*(t.open() for t in workers))
    signing = run.citizens(plan.sign_ins)
    with people.database(run.ours.env["REFLEX_DB_URL"]) as db:
        from convenience_center.models import User

        for citizen in signing:
            user = db.get(User, citizen.user_id)
            assert user is not None
            user.password_hash = security.hash_password(people.PASSWORD, rounds=12)
            db.add(user)
        db.commit()
    seconds = max(3.0, plan.load_seconds / 3)
    with run.monitor.window() as window:
        alone = await loads.open_loop(workers, seconds=seconds)
        for tab in workers:
            tab.latencies = loads.Latencies()

        async def burst() -> list[tuple[float, str]]:
            await asyncio.sleep(seconds / 3)
            return list(await asyncio.gather(*(loads.sign_in(run.ours, c.username,
                                                             people.PASSWORD)
                                               for c in signing)))

        together, answers = await asyncio.gather(loads.open_loop(workers, seconds=seconds),
                                                 burst())
    for tab in workers:
        await tab.tab.close()
    slowest = max(ms for ms, _how in answers)
    ok = sum(1 for ms, how in answers if how == "handoff" and ms <= 2000)
    told = sum(1 for _ms, how in answers if how == "busy")
    run.add("3", f"citizens' p95 during {plan.sign_ins} sign-ins (vs without)", alone.p95,
            together.p95, "ms", 1.5, window)
    run.add("3", f"slowest of {plan.sign_ins} sign-ins at cost 12", None, slowest, "ms",
            2000, window, absolute=True,
            note=f"{ok} signed in within 2 s, {told} asked to try again")


async def connect_at_once(run: Run) -> None:
    """Goal 5: signed-in tabs connecting together until each shows its page.

    Several rounds, the bare app's and this app's in turn, and the median of every tab of
    every round: one burst of twenty gave 166, 280 and 505 ms for the same code on the same
    backend within an hour. A page load sends the hashes of the build's compiled defaults,
    as the browser does, and is sent only what differs from them; a reconnect (the network
    came back) sends none and is sent the whole state."""
    count = run.plan.connects
    citizens = run.citizens(count)
    for page_load, what in ((True, "connect and show their page"),
                            (False, "reconnect (the whole state sent)")):
        theirs: list[float] = []
        mine: list[float] = []
        sizes = (0, 0)
        with run.monitor.window() as window:
            for _round in range(run.plan.connect_rounds):
                bare = await asyncio.gather(*(loads.open_bare_tab(run.bare, page_load=page_load)
                                              for _ in range(count)))
                ours = await asyncio.gather(*(loads.open_wizard_tab(run.ours, c,
                                                                    page_load=page_load)
                                              for c in citizens))
                sizes = (bare[0][0].first_frame_bytes, ours[0][0].first_frame_bytes)
                for tab, _ms in [*bare, *ours]:
                    await tab.close()
                theirs += [ms for _t, ms in bare]
                mine += [ms for _t, ms in ours]
        run.add("5", f"{count} signed-in tabs {what}, p50", statistics.median(theirs),
                statistics.median(mine), "ms", 2.0, window,
                note=f"{run.plan.connect_rounds} rounds; first frame {sizes[0]:,} / "
                     f"{sizes[1]:,} bytes")


def clicks(run: Run) -> None:
    """Goal 1 in Chromium: a click until the next step's heading is in the DOM."""
    from convenience_center.services import wizard_pages

    citizen = run.citizens(1)[0]
    steps = people.question_steps()
    answers = people.sample_answers()
    with people.database(run.ours.env["REFLEX_DB_URL"]) as db:
        for step in steps:  # every step answered: each form is filled already
            wizard_pages.save_and_continue(
                db, user_id=citizen.user_id, public_id=citizen.draft, step=step.name,
                submitted={k: [v] if isinstance(v, str) else list(v)
                           for k, v in answers.items()}, returning=False)
    mine, theirs = [], []
    with run.monitor.window() as window, browser.chromium() as chromium:
        page = browser.new_page(chromium, run.ours.url, cookie=citizen.cookie)
        bare = browser.new_page(chromium, run.bare.url)
        bare.goto(run.bare.url + "/")
        bare.locator("#saved").wait_for()
        while len(mine) < run.plan.clicks:
            page.goto(f"{run.ours.url}/applications/{citizen.draft}/{steps[0].name}")
            browser.wait_ready(page)
            for index, step in enumerate(steps[:-1]):
                page.get_by_role("heading", level=1, name=step.title.zh).wait_for()
                button = page.get_by_role("button", name="保存并继续")
                mine.append(browser.click_until(page, button.click,
                                                heading=steps[index + 1].title.zh))
                theirs.append(browser.click_until(
                    bare, bare.get_by_role("button", name="Save").click, selector="#saved"))
    run.add("1", "click → next step in the DOM (Chromium), p50", statistics.median(theirs),
            statistics.median(mine), "ms", 2.0, window)
    run.add("1", "click → next step in the DOM (Chromium), p95",
            loads.percentile(theirs, 0.95), loads.percentile(mine, 0.95), "ms", 2.0, window)


def live_push(run: Run) -> None:
    """Goal 4: an officer's click until the applicant's open case page shows it; a citizen's
    submission until the township's open dashboard shows it.

    The first of each since the start is timed apart and shown in the note, not in the
    percentiles: it pays the process's one-time work (SQLAlchemy compiles each statement the
    first time it runs), which the percentiles of a running platform do not contain."""
    import httpx

    from convenience_center.i18n import translate
    from convenience_center.state.staff import StaffCaseState
    from convenience_center.state.wizard import WizardState

    count = run.plan.pushes
    citizen = run.citizens(1)[0]
    with people.database(run.ours.env["REFLEX_DB_URL"]) as db, \
            httpx.Client(base_url=run.ours.url, timeout=30) as http:
        cases = [people.submitted_case(db, citizen) for _ in range(count + 1)]
        drafts = [people.complete_draft(db, citizen) for _ in range(count + 1)]
        officer = people.create_officer(db, http, prefix=f"o{os.getpid()}x")
    staff, wizard = StaffCaseState.get_full_name(), WizardState.get_full_name()
    in_review = translate("status.in_review", "zh")
    to_case, to_dashboard = [], []
    side = loads.LoopThread()
    try:
        with run.monitor.window() as window, browser.chromium() as chromium:
            page = browser.new_page(chromium, run.ours.url, cookie=citizen.cookie)
            for case_no in cases:
                tab = protocol.Tab(run.ours.url, cookie=officer.cookie,
                                   routes=("/staff/cases/[case_no]",), hashes=run.ours.hashes)
                side.run(tab.open(f"/staff/cases/{case_no}"))
                side.run(tab.wait(lambda t, n=case_no: (t.var(staff, "case") or {}).get(
                    "case_no") == n))
                page.goto(f"{run.ours.url}/my/applications/{case_no}")
                browser.wait_ready(page)
                page.get_by_text(case_no).first.wait_for()
                browser.watch_for(page, in_review)
                sent = time.time() * 1000
                side.run(tab.emit(f"{staff}.act", {"form": {"action": "accept", "reason": ""}}))
                to_case.append(browser.shown_at(page) - sent)
                side.run(tab.close())
            dashboard = browser.new_page(chromium, run.ours.url, cookie=officer.cookie)
            dashboard.goto(f"{run.ours.url}/staff")
            browser.wait_ready(dashboard)
            dashboard.locator(".cc-queue--active .cc-count").wait_for()
            for draft in drafts:
                tab = protocol.Tab(run.ours.url, cookie=citizen.cookie,
                                   routes=(people.WIZARD_ROUTE,), hashes=run.ours.hashes)
                side.run(tab.open(f"/applications/{draft}/check"))
                side.run(tab.wait(lambda t: t.var(wizard, "step") == "check"
                                  and t.var(wizard, "loaded") is True))
                browser.watch_change(dashboard, ".cc-queue--active .cc-count")
                sent = time.time() * 1000
                side.run(tab.emit(f"{wizard}.submit", {}))
                to_dashboard.append(browser.shown_at(dashboard) - sent)
                side.run(tab.close())
    finally:
        side.close()
    limit = 50.0 if run.backend == "sqlite" else 150.0
    (first_case, *to_case), (first_dashboard, *to_dashboard) = to_case, to_dashboard
    run.add("4", "officer's action → the applicant's open case page shows it, p95", None,
            loads.percentile(to_case, 0.95), "ms", limit, window, absolute=True,
            note=f"p50 {statistics.median(to_case):.0f} ms; the first since the start "
                 f"{first_case:.0f} ms")
    run.add("4", "citizen's submission → the township's open dashboard shows it, p95", None,
            loads.percentile(to_dashboard, 0.95), "ms", limit, window, absolute=True,
            note=f"p50 {statistics.median(to_dashboard):.0f} ms; the first since the start "
                 f"{first_dashboard:.0f} ms")


def first_load(run: Run) -> None:
    """Goal 7: JavaScript (and CSS) a first visit downloads."""
    with run.monitor.window() as window, browser.chromium() as chromium:
        bare = browser.first_load_bytes(chromium, run.bare.url + "/")
        pages = {path: browser.first_load_bytes(chromium, run.ours.url + path)
                 for path in ("/", "/services/", "/login/", "/track/")}
    worst = max(pages, key=lambda p: pages[p]["js"])
    run.add("7", f"first-load JavaScript, gzip (largest public page: {worst})",
            bare["js"] / 1024, pages[worst]["js"] / 1024, "KB", 1.25, window)
    run.add("7", "first-load CSS, gzip", bare["css"] / 1024,
            max(p["css"] for p in pages.values()) / 1024, "KB", None, window,
            note="kept as small as it was (36 KB raw before)")


def restart(run: Run) -> None:
    """Goal 6: a second start with nothing changed, to the first page."""
    with run.monitor.window() as window:
        servers.stop(run.bare)
        servers.start(run.bare)
        servers.stop(run.ours)
        servers.start(run.ours)
    run.add("6", "start with nothing changed, to the first page", run.bare.started_in,
            run.ours.started_in, "s", 1.5, window)


HOST_ADDRESSES = ("127.0.0.2", "127.0.0.3")


async def _through_balancer(site: servers.Server, citizens: list[people.Citizen],
                            nginx: balancer.PrivateNginx, monitor: LoadMonitor, seconds: float,
                            ) -> tuple[loads.Latencies, Window, list[str]]:
    """The citizens' tabs opened through the balancer, saving once a second each for
    ``seconds``; what they were answered, the window, and the host each tab's websocket
    was passed to (nginx's log, written as a websocket closes)."""
    tabs = [loads.WizardTab(site, c) for c in citizens]
    for chunk in range(0, len(tabs), 50):
        await asyncio.gather(*(t.open() for t in tabs[chunk:chunk + 50]))
    with monitor.window() as window:
        result = await loads.open_loop(tabs, seconds=seconds)
    for tab in tabs:
        await tab.tab.close()
    upstreams: list[str] = []
    deadline = time.monotonic() + 10
    for tab in tabs:
        while not (found := nginx.socket_upstreams(tab.tab.token)) and \
                time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        upstreams.append(found[-1] if found else "?")
    return result, window, upstreams


def hosts(run: Run) -> None:
    """Issue 11: citizens saving once a second each (the capacity load, open loop) through
    nginx configured from ``deploy/nginx``, to one host and then to two, on the same
    PostgreSQL database and Redis: events answered per second and the p95.

    The hosts are the platform as ``docs/deployment.md`` runs one (``cc-admin serve --host``,
    the same workers, settings and build), on 127.0.0.2 and 127.0.0.3 with ports of their
    own; nginx listens where the platform did (which stops first), so the hosts serve the
    build it made without building again. One host: the other is marked ``down``; two: both
    up, new websockets shared out in turn; the same citizens, in new tabs. The bare-app
    column holds one host's figure, so that the ratio is two hosts over one."""
    count, seconds = run.plan.hosts_citizens, run.plan.load_seconds
    pair = [servers.prepare_host(run.ours, f"host-{name}", address)
            for name, address in zip("ab", HOST_ADDRESSES, strict=True)]
    addresses = [host.url.removeprefix("http://") for host in pair]
    nginx = balancer.PrivateNginx(addresses, port=int(run.ours.url.rsplit(":", 1)[1]))
    results: list[tuple[loads.Latencies, Window, list[str]]] = []
    try:
        with ThreadPoolExecutor(len(pair)) as starting:  # the hosts start together, and
            starts = [starting.submit(servers.start, host) for host in pair]
            citizens = run.citizens(count)  # the citizens sign in at the platform meanwhile
            for start in starts:
                start.result()
        servers.stop(run.ours)  # the balancer takes its address
        nginx.start()
        site = dataclasses.replace(pair[0], url=nginx.url)
        for up in (addresses[:1], addresses):  # the same citizens, back at their first step
            nginx.route_to(up)
            results.append(asyncio.run(_through_balancer(site, citizens, nginx, run.monitor,
                                                         seconds)))
    except Exception:
        for host in pair:
            print(f"{host.name}'s log:\n{host.log_tail()}", file=sys.stderr)
        print(f"nginx's errors:\n{nginx.errors()[-3000:]}", file=sys.stderr)
        raise
    finally:
        nginx.destroy()
        for host in pair:
            servers.discard(host)
    (one, one_window, one_on), (two, two_window, two_on) = results
    window = Window(one_window.seconds + two_window.seconds,
                    max(one_window.other_cores, two_window.other_cores))
    what = (f"{count} citizens × 1 save/s × {seconds:g} s through nginx, one host "
            f"(bare-app column) → two hosts")
    shared = ("on 2 cores the two hosts share the same CPUs, with nginx, the databases and "
              "the load: the ratio shows what a second host costs, not what it would gain")

    def per_second(events: int, result: loads.Latencies) -> float:
        return events / result.seconds if result.answered else float("nan")

    run.add("2", f"{what}: events answered per second", per_second(one.answered, one),
            per_second(two.answered, two), "/s", None, window,
            note=f"sent {one.sent} / {two.sent}; answered 'busy, try again' {one.busy} / "
                 f"{two.busy}, errors {one.errors} / {two.errors}; per second from the first "
                 f"send to the last answer; {shared}")
    run.add("2", f"{what}: saves per second", per_second(one.saved, one),
            per_second(two.saved, two), "/s", None, window,
            note="tabs on hosts A, B: " + " / ".join(
                f"{on.count(addresses[0])}, {on.count(addresses[1])}" for on in (one_on, two_on)))
    run.add("2", f"{what}: p95", one.p95, two.p95, "ms", None, window)


FIGURES = ("restart", "save", "connect", "signin", "capacity", "clicks", "push", "firstload",
           "hosts")


async def protocol_figures(run: Run, only: set[str]) -> None:
    if "save" in only:
        await wizard_save(run)
    if "connect" in only:
        await connect_at_once(run)
    if "signin" in only:
        await sign_ins(run)
    if "capacity" in only:
        for count in run.plan.loads:
            await capacity(run, count)


def run_backend(backend: str, plan: Plan, port: int, *, first: bool,
                only: set[str]) -> list[Figure]:
    run = Run(backend, plan, port)
    print(f"\n== {run.label}: starting the bare app and the platform …", flush=True)
    try:
        servers.start(run.bare)
        servers.start(run.ours)
        if first and "restart" in only:
            restart(run)
        asyncio.run(protocol_figures(run, only))
        if "clicks" in only:
            clicks(run)
        if "push" in only:
            live_push(run)
        if first and "firstload" in only:
            first_load(run)
        if backend == "postgres-redis" and "hosts" in only:
            hosts(run)  # last: it stops the platform
    except Exception:
        print("the platform's log:\n" + run.ours.log_tail(), file=sys.stderr)
        raise
    finally:
        servers.discard(run.bare)
        servers.discard(run.ours)
        run.monitor.close()
    return run.figures


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quick", action="store_true",
                        help="a few seconds of each figure (make test runs this)")
    parser.add_argument("--backend", choices=("sqlite", "postgres-redis", "both"),
                        default="both")
    parser.add_argument("--no-write", action="store_true",
                        help="print the table only (docs/benchmarks.md unchanged)")
    parser.add_argument("--only", default=",".join(FIGURES),
                        help=f"a comma-separated choice of figures ({','.join(FIGURES)})")


def run(args: argparse.Namespace) -> int:
    plan = Plan.quick() if args.quick else Plan.full()
    backends = ("sqlite", "postgres-redis") if args.backend == "both" else (args.backend,)
    port = servers.free_port()  # one port for the platform: its second start needs no build
    figures: list[Figure] = []
    only = {name.strip() for name in args.only.split(",")}
    for index, backend in enumerate(backends):
        figures += run_backend(backend, plan, port, first=index == 0, only=only)
    print("\n" + report.table(figures))
    if not args.quick and not args.no_write and only == set(FIGURES):
        report.write(figures, describe(), title="full run")
        print(f"\nwritten to {report.DOC}")
    refused = [f for f in figures if f.refused]
    if refused:
        print(f"\n{len(refused)} figures were taken while the machine's other load exceeded "
              f"{report.MAX_OTHER_LOAD:.0%} of a core: they are marked refused.")
    return 0


def main(argv: list[str] | None = None) -> Any:  # pragma: no cover - see benchmarks.__main__
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return run(parser.parse_args(argv))
