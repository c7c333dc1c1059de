"""Figures over the websocket protocol: a wizard save against the bare app's database event,
loads of many citizens, sign-ins under load, and tabs connecting at once."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from benchmarks import people
from benchmarks.protocol import HYDRATED, ROOT, Tab
from benchmarks.servers import Server

BARE_STATE = f"{ROOT}.bare___bare____bare_state"


def _names() -> tuple[str, str, str]:
    from convenience_center.state.auth import LoginState
    from convenience_center.state.base import AppState
    from convenience_center.state.wizard import WizardState

    return WizardState.get_full_name(), LoginState.get_full_name(), AppState.get_full_name()


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0-1) of ``values`` by the nearest-rank method."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q * len(ordered) + 0.5) - 1))
    return ordered[rank]


@dataclass
class Latencies:
    """Milliseconds of a series of events, and what their server spent on them."""

    ms: list[float] = field(default_factory=list)
    cpu_seconds: float = 0.0  # of the server, over all the events
    sent: int = 0
    answered: int = 0
    errors: int = 0
    busy: int = 0
    started: float = 0.0      # perf_counter of an open loop's first send
    last_answer: float = 0.0  # perf_counter of its last answer

    @property
    def saved(self) -> int:
        """Events answered with what they asked for (not an error, not "busy, try again")."""
        return self.answered - self.busy - self.errors

    @property
    def seconds(self) -> float:
        """From an open loop's first send to its last answer."""
        return self.last_answer - self.started

    @property
    def p50(self) -> float:
        return percentile(self.ms, 0.50)

    @property
    def p95(self) -> float:
        return percentile(self.ms, 0.95)

    @property
    def cpu(self) -> float:
        """Server CPU milliseconds per event."""
        return self.cpu_seconds * 1000 / self.answered if self.answered else float("nan")

    @classmethod
    def total(cls, tabs: Iterable[WizardTab | BareTab]) -> Latencies:
        """The events of all ``tabs`` together (the server's CPU is measured apart)."""
        total = cls()
        for tab in tabs:
            total.ms += tab.latencies.ms
            total.sent += tab.latencies.sent
            total.answered += tab.latencies.answered
            total.errors += tab.latencies.errors
            total.busy += tab.latencies.busy
            total.last_answer = max(total.last_answer, tab.latencies.last_answer)
        return total


# --- one tab each: the platform's wizard, the bare app's counter ---------------------------

class WizardTab:
    """A citizen's tab going through the wizard's question steps, again and again."""

    def __init__(self, server: Server, citizen: people.Citizen) -> None:
        self.wizard, _login, _app = _names()
        self.citizen = citizen
        self.steps = people.question_steps()
        self.answers = people.sample_answers()
        self.forms = {s.name: people.form_of(s, self.answers) for s in self.steps}
        self.titles = {s.name: s.title.en for s in self.steps}
        self.tab = Tab(server.url, cookie=citizen.cookie, routes=(people.WIZARD_ROUTE,),
                       hashes=server.hashes)
        self.index = 0
        self.pending: list[float] = []  # send times of saves not answered yet
        self.latencies = Latencies()

    def path(self, index: int) -> str:
        return f"/applications/{self.citizen.draft}/{self.steps[index].name}"

    async def open(self, *, page_load: bool = True) -> None:
        await self.tab.open(self.path(0), page_load=page_load)
        await self.tab.wait(lambda t: t.var(self.wizard, "step") == self.steps[0].name
                            and t.var(self.wizard, "loaded") is True)

    def _next_name(self) -> str:
        return self.steps[self.index + 1].name if self.index + 1 < len(self.steps) \
            else "office"

    async def save(self) -> float:
        """Save the current step and wait until the next one is shown; its milliseconds."""
        step = self.steps[self.index].name
        target = self._next_name()
        started = time.perf_counter()
        await self.tab.emit(f"{self.wizard}.save", {"form": self.forms[step]})
        await self.tab.wait(lambda t: t.var(self.wizard, "step") == target
                            and (target == "office" or
                                 t.var(self.wizard, "title_en") == self.titles[target]))
        elapsed = (time.perf_counter() - started) * 1000
        await self.tab.wait(lambda t: t.root("is_hydrated_rx_state_") is True
                            and t.path.rstrip("/").endswith("/" + target))
        self.index += 1
        return elapsed

    async def restart(self) -> None:
        """Back to the first question (the check page's "change" link)."""
        self.index = 0
        await self.tab._navigate(self.path(0))
        await self.tab.wait(lambda t: t.root("is_hydrated_rx_state_") is True
                            and t.var(self.wizard, "step") == self.steps[0].name)

    @property
    def at_end(self) -> bool:
        return self.index >= len(self.steps)

    # open-loop use: send without waiting; answers are counted as they come
    async def send(self) -> None:
        """Save the step the tab is on (while an answer is outstanding, the tab is still on
        the step it saved: it saves that one again, as a second click would)."""
        step = self.tab.path.rstrip("/").rsplit("/", 1)[-1]
        if step not in self.forms:  # past the last question: back to the first
            step = self.steps[0].name
            self.tab.path = self.path(0)
        self.pending.append(time.perf_counter())
        self.latencies.sent += 1
        await self.tab.emit(f"{self.wizard}.save", {"form": self.forms[step]})


