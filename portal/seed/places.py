"""Denmark's 98 municipalities with their real codes, and the 12 police districts that
serve them (the police reform of 2007), with a rough population in thousands, which
weighs how many concerns and users each Infohus gets."""

from typing import NamedTuple


class Municipality(NamedTuple):
    code: str
    name: str  # the authority's name
    town: str  # short name, for the Infohus's name and addresses
    district: str
    region: str
    population: float  # thousands, rounded


KBH_POLITI = "Københavns Politi"
VESTEGN = "Københavns Vestegns Politi"
NORDSJ = "Nordsjællands Politi"
BORNHOLM = "Bornholms Politi"
MIDTVESTSJ = "Midt- og Vestsjællands Politi"
SYDSJ = "Sydsjællands og Lolland-Falsters Politi"
FYN = "Fyns Politi"
SYDSOENDER = "Syd- og Sønderjyllands Politi"
SYDOEST = "Sydøstjyllands Politi"
OEST = "Østjyllands Politi"
MIDTVESTJ = "Midt- og Vestjyllands Politi"
NORD = "Nordjyllands Politi"

POLICE_DISTRICTS = (
    NORD,
    OEST,
    MIDTVESTJ,
    SYDOEST,
    SYDSOENDER,
    FYN,
    SYDSJ,
    MIDTVESTSJ,
    NORDSJ,
    VESTEGN,
    KBH_POLITI,
    BORNHOLM,
)

H, SJ, SD, MJ, NJ = "Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland"

