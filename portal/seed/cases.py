"""The history of each seeded case, planned before anything is written.

A case is simulated step by step as the services would take it (Redskab 1, the police
check, information gathering, the meeting, Redskab 4, the follow-up), with the time of
each step, and cut off at "now": its state is wherever its history has reached. Planning
records what each step changes (rows, grants, timeline lines, audit entries); `emit.py`
turns the plans into rows. Ids are given out after planning, in the order of the cases.
"""

import bisect
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from concerns.models import State
from concerns.transitions import TRANSITIONS
from infohus import policy
from portal.seed import texts

DAY = 86400.0
HOUR = 3600.0
LOCAL = ZoneInfo("Europe/Copenhagen")
CREATE, UPDATE = 0, 1  # auditlog's actions
MEETING_EVERY = 14 * DAY

# What a forced case must do to come to rest in a state (see `force_states`).
FORCED = {
    State.DRAFT: {"stop": State.DRAFT},
    State.RECEIVED: {"stop": State.RECEIVED},
    State.WITH_POLICE: {"stop": State.WITH_POLICE},
    State.CLEARED: {"outcome": "cleared", "stop": State.CLEARED},
    State.GATHERING: {"outcome": "cleared", "stop": State.GATHERING},
    State.READY_FOR_MEETING: {"outcome": "cleared", "stop": State.READY_FOR_MEETING},
    State.ANALYSED: {"outcome": "cleared", "stop": State.ANALYSED},
    State.RECOMMENDED: {"outcome": "cleared", "not_current": False, "stop": State.RECOMMENDED},
    State.FOLLOW_UP: {"outcome": "cleared", "not_current": False, "stop": State.FOLLOW_UP},
    State.CLOSED: {"outcome": "cleared", "not_current": False},
    State.NOT_CURRENT: {"outcome": "cleared", "not_current": True, "stop": State.NOT_CURRENT},
    State.TAKEN_OVER_BY_POLICE: {"outcome": "taken_over"},
    State.NOT_EXTREMISM: {"outcome": "not_extremism"},
    State.WITHDRAWN: {"withdraw": "draft"},
}


_RULES = {}


def grant_rule(event: str):
    """The policy's grant for an event, read once: (to whom, codenames, revoke, condition)."""
    if event not in _RULES:
        grant = policy.GRANTS.get(event)
        rule = None
        if grant is not None:
            condition = None
            if grant.when is not None or grant.unless is not None:
                known = {"police_check.taken_over": "social duty", "exchange.revoked": "still shared"}
                if event not in known:
                    raise NotImplementedError(f"The seed does not know the condition of {event}")
                condition = known[event]
            to = {policy.POLICE_SIDE: "p", policy.MUNICIPAL_SIDE: "m"}.get(grant.to, grant.to)
            rule = (to, tuple(perm.split(".")[1] for perm in grant.perms), grant.revoke, condition)
        _RULES[event] = rule
    return _RULES[event]


def utc(t: float) -> datetime:
    return datetime.fromtimestamp(t, UTC)


def local_date(t: float) -> date:
    return datetime.fromtimestamp(t, LOCAL).date()


def working(t: float, rng) -> float:
    """The same moment, or the next working-day morning if it falls outside 8–16 on a weekday."""
    local = t + HOUR  # close enough to Danish time for choosing office hours
    day, seconds = divmod(local, DAY)
    weekday = (int(day) + 3) % 7  # 1 January 1970 was a Thursday
    if weekday < 5 and 8 * HOUR <= seconds <= 16 * HOUR:
        return t
    day += 1 if seconds > 8 * HOUR else 0
    while (int(day) + 3) % 7 >= 5:
        day += 1
    return day * DAY - HOUR + 8 * HOUR + rng.uniform(0, 7.5 * HOUR)


def later(t: float, rng, low_days: float, high_days: float) -> float:
    return working(t + rng.uniform(low_days, high_days) * DAY, rng)


class Obj:
    """A planned row: its id is given out after planning."""

    __slots__ = ("id", "kind", "t", "by", "v")

    def __init__(self, kind: str, t: float, by, **values):
        self.id = None
        self.kind = kind
        self.t = t
        self.by = by
        self.v = values


