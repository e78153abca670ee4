"""The Infohuse's people: users and their memberships, and the persons concerns are about."""

import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from infohus.models import Department, Role
from infohus.policy import ROLE_SIDE
from portal.seed import texts
from portal.seed.places import Municipality

# The load benchmark's users, all in the big Infohus, one membership each (see __init__).
BENCH_ROLES = {
    Role.MUNICIPAL_COORDINATOR: 4,
    Role.POLICE_COORDINATOR: 4,
    Role.CASEWORKER: 4,  # Children and Family, to which the bench's recommended case is addressed
    Role.AUDITOR: 4,
    Role.PARTICIPANT: 4,  # from psychiatry, invited to the open meeting
}
BENCH_USERS = sum(BENCH_ROLES.values())
BENCH_DEPARTMENT = Department.CHILDREN_FAMILY


def ascii_name(text: str) -> str:
    text = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in text if c.isalnum() or c in ".-")


@dataclass(eq=False)
class Member:
    """One membership (a user may hold several: a police coordinator serves several Infohuse)."""

    user: "User"
    role: str
    house: "House"
    authority_id: int
    department: str = ""
    id: int = 0
    created_at: float = 0.0

    def __post_init__(self):
        self.role, self.department = str(self.role), str(self.department)  # plain text, not the enums

    @property
    def user_id(self) -> int:
        return self.user.id

    @property
    def side(self) -> str:
        """Whose grants the role's group receives: "m" the municipality's, "p" the police's."""
        kind = ROLE_SIDE.get(self.role)
        return "p" if kind == "police_district" else "m"


@dataclass(eq=False)
class User:
    id: int
    email: str
    full_name: str
    title: str
    ip: str
    joined: float
    bench: str = ""  # the role it was made for in the load benchmark


@dataclass(eq=False)
class House:
    """An Infohus with its members, as the planner needs them."""

    id: int
    name: str
    place: Municipality
    municipality_id: int
    police_id: int
    weight: float
    phase: int  # the weekday offset of its meetings
    domain: str
    mc: list = field(default_factory=list)
    pc: list = field(default_factory=list)
    cw: dict = field(default_factory=dict)  # department -> [Member]
    auditors: list = field(default_factory=list)
    admins: list = field(default_factory=list)
    ext: list = field(default_factory=list)
    people: list = field(default_factory=list)  # persons already concerned, who may come again
    recent: object = None  # the latest cases, for the lists read (set while emitting)
    sequence: dict = field(default_factory=dict)  # year -> last running number

    @property
    def town(self) -> str:
        return self.place.town

    @property
    def active(self) -> bool:
        return bool(self.mc and self.pc)

    def members(self) -> list[Member]:
        return self.mc + self.pc + [m for ms in self.cw.values() for m in ms] + self.auditors + self.admins + self.ext

    def add(self, member: Member) -> Member:
        role = member.role
        if role == Role.MUNICIPAL_COORDINATOR:
            self.mc.append(member)
        elif role == Role.POLICE_COORDINATOR:
            self.pc.append(member)
        elif role == Role.CASEWORKER:
            self.cw.setdefault(member.department, []).append(member)
        elif role == Role.AUDITOR:
            self.auditors.append(member)
        elif role == Role.ADMIN:
            self.admins.append(member)
        else:
            self.ext.append(member)
        return member

    def person(self, rng, t: float) -> dict:
        """The person a new concern is about: now and then someone already concerned here."""
        if self.people and rng.random() < 0.05:
            return dict(rng.choice(self.people))
        female = rng.random() < 0.3
        minor = rng.random() < 0.45
        age_days = rng.uniform(12 * 365.25 + 30, 17.9 * 365.25) if minor else rng.uniform(18.1 * 365.25, 45 * 365.25)
        born = date(1970, 1, 1) + timedelta(days=int(t / 86400 - age_days))
        last = rng.choice(texts.LAST)
        first = rng.choice(texts.FEMALE if female else texts.MALE)
        cpr = cpr_number(rng, born, female) if rng.random() < 0.9 else ""
        street = f"{rng.choice(texts.STREETS)} {rng.randint(1, 120)}"
        if rng.random() < 0.3:
            street += f", {rng.randint(1, 4)}. {rng.choice(('tv.', 'th.', 'mf.'))}"
        person = {
            "full_name": f"{first} {last}",
            "cpr": cpr,
            "birth_date": born,
            "gender": "female" if female else "male",
            "address": f"{street}, {self.town}",
            "minor": minor,
        }
        self.people.append(person)
        return person


WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2)


def cpr_number(rng, born: date, female: bool) -> str:
    """A CPR number for the birth date that passes the modulus-11 check, with the 7th digit
    the century rule gives the year, and the gender's parity in the last digit."""
    head = f"{born.day:02d}{born.month:02d}{born.year % 100:02d}"
    while True:
        seventh = rng.randint(4, 9) if born.year >= 2000 else rng.randint(0, 3)
        digits = [int(c) for c in head] + [seventh, rng.randint(0, 9), rng.randint(0, 9)]
        check = (11 - sum(w * d for w, d in zip(WEIGHTS, digits, strict=True)) % 11) % 11
        if check < 10 and (check % 2 == 0) == female:
            return head + "".join(map(str, digits[6:])) + str(check)


