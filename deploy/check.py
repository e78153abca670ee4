"""Check a deployment that deploy/up.sh made, as its users meet it: through nginx over HTTPS.

1. Pages: HTTP redirects to HTTPS, a static file comes from nginx, a login (password, then
   a recovery code the check makes for itself as the owner role), a case page, and the
   client address the app records is nginx's view of it, not a forged X-Forwarded-For.
2. Live scoring across workers: participants connected straight to each worker's port, so
   it is certain which worker serves whom; a score set through worker 1 must reach a
   participant on worker 2, and the other way round.
3. Faults, in the same run, while a background poller asks for /healthz and the case page
   (the next 0.1 s after each answer): a worker killed (SIGKILL) mid-meeting, PostgreSQL
   restarted, Redis restarted. A participant whose connection drops reconnects through
   nginx, as the page does. For each fault: seconds until healthy again (pages answer, a new
   score reaches every participant, every board is complete), the poller's failed requests,
   and scores lost (every score acknowledged before or during the fault must be on every
   participant's board and in the database: 0).

Run as root on the deployment's machine (it restarts PostgreSQL and Redis, and brings both
back): `.venv/bin/python deploy/check.py`. Exits non-zero when a check fails.
"""

import asyncio
import json
import os
import re
import shlex
import signal
import ssl
import subprocess
import sys
import threading
import time
from itertools import cycle
from pathlib import Path

import requests
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

REPO = Path(__file__).resolve().parents[1]
DEPLOY_DIR = Path(os.environ.get("DEPLOY_DIR", REPO / "var" / "deploy"))
PASSWORD = "infohus-demo-2026"  # noqa: S105 – load_demo's demo password
INFOHUS = "Infohus Halsnæs"
KOMMUNE, POLITI, SARA, KAREN = (
    "kommune@halsnaes.demo",
    "politi@nsj.demo",
    "sagsbehandler@halsnaes.demo",
    "ekstern@psykiatri.demo",
)
FORGED_ADDRESS = "203.0.113.9"  # a documentation address, only ever written in a header
RECOVERY_LIMIT = 60  # seconds a fault may take to heal before the check fails


def read_env(name: str) -> dict:
    path = DEPLOY_DIR / name
    if not path.exists():
        sys.exit(f"{path} is missing: run deploy/up.sh first")
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)


CONFIG, APP_ENV, OWNER_ENV = read_env("deploy.env"), read_env("app.env"), read_env("owner.env")
HOST, HTTPS_PORT, HTTP_PORT = CONFIG["DEPLOY_HOST"], CONFIG["DEPLOY_HTTPS_PORT"], CONFIG["DEPLOY_HTTP_PORT"]
BASE = f"https://{HOST}:{HTTPS_PORT}"
WORKERS = int(CONFIG["DEPLOY_WORKERS"])
CERT = str(DEPLOY_DIR / "tls" / "cert.pem")
TLS = ssl.create_default_context(cafile=CERT)


class CheckFailed(Exception):
    pass


def log(text: str) -> None:
    print(f"  {text}", flush=True)


def worker_port(n: int) -> int:
    return int(CONFIG["DEPLOY_FIRST_PORT"]) + n - 1


# --- The database, as the owner role: facts about the demo data and recovery codes ------


def setup_django() -> None:
    os.environ.update(APP_ENV)
    os.environ.update(DATABASE_URL=OWNER_ENV["DATABASE_URL"], DB_POOL_MAX="0", LOG_LEVEL="WARNING")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


def orm(function):
    """Run `function` with a fresh connection: PostgreSQL restarts in between."""
    from django.db import connection

    connection.close()
    try:
        return function()
    finally:
        connection.close()


def demo_facts() -> dict:
    from assessment.models import Meeting
    from concerns.models import Concern
    from infohus.models import Membership

    meeting = Meeting.objects.filter(infohus__name=INFOHUS, state=Meeting.State.OPEN).order_by("starts_at").last()
    if meeting is None:
        raise CheckFailed("the demo data has no open meeting: did load_demo run?")
    item = meeting.agenda.order_by("position", "pk").first()  # shared with the external participant
    case = Concern.objects.get(person__full_name="Lukas Berg")
    members = {
        email: Membership.objects.get(user__email=email, infohus__name=INFOHUS, is_active=True).pk
        for email in (KOMMUNE, POLITI, SARA, KAREN)
    }
    return {
        "meeting": meeting.pk,
        "item": item.pk,
        "analysis": item.analysis_id,
        "case": case.pk,
        "case_number": case.case_number,
        "members": members,
    }


