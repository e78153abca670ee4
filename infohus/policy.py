"""Who may see and do what: the one policy that views, templates, services, WebSocket
consumers, PDFs, exports and searches ask. Nothing else compares roles.

Each app states its part as two tables of plain data (the floor's part is at the bottom of
this module; the case's is `concerns/policy.py`), gathered here by `register` and printed as
docs/who-may-what.md (`manage.py policy_doc`):

- RULES: action → the roles that may take it, the kind of object it is taken on, the grant
  the role's group must hold on that object, and further conditions: *who* (the owner, the
  sender) and *when* (the case's state).
- GRANTS: event → the object permissions it gives or takes away, and to which side.

A grant goes to the role groups of one side of the Infohus (`SIDE_ROLES`). A membership
reads through its *active role's* group only, so a user holding two roles sees, in each,
only what that role may.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Exists, OuterRef, QuerySet, Value
from guardian.shortcuts import assign_perm, remove_perm
from guardian.utils import get_group_obj_perms_model

from infohus.errors import NotPermitted, TransitionNotAllowed
from infohus.models import Authority, Infohus, Membership, Role, User

MUNICIPAL_COORDINATOR = Role.MUNICIPAL_COORDINATOR
POLICE_COORDINATOR = Role.POLICE_COORDINATOR
CASEWORKER = Role.CASEWORKER
AUDITOR = Role.AUDITOR
ADMIN = Role.ADMIN

COORDINATORS = frozenset({MUNICIPAL_COORDINATOR, POLICE_COORDINATOR})
POLICE = frozenset({POLICE_COORDINATOR})
PARTICIPANT = Role.PARTICIPANT
CASE_ROLES = frozenset({MUNICIPAL_COORDINATOR, POLICE_COORDINATOR, CASEWORKER})

# The side of the Infohus a role works for: police and municipality are separate data
# controllers, and a role's side decides which authority's information its holder owns.
ROLE_SIDE = {
    MUNICIPAL_COORDINATOR: Authority.Kind.MUNICIPALITY,
    POLICE_COORDINATOR: Authority.Kind.POLICE_DISTRICT,
    CASEWORKER: Authority.Kind.MUNICIPALITY,
}


def needs_department(role: str) -> bool:
    """A caseworker works in a municipal department: grants to caseworkers go to the
    department a recommendation is addressed to."""
    return role == CASEWORKER


def speaks_for_any_authority(role: str) -> bool:
    """A meeting participant may come from any authority; every other role from one of the
    Infohus's two parties."""
    return role == PARTICIPANT


def acts_for_a_party(user: User) -> bool:
    """Whether someone holds a role in an Infohus other than taking part in meetings: such a
    person is never invited as an outside participant."""
    return user.memberships.exclude(role=PARTICIPANT).exists()


def reads_case_content(role: str) -> bool:
    """Whether a role reads case content: its group receives grants on case objects (some
    rule puts an object in scope by a grant). Giving such a role takes two administrators
    (infohus/role_approval.py). A meeting participant reads by invitation, not by grant."""
    return any(role in rule.roles for rule in RULES.values() if rule.grant)


# The roles whose groups receive what is granted to a side.
SIDE_ROLES = {
    Authority.Kind.MUNICIPALITY: (MUNICIPAL_COORDINATOR,),
    Authority.Kind.POLICE_DISTRICT: (POLICE_COORDINATOR,),
}

# Who receives a grant, as GRANTS names it.
ACTOR = "the acting user's side"
POLICE_SIDE = "the police district"
MUNICIPAL_SIDE = "the municipality"
RECIPIENT = "the recipient"
ADDRESSED_CASEWORKERS = "the caseworkers of the addressed departments"