_ROWS = [
    # Region Hovedstaden
    ("101", "Københavns Kommune", "København", KBH_POLITI, H, 660),
    ("147", "Frederiksberg Kommune", "Frederiksberg", KBH_POLITI, H, 104),
    ("155", "Dragør Kommune", "Dragør", KBH_POLITI, H, 14),
    ("185", "Tårnby Kommune", "Tårnby", KBH_POLITI, H, 43),
    ("151", "Ballerup Kommune", "Ballerup", VESTEGN, H, 49),
    ("153", "Brøndby Kommune", "Brøndby", VESTEGN, H, 35),
    ("159", "Gladsaxe Kommune", "Gladsaxe", VESTEGN, H, 70),
    ("161", "Glostrup Kommune", "Glostrup", VESTEGN, H, 23),
    ("163", "Herlev Kommune", "Herlev", VESTEGN, H, 29),
    ("165", "Albertslund Kommune", "Albertslund", VESTEGN, H, 28),
    ("167", "Hvidovre Kommune", "Hvidovre", VESTEGN, H, 54),
    ("169", "Høje-Taastrup Kommune", "Høje-Taastrup", VESTEGN, H, 51),
    ("175", "Rødovre Kommune", "Rødovre", VESTEGN, H, 40),
    ("183", "Ishøj Kommune", "Ishøj", VESTEGN, H, 23),
    ("187", "Vallensbæk Kommune", "Vallensbæk", VESTEGN, H, 17),
    ("157", "Gentofte Kommune", "Gentofte", NORDSJ, H, 75),
    ("173", "Lyngby-Taarbæk Kommune", "Lyngby-Taarbæk", NORDSJ, H, 56),
    ("190", "Furesø Kommune", "Furesø", NORDSJ, H, 41),
    ("201", "Allerød Kommune", "Allerød", NORDSJ, H, 26),
    ("210", "Fredensborg Kommune", "Fredensborg", NORDSJ, H, 40),
    ("217", "Helsingør Kommune", "Helsingør", NORDSJ, H, 63),
    ("219", "Hillerød Kommune", "Hillerød", NORDSJ, H, 52),
    ("223", "Hørsholm Kommune", "Hørsholm", NORDSJ, H, 25),
    ("230", "Rudersdal Kommune", "Rudersdal", NORDSJ, H, 57),
    ("240", "Egedal Kommune", "Egedal", NORDSJ, H, 44),
    ("250", "Frederikssund Kommune", "Frederikssund", NORDSJ, H, 45),
    ("260", "Halsnæs Kommune", "Halsnæs", NORDSJ, H, 31),
    ("270", "Gribskov Kommune", "Gribskov", NORDSJ, H, 41),
    ("400", "Bornholms Regionskommune", "Bornholm", BORNHOLM, H, 39),
    # Region Sjælland
    ("253", "Greve Kommune", "Greve", SYDSJ, SJ, 50),
    ("259", "Køge Kommune", "Køge", SYDSJ, SJ, 62),
    ("269", "Solrød Kommune", "Solrød", SYDSJ, SJ, 23),
    ("320", "Faxe Kommune", "Faxe", SYDSJ, SJ, 37),
    ("336", "Stevns Kommune", "Stevns", SYDSJ, SJ, 23),
    ("360", "Lolland Kommune", "Lolland", SYDSJ, SJ, 40),
    ("370", "Næstved Kommune", "Næstved", SYDSJ, SJ, 84),
    ("376", "Guldborgsund Kommune", "Guldborgsund", SYDSJ, SJ, 60),
    ("390", "Vordingborg Kommune", "Vordingborg", SYDSJ, SJ, 45),
    ("265", "Roskilde Kommune", "Roskilde", MIDTVESTSJ, SJ, 90),
    ("306", "Odsherred Kommune", "Odsherred", MIDTVESTSJ, SJ, 33),
    ("316", "Holbæk Kommune", "Holbæk", MIDTVESTSJ, SJ, 72),
    ("326", "Kalundborg Kommune", "Kalundborg", MIDTVESTSJ, SJ, 49),
    ("329", "Ringsted Kommune", "Ringsted", MIDTVESTSJ, SJ, 35),
    ("330", "Slagelse Kommune", "Slagelse", MIDTVESTSJ, SJ, 80),
    ("340", "Sorø Kommune", "Sorø", MIDTVESTSJ, SJ, 30),
    ("350", "Lejre Kommune", "Lejre", MIDTVESTSJ, SJ, 28),
    # Region Syddanmark
    ("410", "Middelfart Kommune", "Middelfart", FYN, SD, 39),
    ("420", "Assens Kommune", "Assens", FYN, SD, 41),
    ("430", "Faaborg-Midtfyn Kommune", "Faaborg-Midtfyn", FYN, SD, 51),
    ("440", "Kerteminde Kommune", "Kerteminde", FYN, SD, 24),
    ("450", "Nyborg Kommune", "Nyborg", FYN, SD, 32),
    ("461", "Odense Kommune", "Odense", FYN, SD, 207),
    ("479", "Svendborg Kommune", "Svendborg", FYN, SD, 59),
    ("480", "Nordfyns Kommune", "Nordfyn", FYN, SD, 29),
    ("482", "Langeland Kommune", "Langeland", FYN, SD, 12),
    ("492", "Ærø Kommune", "Ærø", FYN, SD, 6),
    ("510", "Haderslev Kommune", "Haderslev", SYDSOENDER, SD, 56),
    ("540", "Sønderborg Kommune", "Sønderborg", SYDSOENDER, SD, 74),
    ("550", "Tønder Kommune", "Tønder", SYDSOENDER, SD, 37),
    ("561", "Esbjerg Kommune", "Esbjerg", SYDSOENDER, SD, 115),
    ("563", "Fanø Kommune", "Fanø", SYDSOENDER, SD, 3.4),
    ("573", "Varde Kommune", "Varde", SYDSOENDER, SD, 50),
    ("580", "Aabenraa Kommune", "Aabenraa", SYDSOENDER, SD, 59),
    ("530", "Billund Kommune", "Billund", SYDOEST, SD, 27),
    ("575", "Vejen Kommune", "Vejen", SYDOEST, SD, 43),
    ("607", "Fredericia Kommune", "Fredericia", SYDOEST, SD, 51),
    ("621", "Kolding Kommune", "Kolding", SYDOEST, SD, 95),
    ("630", "Vejle Kommune", "Vejle", SYDOEST, SD, 120),
    # Region Midtjylland
    ("615", "Horsens Kommune", "Horsens", SYDOEST, MJ, 92),
    ("766", "Hedensted Kommune", "Hedensted", SYDOEST, MJ, 46),
    ("706", "Syddjurs Kommune", "Syddjurs", OEST, MJ, 43),
    ("707", "Norddjurs Kommune", "Norddjurs", OEST, MJ, 37),
    ("710", "Favrskov Kommune", "Favrskov", OEST, MJ, 49),
    ("727", "Odder Kommune", "Odder", OEST, MJ, 23),
    ("730", "Randers Kommune", "Randers", OEST, MJ, 99),
    ("741", "Samsø Kommune", "Samsø", OEST, MJ, 3.7),
    ("746", "Skanderborg Kommune", "Skanderborg", OEST, MJ, 64),
    ("751", "Aarhus Kommune", "Aarhus", OEST, MJ, 370),
    ("657", "Herning Kommune", "Herning", MIDTVESTJ, MJ, 90),
    ("661", "Holstebro Kommune", "Holstebro", MIDTVESTJ, MJ, 59),
    ("665", "Lemvig Kommune", "Lemvig", MIDTVESTJ, MJ, 19),
    ("671", "Struer Kommune", "Struer", MIDTVESTJ, MJ, 21),
    ("740", "Silkeborg Kommune", "Silkeborg", MIDTVESTJ, MJ, 97),
    ("756", "Ikast-Brande Kommune", "Ikast-Brande", MIDTVESTJ, MJ, 41),
    ("760", "Ringkøbing-Skjern Kommune", "Ringkøbing-Skjern", MIDTVESTJ, MJ, 56),
    ("779", "Skive Kommune", "Skive", MIDTVESTJ, MJ, 46),
    ("791", "Viborg Kommune", "Viborg", MIDTVESTJ, MJ, 98),
    # Region Nordjylland
    ("773", "Morsø Kommune", "Morsø", MIDTVESTJ, NJ, 20),
    ("787", "Thisted Kommune", "Thisted", MIDTVESTJ, NJ, 43),
    ("810", "Brønderslev Kommune", "Brønderslev", NORD, NJ, 36),
    ("813", "Frederikshavn Kommune", "Frederikshavn", NORD, NJ, 59),
    ("820", "Vesthimmerlands Kommune", "Vesthimmerland", NORD, NJ, 36),
    ("825", "Læsø Kommune", "Læsø", NORD, NJ, 1.8),
    ("840", "Rebild Kommune", "Rebild", NORD, NJ, 30),
    ("846", "Mariagerfjord Kommune", "Mariagerfjord", NORD, NJ, 42),
    ("849", "Jammerbugt Kommune", "Jammerbugt", NORD, NJ, 38),
    ("851", "Aalborg Kommune", "Aalborg", NORD, NJ, 222),
    ("860", "Hjørring Kommune", "Hjørring", NORD, NJ, 64),
]