class BareTab:
    """A tab of the bare app saving a note."""

    def __init__(self, server: Server) -> None:
        self.tab = Tab(server.url, hashes=server.hashes)
        self.pending: list[float] = []
        self.latencies = Latencies()

    async def open(self, *, page_load: bool = True) -> None:
        await self.tab.open("/", page_load=page_load)

    async def save(self) -> float:
        before = self.tab.var(BARE_STATE, "saved", 0)
        started = time.perf_counter()
        await self.tab.emit(f"{BARE_STATE}.save", {"form": {"text": "a note"}})
        await self.tab.wait(lambda t: t.var(BARE_STATE, "saved", 0) > before)
        return (time.perf_counter() - started) * 1000

    async def send(self) -> None:
        self.pending.append(time.perf_counter())
        self.latencies.sent += 1
        await self.tab.emit(f"{BARE_STATE}.save", {"form": {"text": "a note"}})


# --- sequential: latency and CPU per event ------------------------------------------------

async def sequential(server: Server, tab: WizardTab | BareTab, count: int) -> Latencies:
    """``count`` events one after another: their milliseconds and the server's CPU per event
    (for the platform, the navigation each save sets off is included)."""
    result = Latencies()
    for _ in range(count):
        if isinstance(tab, WizardTab) and tab.at_end:
            await tab.restart()
        cpu0 = server.cpu()
        result.ms.append(await tab.save())
        result.cpu_seconds += server.cpu() - cpu0
        result.sent += 1
        result.answered += 1
    return result


# --- open loop: many tabs, each saving once a second ---------------------------------------

def _watch_answers(tab: WizardTab | BareTab) -> None:
    """Count the answers a tab receives (in order: Reflex handles a tab's events in turn)."""
    wizard = _names()[0] if isinstance(tab, WizardTab) else ""
    original = tab.tab._read_update

    def on_update(update: dict[str, Any]) -> None:
        original(update)
        answered = False
        if isinstance(tab, WizardTab):
            answered = any(e.get("name") == "_redirect" for e in update.get("events") or [])
            problems = (update.get("delta") or {}).get(wizard, {}).get("problems_rx_state_")
            if problems:
                tab.latencies.errors += 1
                answered = True
        else:
            answered = "saved_rx_state_" in (update.get("delta") or {}).get(BARE_STATE, {})
        if (update.get("delta") or {}).get(f"{ROOT}.convenience_center___state___base"
                                           "____app_state", {}).get("busy_rx_state_"):
            tab.latencies.busy += 1
            answered = True
        if answered and tab.pending:
            tab.latencies.ms.append((time.perf_counter() - tab.pending.pop(0)) * 1000)
            tab.latencies.answered += 1
            tab.latencies.last_answer = time.perf_counter()

    tab.tab._read_update = on_update  # type: ignore[method-assign]