class Staff:
    """Makes the users and memberships, and spreads them over the Infohuse."""

    def __init__(self, rng, houses: list[House], *, first_user_id: int, first_membership_id: int, start: float):
        self.rng = rng
        self.houses = houses
        self.users: list[User] = []
        self.memberships: list[Member] = []
        self.emails: set[str] = set()
        self.next_user, self.next_membership = first_user_id, first_membership_id
        self.start = start
        self.police_pool: dict[int, list] = {}  # police authority id -> [(user, houses served)]

    def user(self, first: str, last: str, domain: str, title: str, *, bench: str = "", email: str = "") -> User:
        if not email:
            base = f"{ascii_name(first)}.{ascii_name(last)}"
            email, n = f"{base}@{domain}", 1
            while email in self.emails:
                n += 1
                email = f"{base}{n}@{domain}"
        self.emails.add(email)
        rng = self.rng
        user = User(
            self.next_user,
            email,
            f"{first} {last}",
            title,
            f"10.{rng.randint(1, 250)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            self.start - rng.uniform(30, 400) * 86400,
            bench,
        )
        self.next_user += 1
        self.users.append(user)
        return user

    def person_name(self):
        female = self.rng.random() < 0.5
        return self.rng.choice(texts.FEMALE if female else texts.MALE), self.rng.choice(texts.LAST)

    def member(self, user: User, house: House, role: str, authority_id: int, department: str = "") -> Member:
        member = Member(user, role, house, authority_id, department, self.next_membership)
        member.created_at = user.joined + self.rng.uniform(0, 20) * 86400
        self.next_membership += 1
        self.memberships.append(member)
        return house.add(member)

    def title(self, role, house: House, authority_name: str, department: str = "") -> str:
        return texts.TITLES[role].format(
            authority=authority_name,
            department=texts.DEPARTMENT_NAMES.get(department, ""),
            profession=self.rng.choice(texts.PROFESSIONS),
        )

    def hire(self, house: House, role: str, names: dict, externals: dict, *, bench: str = "", department: str = ""):
        """One new user with one membership of `role` in `house`."""
        first, last = self.person_name()
        if role == Role.POLICE_COORDINATOR or (role == Role.AUDITOR and department == "police"):
            authority, domain = house.police_id, "politi.dk"
            department = ""
        elif role == Role.PARTICIPANT:
            authority = self.rng.choice(externals[house.place.region])
            domain = ascii_name(names[authority].split()[0]) + ".dk"
        else:
            authority, domain = house.municipality_id, house.domain
        if role == Role.CASEWORKER:
            department = department or self.rng.choice(Department.values)
        elif role != Role.POLICE_COORDINATOR:
            department = ""
        email = ""
        if bench:
            email = f"bench-{bench}@{domain}"
        user = self.user(first, last, domain, self.title(role, house, names[authority], department), bench=bench,
                         email=email)  # fmt: skip
        return self.member(user, house, role, authority, department)

    def police(self, house: House, names: dict, externals: dict) -> None:
        """A police coordinator for `house`: one serving up to three Infohuse of the district."""
        pool = self.police_pool.setdefault(house.police_id, [])
        for entry in pool:
            user, served = entry
            if len(served) < 3 and house not in served:
                served.append(house)
                self.member(user, house, Role.POLICE_COORDINATOR, house.police_id)
                return
        member = self.hire(house, Role.POLICE_COORDINATOR, names, externals)
        pool.append((member.user, [house]))

    def staff(self, total: int, big: House, names: dict, externals: dict) -> None:
        """`total` users: the bench users in the big Infohus, a crew in as many Infohuse as the
        number allows (the heaviest first), the rest spread by weight."""
        budget = total - BENCH_USERS
        if budget < 0:
            raise ValueError(f"--users must be at least {BENCH_USERS} (the load benchmark's users)")
        for role, count in BENCH_ROLES.items():
            for n in range(1, count + 1):
                department = BENCH_DEPARTMENT if role == Role.CASEWORKER else ""
                self.hire(big, role, names, externals, bench=f"{role}-{n}", department=department)
        crew = [Role.MUNICIPAL_COORDINATOR, Role.POLICE_COORDINATOR, Role.CASEWORKER, Role.AUDITOR, Role.ADMIN]
        ordered = sorted(self.houses, key=lambda h: -h.weight)
        for house in ordered:
            for role in crew:
                if house is big and role != Role.ADMIN:
                    continue
                if len(self.users) >= total:
                    return
                if role == Role.POLICE_COORDINATOR:
                    self.police(house, names, externals)
                else:
                    self.hire(
                        house, role, names, externals, department="children_family" if role == "caseworker" else ""
                    )
        wishes = [Role.CASEWORKER, Role.MUNICIPAL_COORDINATOR, Role.PARTICIPANT, Role.CASEWORKER,
                  Role.POLICE_COORDINATOR, Role.CASEWORKER, Role.AUDITOR, Role.PARTICIPANT]  # fmt: skip
        weights = [h.weight for h in ordered]
        n = 0
        while len(self.users) < total:
            house = self.rng.choices(ordered, weights)[0]
            role = wishes[n % len(wishes)]
            n += 1
            if role == Role.POLICE_COORDINATOR:
                self.hire(house, role, names, externals)
            elif role == Role.AUDITOR:
                self.hire(house, role, names, externals, department="police" if house.auditors else "")
            else:
                self.hire(house, role, names, externals)
