"""Demo data for a first look: two Infohuse, one user per role, concerns in several states.

Idempotent: run it again and it only prints the logins. Never run it in production.
"""

from datetime import timedelta

from auditlog.context import set_actor
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from concerns import services
from concerns.cpr import parse_cpr
from concerns.models import Concern, ExtremismKind, InformationRequest, Observation, PoliceCheck, Source
from infohus import policy
from infohus.memberships import grant_membership
from infohus.models import Authority, Department, Infohus, Membership, Role, User

DEMO_PASSWORD = "infohus-demo-2026"  # noqa: S105 – demo data only, printed on purpose
EXTERNAL_EMAIL = "ekstern@psykiatri.demo"

USERS = [
    # e-mail, name, title, [(infohus key, role)]
    (
        "kommune@halsnaes.demo",
        "Mette Lund",
        "Infohus-koordinator, Halsnæs Kommune",
        [("halsnaes", Role.MUNICIPAL_COORDINATOR)],
    ),
    (
        "politi@nsj.demo",
        "Jonas Brandt",
        "Infohus-koordinator, Nordsjællands Politi",
        [("halsnaes", Role.POLICE_COORDINATOR), ("gribskov", Role.POLICE_COORDINATOR)],
    ),
    ("sagsbehandler@halsnaes.demo", "Sara Holm", "Sagsbehandler, Børn og Familie", [("halsnaes", Role.CASEWORKER)]),
    ("dpo@halsnaes.demo", "Peter Vang", "Databeskyttelsesrådgiver, Halsnæs Kommune", [("halsnaes", Role.AUDITOR)]),
    ("admin@halsnaes.demo", "Lene Krog", "Systemadministrator", [("halsnaes", Role.ADMIN)]),
    (
        "kommune@gribskov.demo",
        "Anders Friis",
        "Infohus-koordinator, Gribskov Kommune",
        [("gribskov", Role.MUNICIPAL_COORDINATOR)],
    ),
]


def person(name, cpr="", address=""):
    data = {"full_name": name, "cpr": "", "birth_date": None, "gender": "", "address": address}
    if cpr:
        parsed = parse_cpr(cpr)
        data.update(cpr=parsed.digits, birth_date=parsed.birth_date, gender=parsed.gender)
    return data


def concern(description, kind, *, days_ago, acute=False, reporter="", organisation=""):
    return {
        "received_via": "phone" if reporter else "hotline",
        "received_at": timezone.now() - timedelta(days=days_ago),
        "reporter_anonymous": not reporter,
        "reporter_name": reporter,
        "reporter_organisation": organisation,
        "reporter_informed": True,
        "description": description,
        "observed_on": (timezone.now() - timedelta(days=days_ago + 2)).date(),
        "observation": Observation.FIRST_HAND if reporter else Observation.SECOND_HAND,
        "extremism_kind": kind,
        "acute_danger": acute,
    }


