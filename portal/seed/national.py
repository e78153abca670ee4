"""The whole seed, in one transaction: places, people, cases, the audit log, the bench users."""

import gc
import heapq
import json
import os
import random
import time
import traceback
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import translation
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from assessment.models import Catalogue
from concerns.models import State
from infohus.models import Authority, Infohus, Role, User
from infohus.policy import role_group_name
from infohus.second_factor import DEVICE_NAME, RECOVERY_CODE_COUNT, RECOVERY_DEVICE_NAME
from portal.seed import places
from portal.seed.cases import DAY, FORCED, HOUR, LOCAL, Planner, working
from portal.seed.emit import AuditStream, Emitter, recent_deque
from portal.seed.load import Loader
from portal.seed.people import BENCH_DEPARTMENT, House, Staff, ascii_name

YEARS = 2
AUDIT_COLUMNS = ["id", "object_pk", "object_id", "object_repr", "action", "changes", "timestamp", "actor_id",
                 "content_type_id", "remote_addr", "additional_data", "serialized_data", "cid", "changes_text",
                 "remote_port", "actor_email"]  # fmt: skip
LIST_SHARE = 0.15  # of the reads: list pages (one entry each); the rest, objects shown on pages
WRITE_SHARE = 0.7  # the most of the budget the history's own entries may take (smaller runs)