MUNICIPALITIES = tuple(Municipality(*row) for row in _ROWS)
BIG_CODE = "101"  # Københavns Kommune with Københavns Politi: the load benchmark's Infohus

# Authorities outside the two parties, whose people take part in meetings.
EXTERNAL_AUTHORITIES = {
    H: [("Region Hovedstadens Psykiatri", "psychiatry"), ("Kriminalforsorgen Hovedstaden", "prison_probation")],
    SJ: [
        ("Psykiatrien Region Sjælland", "psychiatry"),
        ("Kriminalforsorgen Sjælland og Lolland-Falster", "prison_probation"),
    ],
    SD: [("Psykiatrien i Region Syddanmark", "psychiatry"), ("Kriminalforsorgen Syddanmark", "prison_probation")],
    MJ: [
        ("Psykiatrien Region Midtjylland", "psychiatry"),
        ("Kriminalforsorgen Midt- og Vestjylland", "prison_probation"),
    ],
    NJ: [("Psykiatrien Region Nordjylland", "psychiatry"), ("Kriminalforsorgen Nordjylland", "prison_probation")],
}

assert len(MUNICIPALITIES) == 98 and len({m.code for m in MUNICIPALITIES}) == 98
assert {m.district for m in MUNICIPALITIES} == set(POLICE_DISTRICTS)