def new_recovery_code(email: str) -> str:
    """A single-use recovery code for `email`, added beside the user's others."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    from infohus.models import User
    from infohus.second_factor import RECOVERY_DEVICE_NAME

    user = User.objects.get(email=email)
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    device = device or StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    return device.token_set.create(token=StaticToken.random_token()).token


def last_login_address(email: str) -> str:
    from axes.models import AccessLog

    entry = AccessLog.objects.filter(username=email).order_by("-attempt_time").first()
    return entry.ip_address if entry else ""


def scores_in_database(analysis: int) -> dict:
    from assessment.models import DimensionScore

    return {
        score.dimension.number: (str(score.value), score.justification)
        for score in DimensionScore.objects.filter(analysis_id=analysis).select_related("dimension")
    }


# --- Pages through nginx ------------------------------------------------------------------

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf(page: requests.Response) -> str:
    found = CSRF.search(page.text)
    if not found:
        raise CheckFailed(f"no form on {page.url} ({page.status_code})")
    return found.group(1)


def browser() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxy, and not REQUESTS_CA_BUNDLE in place of the line below
    session.verify = CERT  # the deployment's own self-signed certificate, checked
    return session


def log_in(email: str, membership: int, extra_headers: dict | None = None) -> requests.Session:
    """Password, then a recovery code, then (for a user with several roles) the role."""
    session = browser()
    page = session.get(f"{BASE}/log-ind/", timeout=10)
    page = session.post(
        page.url,
        data={"csrfmiddlewaretoken": csrf(page), "username": email, "password": PASSWORD},
        headers={"Referer": page.url, **(extra_headers or {})},
        timeout=10,
    )
    if "/log-ind/kode/" not in page.url:
        raise CheckFailed(f"the password of {email} did not lead to the second factor (at {page.url})")
    code = orm(lambda: new_recovery_code(email))
    page = session.post(
        page.url, data={"csrfmiddlewaretoken": csrf(page), "code": code}, headers={"Referer": page.url}, timeout=10
    )
    if page.url.startswith(f"{BASE}/vaelg-rolle/"):
        page = session.post(
            page.url,
            data={"csrfmiddlewaretoken": csrf(page), "membership": str(membership)},
            headers={"Referer": page.url},
            timeout=10,
        )
    if page.status_code != 200 or page.url != f"{BASE}/":
        raise CheckFailed(f"{email} did not reach the start page after the second factor (at {page.url})")
    return session


def cookie_header(session: requests.Session) -> str:
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in session.cookies)


def confirm_confidentiality(session: requests.Session, meeting: int) -> None:
    page = session.get(f"{BASE}/moeder/{meeting}/deltag/", timeout=10)
    if 'name="confirm"' in page.text:
        page = session.post(
            page.url,
            data={"csrfmiddlewaretoken": csrf(page), "confirm": "on"},
            headers={"Referer": page.url},
            timeout=10,
        )
    if page.status_code != 200 or 'name="confirm"' in page.text:
        raise CheckFailed(f"could not enter meeting {meeting} ({page.status_code})")


class Poller(threading.Thread):
    """A steady stream of requests through nginx: /healthz and a case page, in turn."""

    def __init__(self, session: requests.Session, health: str, case: str, case_number: str):
        super().__init__(daemon=True)
        self.session, self.paths, self.case_number = session, cycle([health, case]), case_number
        self.results: list[tuple[float, bool]] = []
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            path, started = next(self.paths), time.monotonic()
            try:
                answer = self.session.get(f"{BASE}{path}", timeout=5, allow_redirects=False)
                ok = answer.status_code == 200 and ("bekymringer" not in path or self.case_number in answer.text)
            except requests.RequestException:
                ok = False
            self.results.append((started, ok))
            self.stopping.wait(0.1)

    def window(self, begin: float, end: float) -> tuple[int, int]:
        inside = [ok for started, ok in list(self.results) if begin <= started <= end]
        return sum(not ok for ok in inside), len(inside)


# --- Live scoring --------------------------------------------------------------------------

CURRENT = re.compile(r'<div id="dimension-(\d+)-current"[^>]*>(.*?)</div>', re.S)
VALUE = re.compile(r"<strong>(.*?)</strong>", re.S)
JUSTIFICATION = re.compile(r'<p class="ih-description">(.*?)</p>', re.S)
VERSION = re.compile(r'name="d(\d+)-version" value="(\d+)"')


class Participant:
    """One participant's live page: a WebSocket that reconnects through nginx when it drops
    (as htmx's WebSocket extension does), and the board as the messages left it."""

    def __init__(self, name: str, session: requests.Session, path: str, route: int | str):
        self.name, self.session, self.path = name, session, path
        self.route = route  # a worker's number (straight to its port) or "nginx"
        self.next_route: int | str | None = None
        self.view: dict[int, tuple[str, str]] = {}
        self.versions: dict[int, int] = {}
        self.socket = None
        self.connections = 0
        self.refused = False
        self.stopping = False
        self.task = None

    @property
    def where(self) -> str:
        return f"worker {self.route} (127.0.0.1:{worker_port(self.route)})" if self.route != "nginx" else "nginx"

    def url(self) -> str:
        if self.route == "nginx":
            return f"wss://{HOST}:{HTTPS_PORT}{self.path}"
        return f"ws://127.0.0.1:{worker_port(self.route)}{self.path}"

    def absorb(self, message: str) -> None:
        for number, body in CURRENT.findall(message):
            value, justification = VALUE.search(body), JUSTIFICATION.search(body)
            self.view[int(number)] = (
                value.group(1).strip() if value else "",
                justification.group(1).strip() if justification else "",
            )
        for number, version in VERSION.findall(message):
            self.versions[int(number)] = int(version)

    async def start(self) -> None:
        self.task = asyncio.create_task(self._run())
        if not await self.wait(lambda: self.socket is not None and self.view, 15):
            raise CheckFailed(f"{self.name} could not connect through {self.where}")

    async def _run(self) -> None:
        while not self.stopping:
            try:
                async with connect(
                    self.url(),
                    additional_headers={"Cookie": cookie_header(self.session), "Origin": BASE},
                    ssl=TLS if self.route == "nginx" else None,
                    open_timeout=5,
                    max_size=None,
                ) as socket:
                    # A reconnecting page is replaced by the whole state the server sends.
                    self.view, self.socket = {}, socket
                    self.connections += 1
                    async for message in socket:
                        self.absorb(message)
                    if socket.close_code == 4403:
                        self.refused = True
            except InvalidStatus as error:
                if error.response.status_code == 403:
                    self.refused = True
            except (OSError, TimeoutError, ConnectionClosed, InvalidHandshake):
                pass
            self.socket = None
            if self.refused:
                return
            # Dropped: the page comes back through the public address.
            self.route, self.next_route = self.next_route or "nginx", None
            await asyncio.sleep(0.2)

    async def move_to(self, route: int | str) -> None:
        before = self.connections
        self.next_route = route
        if self.socket is not None:
            await self.socket.close()
        if not await self.wait(lambda: self.connections > before and self.socket is not None and self.view, 15):
            raise CheckFailed(f"{self.name} could not reconnect through {route}")

    async def wait(self, predicate, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.refused:
                raise CheckFailed(f"{self.name}'s connection was refused")
            if predicate():
                return True
            await asyncio.sleep(0.02)
        return False

    def sees(self, expected: dict) -> bool:
        return all(self.view.get(number) == score for number, score in expected.items())

    def missing(self, expected: dict) -> int:
        return sum(self.view.get(number) != score for number, score in expected.items())

    async def stop(self) -> None:
        self.stopping = True
        if self.socket is not None:
            await self.socket.close()
        if self.task:
            await asyncio.wait_for(self.task, 5)


class Meeting:
    """The scores the check set, and which were acknowledged (their author got them back)."""

    def __init__(self, item: int):
        self.item = item
        self.expected: dict[int, tuple[str, str]] = {}
        self.count = 0
        self.retries = 0
        self.run = time.strftime("%H.%M.%S")  # texts differ from an earlier run's

    async def score(self, setter: Participant, dimension: int, value: int, timeout: float = 30) -> None:
        """Set an agreed score and wait until its author sees it; send again if the connection
        dropped or nothing came back (a stale version then answers with the current value)."""
        self.count += 1
        text = f"Kontrol {self.run} nr. {self.count}: {setter.name}"
        deadline = time.monotonic() + timeout
        attempts = 0
        while time.monotonic() < deadline:
            if setter.socket is None or dimension not in setter.versions:
                await asyncio.sleep(0.05)
                continue
            attempts += 1
            message = {
                "action": "agreed",
                "item": str(self.item),
                "dimension": str(dimension),
                f"d{dimension}-dimension": str(dimension),
                f"d{dimension}-version": str(setter.versions[dimension]),
                f"d{dimension}-score": str(value),
                f"d{dimension}-justification": text,
            }
            connection = setter.connections
            try:
                await setter.socket.send(json.dumps(message))
            except (ConnectionClosed, AttributeError):
                continue
            # Seen by its author, or the connection dropped (then sent again once back).
            await setter.wait(
                lambda c=connection: (
                    setter.view.get(dimension) == (str(value), text) or setter.connections != c or setter.socket is None
                ),
                5,
            )
            if setter.view.get(dimension) == (str(value), text):
                self.expected[dimension] = (str(value), text)
                self.retries += attempts - 1
                return
        raise CheckFailed(f"the score {text!r} set by {setter.name} through {setter.where} was not saved")


async def everyone_sees(participants: list[Participant], expected: dict, timeout: float) -> bool:
    waits = [p.wait(lambda p=p: p.socket is not None and p.sees(expected), timeout) for p in participants]
    return all(await asyncio.gather(*waits))


# --- Faults ----------------------------------------------------------------------------------


def postgres_version() -> str:
    return sorted(os.listdir("/etc/postgresql"), key=lambda v: [int(p) for p in v.split(".")])[-1]


def redis_start_command(client) -> list[str]:
    """How to start Redis again as it runs now: its config file, or its running settings."""
    config_file = client.info("server").get("config_file")
    if config_file:
        return ["redis-server", config_file, "--daemonize", "yes"]
    settings = client.config_get("*")
    command = ["redis-server", "--daemonize", "yes"]
    for key in ("port", "bind", "save", "appendonly", "dir", "dbfilename", "logfile", "pidfile", "databases"):
        if key in settings:
            values = settings[key].split() if key == "bind" else [settings[key]]
            command += [f"--{key}", *values]
    return command


def redis_answers(client) -> bool:
    import redis

    try:
        return bool(client.ping())
    except redis.RedisError:
        return False


def restart_redis(client, command: list[str]) -> None:
    import redis

    try:
        client.shutdown(nosave=True)
    except redis.RedisError:
        pass
    deadline = time.monotonic() + 10
    while redis_answers(client) and time.monotonic() < deadline:
        time.sleep(0.05)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    while not redis_answers(client) and time.monotonic() < deadline + 10:
        time.sleep(0.05)


def services_running(redis_client, redis_command) -> None:
    """PostgreSQL and Redis run again, whatever happened (other users of the machine need them)."""
    if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], check=False).returncode != 0:  # noqa: S607
        subprocess.run(  # noqa: S603
            ["pg_ctlcluster", "--skip-systemctl-redirect", postgres_version(), "main", "start"],  # noqa: S607
            check=False,
        )
    if redis_command and not redis_answers(redis_client):
        subprocess.run(redis_command, check=False)  # noqa: S603