class Seed:
    def __init__(self, *, concerns, audit_entries, users, seed, password, bench_path, tokens, out):
        self.n_concerns, self.n_audit, self.n_users = concerns, audit_entries, users
        self.seed, self.password, self.bench_path, self.tokens = seed, password, Path(bench_path), tokens
        self.out = out
        self.rng = random.Random(seed)
        self.now = time.time()
        self.start = self.now - YEARS * 365 * DAY
        self.loader = Loader(out)

    def run(self) -> dict:
        loader = self.loader
        # Millions of small objects that live to the end: the cycle collector would walk
        # them again and again (and finds nothing to free). Reference counting frees the rest.
        collecting = gc.isenabled()
        gc.disable()
        try:
            with transaction.atomic(), translation.override("da"):
                self.places()
                self.tables()
                loader.drop_indexes_and_keys()
                self.staff()
                self.plan()
                self.write()
                loader.make_indexes_and_keys()
                loader.reset_sequences()
                loader.analyze()
        finally:
            loader.close()
            if collecting:
                gc.enable()
        self.write_bench_file()
        return self.summary()

    # --- the places: 12 police districts, 98 municipalities and their Infohuse ------------

    def places(self) -> None:
        started = time.monotonic()
        police = {name: Authority.objects.create(name=name, kind=Authority.Kind.POLICE_DISTRICT)
                  for name in places.POLICE_DISTRICTS}  # fmt: skip
        self.externals = {}
        names = {a.pk: a.name for a in police.values()}
        for region, authorities in places.EXTERNAL_AUTHORITIES.items():
            for name, kind in authorities:
                authority = Authority.objects.create(name=name, kind=kind)
                self.externals.setdefault(region, []).append(authority.pk)
                names[authority.pk] = name
        self.houses = []
        others = sum(m.population for m in places.MUNICIPALITIES if m.code != places.BIG_CODE)
        for place in places.MUNICIPALITIES:
            municipality = Authority.objects.create(
                name=place.name, kind=Authority.Kind.MUNICIPALITY, municipality_code=place.code
            )
            names[municipality.pk] = place.name
            district = police[place.district]
            # The role groups come with the Infohus (InfohusConfig's post_save), as in the app.
            infohus = Infohus.objects.create(
                name=f"Infohus {place.town}", municipality=municipality, police_district=district
            )
            big = place.code == places.BIG_CODE
            domain = "kk.dk" if big else f"{ascii_name(place.town).replace('-', '')}.dk"
            house = House(
                id=infohus.pk,
                name=infohus.name,
                place=place,
                municipality_id=municipality.pk,
                police_id=district.pk,
                weight=others / 9 if big else place.population,  # the big one has a tenth of all
                phase=self.rng.randrange(14),
                domain=domain,
            )
            house.recent = recent_deque()
            self.houses.append(house)
            if big:
                self.big = house
        self.authority_names = names
        self.groups = dict(Group.objects.filter(name__startswith="infohus-").values_list("name", "pk"))
        catalogue = Catalogue.objects.filter(is_current=True).first()
        if catalogue is None:
            raise RuntimeError("No current dimension catalogue: run `manage.py migrate` first.")
        self.catalogue_id = catalogue.pk
        self.dimensions = list(catalogue.dimensions.order_by("number").values_list("pk", "number"))
        self.loader.timings["places"] = time.monotonic() - started
        self.loader.say(f"places: 12 police districts, {len(self.houses)} Infohuse and their role groups "
                        f"({self.loader.timings['places']:.1f}s)")  # fmt: skip

    def tables(self) -> None:
        self.emitter = Emitter(self.loader, now=self.now, houses=self.houses, authorities=self.authority_names,
                               groups=self.groups, catalogue_id=self.catalogue_id, rng=self.rng)  # fmt: skip
        table = self.loader.table
        self.t_user = table(User)
        self.t_membership = table(self.emitter.model["membership"])
        self.t_user_groups = table(User.groups.through)
        self.t_totp, self.t_static, self.t_token = table(TOTPDevice), table(StaticDevice), table(StaticToken)
        self.t_sequence = self.emitter.t["casenumbersequence"]
        self.t_audit = table(self.audit_model())
        self.t_audit.columns = AUDIT_COLUMNS  # the order `Emitter.entry` writes them in

    # --- people ----------------------------------------------------------------------

    def staff(self) -> None:
        started = time.monotonic()
        staff = Staff(self.rng, self.houses, first_user_id=self.t_user.next_id,
                      first_membership_id=self.t_membership.next_id, start=self.start)  # fmt: skip
        staff.staff(self.n_users, self.big, self.authority_names, self.externals)
        self.t_user.next_id, self.t_membership.next_id = staff.next_user, staff.next_membership
        self.staff_ = staff
        hashed = make_password(self.password)  # one hash for everyone: hashing is slow on purpose
        rng, now = self.rng, self.now
        self.codes = {}
        for user in staff.users:
            last_login = now - (rng.uniform(0.5, 3) * DAY if user.bench else rng.uniform(0.1, 30) * DAY)
            self.t_user.add_row({
                "id": user.id, "password": hashed, "last_login": last_login, "is_superuser": False,
                "email": user.email, "full_name": user.full_name, "title": user.title, "is_active": True,
                "is_staff": False, "date_joined": user.joined,
            })  # fmt: skip
            device_at = user.joined + rng.uniform(0, 3) * DAY
            self.t_totp.add_row({
                "id": self.t_totp.take_id(), "user_id": user.id, "name": DEVICE_NAME, "confirmed": True,
                "throttling_failure_timestamp": None, "throttling_failure_count": 0, "created_at": device_at,
                "last_used_at": last_login, "key": f"{rng.getrandbits(160):040x}", "step": 30, "t0": 0,
                "digits": 6, "tolerance": 1, "drift": 0, "last_t": -1,
            })  # fmt: skip
            static_id = self.t_static.take_id()
            self.t_static.add_row({
                "id": static_id, "user_id": user.id, "name": RECOVERY_DEVICE_NAME, "confirmed": True,
                "throttling_failure_timestamp": None, "throttling_failure_count": 0, "created_at": device_at,
                "last_used_at": None,
            })  # fmt: skip
            count = self.tokens if user.bench else RECOVERY_CODE_COUNT
            codes = [self.token(rng) for _n in range(count)]
            for code in codes:
                self.t_token.add_row({"id": self.t_token.take_id(), "device_id": static_id, "token": code})
            if user.bench:
                self.codes[user.id] = codes
        for member in staff.memberships:
            self.t_membership.add_row({
                "id": member.id, "user_id": member.user_id, "infohus_id": member.house.id, "role": member.role,
                "authority_id": member.authority_id, "department": member.department, "is_active": True,
                "created_at": member.created_at, "shared_seen_at": None, "awaiting_approval": False,
                "requested_by_id": None, "requested_at": None, "approved_by_id": None, "approved_at": None,
            })  # fmt: skip
            group = self.groups[role_group_name(member.house.id, member.role, member.department)]
            self.t_user_groups.add_row(
                {"id": self.t_user_groups.take_id(), "user_id": member.user_id, "group_id": group}
            )
        self.active = [h for h in self.houses if h.active]
        self.loader.timings["people"] = time.monotonic() - started
        roles = Counter(m.role for m in staff.memberships)
        self.loader.say(f"people: {len(staff.users):,} users, {len(staff.memberships):,} memberships "
                        f"({', '.join(f'{n} {r}' for r, n in roles.items())}); {len(self.active)} Infohuse "
                        f"have coordinators ({self.loader.timings['people']:.1f}s)")  # fmt: skip

    @staticmethod
    def token(rng) -> str:
        """Like StaticToken.random_token(), from the seeded generator."""
        alphabet = "abcdefghijklmnopqrstuvwxyz234567"
        return "".join(rng.choice(alphabet) for _n in range(8))

    # --- cases -----------------------------------------------------------------------

    def plan(self) -> None:
        started = time.monotonic()
        planner = Planner(now=self.now, start=self.start, dimensions=self.dimensions,
                          external_authorities=self.externals, big_house=self.big)  # fmt: skip
        self.planner = planner
        big = self.big
        # The big Infohus's meeting is open now, with the bench's outside participants confirmed.
        self.open_meeting = planner.meeting_after(big, self.now - HOUR - 1, self.rng)
        assert self.open_meeting.state == "open"
        for member in big.ext:
            if member.user.bench:
                joined = self.open_meeting.starts_at + self.rng.uniform(60, 600)
                invited = self.open_meeting.created_at + self.rng.uniform(DAY, 3 * DAY)
                self.open_meeting.participants.append([member, invited, joined, True])
        houses = self.active
        cumulative, total = [], 0.0
        for house in houses:
            total += house.weight
            cumulative.append(total)
        cases = []
        span = self.now - self.start
        for idx in range(self.n_concerns):
            house = self.rng.choices(houses, cum_weights=cumulative)[0]
            rng = random.Random(self.seed * 1_000_003 + idx)
            t0 = working(self.start + span * rng.random() ** 0.85, rng)  # a little more each year
            if t0 > self.now:
                t0 = self.now - rng.uniform(60, 6 * HOUR)
            cases.append(planner.plan(idx, house, rng, t0, planner.fate(rng, house)))
        self.cases = cases
        self.force(planner)
        cases.sort(key=lambda c: c.t0)
        for case in cases:
            year = datetime.fromtimestamp(case.t0, LOCAL).year
            number = case.house.sequence.get(year, 0) + 1
            case.house.sequence[year] = number
            case.case_number = f"IH-{year}-{number:04d}"
        self.meetings = self.used_meetings(cases)
        self.emitter.assign_ids(cases, self.meetings)
        self.loader.timings["plan"] = time.monotonic() - started
        states = Counter(c.state for c in cases)
        self.loader.say(f"planned {len(cases):,} cases and {len(self.meetings):,} meetings "
                        f"({self.loader.timings['plan']:.1f}s): "
                        + ", ".join(f"{s} {n}" for s, n in sorted(states.items(), key=lambda x: -x[1])) + "")  # fmt: skip

    def used_meetings(self, cases) -> list:
        used = {id(item.v["meeting"]): item.v["meeting"] for c in cases for item in c.agenda}
        used[id(self.open_meeting)] = self.open_meeting
        return sorted(used.values(), key=lambda m: m.starts_at)

    def force(self, planner) -> None:
        """Every state at least once, and what the load benchmark needs in the big Infohus:
        a case is planned again, later, until it comes to rest where wanted."""
        big, cases = self.big, self.cases
        self.bench_cases = {}
        needs = [(state, None, None, None) for state in State.values]
        needs += [
            (State.GATHERING, big, "gathering", lambda c: c.side == "m"),
            (State.WITH_POLICE, big, "with_police", lambda c: c.side == "m"),
            (State.READY_FOR_MEETING, big, "with_meeting",
             lambda c: bool(c.agenda) and c.agenda[-1].v["meeting"] is self.open_meeting),
            (State.FOLLOW_UP, big, "recommended",
             lambda c: any(r.v["department"] == BENCH_DEPARTMENT for r in c.recommendations)),
            (State.CLOSED, big, "closed", None),
        ]  # fmt: skip
        forced = set()
        for state, house, name, check in needs:
            found = next(
                (c for c in reversed(cases) if c.state == state and (house is None or c.house is house)
                 and (check is None or check(c))), None)  # fmt: skip
            if found is None:
                counts = Counter(c.state for c in cases)
                pool = [i for i, c in enumerate(cases) if i not in forced and counts[c.state] > 1
                        and (house is None or c.house is house)]  # fmt: skip
                if not pool:
                    pool = [i for i, c in enumerate(cases) if i not in forced and counts[c.state] > 1]
                if not pool:
                    continue  # too few cases for every state
                index = self.rng.choice(pool)
                target = house or cases[index].house
                found = self.replan(planner, cases[index].idx, target, state, check)
                cases[index] = found
                forced.add(index)
            if name:
                self.bench_cases[name] = found

    def replan(self, planner, idx, house, state, check):
        force = dict(FORCED[state])
        if state == State.FOLLOW_UP:
            force["dept"] = BENCH_DEPARTMENT
        spans = [0.05, 0.3, 1, 3, 7, 15, 30, 50, 80, 120, 200, 400, 700]
        for attempt in range(len(spans) * 6):
            rng = random.Random((self.seed * 7919 + idx) * 101 + attempt)
            t0 = min(working(self.now - rng.uniform(0, spans[attempt // 6] * DAY), rng), self.now - 60)
            case = planner.plan(idx, house, rng, t0, planner.fate(rng, house, force))
            if case.state == state and (check is None or check(case)):
                return case
        raise RuntimeError(f"Could not plan a case that ends in {state}")

    # --- writing ---------------------------------------------------------------------

    def write(self) -> None:
        """The rows of the cases and meetings go to files in one forked process, the audit
        log is made by two more, and this one merges it into the COPY; then the files are
        copied."""
        loader, emitter, cases = self.loader, self.emitter, self.cases
        memberships = self.staff_.memberships
        fixed = sum(len(c.writes) for c in cases) + len(memberships)
        fixed += sum(Emitter.meeting_write_count(m, self.now) for m in self.meetings)
        keep = min(fixed, int(self.n_audit * WRITE_SHARE) if cases else self.n_audit)
        reads = self.n_audit - keep if cases else 0
        self.allocate(reads)
        loader.say(f"audit log: {keep:,} entries of the history (of {fixed:,}), {reads:,} reads")
        for house in self.houses:
            for year, last in sorted(house.sequence.items()):
                self.t_sequence.add_row(
                    {"id": self.t_sequence.take_id(), "infohus_id": house.id, "year": year, "last": last}
                )
        started = time.monotonic()
        rows = RowWriter(loader, emitter, cases, self.meetings)
        rows.start()
        workers = []
        try:
            # The audit log is made by two forked workers, each for half of the Infohuse (a list
            # read names cases of its own Infohus only), and merged here in time order.
            halves = self.halves()
            fixed_parts = [self.fixed_count(half, memberships if n == 0 else ()) for n, half in enumerate(halves)]
            keep_first = keep * fixed_parts[0] // max(fixed, 1)
            for n, half in enumerate(halves):
                worker = AuditWorker(self, half, memberships if n == 0 else (), fixed_total=fixed_parts[n],
                                     keep=keep_first if n == 0 else keep - keep_first)  # fmt: skip
                worker.start(workers)
                workers.append(worker)
            audit = self.t_audit
            with connection.cursor() as cursor, cursor.copy(audit.copy_sql) as copy:
                self.merge(copy, audit, [w.entries() for w in workers], keep + reads)
        except BaseException:
            for child in (*workers, rows):
                child.wait(quiet=True)  # the error in hand is the one to tell
            raise
        for child in (*workers, rows):
            child.wait()
        seconds = time.monotonic() - started
        loader.timings["generate all + copy auditlog_logentry"] = seconds
        loader.progress("generated all, copied auditlog_logentry", audit.rows, seconds)
        loader.copy_all(skip={audit.name})

    def halves(self) -> list[set]:
        """The Infohuse in two groups with about as many audit entries each."""
        load = Counter()
        for case in self.cases:
            load[case.house.id] += len(case.writes) + case.reads + case.lists
        groups, sizes = [set(), set()], [0, 0]
        for house in sorted(self.houses, key=lambda h: -load[h.id]):
            n = 0 if sizes[0] <= sizes[1] else 1
            groups[n].add(house.id)
            sizes[n] += load[house.id]
        return groups

    def fixed_count(self, half: set, memberships) -> int:
        count = len(memberships)
        count += sum(len(c.writes) for c in self.cases if c.house.id in half)
        count += sum(Emitter.meeting_write_count(m, self.now) for m in self.meetings if m.house.id in half)
        return count

    def stories(self, half: set) -> list:
        stories = [(c.t0, 0, i) for i, c in enumerate(self.cases) if c.house.id in half]
        stories += [(m.created_at, 1, i) for i, m in enumerate(self.meetings) if m.house.id in half]
        stories.sort()
        return stories

    def make_entries(self, half: set, memberships, sink, *, fixed_total: int, keep: int) -> None:
        """A worker's part of the audit log, in time order, into `sink`."""
        emitter, cases = self.emitter, self.cases
        stream = AuditStream(self.t_audit, None, fixed_total=fixed_total, keep=keep, loader=self.loader,
                             total=1, sink=sink)  # fmt: skip
        stream.lists = emitter
        stream.fixed(emitter.membership_writes(memberships))
        for t, kind, index in self.stories(half):
            stream.advance(t)
            if kind == 1:
                stream.fixed(emitter.meeting_writes(self.meetings[index]))
                continue
            case = cases[index]
            case.house.recent.append(case)
            stream.fixed(emitter.case_writes(case, emitter.case_values(case)))
            for entry in emitter.case_reads(case, case.reads, case.rng):
                stream.push(*entry)
            self.lists(stream, case)
        stream.finish()

    def merge(self, copy, audit, sources, total: int) -> None:
        """The workers' entries in time order, numbered, into the COPY."""
        next_id, buffer, written = audit.next_id, [], 0
        every, started = max(total // 10, 1), time.monotonic()
        for _t, rest in heapq.merge(*sources):
            buffer.append(f"{next_id}\t{rest}")
            next_id += 1
            if len(buffer) >= 5000:
                copy.write("".join(buffer))
                before, written = written, written + len(buffer)
                buffer = []
                if before // every != written // every:
                    self.loader.progress(f"auditlog_logentry ({written / total:.0%})", written,
                                         time.monotonic() - started)  # fmt: skip
        if buffer:
            copy.write("".join(buffer))
            written += len(buffer)
        audit.rows = written
        if written != total:
            raise RuntimeError(f"The audit log came out with {written} entries instead of {total}")

    @staticmethod
    def audit_model():
        from auditlog.models import LogEntry

        return LogEntry

    def allocate(self, reads: int) -> None:
        """Share the reads out: list pages evenly, pages of a case by how long it was active
        and how much it holds (largest remainders, so the total is exact)."""
        cases = self.cases
        if not cases:
            return
        lists = int(reads * LIST_SHARE)
        weights = [
            max(1.0, (min(self.now, c.end + 30 * DAY) - c.t0) / DAY) ** 0.5 * (1 + 0.3 * len(c.items) + len(c.versions))
            for c in cases
        ]
        for case, n in zip(cases, spread(reads - lists, weights), strict=True):
            case.reads = n
        for case, n in zip(cases, spread(lists, [1.0] * len(cases)), strict=True):
            case.lists = n

    def lists(self, stream, case) -> None:
        rng, house = case.rng, case.house
        for _n in range(case.lists):
            t = max(case.t0 + 1, min(working(case.t0 + rng.uniform(0, 60) * DAY, rng), self.now - 10))
            if rng.random() < 0.6 or not case.side_sees("p", t):
                reader = rng.choice(house.mc)
                name = "concerns" if rng.random() < 0.75 else "worklist"
            else:
                reader = rng.choice(house.pc)
                name = rng.choices(["police_queue", "concerns", "worklist"], [5, 3, 2])[0]
            stream.push(t, (house, reader, name, case))

    # --- the load benchmark's users --------------------------------------------------

    def write_bench_file(self) -> None:
        big = self.big
        users = [m for m in big.members() if m.user.bench]
        roles, entries = {}, []
        for member in sorted(users, key=lambda m: (list(Role.values).index(m.role), m.user.email)):
            roles.setdefault(member.role, member.user.email)
            entries.append({
                "username": member.user.email,
                "role": member.role,
                "membership_id": member.id,
                "department": member.department,
                "recovery_codes": self.codes[member.user_id],
            })  # fmt: skip
        cases = self.bench_cases
        meeting = self.open_meeting
        agenda = cases.get("with_meeting").agenda[-1] if cases.get("with_meeting") else None
        data = {
            "format": 1,
            "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "password": self.password,
            "infohus": {
                "id": big.id,
                "name": big.name,
                "municipality_id": big.municipality_id,
                "police_district_id": big.police_id,
            },  # fmt: skip
            "roles": roles,
            "users": entries,
            "ids": {
                "concern_gathering": cases["gathering"].id if "gathering" in cases else None,
                "case_number_gathering": cases["gathering"].case_number if "gathering" in cases else None,
                "concern_with_police": cases["with_police"].id if "with_police" in cases else None,
                "concern_with_meeting": cases["with_meeting"].id if "with_meeting" in cases else None,
                "agenda_item_with_meeting": agenda.id if agenda else None,
                "concern_recommended": cases["recommended"].id if "recommended" in cases else None,
                "concern_closed": cases["closed"].id if "closed" in cases else None,
                "meeting_open": meeting.id,
            },
        }
        self.bench_path.parent.mkdir(parents=True, exist_ok=True)
        self.bench_path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        self.loader.say(f"bench users written to {self.bench_path}")

    def summary(self) -> dict:
        return {"timings": dict(self.loader.timings), "rows": {t.name: t.rows for t in self.loader.tables.values()}}


class RowWriter:
    """The cases' and meetings' rows, written to the tables' files by a forked process: the
    second core makes them while this process makes the audit log (which the database is
    copying meanwhile). The child touches no database connection and ends with os._exit."""

    def __init__(self, loader, emitter, cases, meetings):
        self.loader, self.emitter, self.cases, self.meetings = loader, emitter, cases, meetings
        self.report = os.path.join(loader.directory, "rows.json")
        self.pid = None

    def start(self) -> None:
        for table in self.loader.tables.values():
            table.file.flush()  # nothing buffered may be written twice
        self.pid = os.fork()
        if self.pid:
            return
        code = 1
        try:
            for meeting in self.meetings:
                self.emitter.emit_meeting(meeting)
            for case in self.cases:
                self.emitter.emit_case(case)
            for table in self.loader.tables.values():
                table.file.flush()
            with open(self.report, "w") as report:
                json.dump({t.name: t.rows for t in self.loader.tables.values()}, report)
            code = 0
        except BaseException:  # noqa: BLE001 – reported to the parent, which raises
            with open(self.report + ".error", "w") as report:
                report.write(traceback.format_exc())
        finally:
            os._exit(code)

    def wait(self, quiet=False) -> None:
        if self.pid is None:
            return
        _pid, status = os.waitpid(self.pid, 0)
        self.pid = None
        if quiet:
            return
        if os.waitstatus_to_exitcode(status) != 0:
            error = Path(self.report + ".error")
            raise RuntimeError(
                "Writing the rows failed:\n" + (error.read_text() if error.exists() else f"status {status}")
            )
        rows = json.loads(Path(self.report).read_text())
        for table in self.loader.tables.values():
            table.rows = max(table.rows, rows.get(table.name, 0))  # the audit log is counted here


class AuditWorker:
    """A forked process making the audit entries of some Infohuse, in time order, into a
    pipe ("time<TAB>line"). Like RowWriter it touches no database connection."""

    def __init__(self, seed: Seed, half: set, memberships, *, fixed_total: int, keep: int):
        self.seed, self.half, self.memberships = seed, half, memberships
        self.fixed_total, self.keep = fixed_total, keep
        self.error = os.path.join(seed.loader.directory, f"audit-{id(self)}.error")
        self.pid = self.reading = None

    def start(self, others) -> None:
        read, write = os.pipe()
        self.pid = os.fork()
        if self.pid:
            os.close(write)
            self.reading = os.fdopen(read, "r", encoding="utf-8", buffering=1 << 20)
            return
        code = 1
        try:
            os.close(read)
            for other in others:
                other.reading.close()
            with os.fdopen(write, "w", encoding="utf-8", buffering=1 << 20) as sink:
                self.seed.make_entries(self.half, self.memberships, sink, fixed_total=self.fixed_total, keep=self.keep)
            code = 0
        except BaseException:  # noqa: BLE001 – reported to the parent, which raises
            with open(self.error, "w") as report:
                report.write(traceback.format_exc())
        finally:
            os._exit(code)

    def entries(self):
        for line in self.reading:
            t, _tab, rest = line.partition("\t")
            yield float(t), rest

    def wait(self, quiet=False) -> None:
        if self.reading is not None:
            self.reading.close()
            self.reading = None
        if self.pid is None:
            return
        _pid, status = os.waitpid(self.pid, 0)
        self.pid = None
        if quiet:
            return
        if os.waitstatus_to_exitcode(status) != 0:
            error = Path(self.error)
            raise RuntimeError(
                "Making the audit log failed:\n" + (error.read_text() if error.exists() else f"status {status}")
            )


def spread(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights`, in whole numbers that add up to it."""
    if total <= 0:
        return [0] * len(weights)
    whole = sum(weights)
    shares = [total * w / whole for w in weights]
    counts = [int(s) for s in shares]
    left = total - sum(counts)
    for i in sorted(range(len(shares)), key=lambda i: counts[i] - shares[i])[:left]:
        counts[i] += 1
    return counts


__all__ = ["Seed", "spread"]