async def open_loop(tabs: list[WizardTab] | list[BareTab], *, seconds: float,
                    grace: float = 10.0) -> Latencies:
    """Every tab sends one event a second for ``seconds`` (spread over the second), whatever
    the answers; answers are awaited ``grace`` seconds longer."""
    for tab in tabs:
        _watch_answers(tab)
        if isinstance(tab, WizardTab):
            tab.tab.follow_redirects = True
    start = time.perf_counter() + 0.5
    count = len(tabs)

    async def run(index: int, tab: WizardTab | BareTab) -> None:
        offset = index / count
        second = 0
        while second < seconds:
            due = start + second + offset
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            await tab.send()
            second += 1

    await asyncio.gather(*(run(i, t) for i, t in enumerate(tabs)))
    deadline = time.perf_counter() + grace
    while time.perf_counter() < deadline and any(t.pending for t in tabs):
        await asyncio.sleep(0.1)
    total = Latencies.total(tabs)
    total.started = start
    return total


async def closed_loop(tabs: list[WizardTab], *, seconds: float,
                      timeout: float = 30.0) -> Latencies:
    """Every tab saves again as soon as its last save is answered and the page it led to
    has loaded, for ``seconds``: as many writers at once as there are tabs, each as fast as
    the server answers it. A save not answered within ``timeout`` ends its tab's loop (it
    stays counted as sent, not answered)."""
    for tab in tabs:
        _watch_answers(tab)
        tab.tab.follow_redirects = True
    end = time.perf_counter() + seconds

    async def run(tab: WizardTab) -> None:
        while time.perf_counter() < end:
            await tab.send()
            try:
                await tab.tab.wait(lambda t: not tab.pending and t.root(HYDRATED) is True,
                                   timeout=timeout)
            except TimeoutError:
                return

    await asyncio.gather(*(run(t) for t in tabs))
    return Latencies.total(tabs)


async def seconds_until_idle(server: Server, *, limit: float = 60.0,
                             idle_share: float = 0.05) -> float:
    """Seconds until the server spends less than ``idle_share`` of a core in a second."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        cpu0, t0 = server.cpu(), time.perf_counter()
        await asyncio.sleep(1.0)
        if (server.cpu() - cpu0) / (time.perf_counter() - t0) < idle_share:
            return time.perf_counter() - started - 1.0
    return limit


# --- many tabs connecting at once ------------------------------------------------------------

async def connect_at_once(make: Callable[[], Awaitable[float]], count: int) -> Latencies:
    """``count`` tabs connecting together: milliseconds until each shows its page."""
    result = Latencies()
    result.ms = list(await asyncio.gather(*(make() for _ in range(count))))
    result.sent = result.answered = count
    return result


async def open_wizard_tab(server: Server, citizen: people.Citizen, *,
                          page_load: bool = True) -> tuple[Tab, float]:
    tab = WizardTab(server, citizen)
    started = time.perf_counter()
    await tab.open(page_load=page_load)
    return tab.tab, (time.perf_counter() - started) * 1000


async def open_bare_tab(server: Server, *, page_load: bool = True) -> tuple[Tab, float]:
    tab = BareTab(server)
    started = time.perf_counter()
    await tab.open(page_load=page_load)
    return tab.tab, (time.perf_counter() - started) * 1000


# --- a loop beside a synchronous browser ---------------------------------------------------

class LoopThread:
    """An asyncio loop in a thread of its own, for protocol tabs used beside Playwright's
    synchronous API (which runs a loop of its own in the calling thread)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()

    def run(self, coroutine: Any, timeout: float = 60.0) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)


# --- signing in -------------------------------------------------------------------------------

async def sign_in(server: Server, username: str, password: str) -> tuple[float, str]:
    """Sign in over the login form: milliseconds until the page is answered, and how
    (``handoff``: signed in; ``busy``: asked to try again; ``error``: refused)."""
    _wizard, login, app = _names()
    tab = Tab(server.url, hashes=server.hashes)
    await tab.open("/login")
    started = time.perf_counter()
    await tab.emit(f"{login}.submit", {"form": {"identifier": username, "password": password}})
    try:
        await tab.wait(lambda t: bool(t.var(app, "handoff_url"))
                       or bool(t.var(login, "error_list")), timeout=60)
    except TimeoutError:
        await tab.close()
        return float("inf"), "timeout"
    elapsed = (time.perf_counter() - started) * 1000
    errors = tab.var(login, "error_list") or []
    await tab.close()
    if not errors:
        return elapsed, "handoff"
    from convenience_center.i18n import translate

    busy = translate("login.busy", "zh")
    return elapsed, "busy" if any(e.get("zh") == busy for e in errors) else "error"