@dataclass(frozen=True)
class Condition:
    """A further condition, in code and in words.

    On a rule, `test(membership, obj)`; on a grant, `test(obj, authority)`. `message` is what
    a refused user is told (translated), `description` what the docs say.
    """

    test: Callable[..., bool]
    description: str
    message: str = ""


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str]
    summary: str
    on: str = ""  # the object's model, e.g. "concerns.concern"; empty for a role-only action
    grant: str = ""  # the permission the role's group must hold, e.g. "concerns.change_concern"
    scope: Condition | None = None  # or what else puts the object in scope (an invitation to a meeting)
    who: tuple[Condition, ...] = ()
    when: tuple[Condition, ...] = ()

    def __post_init__(self):
        if bool(self.on) != (bool(self.grant) != (self.scope is not None)):
            raise ImproperlyConfigured("An action on an object needs one thing that puts the object in scope.")


@dataclass(frozen=True)
class Grant:
    perms: tuple[str, ...]
    to: str
    revoke: bool = False
    when: Condition | None = None  # given only when this holds
    unless: Condition | None = None  # not taken away while this holds


RULES: dict[str, Rule] = {}
GRANTS: dict[str, Grant] = {}


def register(rules: dict[str, Rule], grants: dict[str, Grant] | None = None) -> None:
    """Add an app's tables (called from its AppConfig.ready)."""
    for action in set(rules) & set(RULES):
        raise ImproperlyConfigured(f"The action {action!r} is registered twice.")
    RULES.update(rules)
    GRANTS.update(grants or {})


# --- Deciding ------------------------------------------------------------------------


class Refusal(Enum):
    """Why an action is refused, from the most to the least fundamental."""

    ROLE = "role"  # the role never may: the page does not exist for it (404)
    SCOPE = "scope"  # not granted: outside the user's Infohus or side; must look absent (404)
    READ_ONLY = "read_only"  # may see it but holds no write grant (403)
    WHO = "who"  # a condition on who fails (not the owner, not the sender): say so
    NOT_NOW = "not_now"  # the case's state does not allow it now: say so


@dataclass(frozen=True)
class Decision:
    refusal: Refusal | None = None
    message: str = ""

    def __bool__(self) -> bool:
        return self.refusal is None


ALLOWED = Decision()


def decide(membership: Membership | None, action: str, obj=None) -> Decision:
    rule = RULES[action]
    if membership is None or membership.role not in rule.roles:
        return Decision(Refusal.ROLE)
    if not rule.on:
        return ALLOWED
    if obj is None or obj._meta.label_lower != rule.on:
        raise TypeError(f"{action} is decided on a {rule.on}, not on {obj!r}")
    if rule.scope is not None:
        if not rule.scope.test(membership, obj):
            return Decision(Refusal.SCOPE)
    else:
        held = granted(membership, _holder(obj, rule.grant))
        if rule.grant.split(".")[1] not in held:
            return Decision(Refusal.READ_ONLY if held else Refusal.SCOPE)
    for condition in rule.who:
        if not condition.test(membership, obj):
            return Decision(Refusal.WHO, condition.message)
    for condition in rule.when:
        if not condition.test(membership, obj):
            return Decision(Refusal.NOT_NOW, condition.message)
    return ALLOWED


def may(membership: Membership | None, action: str, obj=None) -> bool:
    return bool(decide(membership, action, obj))


def require(membership: Membership | None, action: str, obj=None) -> None:
    """For services: raise the user error that explains a refusal."""
    decision = decide(membership, action, obj)
    if decision.refusal is Refusal.NOT_NOW:
        raise TransitionNotAllowed(decision.message or None)
    if not decision:
        raise NotPermitted(decision.message or None)


def role_may(membership: Membership | None, action: str) -> bool:
    """Whether the role may ever take the action (a page a role cannot use is not shown)."""
    return membership is not None and membership.role in RULES[action].roles


def roles_for(action: str) -> frozenset[str]:
    return RULES[action].roles


