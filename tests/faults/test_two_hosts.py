"""Two hosts behind nginx, one of them killed (issue 11, part 1 "Several hosts").

The platform runs as the deployment runs it (``deploy/``, ``docs/deployment.md``): two hosts,
separate processes listening on separate loopback addresses (127.0.0.2 and 127.0.0.3; their
ports differ too, because Reflex refuses to start when anything listens on its port at any
address), on one PostgreSQL database and one Redis, with the same secret key, public URL and
data folder, behind nginx configured from ``deploy/nginx`` (``benchmarks/balancer.py``, which
the suite's two-hosts figure uses too). One Granian worker each, so that each host's
``/metrics`` counts all of its tabs.

Which host a browser lands on is pinned by nginx's configuration, not by luck: while the
citizen's two tabs open, host B is marked ``down``; while the officer's opens, host A is; then
both are up, as in production. A reload leaves the open websockets with the nginx workers
that opened them (and so with their hosts); each host's ``cc_connected_tabs`` proves it, and
counts its own tabs only (not those of the other host it sent updates to through Redis): 2 on
A and 1 on B, then the 3 on B after A's death, then 0 once the browsers have closed them.

Then, with no reload of any page:

- the citizen submits on A and the case shows on the officer's dashboard on B; the officer
  accepts it on B and the citizen's case page on A shows it;
- the citizen withdraws the case on A, which queues an e-mail; A is frozen (SIGSTOP) the
  moment the mail is in the outbox and killed (SIGKILL). If A's mail round had already taken
  the mail, A is let go on until it has sent it, then killed: either way it must arrive once;
- the citizen's second tab (a draft with its first step saved, the second typed and left,
  not saved: kept in the tab's state in Redis) reconnects through nginx to B with its token
  (A's record of its socket is still in Redis: state/socket_owners.py tells a dead host's
  record from a live tab's), so the typing is put back with the "kept" notice; its next
  click, "Save and continue", is served by B: the step is saved with the one before it
  intact, the next step shows, the citizen is still signed in with the same session.

Before that, a duplicate of the second tab (its token copied, as a browser's "duplicate tab"
copies sessionStorage) opens on B while the tab lives on A: it gets a token of its own and
none of the tab's typing.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
from playwright.sync_api import Browser, Page, WebSocket, expect
from sqlmodel import col, select

from benchmarks.balancer import PrivateNginx, check_site_config
from convenience_center.domain.services import get_matter
from convenience_center.domain.services.base import FieldKind
from convenience_center.domain.wizard import required_uploads
from convenience_center.models import ApplicationDraft, OutboundMail, User
from convenience_center.services import attachments
from tests.databases import create_pg_database, drop_pg_database, sqlalchemy_pg_url
from tests.e2e.case_helpers import PDF
from tests.e2e.conftest import ERROR_PATTERN, Inbox, RunningApp, running_app
from tests.e2e.helpers import goto, signed_in, text
from tests.e2e.test_staff_workflow import create_officer, decide, officer_page
from tests.e2e.wizard_helpers import continue_to, draft_through, fill_step
from tests.factories import Person
from tests.faults.servers import PrivateRedis, PrivateSmtp
from tests.faults.test_restarts_in_the_browser import (
    expect_next_step,
    live_sessions,
    typed_on,
)
from tests.metrics import figure_in
from tests.net import free_port

SERVICE, MATTER = "one-child-resident", "apply"
TOWNSHIP = "410105001"
ADDRESSES = ("127.0.0.2", "127.0.0.3")


@dataclass
class TwoHosts:
    """Hosts A and B, the balancer in front of them, and the site as browsers see it."""

    a: RunningApp
    b: RunningApp
    nginx: PrivateNginx
    site: RunningApp  # host A's handles (database, cc-admin) with the balancer's URL
    inbox: Inbox

    def address(self, host: RunningApp) -> str:
        return host.url.removeprefix("http://")


@pytest.fixture(scope="module")
def two_hosts(private_redis: PrivateRedis,
              tmp_path_factory: pytest.TempPathFactory) -> Iterator[TwoHosts]:
    smtp = PrivateSmtp()
    smtp.start()
    pg_name = create_pg_database()
    site_port = free_port()
    site_url = f"http://localhost:{site_port}"
    # What must be the same on every host (docs/deployment.md); the key is also the one of
    # this process, which registers the citizen through the services.
    shared = {"CC_PUBLIC_URL": site_url, "REFLEX_API_URL": site_url,
              "CC_SECRET_KEY": os.environ["CC_SECRET_KEY"], "REFLEX_TRUSTED_PROXY_HOPS": "1",
              "CC_DATA_DIR": str(tmp_path_factory.mktemp("shared-data"))}
    try:
        with contextlib.ExitStack() as stack:
            def start(name: str, address: str, **options: Any) -> RunningApp:
                return stack.enter_context(running_app(
                    "postgres-redis", tmp_path_factory.mktemp(f"host-{name}"),
                    smtp_port=smtp.port, db_url=sqlalchemy_pg_url(pg_name),
                    redis_url=private_redis.url, workers=1, host=address, as_deployed=True,
                    **options))

            # A builds the frontend in a folder of its own; B serves that build as it is
            # (the same inputs: the port is not one of them with REFLEX_API_URL set).
            host_a = start("a", ADDRESSES[0], settings=shared, own_frontend=True)
            host_b = start("b", ADDRESSES[1], prepare=False, settings={
                **shared, "REFLEX_WEB_WORKDIR": host_a.env["REFLEX_WEB_WORKDIR"]})
            hosts = [host_a, host_b]
            nginx = PrivateNginx([host.url.removeprefix("http://") for host in hosts],
                                 port=site_port)
            nginx.start()
            stack.callback(nginx.destroy)
            yield TwoHosts(hosts[0], hosts[1], nginx,
                           dataclasses.replace(hosts[0], url=site_url), smtp.inbox)
    finally:
        smtp.stop()
        drop_pg_database(pg_name)


def connected_tabs(host: RunningApp) -> float:
    """The host's own count of open websockets (asked of the host, not through nginx)."""
    exposition = httpx.get(host.url + "/metrics", timeout=5).text
    return figure_in(exposition, "cc_connected_tabs") or 0.0