class Meeting:
    __slots__ = ("id", "house", "starts_at", "created_at", "created_by", "state", "participants", "agenda")

    def __init__(self, house, starts_at: float, now: float, rng):
        self.id = None
        self.house = house
        self.starts_at = starts_at
        self.created_at = working(starts_at - rng.uniform(12, 16) * DAY, rng)
        if self.created_at > now:  # the next meetings were scheduled lately
            self.created_at = now - rng.uniform(1, 48) * HOUR
        self.created_by = rng.choice(house.mc)
        self.state = "closed" if starts_at + 3 * HOUR < now else ("open" if starts_at <= now else "scheduled")
        self.participants = []  # [member, invited_at, joined_at or None, is_external]
        self.agenda = []  # agenda item Objs
        # The Infohus's coordinators are invited when it is scheduled; now and then a
        # caseworker or someone from outside (psychiatry, Kriminalforsorgen) too.
        started = self.state != "scheduled"
        for member in house.mc + house.pc:
            joined = starts_at + rng.uniform(0, 20 * 60) if started and rng.random() < 0.9 else None
            self.participants.append([member, self.created_at + 0.01, joined, False])
        guests = [m for ms in house.cw.values() for m in ms][:3] + house.ext
        if guests and rng.random() < 0.3:
            guest = rng.choice(guests)
            invited = working(self.created_at + rng.uniform(1, 8) * DAY, rng)
            if invited < min(starts_at, now):
                joined = starts_at + rng.uniform(0, 20 * 60) if started and rng.random() < 0.9 else None
                self.participants.append([guest, invited, joined, guest.role == "participant"])


class Case:
    """One concern's planned history."""

    __slots__ = (
        "idx", "id", "house", "rng", "t0", "recorder", "side", "owner_id", "case_number", "state", "states",
        "submitted_at", "updated_at", "intake", "person", "custody", "check", "requests", "items", "exchanges",
        "withdrawal", "analyses", "agenda", "scores", "assessment", "versions", "recommendations", "follow_ups",
        "notes", "timeline", "grants", "writes", "end", "fate", "reads", "lists", "cache",
        "seen_by_police", "seen_by_municipality", "left_police",
    )  # fmt: skip

    def __init__(self, idx: int, house, rng, t0: float, fate: dict):
        self.idx, self.id, self.house, self.rng, self.t0, self.fate = idx, None, house, rng, t0, fate
        self.side = "p" if fate["police_recorded"] else "m"
        self.recorder = rng.choice(house.pc if self.side == "p" else house.mc)
        self.owner_id = self.recorder.authority_id
        self.case_number = ""
        self.state, self.states = "draft", [(t0, "draft")]
        self.submitted_at = None
        self.updated_at = t0
        self.intake = self.person = self.check = self.withdrawal = self.assessment = None
        self.custody, self.requests, self.items, self.exchanges = [], [], [], []
        self.analyses, self.agenda, self.scores, self.versions, self.recommendations = [], [], [], [], []
        self.follow_ups, self.notes, self.timeline, self.writes = [], [], [], []
        self.grants = {}  # (object, group key, codename) -> True, in the order given
        self.end = t0
        self.reads = self.lists = 0
        self.cache = {}  # what emitting computes once per case (its audit entries' additional data)

    # --- what a step records ---------------------------------------------------------

    def write(self, t, by, kind, action, obj, changes=None):
        """An audit entry: CREATE of `obj` (its values), or UPDATE with `changes`
        ({field name: (old, new)}, values as Python values)."""
        self.writes.append((t, by, kind, action, obj, changes))

    def line(self, t, by, action, *, frm="", to="", reason="", changed=(), details=None, visible_to=None):
        self.timeline.append((t, by, action, frm, to, reason, list(changed), details or {}, visible_to))

    def move(self, t, by, to, *, reason="", departments=()):
        """`move_concern`: the transition table names the event; the event brings its grants."""
        to = str(to)
        move = TRANSITIONS[(self.state, to)]
        self.write(t, by, "concern", UPDATE, self, {"state": (self.state, to)})
        self.line(t + 0.001, by, move.event, frm=self.state, to=to, reason=reason)
        self.grant(move.event, self, by, departments=departments)
        self.state = to
        self.states.append((t, to))
        self.updated_at = t

    def grant(self, event, obj, by, *, recipient_side=None, departments=()):
        """What `policy.apply_grants` gives or takes away for `event`."""
        rule = grant_rule(event)
        if rule is None:
            return
        to, codenames, revoke, condition = rule
        if condition == "social duty" and not self.fate["social_duty"]:
            return
        if condition == "still shared" and any(
            other.v["revoked_at"] is None and obj in other.v["items"] and other.v["to_side"] == recipient_side
            for other in self.exchanges
        ):
            return
        if to == policy.ADDRESSED_CASEWORKERS:
            groups = [(policy.CASEWORKER, department) for department in sorted(set(departments))]
        else:
            side = by.side if to == policy.ACTOR else recipient_side if to == policy.RECIPIENT else to
            groups = [(policy.POLICE_COORDINATOR if side == "p" else policy.MUNICIPAL_COORDINATOR, "")]
        grants = self.grants
        for group in groups:
            for codename in codenames:
                if revoke:
                    grants.pop((obj, group, codename), None)
                else:
                    grants[(obj, group, codename)] = True

    def settle(self) -> None:
        """When each side could first read the case, and when it left the police's queue
        (for the lists read while emitting)."""
        never = 1e12
        self.seen_by_police = self.t0 if self.side == "p" else (self.submitted_at or never)
        cleared = next((at for at, state in self.states if state == State.CLEARED), never)
        self.seen_by_municipality = self.t0 if self.side == "m" else cleared
        self.left_police = next(
            (at for at, state in self.states if at > (self.submitted_at or never) and state != State.WITH_POLICE), never
        )

    def state_at(self, t: float) -> str:
        return self.states[bisect.bisect_right(self.states, (t, "~")) - 1][1]

    def side_sees(self, side: str, t: float) -> bool:
        """Whether a side's coordinators could read the case at `t` (for its reads)."""
        return (self.seen_by_police if side == "p" else self.seen_by_municipality) <= t