class Report:
    def __init__(self):
        self.rows: list[tuple] = []
        self.failures: list[str] = []

    def row(self, fault: str, seconds: float, failed: int, total: int, after: int, lost: int, note: str) -> None:
        self.rows.append((fault, f"{seconds:.1f} s", f"{failed}/{total}", str(after), str(lost), note))
        if lost:
            self.failures.append(f"{fault}: {lost} scores lost")

    def print(self) -> None:
        header = ("fault", "healthy after", "failed requests", "failed after back", "scores lost", "")
        widths = [22, 14, 16, 18, 12, 0]
        print()
        for row in [header, *self.rows]:
            print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


async def until_healthy(health: str, session: requests.Session, case: str, number: str, timeout: float) -> bool:
    def answers() -> bool:
        try:
            ok = browser().get(f"{BASE}{health}", timeout=3).status_code == 200
            page = session.get(f"{BASE}{case}", timeout=3)
            return ok and page.status_code == 200 and number in page.text
        except requests.RequestException:
            return False

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await asyncio.to_thread(answers):
            return True
        await asyncio.sleep(0.2)
    return False


async def live_part(facts: dict, sessions: dict, health: str, report: Report, poller: Poller, faults: str) -> None:
    import redis

    path = f"/ws/moeder/{facts['meeting']}/punkter/{facts['item']}/"
    case = f"/bekymringer/{facts['case']}/"
    meeting = Meeting(facts["item"])
    other = 2 if WORKERS >= 2 else 1
    politi = Participant("Jonas Brandt (politi)", sessions[POLITI], path, 1)
    sara = Participant("Sara Holm (sagsbehandler)", sessions[SARA], path, 1)
    kommune = Participant("Mette Lund (kommune)", sessions[KOMMUNE], path, other)
    karen = Participant("Karen Bach (ekstern)", sessions[KAREN], path, "nginx")
    everyone = [politi, sara, kommune, karen]
    for participant in everyone:
        await participant.start()
        log(f"{participant.name} connected through {participant.where}")

    print("== live scoring across workers")
    for setter, receiver, dimension, value in ((politi, kommune, 1, 2), (kommune, politi, 2, 3)):
        started = time.monotonic()
        await meeting.score(setter, dimension, value)
        if not await receiver.wait(lambda r=receiver, d=dimension: r.view.get(d) == meeting.expected[d], 10):
            raise CheckFailed(f"a score set through {setter.where} did not reach {receiver.where}")
        log(
            f"a score set through {setter.where} reached a participant on {receiver.where} "
            f"in {(time.monotonic() - started) * 1000:.0f} ms"
        )
    if not await everyone_sees(everyone, meeting.expected, 10):
        raise CheckFailed("not every participant sees both scores")
    log("every participant, the one through nginx included, sees both")

    async def measured(fault: str, begin: float, back: float, note: str) -> None:
        """Healthy: pages answer, a new score reaches everyone, every board is complete.
        `back`: when the failed part answered again (failures after it are the app's own)."""
        if not await until_healthy(health, sessions["poller-check"], case, facts["case_number"], RECOVERY_LIMIT):
            raise CheckFailed(f"{fault}: the pages did not answer again within {RECOVERY_LIMIT} s")
        await meeting.score(politi, 5 + len(report.rows), len(report.rows) % 5)
        complete = await everyone_sees(everyone, meeting.expected, RECOVERY_LIMIT)
        healthy = time.monotonic()
        # Lost: a score acknowledged so far that is missing from a participant's board or
        # from the database.
        stored = await asyncio.to_thread(orm, lambda: scores_in_database(facts["analysis"]))
        lost = sum(p.missing(meeting.expected) for p in everyone)
        lost += sum(stored.get(number) != score for number, score in meeting.expected.items())
        if not complete:
            report.failures.append(f"{fault}: not every board is complete after {RECOVERY_LIMIT} s")
        failed, total = poller.window(begin, healthy)
        after, _total = poller.window(back, healthy)
        report.row(fault, healthy - begin, failed, total, after, lost, note)
        log(
            f"healthy again after {healthy - begin:.1f} s; poller: {failed} of {total} requests failed, "
            f"{after} of them after it was back; scores lost: {lost}"
        )

    if faults == "none":
        await afterwards(facts, sessions, path, meeting, everyone, report)
        return
    print("== fault 1: worker 1 killed (SIGKILL) mid-meeting")
    if WORKERS < 2:
        raise CheckFailed("the fault checks need two workers or more")
    pid = int((DEPLOY_DIR / "worker-1.pid").read_text())
    on_one = [p for p in everyone if p.route == 1]
    before = {p.name: p.connections for p in on_one}
    begin = time.monotonic()
    os.kill(pid, signal.SIGKILL)
    log(f"killed worker 1 (pid {pid}); {', '.join(p.name for p in on_one)} were on it")
    # A score during the outage, through the surviving worker: those who were on worker 1
    # are not connected when it is sent and must find it on their board when they return.
    await meeting.score(kommune, 3, 4)
    back = [p.wait(lambda p=p: p.connections > before[p.name] and p.socket is not None, RECOVERY_LIMIT) for p in on_one]
    if not all(await asyncio.gather(*back)):
        raise CheckFailed("the killed worker's participants did not reconnect through nginx")
    log(f"they reconnected through nginx after {time.monotonic() - begin:.1f} s")
    await meeting.score(politi, 4, 1)  # through nginx, now on the surviving worker
    await measured("worker 1 killed", begin, begin, "its participants reconnected through nginx")
    restart = time.monotonic()
    worker = [str(REPO / "deploy" / "worker.sh"), "start", "1"]
    await asyncio.to_thread(subprocess.run, worker, check=True, stdout=subprocess.DEVNULL)
    log(f"worker 1 started again in {time.monotonic() - restart:.1f} s")
    await politi.move_to(1)
    log(f"{politi.name} is on {politi.where} again")
    if faults == "worker":
        await afterwards(facts, sessions, path, meeting, everyone, report)
        return

    print("== fault 2: PostgreSQL restarted")
    begin = time.monotonic()
    restart = ["pg_ctlcluster", "--skip-systemctl-redirect", postgres_version(), "main", "restart"]
    await asyncio.to_thread(subprocess.run, restart, check=True)
    back = time.monotonic()
    log(f"restarted in {back - begin:.1f} s; the workers keep running")
    await measured("PostgreSQL restarted", begin, back, "the workers were not restarted")

    print("== fault 3: Redis restarted")
    client = redis.Redis.from_url(CONFIG["DEPLOY_REDIS_URL"], socket_timeout=3)
    command = redis_start_command(client)
    drops = sum(p.connections for p in everyone)
    begin = time.monotonic()
    await asyncio.to_thread(restart_redis, client, command)
    back = time.monotonic()
    log(f"restarted in {back - begin:.1f} s: {' '.join(shlex.quote(part) for part in command)}")
    await measured("Redis restarted", begin, back, "")
    reconnects = sum(p.connections for p in everyone) - drops
    report.rows[-1] = (*report.rows[-1][:-1], f"{reconnects} reconnections of {len(everyone)} participants")
    await afterwards(facts, sessions, path, meeting, everyone, report)


