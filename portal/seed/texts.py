"""Names and sentences for the seeded records: Danish, plausible and invented."""

FEMALE = (
    "Anna Emma Ida Freja Clara Laura Sofie Alma Ella Karla Mathilde Josefine Agnes Lærke Maja Olivia Nora Signe "
    "Caroline Julie Mette Hanne Susanne Lone Kirsten Camilla Louise Marianne Pia Tina Helle Rikke Line Sara Amalie "
    "Fatima Aisha Leyla Zainab Maryam"
).split()
MALE = (
    "William Noah Oscar Lucas Carl Victor Malthe Alfred Emil Oliver Magnus Frederik Mikkel Mathias Rasmus Jonas "
    "Anders Peter Lars Søren Thomas Martin Jens Henrik Morten Kasper Jesper Michael Christian Niels Omar Ali Yusuf "
    "Ahmed Hassan Mohammad Adam Ibrahim Mustafa Bilal"
).split()
LAST = (
    "Nielsen Jensen Hansen Pedersen Andersen Christensen Larsen Sørensen Rasmussen Jørgensen Petersen Madsen "
    "Kristensen Olsen Thomsen Christiansen Poulsen Johansen Møller Mortensen Knudsen Jakobsen Mikkelsen Olesen "
    "Frederiksen Laursen Henriksen Lund Schmidt Eriksen Holm Kristiansen Clausen Simonsen Svendsen Andreasen "
    "Iversen Jeppesen Mogensen Vestergaard Nissen Lauridsen Kjær Jespersen Mohamed Ahmed Hussein Demir Yilmaz Said "
    "Hassan Ali Berg Friis Koch Bach Dahl Brandt Krog Vang Storm Lassen Bech Juhl Ravn"
).split()
STREETS = (
    "Skolevej Nørregade Søndergade Vestergade Østergade Stationsvej Kirkevej Skovvej Møllevej Bakkevej Engvej "
    "Torvet Havnegade Strandvejen Ringvejen Parkvej Byvej Hovedgaden Violvej Rosenvej Birkevej Egevej Lærkevej "
    "Grønnegade Algade Jernbanegade Fasanvej Vibevej Mågevej Ahornvej"
).split()
TITLES = {
    "municipal_coordinator": "Infohus-koordinator, {authority}",
    "police_coordinator": "Infohus-koordinator, {authority}",
    "caseworker": "Sagsbehandler, {department}",
    "participant": "{profession}, {authority}",
    "auditor": "Databeskyttelsesrådgiver, {authority}",
    "admin": "Systemadministrator, {authority}",
}
PROFESSIONS = ("Overlæge", "Psykolog", "Afdelingssygeplejerske", "Tilsynsførende", "Socialrådgiver", "Mentor")
DEPARTMENT_NAMES = {
    "children_family": "Børn og Familie",
    "jobcenter": "Jobcenter",
    "adult_social": "Voksenområdet",
    "schools": "Skole og Dagtilbud",
    "other": "SSP",
}