class Planner:
    def __init__(self, *, now: float, start: float, dimensions, external_authorities, big_house):
        self.now, self.start = now, start
        self.dimensions = dimensions  # [(id, number)]
        self.external_authorities = external_authorities  # region -> [authority id]
        self.big_house = big_house
        self.slots = {}  # (house id, slot index) -> Meeting

    # --- meetings: every 14 days per Infohus; the big one meets now --------------------

    def anchor(self, house) -> float:
        if house is self.big_house:
            return self.now - HOUR  # its meeting is open as the load benchmark runs
        day = int((self.now + HOUR) // DAY) - 1 - house.phase
        return day * DAY - HOUR + 9 * HOUR  # 9:00 Danish time (winter)

    def meeting_after(self, house, t: float, rng) -> Meeting:
        anchor = self.anchor(house)
        index = int((t - anchor) // MEETING_EVERY) + 1
        key = (house.id, index)
        meeting = self.slots.get(key)
        if meeting is None:
            meeting = Meeting(house, anchor + index * MEETING_EVERY, self.now, rng)
            self.slots[key] = meeting
        return meeting

    # --- one case --------------------------------------------------------------------

    def fate(self, rng, house, force=None) -> dict:
        roll = rng.random()
        outcome = "cleared" if roll < 0.58 else "not_extremism" if roll < 0.88 else "taken_over"
        roll = rng.random()
        fate = {
            "police_recorded": rng.random() < 0.15,
            "withdraw": None if roll < 0.96 else "draft" if roll < 0.985 else "with_police",
            "outcome": outcome,
            "social_duty": rng.random() < 0.5,
            "take_over": rng.random() < 0.04,
            "send_back": rng.random() < 0.06,
            "not_current": rng.random() < 0.1,
            "stop": None,
            "dept": None,
        }
        if force:
            fate.update(withdraw=None, take_over=False, send_back=False, police_recorded=False)
            fate.update(force)
        return fate

    def plan(self, idx, house, rng, t0, fate) -> Case:
        case = Case(idx, house, rng, t0, fate)
        self.intake(case)
        self.simulate(case)
        case.end = max(w[0] for w in case.writes)
        case.settle()
        return case

    def intake(self, case: Case) -> None:
        rng, t0 = case.rng, case.t0
        house = case.house
        received = working(t0 - rng.uniform(0, 2) * DAY, rng)
        anonymous = rng.random() < 0.2
        reporter = "" if anonymous else f"{rng.choice(texts.FEMALE + texts.MALE)} {rng.choice(texts.LAST)}"
        case.intake = {
            "journal_number": f"27.12.{rng.choice(('04', '08', '16', '20'))}-G01-{rng.randrange(1, 99999):05d}-"
            f"{local_date(t0).year % 100:02d}"
            if case.side == "m" and rng.random() < 0.6
            else "",
            "received_via": rng.choices(["phone", "email", "hotline", "forwarded", "in_person"], [35, 30, 10, 15, 10])[
                0
            ],
            "received_at": received,
            "reporter_anonymous": anonymous,
            "reporter_name": reporter,
            "reporter_organisation": "" if anonymous else rng.choice(texts.REPORTER_ORGS),
            "reporter_contact": "",
            "reporter_informed": rng.random() < 0.9,
            "description": f"{rng.choice(texts.OBSERVATIONS)} {rng.choice(texts.CONTEXTS)}",
            "observed_on": local_date(received - rng.uniform(0, 10) * DAY),
            "observation": rng.choice(["first_hand", "second_hand"]),
            "extremism_kind": rng.choices(["right_wing", "left_wing", "militant_islamism", "other"], [40, 15, 30, 15])[
                0
            ],
            "acute_danger": rng.random() < 0.03,
        }
        case.person = house.person(rng, t0)
        if case.person["minor"]:
            for _n in range(rng.choice((1, 1, 2))):
                case.custody.append(
                    Obj(
                        "custodyholder",
                        t0,
                        case.recorder,
                        full_name=f"{rng.choice(texts.FEMALE + texts.MALE)} {case.person['full_name'].split()[-1]}",
                        relation=rng.choice(("Mor", "Far")),
                        contact=f"Tlf. {rng.randint(20, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
                        f"{rng.randint(10, 99)}"
                        if rng.random() < 0.7
                        else "",
                    )
                )

    def simulate(self, case: Case) -> None:  # noqa: C901 – one case's life, step by step
        rng, fate, now, house = case.rng, case.fate, self.now, case.house
        stop = fate["stop"]
        recorder = case.recorder
        t = case.t0
        case.write(t, recorder, "concern", CREATE, case)
        case.write(t + 0.002, recorder, "person", CREATE, case.person)
        for holder in case.custody:
            case.write(t + 0.003, recorder, "custodyholder", CREATE, holder)
        case.grant("concern.created", case, recorder)
        case.line(t + 0.004, recorder, "concern.created", to=State.DRAFT)
        if stop == State.DRAFT:
            return

        if fate["withdraw"] == "draft":
            t = later(t, rng, 1, 10)
            if t <= now:
                case.move(t, recorder, State.WITHDRAWN, reason=rng.choice(texts.WITHDRAW_REASONS))
            return
        submit = later(t, rng, 0.05, 3)
        if submit > now:
            return
        if rng.random() < 0.15:  # Redskab 1 completed before it was sent
            edited = t + (submit - t) * rng.uniform(0.2, 0.9)
            contact = f"Tlf. {rng.randint(20, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
            case.write(edited, recorder, "concern", UPDATE, case, {"reporter_contact": ("", contact)})
            case.line(edited + 0.001, recorder, "concern.edited", changed=["reporter_contact"])
            case.intake["reporter_contact"] = contact
            case.updated_at = edited
        case.move(submit, recorder, State.RECEIVED)
        if stop == State.RECEIVED:
            return
        case.move(submit + 0.01, recorder, State.WITH_POLICE)
        case.submitted_at = submit + 0.02
        case.write(case.submitted_at, recorder, "concern", UPDATE, case, {"submitted_at": (None, case.submitted_at)})
        if stop == State.WITH_POLICE:
            return
        if fate["withdraw"] == "with_police":
            t = later(submit, rng, 0.2, 3)
            if t <= now:
                case.move(t, recorder, State.WITHDRAWN, reason=rng.choice(texts.WITHDRAW_REASONS))
            return

        # The police check.
        t = later(submit, rng, 0.1, 8)
        if t > now:
            return
        officer = rng.choice(house.pc)
        outcome = fate["outcome"]
        duty = fate["social_duty"] if outcome == "taken_over" else None
        case.check = Obj(
            "policecheck",
            t,
            officer,
            outcome=outcome,
            reason=rng.choice(texts.POLICE_REASONS[outcome]),
            social_duty_needed=duty,
            social_duty_description=rng.choice(texts.SOCIAL_DUTY) if duty else "",
        )
        case.write(t, officer, "policecheck", CREATE, case.check)
        to = {"cleared": State.CLEARED, "not_extremism": State.NOT_EXTREMISM, "taken_over": State.TAKEN_OVER_BY_POLICE}
        case.move(t + 0.01, officer, to[outcome], reason=case.check.v["reason"])
        if outcome != "cleared" or stop == State.CLEARED:
            return
        if fate["take_over"] and rng.random() < 0.3:
            self.take_over(case, later(t, rng, 0.5, 3))
            return

        # Redskab 2.
        coordinator = rng.choice(house.mc)
        t = later(t, rng, 0, 4)
        if t > now:
            return
        case.move(t, coordinator, State.GATHERING)
        if stop == State.GATHERING:
            self.gather(case, t, t + 365 * DAY)
            return
        finish = later(t, rng, 14, 60)
        if fate["take_over"]:
            taken = t + (finish - t) * rng.uniform(0.3, 0.9)
            self.gather(case, t, taken)
            self.take_over(case, taken)
            return
        self.gather(case, t, finish)
        if finish > now:
            return
        case.move(finish, coordinator, State.READY_FOR_MEETING)

        # Redskab 3: the next meeting; step D sends a case back once in a while.
        for round_ in (1, 2):
            meeting = self.meeting_after(house, finish + 2 * DAY, rng)
            added = working(finish + (meeting.starts_at - finish) * rng.uniform(0.1, 0.8), rng)
            added = max(added, meeting.created_at + rng.uniform(600, 7200))
            if added > now or (stop == State.READY_FOR_MEETING and meeting.state == "closed"):
                return  # waits for a meeting
            analysis = self.put_on_agenda(case, meeting, added, coordinator)
            if stop == State.READY_FOR_MEETING or meeting.state != "closed":
                return
            t = self.analyse(case, meeting, analysis, rng)
            if stop == State.ANALYSED:
                return
            if not (fate["send_back"] and round_ == 1):
                break
            back = later(t, rng, 1, 5)
            if back > now:
                return
            case.move(back, coordinator, State.GATHERING, reason=rng.choice(texts.SEND_BACK))
            finish = later(back, rng, 7, 30)
            if finish > now:
                return
            case.move(finish, coordinator, State.READY_FOR_MEETING)

        # Redskab 4.
        t = later(t, rng, 1, 10)
        if t > now:
            return
        approved = self.assess(case, analysis, t, coordinator)
        if approved is None or stop in (State.RECOMMENDED, State.NOT_CURRENT) or case.state == State.CLOSED:
            return

        # The follow-up by the addressed departments.
        first = None
        for recommendation in case.recommendations:
            if recommendation.v["addressee"] != "municipality":
                continue
            department = recommendation.v["department"]
            worker = rng.choice(house.cw.get(department) or house.mc)
            acknowledged = later(approved, rng, 1, 10)
            if acknowledged > now:
                continue
            follow_up = Obj(
                "followup",
                acknowledged,
                worker,
                recommendation=recommendation,
                department=department,
                intervention="",
                started_on=None,
                ended_on=None,
                next_follow_up_on=recommendation.v["follow_up_on"],
                review_6_on=None,
                review_12_on=None,
            )
            case.follow_ups.append(follow_up)
            case.write(acknowledged, worker, "followup", CREATE, follow_up)
            if case.state == State.RECOMMENDED:
                case.move(acknowledged + 0.01, worker, State.FOLLOW_UP)
                first = acknowledged
            recorded = acknowledged
            for _n in range(rng.randint(1, 2)):
                recorded = later(recorded, rng, 14, 60)
                if recorded > now:
                    break
                old = dict(follow_up.v)
                if follow_up.v["started_on"] is None:
                    follow_up.v["intervention"] = rng.choice(texts.INTERVENTIONS)
                    follow_up.v["started_on"] = local_date(recorded - rng.uniform(0, 7) * DAY)
                follow_up.v["next_follow_up_on"] = local_date(recorded + rng.uniform(21, 60) * DAY)
                changes = {
                    name: (old[name], follow_up.v[name])
                    for name in ("intervention", "started_on", "next_follow_up_on")
                    if old[name] != follow_up.v[name]
                }
                case.write(recorded, worker, "followup", UPDATE, follow_up, changes)
                note = Obj(
                    "followupnote", recorded + 0.01, worker, follow_up=follow_up, text=rng.choice(texts.FOLLOW_UP_NOTES)
                )
                case.notes.append(note)
                case.write(recorded + 0.01, worker, "followupnote", CREATE, note)
                case.line(recorded + 0.02, worker, "follow_up.recorded")
        if first is None or stop == State.FOLLOW_UP:
            return
        closed = later(first, rng, 60, 270)
        if closed <= now:
            case.move(closed, rng.choice(house.mc), State.CLOSED, reason=rng.choice(texts.CLOSE_REASONS))

    def take_over(self, case: Case, t: float) -> None:
        """`withdraw_from_infohus`: the police withdraw the concern as a security matter."""
        if t > self.now:
            return
        rng = case.rng
        officer = rng.choice(case.house.pc)
        duty = case.fate["social_duty"]
        case.withdrawal = Obj(
            "policewithdrawal",
            t,
            officer,
            from_state=case.state,
            reason=rng.choice(texts.POLICE_REASONS["taken_over"]),
            social_duty_needed=duty,
            social_duty_description=rng.choice(texts.SOCIAL_DUTY) if duty else "",
        )
        case.write(t, officer, "policewithdrawal", CREATE, case.withdrawal)
        case.move(t + 0.01, officer, State.TAKEN_OVER_BY_POLICE)

    def gather(self, case: Case, start: float, finish: float) -> None:
        """Requests, items of both sides and § 115 exchanges, between `start` and `finish`."""
        rng, house, now = case.rng, case.house, self.now
        asker = rng.choice(house.mc)
        sources = rng.sample(
            ["children_family", "education", "jobcenter", "adult_social", "psychiatry"], rng.randint(1, 3)
        )
        if case.person["minor"] and "education" not in sources:
            sources[0] = "education"
        for source in sources:
            asked = later(start, rng, 0, 5)
            if asked > min(now, finish):
                continue
            request = Obj(
                "informationrequest",
                asked,
                asker,
                source=source,
                source_name=texts.SOURCE_NAMES.get(source, "").format(town=house.town),
                asked_for=texts.ASKED_FOR[source],
                due_on=local_date(asked + rng.choice((7, 10, 14)) * DAY),
                received_at=None,
            )
            case.requests.append(request)
            case.write(asked, asker, "informationrequest", CREATE, request)
            case.line(
                asked + 0.001,
                asker,
                "request.made",
                details={"source": source, "source_name": request.v["source_name"]},
            )
            answered = later(asked, rng, 3, 20)
            if rng.random() < 0.85 and answered <= min(now, finish):
                self.item(case, answered, asker, source, request.v["source_name"], request=request)
        if rng.random() < 0.6:  # the police's own records
            officer = rng.choice(house.pc)
            for _n in range(rng.randint(1, 2)):
                t = later(start, rng, 1, 15)
                if t <= min(now, finish):
                    self.item(case, t, officer, "police", "")
        # § 115: the police share some of theirs with the municipality, and the other way round.
        for side, recipient in (("p", "m"), ("m", "p")):
            own = [item for item in case.items if item.by.side == side]
            if not own or rng.random() > (0.75 if side == "p" else 0.2):
                continue
            sharer = rng.choice(house.pc if side == "p" else house.mc)
            shared = later(max(item.t for item in own), rng, 0.1, 5)
            if shared > min(now, finish):
                continue
            chosen = rng.sample(own, rng.randint(1, len(own)))
            self.share(case, shared, sharer, chosen, recipient)

    def item(self, case: Case, t: float, by, source: str, source_name: str, request=None) -> None:
        rng = case.rng
        item = Obj(
            "informationitem",
            t,
            by,
            owning_authority=by.authority_id,
            source=source,
            source_name=source_name,
            text=rng.choice(texts.ITEM_TEXTS["police" if source == "police" else "other"]),
            information_date=local_date(t - rng.uniform(0, 20) * DAY),
            request=request,
        )
        case.items.append(item)
        case.write(t, by, "informationitem", CREATE, item)
        case.grant("item.recorded", item, by)
        details = {"source": source, "source_name": source_name}
        case.line(t + 0.001, by, "item.recorded", details=details, visible_to=by.authority_id)
        if request is not None and request.v["received_at"] is None and request.by.authority_id == by.authority_id:
            request.v["received_at"] = t + 0.002
            case.write(t + 0.002, by, "informationrequest", UPDATE, request, {"received_at": (None, t + 0.002)})
            case.line(t + 0.003, by, "request.answered", details=details)

    def share(self, case: Case, t: float, by, items, recipient_side: str) -> None:
        rng, house = case.rng, case.house
        to = house.police_id if recipient_side == "p" else house.municipality_id
        exchange = Obj(
            "exchange",
            t,
            by,
            from_authority=by.authority_id,
            to_authority=to,
            to_side=recipient_side,
            items=items,
            shared=[],
            legal_basis_section=1,
            legal_basis_number=rng.choice((1, 2, 3)),
            purpose=rng.choice(texts.PURPOSES),
            necessity=rng.choice(texts.NECESSITIES),
            summary="",
            revoked_at=None,
            revoked_by=None,
            revoke_reason="",
        )
        case.exchanges.append(exchange)
        case.write(t, by, "exchange", CREATE, exchange)
        for n, item in enumerate(items):
            shared = Obj("exchangeitem", t, by, exchange=exchange, item=item)
            exchange.v["shared"].append(shared)
            case.write(t + 0.001 * (n + 1), by, "exchangeitem", CREATE, shared)
            case.grant("exchange.shared", item, by, recipient_side=recipient_side)
        case.line(t + 0.01, by, "exchange.shared", reason=("shared", exchange), details={"exchange": exchange})
        revoked = later(t, rng, 1, 20)
        if rng.random() < 0.05 and revoked <= self.now:
            exchange.v.update(revoked_at=revoked, revoked_by=by, revoke_reason=rng.choice(texts.REVOKE_REASONS))
            changes = {
                "revoked_at": (None, revoked),
                "revoked_by": (None, by.user_id),
                "revoke_reason": ("", exchange.v["revoke_reason"]),
            }
            case.write(revoked, by, "exchange", UPDATE, exchange, changes)
            for item in items:
                case.grant("exchange.revoked", item, by, recipient_side=recipient_side)
            case.line(
                revoked + 0.001, by, "exchange.revoked", reason=("revoked", exchange), details={"exchange": exchange}
            )

    def put_on_agenda(self, case: Case, meeting: Meeting, t: float, by):
        """`add_to_agenda`: a new analysis with its nine blank scores, and the agenda item."""
        analysis = Obj("analysis", t, by, closed_at=None, closed_by=None, scores=[])
        case.analyses.append(analysis)
        case.write(t, by, "analysis", CREATE, analysis)
        for n, (dimension_id, _number) in enumerate(self.dimensions):
            score = Obj("dimensionscore", t, by, analysis=analysis, dimension=dimension_id, status="", value=None,
                        justification="", version=0, updated_by=None, updated_at=None)  # fmt: skip
            analysis.v["scores"].append(score)
            case.scores.append(score)
            case.write(t + 0.001 * (n + 1), by, "dimensionscore", CREATE, score)
        # The position is given with the ids, once every case's agenda items are known.
        item = Obj("agendaitem", t + 0.02, by, meeting=meeting, analysis=analysis, position=0, outcome="pending")
        case.agenda.append(item)
        case.write(t + 0.02, by, "agendaitem", CREATE, item)
        return analysis

    def analyse(self, case: Case, meeting: Meeting, analysis, rng) -> float:
        """The meeting agrees on the nine dimensions and closes the analysis."""
        scorer = rng.choice(
            [m for m in meeting.house.mc if any(p[0] is m for p in meeting.participants)] or meeting.house.mc
        )
        t = meeting.starts_at + rng.uniform(0.1, 1.5) * HOUR
        for score in analysis.v["scores"]:
            t += rng.uniform(30, 240)
            roll = rng.random()
            status = "scored" if roll < 0.85 else "unknown" if roll < 0.95 else "not_assessed"
            score.v.update(status=status, value=rng.choice((0, 1, 1, 2, 2, 3, 4)) if status == "scored" else None,
                           justification=rng.choice(texts.JUSTIFICATIONS), version=1, updated_by=scorer.user_id, updated_at=t)  # fmt: skip
            changes = {"status": ("", status), "version": (0, 1), "updated_at": (None, t), "updated_by": (None, scorer.user_id),
                       "justification": ("", score.v["justification"])}  # fmt: skip
            if score.v["value"] is not None:
                changes["value"] = (None, score.v["value"])
            case.write(t, scorer, "dimensionscore", UPDATE, score, changes)
        t += rng.uniform(60, 300)
        analysis.v.update(closed_at=t, closed_by=scorer.user_id)
        case.write(
            t, scorer, "analysis", UPDATE, analysis, {"closed_at": (None, t), "closed_by": (None, scorer.user_id)}
        )
        item = case.agenda[-1]
        item.v["outcome"] = "analysed"
        case.write(t + 0.01, scorer, "agendaitem", UPDATE, item, {"outcome": ("pending", "analysed")})
        case.move(t + 0.02, scorer, State.ANALYSED)
        return t

    def assess(self, case: Case, analysis, t: float, writer):
        """Redskab 4: one version, approved by both sides; returns when it was approved."""
        rng, house, fate = case.rng, case.house, case.fate
        not_current = fate["not_current"]
        case.assessment = Obj("assessment", t, writer, analysis=analysis)
        case.write(t, writer, "assessment", CREATE, case.assessment)
        version = Obj(
            "assessmentversion",
            t + 0.01,
            writer,
            number=1,
            problems=rng.choice(texts.PROBLEMS),
            resources=rng.choice(texts.RESOURCES),
            conclusion=rng.choice(texts.CONCLUSIONS),
            outcome="not_current" if not_current else "recommend",
            not_current_reason=rng.choice(texts.NOT_CURRENT) if not_current else "",
            municipal_approved_by=None,
            municipal_approved_at=None,
            police_approved_by=None,
            police_approved_at=None,
        )
        case.versions.append(version)
        case.write(t + 0.01, writer, "assessmentversion", CREATE, version)
        if not not_current:
            minor = case.person["minor"]
            department = fate["dept"] or rng.choice(
                ["children_family", "children_family", "schools"] if minor else ["jobcenter", "adult_social", "other"]
            )
            addressed = [("municipality", department)]
            if rng.random() < 0.4:
                addressed.append((rng.choice(["police", "psychiatry"]), ""))
            for n, (addressee, department) in enumerate(addressed):
                recommendation = Obj(
                    "recommendation",
                    t + 0.02,
                    writer,
                    version=version,
                    addressee=addressee,
                    department=department,
                    addressee_name="",
                    areas=rng.sample(["family", "school", "work", "network", "mental_health", "online"], 2),
                    interventions=rng.sample(["conversation", "mentor", "exit", "preventive_talk", "other"], 2),
                    details=rng.choice(texts.RECOMMENDATION_DETAILS),
                    follow_up_on=local_date(t + rng.uniform(20, 45) * DAY),
                )
                case.recommendations.append(recommendation)
                case.write(t + 0.02 + 0.001 * n, writer, "recommendation", CREATE, recommendation)
        case.line(t + 0.03, writer, "assessment.written", details={"version": 1})
        approved = None
        for side in rng.sample(["m", "p"], 2):
            t = later(t, rng, 0, 4)
            if t > self.now:
                return None
            by = rng.choice(house.mc if side == "m" else house.pc)
            prefix = "municipal" if side == "m" else "police"
            version.v[f"{prefix}_approved_by"], version.v[f"{prefix}_approved_at"] = by.user_id, t
            case.write(t, by, "assessmentversion", UPDATE, version,
                       {f"{prefix}_approved_at": (None, t), f"{prefix}_approved_by": (None, by.user_id)})  # fmt: skip
            case.line(t + 0.001, by, "assessment.approved", details={"version": 1})
            approved = (t, by)
        t, by = approved
        if not_current:
            case.move(t + 0.01, by, State.NOT_CURRENT, reason=version.v["not_current_reason"])
            if fate["stop"] != State.NOT_CURRENT:
                case.move(t + 0.02, by, State.CLOSED, reason=version.v["not_current_reason"])
            return t
        departments = sorted({r.v["department"] for r in case.recommendations if r.v["addressee"] == "municipality"})
        case.move(t + 0.01, by, State.RECOMMENDED, departments=departments)
        return t