async def afterwards(facts, sessions, path, meeting, everyone, report) -> None:
    print("== afterwards: a fresh page and the database hold every score")
    fresh = Participant("Karen Bach (new page)", sessions[KAREN], path, "nginx")
    await fresh.start()
    await fresh.wait(lambda: fresh.sees(meeting.expected), 10)
    fresh_lost = fresh.missing(meeting.expected)
    stored = await asyncio.to_thread(orm, lambda: scores_in_database(facts["analysis"]))
    db_lost = sum(stored.get(number) != score for number, score in meeting.expected.items())
    log(
        f"{len(meeting.expected)} scores set ({meeting.retries} sent again after a drop): "
        f"{fresh_lost} missing on a new page, {db_lost} missing in the database"
    )
    if fresh_lost or db_lost:
        report.failures.append(f"{fresh_lost} scores missing on a new page, {db_lost} in the database")
    for participant in [*everyone, fresh]:
        await participant.stop()


def pages(facts: dict) -> tuple[dict, str]:
    print("== pages through nginx")
    anonymous = browser()
    answer = anonymous.get(f"http://{HOST}:{HTTP_PORT}/log-ind/", allow_redirects=False, timeout=5)
    if answer.status_code != 301 or answer.headers.get("Location") != f"{BASE}/log-ind/":
        raise CheckFailed(f"HTTP is not redirected to HTTPS ({answer.status_code} {answer.headers.get('Location')})")
    log(f"http://{HOST}:{HTTP_PORT}/ redirects to {BASE}/")
    health = "/healthz"
    answer = anonymous.get(f"{BASE}{health}", timeout=5)
    if answer.status_code == 404:
        health = "/log-ind/"  # a version without /healthz
        answer = anonymous.get(f"{BASE}{health}", timeout=5)
    if answer.status_code != 200:
        raise CheckFailed(f"{health} answers {answer.status_code}")
    log(f"{health} answers 200 (TLS verified against {CERT})")
    answer = anonymous.get(f"{BASE}/static/css/infohus.css", timeout=5)
    if answer.status_code != 200:  # with DEBUG=0 Django serves no static files: nginx does
        raise CheckFailed(f"/static/ is not served by nginx ({answer.status_code}, {answer.headers.get('Server')})")
    log("/static/ is served by nginx from STATIC_ROOT")

    started = time.monotonic()
    sessions = {KOMMUNE: log_in(KOMMUNE, facts["members"][KOMMUNE], {"X-Forwarded-For": FORGED_ADDRESS})}
    log(f"logged in with password and recovery code in {time.monotonic() - started:.2f} s ({KOMMUNE})")
    address = orm(lambda: last_login_address(KOMMUNE))
    if address != "127.0.0.1":
        raise CheckFailed(f"the login was recorded from {address!r}: nginx must overwrite X-Forwarded-For")
    log(f"a forged X-Forwarded-For ({FORGED_ADDRESS}) was overwritten: the login is recorded from {address}")
    for email in (POLITI, SARA, KAREN):
        sessions[email] = log_in(email, facts["members"][email])
    sessions["poller"] = log_in(KOMMUNE, facts["members"][KOMMUNE])
    sessions["poller-check"] = log_in(KOMMUNE, facts["members"][KOMMUNE])
    log("politi (two roles: chose Halsnæs), sagsbehandler and the external participant logged in too")

    page = sessions[KOMMUNE].get(f"{BASE}/bekymringer/{facts['case']}/", timeout=10)
    if page.status_code != 200 or facts["case_number"] not in page.text:
        raise CheckFailed(f"the case page answered {page.status_code} without {facts['case_number']}")
    log(f"case page /bekymringer/{facts['case']}/: 200, shows {facts['case_number']}")
    for email in (KOMMUNE, POLITI, SARA, KAREN):
        confirm_confidentiality(sessions[email], facts["meeting"])
    log(f"the four participants confirmed confidentiality at meeting {facts['meeting']}")
    return sessions, health


