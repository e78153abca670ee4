"""The dialogue tool's catalogue (Redskab 3), version 1: the nine dimensions, the label of
each step 0–4, and the points of attention to discuss.

The catalogue is data: a revised tool is a new version in a new migration, and an analysis
keeps the version it was scored with. The points of attention follow the national
guidance's signs (DOMAIN.md); they are supporting material, weighed together, never summed.
"""

from datetime import date

from django.db import migrations

RISK_SCALE = [
    "Ingen bekymring",
    "Lav bekymring",
    "Moderat bekymring",
    "Betydelig bekymring",
    "Alvorlig bekymring",
]
RESOURCE_SCALE = [
    "Ingen ressourcer",
    "Få ressourcer",
    "Nogle ressourcer",
    "Gode ressourcer",
    "Mange ressourcer",
]

DIMENSIONS = [
    (
        "risk",
        "Bekymrende overbevisninger og retorik",
        [
            "Giver udtryk for ekstremistiske holdninger eller fjendebilleder",
            "Opsøger eller udbreder voldslegitimerende materiale",
            "Bruger ekstremistiske symboler, slogans eller sprogbrug",
            "Hvor fastlåst er overbevisningen, og hvor længe har den stået på?",
        ],
    ),
    (
        "risk",
        "Voldsparathed",
        [
            "Udtrykt villighed til at bruge vold for en sag",
            "Trusler, socialt pres eller chikane mod andre",
            "Let adgang til våben, eller interesse for våben og angreb",
            "Interesse for at rejse til konfliktzoner",
        ],
    ),
    (
        "risk",
        "Kriminel historik",
        [
            "Tidligere voldsdomme eller sigtelser",
            "Anden kriminalitet, herunder hærværk og våbenbesiddelse",
            "Kontakt til kriminelle miljøer",
        ],
    ),
    (
        "risk",
        "Bekymrende socialisering og relationer",
        [
            "Kontakt til ekstremistiske grupper eller personer, også online",
            "Isolation fra familie og tidligere venner",
            "Nye relationer, der trækker i ekstremistisk retning",
        ],
    ),
    (
        "resilience",
        "Personlighedsfaktorer",
        [
            "Evne til at håndtere frustration og konflikter",
            "Empati og perspektivtagning",
            "Selvværd og identitet",
        ],
    ),
    (
        "resilience",
        "Psykisk sårbarhed",
        [
            "Kendte psykiske lidelser eller misbrug, og om der er behandling",
            "Traumer eller kriser",
            "Sårbarhed over for påvirkning og manipulation",
        ],
    ),
    (
        "resilience",
        "Familie",
        [
            "Støttende og stabile relationer i familien",
            "Dysfunktion, konflikter eller vold i familien",
            "Forældremyndighedsindehavernes ressourcer og samarbejde (under 18 år)",
        ],
    ),
    (
        "resilience",
        "Netværk og fritid",
        [
            "Prosociale venner og fællesskaber",
            "Meningsfulde fritidsaktiviteter",
            "Voksne, der har den unges tillid",
        ],
    ),
    (
        "resilience",
        "Uddannelse og beskæftigelse",
        [
            "Tilknytning til skole, uddannelse eller arbejde",
            "Fravær, frafald eller afbrudte forløb",
            "Mål og fremtidsplaner",
        ],
    ),
]


def load(apps, schema_editor):
    Catalogue = apps.get_model("assessment", "Catalogue")
    Dimension = apps.get_model("assessment", "Dimension")
    catalogue = Catalogue.objects.create(
        version="1",
        title="Dialogredskab til analyse af en bekymring (Redskab 3)",
        published_on=date(2026, 11, 25),
        is_current=True,
    )
    for number, (part, title, points) in enumerate(DIMENSIONS, start=1):
        Dimension.objects.create(
            catalogue=catalogue,
            number=number,
            part=part,
            title=title,
            scale=RISK_SCALE if part == "risk" else RESOURCE_SCALE,
            attention_points=points,
        )


def unload(apps, schema_editor):
    Catalogue = apps.get_model("assessment", "Catalogue")
    Dimension = apps.get_model("assessment", "Dimension")
    Dimension.objects.filter(catalogue__version="1").delete()
    Catalogue.objects.filter(version="1").delete()


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