def wait_for_tabs(host: RunningApp, count: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while connected_tabs(host) != count:
        assert time.monotonic() < deadline, f"{host.url}: {connected_tabs(host)} tabs, " \
            f"not {count}"
        time.sleep(0.1)


def ready_for_submission(site: RunningApp) -> tuple[Person, str, str, dict[str, Any]]:
    """A citizen with a complete draft (documents uploaded) and a second draft whose first
    step is saved: the person, the two drafts' ids, the sample answers."""
    person, complete, matter, answers = draft_through(site, SERVICE, MATTER,
                                                      steps=len(get_matter(SERVICE, MATTER)[1]
                                                                .steps), office=TOWNSHIP)
    with site.db() as db:
        user_id = db.exec(select(User.id).where(User.username == person.username)).one()
        for material in required_uploads(matter, answers):
            attachments.add_attachment(db, user_id=user_id, public_id=complete,
                                       material_code=material.code,
                                       filename=f"{material.code}.pdf", data=PDF)
    _, second, _, _ = draft_through(site, SERVICE, MATTER, steps=1, person=person)
    return person, complete, second, answers


def mail_row(site: RunningApp, to: str, template: str) -> OutboundMail | None:
    with site.db() as db:
        return db.exec(select(OutboundMail).where(OutboundMail.to_address == to,
                                                  OutboundMail.template == template)).first()


def kill_when_queued(host: RunningApp, site: RunningApp, to: str, template: str) -> str:
    """Freeze ``host`` as soon as the mail is in the outbox, then kill it; if its mail round
    had taken the mail already, let it finish sending first. Which host sends it ("A"/"B")."""
    deadline = time.monotonic() + 15
    while mail_row(site, to, template) is None:
        assert time.monotonic() < deadline, f"no {template} mail queued for {to}"
        time.sleep(0.01)
    group = os.getpgid(host.process.pid)
    os.killpg(group, signal.SIGSTOP)
    row = mail_row(site, to, template)
    assert row is not None
    sender = "B"
    if row.claimed_at is not None:  # taken by A's round (committed before it froze)
        sender = "A"
        os.killpg(group, signal.SIGCONT)
        while (row := mail_row(site, to, template)) is not None and row.sent_at is None:
            assert time.monotonic() < deadline + 20, "host A never finished sending"
            time.sleep(0.01)
    os.killpg(group, signal.SIGKILL)
    host.process.wait(timeout=10)
    return sender


def wait_until_all_sent(site: RunningApp, inbox: Inbox, to: str,
                        timeout: float = 20.0) -> list[OutboundMail]:
    deadline = time.monotonic() + timeout
    while True:
        with site.db() as db:
            rows = list(db.exec(select(OutboundMail).where(OutboundMail.to_address == to)
                                .order_by(col(OutboundMail.id))).all())
        if rows and all(r.sent_at is not None for r in rows) and inbox.count_to(to) >= len(rows):
            return rows
        assert time.monotonic() < deadline, [(r.template, r.sent_at, r.last_error)
                                             for r in rows]
        time.sleep(0.1)


def tab_token(page: Page) -> str:
    """The tab's client token, where Reflex's frontend keeps it."""
    return str(page.evaluate("window.sessionStorage.getItem('token')"))


def text_fields(matter: Any, step: str, answers: dict[str, Any]) -> dict[str, str]:
    """Label → value of what the citizen types into text boxes on ``step``."""
    fields = {f.name: f for s in matter.steps if s.name == step for f in s.fields}
    return {fields[name].label.zh: str(value) for name, value in typed_on(step, answers).items()
            if value not in (None, "") and fields[name].kind not in (
                FieldKind.RADIO, FieldKind.YES_NO, FieldKind.CHECKBOXES, FieldKind.DECLARATION,
                FieldKind.SELECT)}


def wait_until_kept(server: PrivateRedis, token: str, value: str,
                    timeout: float = 15.0) -> None:
    """Until ``value`` is in the tab's state in Redis (a "remember" event leaves no frame)."""
    client = redis.Redis.from_url(server.url)
    deadline = time.monotonic() + timeout
    try:
        while not any(value.encode() in (client.get(key) or b"")
                      for key in client.scan_iter(match=f"{token}_*")):
            assert time.monotonic() < deadline, f"{value!r} never kept in the tab's state"
            time.sleep(0.05)
    finally:
        client.close()


def open_duplicate(context: Any, site: RunningApp, token: str, address: str) -> Page:
    """A tab opened with another tab's token (once: not again on its own navigations)."""
    duplicate = context.new_page()
    duplicate.add_init_script(
        "if (!window.sessionStorage.getItem('cc-duplicate')) {"
        "window.sessionStorage.setItem('cc-duplicate', '1');"
        f"window.sessionStorage.setItem('token', {json.dumps(token)}); }}")
    goto(duplicate, site, address)
    return duplicate


def saved_steps(site: RunningApp, draft: str) -> list[str]:
    with site.db() as db:
        return list(db.exec(select(ApplicationDraft.steps_done).where(
            ApplicationDraft.public_id == draft)).one())


def test_two_hosts_share_everything_and_a_killed_host_loses_nothing(
        browser: Browser, two_hosts: TwoHosts, private_redis: PrivateRedis) -> None:
    began = time.monotonic()
    cluster, site = two_hosts, two_hosts.site
    a, b = cluster.address(cluster.a), cluster.address(cluster.b)
    person, complete, second, answers = ready_for_submission(site)
    _, matter = get_matter(SERVICE, MATTER)
    officer = create_officer(site, "township", TOWNSHIP)
    offsets = {host.url: host.log_size() for host in (cluster.a, cluster.b)}

    # The citizen's two tabs open while only host A takes new connections.
    cluster.nginx.route_to([a])
    context = browser.new_context(locale="zh-CN")
    case_tab = context.new_page()
    signed_in(case_tab, site, person)
    goto(case_tab, site, f"/applications/{complete}/check")
    wizard_tab = context.new_page()
    sockets: list[WebSocket] = []
    wizard_tab.on("websocket", lambda socket: sockets.append(socket))
    goto(wizard_tab, site, f"/applications/{second}/spouse")
    fill_step(wizard_tab, matter, "spouse", answers)
    wizard_tab.keyboard.press("Tab")  # leaves the last field: what it holds is kept
    token = tab_token(wizard_tab)
    typed = text_fields(matter, "spouse", answers)
    wait_until_kept(private_redis, token, list(typed.values())[-1])
    # The officer's while only host B does; then both, as in production.
    cluster.nginx.route_to([b])
    dashboard = officer_page(browser, site, officer)
    # A duplicate of the wizard tab on B, while the tab lives on A: a token of its own.
    duplicate = open_duplicate(context, site, token, f"/applications/{second}/spouse")
    deadline = time.monotonic() + 15
    while tab_token(duplicate) == token:
        assert time.monotonic() < deadline, "the duplicate tab kept the wizard tab's token"
        time.sleep(0.05)
    spouse_label = next(iter(typed))
    expect(duplicate.get_by_label(spouse_label, exact=True)).to_have_value("")
    duplicate.close()
    cluster.nginx.route_to([a, b])
    wait_for_tabs(cluster.b, 1)  # the officer's tab only
    wait_for_tabs(cluster.a, 2)  # the citizen's two

    # Live across hosts: the submission on A shows on B's dashboard, the officer's decision
    # on B on the citizen's case page on A.
    case_tab.get_by_role("button", name=text("apply.submit_button")).click()
    expect(case_tab).to_have_url(re.compile(r"/my/applications/[\d-]+/?\?submitted=1"),
                                 timeout=15_000)
    case_no = re.search(r"/my/applications/([\d-]+)", case_tab.url).group(1)  # type: ignore[union-attr]
    expect(dashboard.get_by_role("link", name=case_no)).to_be_visible()
    dashboard.get_by_role("link", name=case_no).click()
    expect(dashboard.get_by_role("heading", level=1)).to_contain_text(case_no)
    decide(dashboard, site, case_no, "accept")
    expect(case_tab.get_by_text("申请已受理，进入审核。")).to_be_visible()
    # B has sent the case tab on A its update (through Redis): it still counts its own tab.
    assert (connected_tabs(cluster.a), connected_tabs(cluster.b)) == (2, 1)

    # The citizen withdraws on A (an e-mail queued by A); A dies.
    case_tab.get_by_label(text("case.withdraw_reason")).fill("已在外省办理")
    case_tab.get_by_role("button", name=text("case.withdraw_button")).click()
    case_tab.get_by_role("button", name=text("case.withdraw_yes")).click()
    expect(case_tab.get_by_text(text("case.withdrawn"))).to_be_visible()
    with wizard_tab.expect_websocket(timeout=30_000) as reconnect:
        sender = kill_when_queued(cluster.a, site, person.email, "application_withdrawn")
        killed = time.monotonic()
    reconnect.value.wait_for_event(
        "framereceived", predicate=lambda frame: '"is_hydrated_rx_state_":true' in str(frame),
        timeout=30_000)
    reconnected = time.monotonic() - killed
    a_log = cluster.a.log_since(offsets[cluster.a.url])

    # The wizard tab is back, on B, with its token (A's record of its socket, left in Redis,
    # is a dead host's): its state in Redis puts back what was typed and not saved, with the
    # notice. The saved step, the draft and the session are in the database. The next click
    # is served by B.
    expect(wizard_tab).to_have_url(re.compile(r"/spouse/?$"))
    expect(wizard_tab.get_by_text(text("apply.kept_unsaved"))).to_be_visible()
    for label, value in typed.items():
        expect(wizard_tab.get_by_label(label, exact=True)).to_have_value(value)
    assert tab_token(wizard_tab) == token
    clicked = time.monotonic()
    continue_to(wizard_tab)
    expect_next_step(wizard_tab)
    served = time.monotonic() - clicked
    assert saved_steps(site, second) == ["applicant", "spouse"]
    assert live_sessions(site, person) == 1
    wait_for_tabs(cluster.b, 3, timeout=30)  # the officer's, and the citizen's two from A

    # Every mail to the citizen (submitted on A, accepted on B, withdrawn on A) arrived once,
    # and B's mail rounds send nothing again.
    rows = wait_until_all_sent(site, cluster.inbox, person.email)
    time.sleep(2.5)
    ids = [str(m["Message-ID"]) for m in cluster.inbox.messages if m["To"] == person.email]
    assert len(ids) == len(set(ids)) == len(rows), (ids, [r.template for r in rows])
    assert "application_withdrawn" in {r.template for r in rows}

    b_log = cluster.b.log_since(offsets[cluster.b.url])
    errors = [line for line in (a_log + b_log).splitlines() if ERROR_PATTERN.search(line)]
    assert errors == [], "\n".join(errors[:20])
    refused = cluster.nginx.errors().count(f"upstream: \"http://{a}/")
    context.close()
    dashboard.context.close()
    wait_for_tabs(cluster.b, 0)
    # nginx's word for it (websockets are logged as they close; the duplicate's first one
    # too has the wizard tab's token in its address): the duplicate's went to B and closed
    # first; the wizard tab's went to A, and after the kill to B (straight away, or after A
    # refused: "A, B"), with the same token.
    assert all(f"token={token}&" in socket.url for socket in sockets), \
        [socket.url for socket in sockets]
    deadline = time.monotonic() + 10
    while len(upstreams := cluster.nginx.socket_upstreams(token)) < 3:
        assert time.monotonic() < deadline, upstreams
        time.sleep(0.1)
    assert upstreams[:2] == [b, a] and upstreams[-1].split(", ")[-1] == b, upstreams
    print(f"\nTwo hosts: A {a}, B {b} behind nginx on :{cluster.nginx.port}; after SIGKILL "
          f"of A the wizard tab was back (on B) in {reconnected:.2f} s, typing "
          f"and token kept, and its next click served by B in "
          f"{served:.2f} s; {len(rows)} mails to the "
          f"citizen, each delivered once (the one queued on A just before the kill sent by "
          f"{sender}); nginx counted {refused} refused connections to A; the test's browser "
          f"part took {time.monotonic() - began:.1f} s")


def test_the_deployment_nginx_file_is_valid_with_its_tls_server(tmp_path: Path) -> None:
    checked = check_site_config(tmp_path, free_port())
    assert checked.returncode == 0, checked.stderr