def role_actions(membership: Membership | None) -> frozenset[str]:
    """Every action the active role may take somewhere: for menus and start pages."""
    if membership is None:
        return frozenset()
    return frozenset(action for action, rule in RULES.items() if membership.role in rule.roles)


def actions_on(membership: Membership | None, obj) -> frozenset[str]:
    """Every action the membership may take on `obj` now: what a page offers."""
    label = obj._meta.label_lower
    return frozenset(action for action, rule in RULES.items() if rule.on == label and may(membership, action, obj))


# --- Grants, as django-guardian stores them --------------------------------------------


def role_group_name(infohus_id: int, role: str, department: str = "") -> str:
    """The group carrying a role's grants in an Infohus; a caseworker's is per department."""
    return f"infohus-{infohus_id}-{role}" + (f"-{department}" if department else "")


def group_of(membership: Membership) -> str:
    return role_group_name(membership.infohus_id, membership.role, membership.department)


def side_roles(infohus: Infohus, authority: Authority) -> tuple[str, ...]:
    """The roles that act for `authority` in `infohus` (none for an outside authority)."""
    if authority.pk == infohus.police_district_id:
        return SIDE_ROLES[Authority.Kind.POLICE_DISTRICT]
    if authority.pk == infohus.municipality_id:
        return SIDE_ROLES[Authority.Kind.MUNICIPALITY]
    return ()


def authority_of_role(infohus: Infohus, role: str) -> Authority:
    """The authority a role acts for in an Infohus; auditor and admin default to the municipality."""
    if ROLE_SIDE.get(role) == Authority.Kind.POLICE_DISTRICT:
        return infohus.police_district
    return infohus.municipality


def _holder(obj, perm: str):
    """The object a permission is held on: `obj` itself, or the object it belongs to
    (an exchange's case for "concerns.change_concern")."""
    model_name = perm.split(".")[1].split("_", 1)[1]
    return obj if obj._meta.model_name == model_name else getattr(obj, model_name)


def granted(membership: Membership, obj) -> frozenset[str]:
    """The codenames the active role's group holds on `obj`, read once per request.

    Remembered on the membership object, which lives for one request. A long-lived
    WebSocket consumer calls `forget_all` before each message it handles.
    """
    group = group_of(membership)
    cache = membership.__dict__.setdefault("_policy_granted", {})
    key = (obj._meta.label_lower, obj.pk)
    name = obj._meta.model_name
    if getattr(obj, "policy_group", None) == group:  # fetched with the row by `with_grants`: the freshest
        cache[key] = frozenset(f"{c}_{name}" for c in ("view", "change") if getattr(obj, f"policy_{c}_{name}"))
    elif key not in cache:
        perms = get_group_obj_perms_model(obj).objects.filter(content_object=obj.pk, group__name=group)
        cache[key] = frozenset(perms.values_list("permission__codename", flat=True))
    return cache[key]


def forget_all(membership: Membership) -> None:
    membership.__dict__.pop("_policy_granted", None)


def forget(membership: Membership, obj) -> None:
    """Drop what `granted` remembered of `obj`: a service re-reads it under its lock."""
    membership.__dict__.get("_policy_granted", {}).pop((obj._meta.label_lower, obj.pk), None)


def grant_exists(model, membership: Membership, codename: str) -> Exists:
    """An EXISTS over guardian's direct foreign-key grant table for the active role's group.

    The same grants as guardian's `get_objects_for_group(..., accept_global_perms=False)`,
    as one correlated subquery instead of every granted id inlined into the SQL.
    """
    group_id = role_group_id(membership)
    if group_id is None:
        return Exists(get_group_obj_perms_model(model).objects.none())
    perms = get_group_obj_perms_model(model).objects.filter(
        content_object=OuterRef("pk"), group_id=group_id, permission_id=permission_id(model, codename)
    )
    return Exists(perms)


