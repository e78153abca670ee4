"""The fixed cast every test uses, and scenarios built by calling the real services.

Two Infohuse served by the same police district:
- Halsnæs (own): municipal_coordinator, police_coordinator, caseworker (Children and
  Family), auditor, admin,
  and external, a psychiatrist who takes part in meetings (no role in any case)
- Gribskov (other): other_municipal_coordinator, other_police_coordinator (a different
  police officer of the same police district: own authority, other Infohus)
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from concerns import services
from concerns.models import Concern, ExtremismKind, Observation, PoliceCheck
from infohus.memberships import SESSION_KEY, grant_membership
from infohus.models import Authority, Department, Infohus, Membership, Role, User

PASSWORD = "correct-horse-battery-staple"  # noqa: S105


@dataclass
class Cast:
    police: Authority
    halsnaes: Infohus
    gribskov: Infohus
    municipal_coordinator: Membership
    police_coordinator: Membership
    caseworker: Membership
    auditor: Membership
    admin: Membership
    other_municipal_coordinator: Membership
    other_police_coordinator: Membership
    external: Membership
    psychiatry: Authority

    def by_name(self, name: str) -> Membership:
        return getattr(self, name)


def make_user(email: str, name: str) -> User:
    return User.objects.create_user(email, PASSWORD, full_name=name)


def ensure_catalogue() -> None:
    """The dialogue tool's catalogue is loaded by a migration; a transactional test's flush
    empties it, so the cast puts it back (the migration's own loader, unchanged)."""
    import importlib

    from django.apps import apps

    from assessment.models import Catalogue

    if not Catalogue.objects.exists():
        importlib.import_module("assessment.migrations.0002_catalogue").load(apps, None)


def build_cast() -> Cast:
    ensure_catalogue()
    police = Authority.objects.create(name="Nordsjællands Politi", kind=Authority.Kind.POLICE_DISTRICT)
    halsnaes_k = Authority.objects.create(
        name="Halsnæs Kommune", kind=Authority.Kind.MUNICIPALITY, municipality_code="260"
    )
    gribskov_k = Authority.objects.create(
        name="Gribskov Kommune", kind=Authority.Kind.MUNICIPALITY, municipality_code="270"
    )
    halsnaes = Infohus.objects.create(name="Infohus Halsnæs", municipality=halsnaes_k, police_district=police)
    gribskov = Infohus.objects.create(name="Infohus Gribskov", municipality=gribskov_k, police_district=police)

    def member(email, name, infohus, role, authority=None, department=""):
        return grant_membership(
            user=make_user(email, name), infohus=infohus, role=role, authority=authority, department=department
        )

    psychiatry = Authority.objects.create(name="Psykiatrien Nordsjælland", kind=Authority.Kind.PSYCHIATRY)

    return Cast(
        police=police,
        halsnaes=halsnaes,
        gribskov=gribskov,
        municipal_coordinator=member("mette@halsnaes.dk", "Mette Lund", halsnaes, Role.MUNICIPAL_COORDINATOR),
        police_coordinator=member("jonas@politi.dk", "Jonas Brandt", halsnaes, Role.POLICE_COORDINATOR),
        caseworker=member(
            "sara@halsnaes.dk", "Sara Holm", halsnaes, Role.CASEWORKER, department=Department.CHILDREN_FAMILY
        ),
        auditor=member("peter@halsnaes.dk", "Peter Vang", halsnaes, Role.AUDITOR),
        admin=member("lene@halsnaes.dk", "Lene Krog", halsnaes, Role.ADMIN),
        other_municipal_coordinator=member("anders@gribskov.dk", "Anders Friis", gribskov, Role.MUNICIPAL_COORDINATOR),
        other_police_coordinator=member("birgit@politi.dk", "Birgit Storm", gribskov, Role.POLICE_COORDINATOR),
        external=member("karen@psykiatri.dk", "Karen Bach", halsnaes, Role.PARTICIPANT, authority=psychiatry),
        psychiatry=psychiatry,
    )


def authenticator(user: User) -> TOTPDevice:
    """The user's confirmed authenticator app (TOTP), set up if they have none yet."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)


def app_code(device: TOTPDevice) -> str:
    """The code the user's authenticator app shows now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def one_time_code(email: str) -> str:
    """A second-factor code a browser test types: the app's code, or, when the app's code of
    this 30-second step was already used (a second login within it), a new recovery code."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    user = User.objects.get(email=email)
    device = authenticator(user)
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if totp.t() > device.last_t:
        return app_code(device)
    recovery, _created = StaticDevice.objects.get_or_create(user=user, defaults={"name": "Recovery codes"})
    return recovery.token_set.create(token=StaticToken.random_token()).token


def verified_login(client, user: User):
    """Logged in with password and second factor: the session as `django_otp.login` leaves
    it after a verified code (the device's persistent id under django-otp's session key)."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
    session.save()
    return client


def log_in(client, membership: Membership):
    verified_login(client, membership.user)
    session = client.session
    session[SESSION_KEY] = membership.pk
    session.save()
    return client


def concern_data(**overrides) -> dict:
    data = {
        "received_via": "phone",
        "received_at": timezone.now(),
        "reporter_anonymous": False,
        "reporter_name": "Hanne Dahl",
        "reporter_organisation": "Frederiksværk Skole",
        "reporter_contact": "hd@skole.dk",
        "reporter_informed": True,
        "description": "Eleven viser voldsforherligende videoer for klassekammerater.",
        "observed_on": date(2026, 11, 1),
        "observation": Observation.FIRST_HAND,
        "extremism_kind": ExtremismKind.RIGHT_WING,
        "acute_danger": False,
    }
    data.update(overrides)
    return data


def person_data(**overrides) -> dict:
    data = {
        "full_name": "Mikkel Sørensen",
        "cpr": "1509094123",
        "birth_date": date(2009, 9, 15),
        "gender": "male",
        "address": "Nørregade 4, 3300 Frederiksværk",
    }
    data.update(overrides)
    return data


def draft_concern(by: Membership, concern=None, person=None, custody_holders=()):
    return services.create_concern(
        by=by,
        concern_data=concern_data(**(concern or {})),
        person_data=person_data(**(person or {})),
        custody_holders=custody_holders,
    )


def submitted_concern(by: Membership, **kwargs):
    return services.submit_concern(concern=draft_concern(by, **kwargs), by=by)


def cleared_concern(cast: Cast, **kwargs):
    concern = submitted_concern(cast.municipal_coordinator, **kwargs)
    services.decide_police_check(
        concern=concern, by=cast.police_coordinator, outcome=PoliceCheck.Outcome.CLEARED, reason="Ingen hindringer."
    )
    concern.refresh_from_db()
    return concern


PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf_upload(name="rapport.pdf", content=PDF_BYTES):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def gathering_concern(cast: Cast, **kwargs):
    concern = cleared_concern(cast, **kwargs)
    return services.start_gathering(concern=concern, by=cast.municipal_coordinator)


def police_item(cast: Cast, concern, *, text="Personen er kendt i politiets registre for trusler.", attachment=False):
    return services.add_information_item(
        concern=concern,
        by=cast.police_coordinator,
        source="police",
        text=text,
        information_date=date(2026, 10, 1),
        attachment=pdf_upload("politirapport.pdf") if attachment else None,
    )


def municipal_item(cast: Cast, concern, *, text="Skolen oplyser stigende fravær.", attachment=False):
    return services.add_information_item(
        concern=concern,
        by=cast.municipal_coordinator,
        source="education",
        source_name="Frederiksværk Skole",
        text=text,
        information_date=date(2026, 10, 15),
        attachment=pdf_upload() if attachment else None,
    )


def share_police_item(cast: Cast, concern, item):
    return services.share_information(
        concern=concern,
        by=cast.police_coordinator,
        items=[item],
        to_authority=cast.halsnaes.municipality,
        legal_basis_section=1,
        legal_basis_number=1,
        purpose="Kommunens vurdering af risiko i Infohus.",
        necessity="Nødvendigt for at vurdere voldsparathed på analysemødet.",
    )


def ready_concern(cast: Cast, **kwargs):
    concern = gathering_concern(cast, **kwargs)
    services.finish_gathering(concern=concern, by=cast.municipal_coordinator)
    return Concern.objects.get(pk=concern.pk)


def meeting_item(cast: Cast, *, open_it=True, invite=("caseworker", "external"), concern=None):
    """A meeting of Halsnæs with one concern on the agenda; the coordinators are invited by
    scheduling it, `invite` names who else is. Returns the agenda item."""
    from assessment import services as meeting_services

    concern = concern or ready_concern(cast)
    meeting = meeting_services.schedule_meeting(
        by=cast.municipal_coordinator, starts_at=timezone.now(), location="Rådhuset, mødelokale 2"
    )
    item = meeting_services.add_to_agenda(meeting=meeting, concern=concern, by=cast.municipal_coordinator)
    for name in invite:
        member = cast.by_name(name)
        if name == "external":
            meeting_services.invite_external(
                meeting=meeting,
                by=cast.municipal_coordinator,
                email=member.user.email,
                full_name=member.user.full_name,
                authority=member.authority,
            )
        else:
            meeting_services.invite_user(meeting=meeting, by=cast.municipal_coordinator, membership=member)
    if open_it:
        meeting_services.open_meeting(meeting=meeting, by=cast.municipal_coordinator)
    item.refresh_from_db()
    return item


def confirmed(cast: Cast, item, *names):
    from assessment import services as meeting_services

    for name in names:
        meeting_services.confirm_confidentiality(meeting=item.meeting, by=cast.by_name(name))


def analysed_concern(cast: Cast, **kwargs):
    """A concern through a meeting: every dimension scored, the analysis closed."""
    from assessment import services as meeting_services

    item = meeting_item(cast, invite=(), **kwargs)
    confirmed(cast, item, "municipal_coordinator")
    for number in range(1, 10):
        meeting_services.record_agreed_score(
            item=item,
            by=cast.municipal_coordinator,
            dimension=number,
            status="scored",
            value=number % 5,
            justification=f"Begrundelse {number}",
            version=0,
        )
    meeting_services.close_analysis(item=item, by=cast.municipal_coordinator)
    return Concern.objects.get(pk=item.analysis.concern_id)


def to_children_and_family(**overrides):
    from datetime import timedelta

    data = {
        "addressee": "municipality",
        "department": Department.CHILDREN_FAMILY,
        "areas": ["family", "school"],
        "interventions": ["conversation", "mentor"],
        "details": "Samtale med den unge og forældrene; mentor via SSP.",
        "follow_up_on": timezone.localdate() + timedelta(days=60),
    }
    data.update(overrides)
    return data


def recommended_concern(cast: Cast, *, recommendations=None, **kwargs):
    """An analysed concern with a recommendation approved by both sides."""
    from assessment import services as meeting_services

    concern = analysed_concern(cast, **kwargs)
    version = meeting_services.write_assessment(
        concern=concern,
        by=cast.municipal_coordinator,
        problems="Voldsparathed og nye relationer.",
        resources="Familien samarbejder.",
        conclusion="Bekymringen er reel; indsats anbefales.",
        outcome="recommend",
        recommendations=recommendations or [to_children_and_family()],
    )
    for name in ("municipal_coordinator", "police_coordinator"):
        meeting_services.approve_version(concern=concern, by=cast.by_name(name), version=version)
    return Concern.objects.get(pk=concern.pk)