def main() -> int:
    import argparse

    import redis

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--faults",
        choices=["all", "worker", "none"],
        default="all",
        help="which faults to cause: all (default); only the worker kill; none (leaves PostgreSQL and Redis alone)",
    )
    faults = parser.parse_args().faults

    began = time.monotonic()
    print(f"Checking the deployment in {DEPLOY_DIR}: {BASE}, {WORKERS} workers")
    setup_django()
    report = Report()
    redis_client = redis.Redis.from_url(CONFIG["DEPLOY_REDIS_URL"], socket_timeout=3)
    redis_command = redis_start_command(redis_client)
    poller = None
    try:
        facts = orm(demo_facts)
        sessions, health = pages(facts)
        poller = Poller(sessions["poller"], health, f"/bekymringer/{facts['case']}/", facts["case_number"])
        poller.start()
        asyncio.run(live_part(facts, sessions, health, report, poller, faults))
    except CheckFailed as error:
        report.failures.append(str(error))
    finally:
        if poller:
            poller.stopping.set()
        services_running(redis_client, redis_command)
    report.print()
    if poller:
        failed, total = poller.window(0, time.monotonic())
        print(f"\npoller: {failed} of {total} requests failed over the whole run")
    print(f"check took {time.monotonic() - began:.0f} s")
    if report.failures:
        print("\nFAILED:\n" + "\n".join(f"  - {failure}" for failure in report.failures))
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