def role_group_id(membership: Membership) -> int | None:
    """The id of the membership's role group, looked up once per membership object (one a
    request or a connection resolves). The grant subqueries compare ids, not names joined
    in: with the id as a literal PostgreSQL knows how many grants the group holds, and
    walks the list's index for one page of rows (about 1 ms at 10,000 concerns) instead of
    joining every granted concern first (80 ms)."""
    cached = membership.__dict__.get("_role_group_id")
    if cached is None:
        cached = Group.objects.filter(name=group_of(membership)).values_list("pk", flat=True).first()
        membership.__dict__["_role_group_id"] = cached
    return cached


_permission_ids: dict[tuple[str, str], int] = {}


def permission_id(model, codename: str) -> int:
    """A model permission's id, read once per process (permissions are made by migrations;
    the cache is emptied after every migrate and test-database flush: InfohusConfig)."""
    key = (model._meta.label_lower, codename)
    if key not in _permission_ids:
        content_type = ContentType.objects.get_for_model(model)
        _permission_ids[key] = Permission.objects.get(content_type=content_type, codename=codename).pk
    return _permission_ids[key]


def forget_permission_ids(**kwargs) -> None:
    _permission_ids.clear()


def with_grants(queryset: QuerySet, membership: Membership) -> QuerySet:
    """Fetch the view and change grants with the rows, so deciding on them costs no query."""
    name = queryset.model._meta.model_name
    return queryset.annotate(
        policy_group=Value(group_of(membership)),
        **{f"policy_{c}_{name}": grant_exists(queryset.model, membership, f"{c}_{name}") for c in ("view", "change")},
    )


def _target(to: str, by: Membership, recipient: Authority | None) -> Authority:
    if to == ACTOR:
        return by.authority
    if to == POLICE_SIDE:
        return by.infohus.police_district
    if to == MUNICIPAL_SIDE:
        return by.infohus.municipality
    if recipient is None:
        raise TypeError("This grant goes to a recipient: pass recipient=")
    return recipient


def apply_grants(
    event: str, obj, *, by: Membership, recipient: Authority | None = None, departments=()
) -> tuple[str, ...]:
    """Give, or take away, what GRANTS says `event` does on `obj` (nothing for an event
    that grants nothing, such as `police_check.not_extremism`).

    Returns the roles whose groups gained or lost access (none when a condition kept the
    grants as they were). Called by the service that caused the event, in its transaction.
    """
    grant = GRANTS.get(event)
    if grant is None:
        return ()
    if grant.to == ADDRESSED_CASEWORKERS:
        authority = by.infohus.municipality
        roles = (CASEWORKER,) if departments else ()
        names = [role_group_name(by.infohus_id, CASEWORKER, department) for department in sorted(set(departments))]
    else:
        authority = _target(grant.to, by, recipient)
        roles = side_roles(by.infohus, authority)
        names = [role_group_name(by.infohus_id, role) for role in roles]
    if grant.when is not None and not grant.when.test(obj, authority):
        return ()
    if grant.unless is not None and grant.unless.test(obj, authority):
        return ()
    groups = list(Group.objects.filter(name__in=names))
    if len(groups) != len(names):
        # The groups are made with the Infohus; without them a grant would silently go nowhere.
        raise ImproperlyConfigured(f"Role groups missing for Infohus {by.infohus_id}: {names}")
    for group in groups:
        for perm in grant.perms:
            (remove_perm if grant.revoke else assign_perm)(perm, group, obj)
    forget(by, obj)
    return roles


def users_granted(obj, perm: str, *, infohus: Infohus, authority: Authority) -> QuerySet[User]:
    """The active users of a side whose role group holds `perm` on `obj` (for notices)."""
    names = [role_group_name(infohus.pk, role) for role in side_roles(infohus, authority)]
    holders = get_group_obj_perms_model(obj).objects.filter(
        content_object=obj.pk, permission__codename=perm.split(".")[1], group__name__in=names
    )
    return User.objects.filter(is_active=True, groups__in=holders.values("group_id")).distinct()