OBSERVATIONS = (
    "Læreren fortæller, at eleven i frikvartererne viser videoer med voldsforherligende indhold.",
    "Eleven har tegnet symboler fra en kendt ekstremistisk bevægelse på sit penalhus og sin taske.",
    "Klubmedarbejderen hører den unge omtale en gerningsmand bag et angreb som forbillede.",
    "Jobcentret oplever, at borgeren deler materiale fra en militant gruppe med andre på holdet.",
    "SSP-medarbejderen har set den unge deltage i demonstrationer, hvor der blev kastet med brosten.",
    "Forældrene er bekymrede over sønnens kontakt til et voldeligt miljø på nettet.",
    "Den unge har i en chatgruppe skrevet, at han vil 'gøre noget' ved et forsamlingssted.",
    "Gymnasiet oplyser, at eleven deler propaganda fra en militant gruppe i klassens chat.",
    "Personen har trukket sig fra venner og familie og bruger mange timer i lukkede fora.",
    "Fritidsklubben har hørt den unge tale om at 'rense' byen og vise hagekors på sin telefon.",
    "Kriminalforsorgen oplyser, at en løsladt har fået kontakt til et kendt netværk.",
    "Naboen har set personen træne med kniv i gården og hørt trusler mod en bestemt gruppe.",
    "Skolen oplever stigende fravær og udsagn om, at vold mod politiet er berettiget.",
    "Den unge har søgt efter vejledninger i at fremstille våben og deler dem i en gruppe.",
)
CONTEXTS = (
    "Der er ikke tidligere kendte bekymringer.",
    "Familien har haft kontakt til kommunen tidligere.",
    "Personen har for nylig skiftet skole.",
    "Udsagnene er blevet mere konkrete de seneste uger.",
    "Andre elever er utrygge ved situationen.",
    "Personen har fået nye venner, som skolen ikke kender.",
)
REPORTER_ORGS = (
    "Skolen",
    "SSP",
    "Jobcentret",
    "Fritidsklubben",
    "Gymnasiet",
    "Kriminalforsorgen",
    "Privatperson",
    "Sundhedsplejen",
    "Botilbuddet",
)
POLICE_REASONS = {
    "cleared": ("Ingen verserende efterforskning. Kan behandles i Infohus.", "Ingen hindringer for Infohus."),
    "not_extremism": ("Lovlig politisk ytring; ingen tegn på voldsparathed.", "Ikke ekstremisme; almindelig konflikt."),
    "taken_over": ("Sikkerhedsmæssigt forhold; sagen behandles af politiet.", "Indgår i en verserende efterforskning."),
}
SOCIAL_DUTY = (
    "Kommunen fortsætter mentorforløb og kontakt til familien.",
    "Kommunen følger op på skolegang og trivsel.",
)
ASKED_FOR = {
    "police": "Kendskab til personen og eventuelle verserende sager.",
    "children_family": "Tidligere underretninger og foranstaltninger.",
    "adult_social": "Kontakt med voksenområdet og eventuelle bostøtteforløb.",
    "education": "Fravær, trivsel og bekymrende udsagn i skoletiden.",
    "jobcenter": "Fremmøde i aktivering og praktik.",
    "psychiatry": "Kendskab til psykisk sårbarhed.",
    "prison_probation": "Forløb under tilsyn og kontakt til netværk.",
    "other": "Relevante oplysninger om personens situation.",
}
SOURCE_NAMES = {
    "children_family": "Børn og Familie",
    "adult_social": "Voksenområdet",
    "education": "{town} Skole",
    "jobcenter": "Jobcenter {town}",
    "psychiatry": "Børne- og ungdomspsykiatrien",
    "prison_probation": "Kriminalforsorgen",
    "other": "SSP {town}",
    "police": "",
}
ITEM_TEXTS = {
    "police": (
        "Sigtet for hærværk ved en demonstration; sagen er afgjort med bøde.",
        "Ikke kendt i politiets registre.",
        "Kendt for en verserende sag om trusler; må kun deles efter aftale.",
        "Har været til bekymringssamtale for et år siden.",
    ),
    "other": (
        "Fravær på 22 % i efteråret. Har to gange råbt slagord i klassen.",
        "Familien har haft kontakt til kommunen siden 2024; mor beskriver konflikter om skole og venner.",
        "Deltager ikke længere i aktivering; har ikke svaret på indkaldelser.",
        "Ingen kendte psykiatriske forløb.",
        "Tilsynet beskriver stabil kontakt, men nye bekendtskaber.",
    ),
}
PURPOSES = ("Belyse voldsparathed til analysemødet.", "Give et samlet billede af bekymringen før analysemødet.")
NECESSITIES = (
    "Kommunen kan ikke vurdere risikoen uden kendskab til oplysningen.",
    "Politiet kan ikke vurdere sagen uden kommunens oplysninger om trivsel.",
)
JUSTIFICATIONS = ("Drøftet på mødet; se referatet.", "Enighed på baggrund af de delte oplysninger.", "Ikke belyst.")
PROBLEMS = (
    "Voldsforherligende udsagn og søgning mod et ekstremistisk onlinemiljø.",
    "Isolation, stigende fravær og kontakt til et militant netværk.",
)
RESOURCES = (
    "Familien samarbejder, og skolen har en lærer, personen har tillid til.",
    "Personen har et fritidsjob og en stabil bolig.",
)
CONCLUSIONS = (
    "Bekymringen er reel, men tidlig. En forebyggende indsats anbefales.",
    "Bekymringen er alvorlig; en koordineret indsats anbefales.",
)
NOT_CURRENT = ("Oplysningerne viser ingen aktuel bekymring.", "Bekymringen er afklaret; ingen indsats nødvendig.")
RECOMMENDATION_DETAILS = (
    "Samtale med personen og forældrene; mentor via SSP.",
    "Børnefaglig undersøgelse efter barnets lov § 20.",
    "Bekymringssamtale med personen og familien.",
    "Mentorforløb og kontakt til uddannelsesvejledningen.",
)
INTERVENTIONS = (
    "Familiesamtaler og mentor via SSP.",
    "Mentorforløb og tæt kontakt til skolen.",
    "Exitforløb i samarbejde med politiet.",
)
FOLLOW_UP_NOTES = (
    "Første samtale holdt; forældrene samarbejder.",
    "Forløbet går som planlagt.",
    "Mødestabilitet svingende.",
)
CLOSE_REASONS = ("Indsatsen er afsluttet, og bekymringen er ikke længere aktuel.", "Forløbet er afsluttet efter plan.")
WITHDRAW_REASONS = ("Oprettet ved en fejl.", "Dublet af en anden sag.")
REVOKE_REASONS = ("Oplysningen var delt ved en fejl.", "Delingen er ikke længere nødvendig.")
SEND_BACK = ("Oplysninger fra psykiatrien om psykisk sårbarhed.", "Skolens vurdering af trivsel mangler.")
MINUTES = "Sagerne på dagsordenen blev drøftet. Se de enkelte sagers analyser."