class Command(BaseCommand):
    help = "Load demo data (an Infohus with one user per role and some concerns) and print the logins."

    def handle(self, *args, **options):
        if not settings.DEBUG and not options.get("force"):
            raise CommandError("Demo data is for local use only (DEBUG is off).")
        if not Infohus.objects.filter(name="Infohus Halsnæs").exists():
            # The demo's own submissions would otherwise print a dozen notification e-mails.
            settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
            with transaction.atomic():
                self.create()
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.print_logins()
        self.print_second_factor()

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Load even when DEBUG is off (test servers).")

    def create(self):
        police = Authority.objects.create(name="Nordsjællands Politi", kind=Authority.Kind.POLICE_DISTRICT)
        halsnaes_k = Authority.objects.create(
            name="Halsnæs Kommune", kind=Authority.Kind.MUNICIPALITY, municipality_code="260"
        )
        gribskov_k = Authority.objects.create(
            name="Gribskov Kommune", kind=Authority.Kind.MUNICIPALITY, municipality_code="270"
        )
        for name, kind in [
            ("Region Hovedstadens Psykiatri", Authority.Kind.PSYCHIATRY),
            ("Kriminalforsorgen Nordsjælland", Authority.Kind.PRISON_PROBATION),
            ("Frederiksværk Gymnasium", Authority.Kind.EDUCATION),
        ]:
            Authority.objects.create(name=name, kind=kind)
        infohuse = {
            "halsnaes": Infohus.objects.create(name="Infohus Halsnæs", municipality=halsnaes_k, police_district=police),
            "gribskov": Infohus.objects.create(
                name="Infohus Gribskov", municipality=gribskov_k, police_district=police
            ),
        }
        for email, name, title, roles in USERS:
            user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name, title=title)
            for key, role in roles:
                # The demo's caseworker works in Children and Family (Børn og Familie).
                department = Department.CHILDREN_FAMILY if policy.needs_department(role) else ""
                grant_membership(user=user, infohus=infohuse[key], role=role, department=department)

        def member(email, key):
            return Membership.objects.get(user__email=email, infohus=infohuse[key])

        kommune = member("kommune@halsnaes.demo", "halsnaes")
        politi = member("politi@nsj.demo", "halsnaes")
        with set_actor(kommune.user):
            draft = services.create_concern(
                by=kommune,
                concern_data=concern(
                    "Lærer fortæller, at eleven i frikvartererne viser videoer med voldsforherligende indhold "
                    "og har tegnet symboler på sit penalhus.",
                    ExtremismKind.RIGHT_WING,
                    days_ago=1,
                    reporter="Hanne Dahl",
                    organisation="Frederiksværk Skole",
                ),
                person_data=person("Mikkel Sørensen", "150909-4123", "Nørregade 4, 3300 Frederiksværk"),
                custody_holders=[{"full_name": "Lone Sørensen", "relation": "Mor", "contact": "Tlf. 20 30 40 50"}],
            )
            urgent = services.create_concern(
                by=kommune,
                concern_data=concern(
                    "Anonym henvendelse: personen har i en chatgruppe skrevet, at han vil 'gøre noget' ved en "
                    "moské i weekenden, og har adgang til våben gennem jagtforening.",
                    ExtremismKind.RIGHT_WING,
                    days_ago=0,
                    acute=True,
                ),
                person_data=person("Kasper Ravn", "030301-4235", "Havnegade 12, 3390 Hundested"),
            )
            waiting = services.create_concern(
                by=kommune,
                concern_data=concern(
                    "Jobcentret oplever, at borgeren deler materiale fra en militant gruppe og forsøger at "
                    "hverve andre på holdet.",
                    ExtremismKind.MILITANT_ISLAMISM,
                    days_ago=6,
                    reporter="Ole Bech",
                    organisation="Jobcenter Halsnæs",
                ),
                person_data=person("Yusuf Demir", "220598-3117", "Strandvejen 3, 3300 Frederiksværk"),
            )
            gathering = services.create_concern(
                by=kommune,
                concern_data=concern(
                    "SSP-medarbejder har set den unge deltage i demonstrationer, hvor der blev kastet med "
                    "brosten, og han taler om at 'tage kampen' mod politiet.",
                    ExtremismKind.LEFT_WING,
                    days_ago=20,
                    reporter="Rikke Møller",
                    organisation="SSP Halsnæs",
                ),
                person_data=person("Emil Koch", "110707-4321", "Skolevej 9, 3390 Hundested"),
                custody_holders=[{"full_name": "Jens Koch", "relation": "Far", "contact": ""}],
            )
            dismissed = services.create_concern(
                by=kommune,
                concern_data=concern(
                    "Nabo bekymret over flag i vinduet og højlydte diskussioner om politik.",
                    ExtremismKind.OTHER,
                    days_ago=60,
                    reporter="Karen Nielsen",
                    organisation="Privatperson",
                ),
                person_data=person("Kasper Ravn", "030301-4235", "Havnegade 12, 3390 Hundested"),
            )
            taken = services.create_concern(
                by=kommune,
                concern_data=concern(
                    "Kriminalforsorgen oplyser, at en løsladt indsat har fået kontakt til et kendt netværk og "
                    "planlægger at rejse til en konfliktzone.",
                    ExtremismKind.MILITANT_ISLAMISM,
                    days_ago=30,
                    reporter="Bo Lassen",
                    organisation="Kriminalforsorgen",
                ),
                person_data=person("Ali Hassan", "050590-2469", "Stationsvej 1, 3300 Frederiksværk"),
            )
            for c in (urgent, waiting, gathering, dismissed, taken):
                services.submit_concern(concern=c, by=kommune)
            # Sent when they were received, so the police queue shows real waiting times.
            for c in (urgent, waiting, gathering, dismissed, taken):
                Concern.objects.filter(pk=c.pk).update(submitted_at=c.received_at + timedelta(hours=2))
        with set_actor(politi.user):
            services.decide_police_check(
                concern=gathering,
                by=politi,
                outcome=PoliceCheck.Outcome.CLEARED,
                reason="Ingen verserende efterforskning. Kan behandles i Infohus.",
            )
            services.decide_police_check(
                concern=dismissed,
                by=politi,
                outcome=PoliceCheck.Outcome.NOT_EXTREMISM,
                reason="Lovlig politisk ytring; ingen tegn på voldsparathed.",
            )
            services.decide_police_check(
                concern=taken,
                by=politi,
                outcome=PoliceCheck.Outcome.TAKEN_OVER,
                reason="Sikkerhedsmæssigt forhold; sagen behandles af PET og politiet.",
                social_duty_needed=True,
                social_duty_description="Kommunen fortsætter mentorforløb og kontakt til familien.",
            )
        with set_actor(kommune.user):
            services.start_gathering(concern=gathering, by=kommune)
            self.gather(gathering, kommune, politi)
        self.meetings(infohuse["halsnaes"], kommune, politi)
        self.gribskov(member("kommune@gribskov.demo", "gribskov"), member("politi@nsj.demo", "gribskov"))
        assert draft.state == "draft"

    def ready(self, kommune, politi, description, kind, person_data, days_ago):
        """A concern carried through the police check and gathering to ready_for_meeting."""
        with set_actor(kommune.user):
            case = services.create_concern(
                by=kommune,
                concern_data=concern(
                    description, kind, days_ago=days_ago, reporter="Rikke Møller", organisation="SSP Halsnæs"
                ),
                person_data=person_data,
            )
            services.submit_concern(concern=case, by=kommune)
        with set_actor(politi.user):
            services.decide_police_check(
                concern=case, by=politi, outcome=PoliceCheck.Outcome.CLEARED, reason="Ingen hindringer."
            )
        with set_actor(kommune.user):
            services.start_gathering(concern=case, by=kommune)
            item = services.add_information_item(
                concern=case,
                by=kommune,
                source=Source.CHILDREN_FAMILY,
                source_name="Børn og Familie, Halsnæs",
                text="Familien har haft kontakt til kommunen siden 2024; mor beskriver konflikter om skole og venner.",
                information_date=timezone.localdate() - timedelta(days=days_ago // 2),
            )
            services.finish_gathering(concern=case, by=kommune)
        return case, item

    def recommend(self, concern, kommune, politi, sara):
        """Redskab 4 for a concern analysed at the earlier meeting: both sides approve, and
        Children and Family (the demo caseworker's department) follows up."""
        from assessment import services as assessment_services

        today = timezone.localdate()
        version = assessment_services.write_assessment(
            concern=concern,
            by=kommune,
            problems="Voldsforherligende udsagn og søgning mod et højreekstremt onlinemiljø (1, 4). "
            "Ingen kendt kriminalitet (3).",
            resources="Familien samarbejder, og skolen har en lærer, han har tillid til (7, 9).",
            conclusion="Bekymringen er reel, men tidlig. En forebyggende indsats i familien og skolen anbefales.",
            outcome="recommend",
            recommendations=[
                {
                    "addressee": "municipality",
                    "department": Department.CHILDREN_FAMILY,
                    "areas": ["family", "school", "online"],
                    "interventions": ["conversation", "mentor", "child_investigation"],
                    "details": "Samtale med Lukas og forældrene; mentor via SSP; børnefaglig undersøgelse "
                    "efter barnets lov § 20 (han er under 18).",
                    "follow_up_on": today + timedelta(days=30),
                },
                {
                    "addressee": "police",
                    "areas": ["online"],
                    "interventions": ["preventive_talk"],
                    "details": "Bekymringssamtale med Lukas og forældrene.",
                    "follow_up_on": today + timedelta(days=30),
                },
            ],
        )
        assessment_services.approve_version(concern=concern, by=kommune, version=version)
        with set_actor(politi.user):
            assessment_services.approve_version(concern=concern, by=politi, version=version)
        with set_actor(sara.user):
            recommendation = version.recommendations.get(addressee="municipality")
            follow_up = assessment_services.acknowledge(recommendation=recommendation, by=sara)
            assessment_services.record_follow_up(
                follow_up=follow_up,
                by=sara,
                intervention="Familiesamtaler og mentor via SSP; børnefaglig undersøgelse startet.",
                started_on=today - timedelta(days=7),
                next_follow_up_on=today + timedelta(days=21),
                note="Første samtale holdt; forældrene samarbejder.",
            )

    def meetings(self, halsnaes, kommune, politi):
        """A closed meeting that scored two concerns: one sent back for more information (step
        D), one carried through Redskab 4 to a recommendation and a follow-up;
        an open meeting today with that concern again (so the board shows the change), a new
        one, and an external participant; and the next meeting in 14 days."""
        from assessment import services as meetings

        sara = Membership.objects.get(user__email="sagsbehandler@halsnaes.demo", infohus=halsnaes)
        sofie, sofie_item = self.ready(
            kommune,
            politi,
            "Skolen oplever, at eleven har trukket sig fra klassen, deler konspirationsvideoer og har "
            "fået nye venner, der er aktive i et militant miljø online.",
            ExtremismKind.OTHER,
            person("Sofie Jensen", "240810-4346", "Skovvej 7, 3300 Frederiksværk"),
            days_ago=45,
        )
        lukas, _item = self.ready(
            kommune,
            politi,
            "Klubmedarbejder hører den unge omtale en skoleskyderi-gerningsmand som forbillede og ser ham "
            "dele memes fra et højreekstremt forum.",
            ExtremismKind.RIGHT_WING,
            person("Lukas Berg", "030609-4173", "Ågade 15, 3300 Frederiksværk"),
            days_ago=40,
        )
        with set_actor(kommune.user):
            earlier = meetings.schedule_meeting(
                by=kommune,
                starts_at=timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(days=14),
                location="Halsnæs Rådhus, mødelokale 2",
            )
            earlier_item = meetings.add_to_agenda(meeting=earlier, concern=sofie, by=kommune)
            meetings.open_meeting(meeting=earlier, by=kommune)
            for member in (kommune, politi):
                meetings.confirm_confidentiality(meeting=earlier, by=member)
            for number, (status, value, why) in enumerate(
                [
                    ("scored", 2, "Deler konspirationsvideoer; ingen direkte voldsretorik."),
                    ("scored", 1, "Ingen kendte trusler."),
                    ("scored", 0, "Ikke kendt af politiet."),
                    ("scored", 3, "Nye venner i et militant onlinemiljø."),
                    ("unknown", None, "Ikke belyst."),
                    ("unknown", None, "Psykiatrien var ikke med."),
                    ("scored", 2, "Konflikter i hjemmet, men mor samarbejder."),
                    ("scored", 1, "Har trukket sig fra fritidsaktiviteter."),
                    ("scored", 2, "Stigende fravær."),
                ],
                start=1,
            ):
                meetings.record_agreed_score(
                    item=earlier_item,
                    by=kommune,
                    dimension=number,
                    status=status,
                    value=value,
                    justification=why,
                    version=0,
                )
            meetings.close_analysis(item=earlier_item, by=kommune)
            lukas_item = meetings.add_to_agenda(meeting=earlier, concern=lukas, by=kommune)
            for number, value in enumerate([3, 1, 0, 3, 2, 2, 3, 1, 2], start=1):
                meetings.record_agreed_score(
                    item=lukas_item,
                    by=kommune,
                    dimension=number,
                    status="scored",
                    value=value,
                    justification="Drøftet på mødet; se referatet.",
                    version=0,
                )
            meetings.close_analysis(item=lukas_item, by=kommune)
            meetings.write_minutes(
                meeting=earlier,
                by=kommune,
                minutes="Sofie Jensen (IH-sag) analyseret. Psykiatrien inviteres næste gang; oplysninger mangler.",
            )
            meetings.close_meeting(meeting=earlier, by=kommune)
            services.send_back_to_gathering(
                concern=sofie, by=kommune, missing="Oplysninger fra psykiatrien om psykisk sårbarhed."
            )
            services.finish_gathering(concern=sofie, by=kommune)
            self.recommend(lukas, kommune, politi, sara)

        yusuf, _item = self.ready(
            kommune,
            politi,
            "Ungdomsklubben oplever, at den unge hverver andre til en gruppe, der hylder voldelige angreb.",
            ExtremismKind.MILITANT_ISLAMISM,
            person("Omar Said", "141107-4113", "Torvet 2, 3390 Hundested"),
            days_ago=25,
        )
        with set_actor(kommune.user):
            today = meetings.schedule_meeting(
                by=kommune,
                starts_at=timezone.now().replace(minute=0, second=0, microsecond=0),
                location="Halsnæs Rådhus, mødelokale 2",
                video_link="https://moede.halsnaes.dk/infohus",
            )
            item = meetings.add_to_agenda(meeting=today, concern=sofie, by=kommune)
            meetings.add_to_agenda(meeting=today, concern=yusuf, by=kommune)
            meetings.invite_user(meeting=today, by=kommune, membership=sara)
            external = meetings.invite_external(
                meeting=today,
                by=kommune,
                email=EXTERNAL_EMAIL,
                full_name="Karen Bach",
                title="Overlæge, Region Hovedstadens Psykiatri",
                authority=Authority.objects.get(kind=Authority.Kind.PSYCHIATRY),
            )
            external.user.set_password(DEMO_PASSWORD)
            external.user.save(update_fields=["password"])
            meetings.share_with_meeting(
                item=item,
                by=kommune,
                summary="16-årig pige. Skolen er bekymret for tilbagetrækning, konspirationsvideoer og nye venner "
                "i et militant onlinemiljø. Ved sidste møde manglede oplysninger om psykisk sårbarhed.",
                items=[sofie_item],
                legal_basis_section=1,
                legal_basis_number=1,
                purpose="Analysemødet skal vurdere bekymringen med psykiatriens viden.",
                necessity="Psykiatrien kan ikke bidrage uden at kende bekymringen og familiens situation.",
            )
            meetings.open_meeting(meeting=today, by=kommune)
            meetings.schedule_meeting(
                by=kommune,
                starts_at=timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=14),
                location="Halsnæs Rådhus, mødelokale 2",
            )

    def gribskov(self, kommune, politi):
        """The other Infohus of the police district has cases too: a draft, one with the
        police and one in information gathering (seen only by Gribskov and the police)."""
        with set_actor(kommune.user):
            services.create_concern(
                by=kommune,
                concern_data=concern(
                    "Fritidsklubben har hørt den unge tale om at 'rense' byen og vise hagekors på sin telefon.",
                    ExtremismKind.RIGHT_WING,
                    days_ago=2,
                    reporter="Mads Lund",
                    organisation="Fritidsklubben Helsinge",
                ),
                person_data=person("Oliver Juhl", "120808-4017", "Østergade 5, 3200 Helsinge"),
            )
            waiting = services.create_concern(
                by=kommune,
                concern_data=concern(
                    "Gymnasiet oplyser, at eleven deler propaganda fra en militant gruppe i klassens chat.",
                    ExtremismKind.MILITANT_ISLAMISM,
                    days_ago=4,
                    reporter="Birgitte Holm",
                    organisation="Gribskov Gymnasium",
                ),
                person_data=person("Adam Saleh", "040406-4141", "Skovvej 7, 3230 Græsted"),
            )
            gathering = services.create_concern(
                by=kommune,
                concern_data=concern(
                    "Forældre er bekymrede over sønnens kontakt til et voldeligt venstreekstremt miljø.",
                    ExtremismKind.LEFT_WING,
                    days_ago=15,
                    reporter="Sanne Friis",
                    organisation="Privatperson",
                ),
                person_data=person("Noah Friis", "230305-4229", "Vestergade 2, 3250 Gilleleje"),
            )
            for c in (waiting, gathering):
                services.submit_concern(concern=c, by=kommune)
                Concern.objects.filter(pk=c.pk).update(submitted_at=c.received_at + timedelta(hours=3))
        with set_actor(politi.user):
            services.decide_police_check(
                concern=gathering,
                by=politi,
                outcome=PoliceCheck.Outcome.CLEARED,
                reason="Ingen verserende efterforskning.",
            )
        with set_actor(kommune.user):
            services.start_gathering(concern=gathering, by=kommune)
            services.request_information(
                concern=gathering,
                by=kommune,
                source=Source.EDUCATION,
                source_name="Gilleleje Skole",
                asked_for="Trivsel og fravær.",
                due_on=timezone.localdate() + timedelta(days=5),
            )

    def gather(self, concern, kommune, politi):
        """Redskab 2 under way: requests (one overdue), items of both sides, one § 115 exchange."""
        today = timezone.localdate()
        school = services.request_information(
            concern=concern,
            by=kommune,
            source=Source.EDUCATION,
            source_name="Hundested Skole",
            asked_for="Fravær, trivsel og bekymrende udsagn i skoletiden.",
            due_on=today - timedelta(days=3),
        )
        services.request_information(
            concern=concern,
            by=kommune,
            source=Source.CHILDREN_FAMILY,
            source_name="Børn og Familie, Halsnæs",
            asked_for="Tidligere underretninger og foranstaltninger.",
            due_on=today + timedelta(days=7),
        )
        services.request_information(
            concern=concern,
            by=kommune,
            source=Source.JOBCENTER,
            source_name="Jobcenter Halsnæs",
            asked_for="Fremmøde i fritidsjob og aktivering.",
            due_on=today - timedelta(days=2),
        )
        # Asked two weeks ago with a week or so to answer, so two are overdue today.
        InformationRequest.objects.filter(concern=concern).update(requested_at=timezone.now() - timedelta(days=14))
        services.add_information_item(
            concern=concern,
            by=kommune,
            source=Source.EDUCATION,
            source_name="Hundested Skole",
            text="Fravær på 22 % i efteråret. Har to gange råbt slagord mod politiet i klassen.",
            information_date=today - timedelta(days=2),
            request=school,
        )
        with set_actor(politi.user):
            shared = services.add_information_item(
                concern=concern,
                by=politi,
                source=Source.POLICE,
                text="Sigtet for hærværk ved en demonstration i 2025; sagen er afgjort med bøde.",
                information_date=today - timedelta(days=10),
            )
            services.add_information_item(
                concern=concern,
                by=politi,
                source=Source.POLICE,
                text="Efterretning om kontakt til en gruppe under observation. Må ikke deles.",
                information_date=today - timedelta(days=5),
            )
            services.share_information(
                concern=concern,
                by=politi,
                items=[shared],
                to_authority=concern.infohus.municipality,
                legal_basis_section=1,
                legal_basis_number=1,
                purpose="Belyse voldsparathed til analysemødet.",
                necessity="Kommunen kan ikke vurdere risikoen uden kendskab til tidligere hærværk.",
            )

    def print_second_factor(self):
        """Every demo user comes with an authenticator app set up: print its key (for an app)
        and a few recovery codes, topped up on each run since each works once."""
        from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from infohus.second_factor import RECOVERY_DEVICE_NAME, confirmed_authenticator, secret_in_groups

        self.stdout.write(
            "Second login step (every user, after the password): the code of an authenticator app\n"
            "set up with the user's key below, or one of the user's recovery codes (each works once;\n"
            "`manage.py load_demo` prints new ones).\n"
        )
        for email in [email for email, *_rest in USERS] + [EXTERNAL_EMAIL]:
            user = User.objects.filter(email=email).first()
            if user is None:
                continue
            with transaction.atomic():
                device = confirmed_authenticator(user) or TOTPDevice.objects.create(
                    user=user, name="Authenticator", confirmed=True
                )
                recovery, _created = StaticDevice.objects.get_or_create(
                    user=user, defaults={"name": RECOVERY_DEVICE_NAME, "confirmed": True}
                )
                while recovery.token_set.count() < 3:
                    recovery.token_set.create(token=StaticToken.random_token())
                codes = list(recovery.token_set.order_by("pk").values_list("token", flat=True)[:3])
            self.stdout.write(f"  {email:<30} key {secret_in_groups(device)}")
            self.stdout.write(f"  {'':<30} recovery codes {'  '.join(codes)}")
        self.stdout.write("")

    def print_logins(self):
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})\n")
        departments = dict(Membership.objects.filter(department__gt="").values_list("user__email", "department"))
        for email, name, _title, roles in USERS:
            labels = ", ".join(f"{Role(role).label} ({key})" for key, role in roles)
            if email in departments:
                labels += f", {Department(departments[email]).label}"
            self.stdout.write(f"  {email:<30} {name:<14} {labels}")
        self.stdout.write(f"  {EXTERNAL_EMAIL:<30} {'Karen Bach':<14} {Role.PARTICIPANT.label} (halsnaes, psychiatry)")
        from concerns.models import Concern

        followed = Concern.objects.filter(person__full_name="Lukas Berg").first()
        if followed:
            self.stdout.write(
                f"\nOne case carried through: {followed.case_number} (Lukas Berg) has an approved recommendation\n"
                "to Children and Family that the caseworker follows up; its PDF is on the recommendation page.\n"
                "Today's meeting is open: close an analysis there, then write its holistic assessment."
            )
        self.stdout.write("")