# --- The floor's own actions ---------------------------------------------------------

register(
    {
        "members.read": Rule(frozenset({ADMIN}), "See the Infohus's users and their roles (no case content)"),
        "members.reset_second_factor": Rule(
            frozenset({ADMIN}),
            "Reset another user's second login factor (they set it up again; logged, the user is e-mailed)",
        ),
        "audit.read_log": Rule(
            frozenset({AUDITOR}),
            "Search and export the audit log and the § 115 exchanges of the own authority (metadata, never content)",
        ),
        # GDPR art. 15 / retshåndhævelseslovens § 15: the one place the officer reads content,
        # of the own authority only, for one person; each answer is logged.
        "audit.access_request": Rule(
            frozenset({AUDITOR}),
            "Answer a data subject's access request: the own authority's data about one person and its reads (PDF, CSV)",
        ),
        # Counts only, every count under 5 suppressed: no personal data.
        "statistics.read": Rule(
            COORDINATORS | {AUDITOR},
            "See the Infohus's yearly statistics for the national centre (counts, small ones suppressed; CSV)",
        ),
    }
)


# --- The policy in words -------------------------------------------------------------

ROLE_COLUMNS = [
    (MUNICIPAL_COORDINATOR, "MC"),
    (POLICE_COORDINATOR, "PC"),
    (CASEWORKER, "CW"),
    (PARTICIPANT, "Ext"),
    (AUDITOR, "DPO"),
    (ADMIN, "Adm"),
]


def _perm_words(perms) -> str:
    return ", ".join(perm.split(".")[1].replace("_", " ") for perm in perms)


def as_markdown() -> str:
    """docs/who-may-what.md: the registered tables, in one screen (a test keeps them equal)."""
    lines = [
        "# Who may see and do what",
        "",
        "Generated from the policy (`infohus/policy.py`, `concerns/policy.py`) by",
        "`python manage.py policy_doc > docs/who-may-what.md`; a test fails when the two differ.",
        "MC municipal coordinator, PC police coordinator, CW caseworker, Ext external meeting",
        "participant, DPO data-protection officer (auditor), Adm administrator. An action on an",
        "object also needs the object in scope: a grant (per Infohus and side, so another Infohus",
        "or the other side's unshared material is never in scope: 404) or, for a meeting, an",
        "invitation to it. Auditor and admin never read case content.",
        "",
        "| action | " + " | ".join(label for _role, label in ROLE_COLUMNS) + " | in scope by | only if |",
        "|---|" + "---|" * len(ROLE_COLUMNS) + "---|---|",
    ]
    for action, rule in RULES.items():
        marks = " | ".join("✓" if role in rule.roles else "" for role, _label in ROLE_COLUMNS)
        conditions = "; ".join(c.description for c in (*rule.who, *rule.when))
        grant = _perm_words([rule.grant]) if rule.grant else (rule.scope.description if rule.scope else "")
        lines.append(f"| `{action}` {rule.summary} | {marks} | {grant} | {conditions} |")
    lines += [
        "",
        "## What each event grants",
        "",
        "A grant to a side goes to its coordinators' group: "
        + "; ".join(
            f"{kind.label.lower()}: {', '.join(Role(role).label.lower() for role in roles)}"
            for kind, roles in SIDE_ROLES.items()
        )
        + ".",
        "",
        "| event | gives | to | on condition |",
        "|---|---|---|---|",
    ]
    for event, grant in GRANTS.items():
        verb = "takes away" if grant.revoke else "gives"
        condition = ""
        if grant.when is not None:
            condition = f"only if {grant.when.description}"
        if grant.unless is not None:
            condition = f"not while {grant.unless.description}"
        lines.append(f"| `{event}` | {verb} {_perm_words(grant.perms)} | {grant.to} | {condition} |")
    return "\n".join(lines) + "\n"
