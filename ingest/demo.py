"""The demo region: a seeded, deterministic, fictional council-of-governments region.

``generate_region("demo")`` gives about 2,000 contacts, a few hundred
organizations and ~30,000 interactions over ten years; ``"benchmark"`` gives
100,000 contacts, 20,000 organizations and 1,000,000 interactions. Both come
out as the twelve tables of the canonical import format (ingest/formats.py),
every value a string, exactly as reading the CSV files would give them.

People are synthetic (random given and family names); places sound Texan but
the counties and cities are invented. The data ends on the day it is made (the
clock's ``today()``, or the ``today`` given): the region is drawn ending on a fixed
``ANCHOR`` and every date is then moved to end on that day, so the same seed and
the same end day always give the same region, and every planted case keeps its
distance from the end day.

The hand-written part (geography, the well-known bodies, and the planted cases
listed in ``PLANTED``) is the same at both sizes and for every seed; the bulk
(more people, organizations, interactions, stances, ties) is drawn with numpy
from the seed, without a Python loop per row, so the benchmark size stays fast.

>>> tables = generate_region("demo", seed=7)
>>> list(tables["contacts"].columns)[:3]
['id', 'confidentiality', 'source']
>>> PLANTED.deceased_official in set(tables["contacts"]["id"])
True
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from graph import clock
from ingest.formats import TABLE_BY_NAME, TABLES

ANCHOR = dt.date(2026, 11, 15)  # the end day the region is drawn for, before it is moved
DEMO_TODAY = ANCHOR  # the end day PLANTED's comments and ids are written for
DEMO_START = dt.date(2016, 11, 15)  # ten years of history
SOURCE = "demo"


@dataclass(frozen=True)
class RegionSize:
    """How big a region to make; the hand-written core is the same at every size."""

    name: str
    contacts: int  # total, including officials, staff and planted people
    organizations: int  # total, including the hand-written ones
    interactions: int  # total, including the planted ones
    staff: int = 15  # our staff members (at least the 12 named ones)
    extra_counties: int = 0  # generated counties on top of the six named ones
    cities_per_extra_county: int = 5
    knows_per_contact: float = 3.0


SIZES = {
    "demo": RegionSize("demo", contacts=2_000, organizations=300, interactions=30_000),
    "benchmark": RegionSize("benchmark", contacts=100_000, organizations=20_000, interactions=1_000_000,
                            staff=120, extra_counties=34, cities_per_extra_county=6),
}


@dataclass(frozen=True)
class Planted:
    """Ids of the cases planted in every generated region, whatever the size or seed."""

    # 1. Bluebonnet County commissioner who died on 2026-08-09: HOLDS_OFFICE ended (death), but his
    #    Transportation Policy Board membership is still open (no end_date).
    deceased_official: str = "c-harlan-whitfield"
    deceased_board: str = "o-tpb"
    # 2. Cedar Hollow council member, District 3, resigned 2025-06-30; the successor holds the same
    #    seat (same organization, role, district) since 2025-08-16.
    former_official: str = "c-dolores-vance"
    successor: str = "c-marcus-bell"
    # 3. Pecan Springs council member (District 2, 2017-2023), mayor since 2023-05-13.
    role_changed: str = "c-teresa-alvarado"
    # 4. A business owner who asked not to be contacted at all (channel "all").
    do_not_contact: str = "c-gordon-pratt"
    # 5. The landmine: the municipal power company and the state utility regulators are in conflict
    #    and in litigation (sensitive ties with a note); each has a contact.
    power_company: str = "o-pecan-springs-power"
    regulator: str = "o-utility-regulators"
    power_company_contact: str = "c-lena-marsh"
    regulator_contact: str = "c-victor-osei"
    # 6. San Gabriel County judge: support for transportation at a meeting (2026-04-08), opposition in
    #    a letter three weeks later (2026-04-29).
    contradicting_official: str = "c-wade-tillman"
    contradiction_meeting: str = "x-tillman-meeting"
    contradiction_letter: str = "x-tillman-letter"
    # 7. State representative who supported transportation in 2022 and opposes it since 2025 (we support it).
    opposing_official: str = "c-carla-reyes"
    our_organization: str = "o-cog"
    # 8. A negative call with the mayor of Riverbend on 2026-10-20, 26 days before DEMO_TODAY.
    recent_negative_interaction: str = "x-hutchins-call"
    recent_negative_contact: str = "c-dale-hutchins"
    # 9. Board notices: one complete and on time, one sent two days after its deadline, one that
    #    a current member (missing_member) never received.
    notice_on_time: str = "n-transit-board-2026-10-26"
    notice_late: str = "n-cog-board-2026-09-17"
    notice_missing_member: str = "n-rtc-2026-09-01"
    missing_member: str = "c-teresa-alvarado"
    # 10. Our staff member leaving on 2026-12-18; four elected officials whose only OWNS tie is hers;
    #     a key official nobody has talked to since 2025-09-10.
    leaving_staff: str = "c-priya-natarajan"
    orphaned_contacts: tuple[str, ...] = ("c-bonnie-kessler", "c-elijah-moss", "c-renee-castillo", "c-tomas-guerra")
    dormant_contact: str = "c-frank-delgado"
    # 11. The only KNOWS bridge between the officials of Llano Verde County and of Post Oak County.
    broker: str = "c-maggie-sorensen"
    broker_counties: tuple[str, str] = ("j-county-llano-verde", "j-county-post-oak")
    # 12. Transportation know-how among elected officials: stated (HAS_EXPERTISE), only through the
    #     Transportation Policy Board (which FOCUSES_ON transportation), through the sub-issue transit,
    #     and an official with none of these.
    transport_expert: str = "c-james-okafor"
    transport_board_member: str = "c-ellen-brandt"
    transport_board: str = "o-tpb"
    transit_expert: str = "c-sam-whitaker"
    no_transport_official: str = "c-nora-lindqvist"
    # 13. Reporters: one whose beat covers transportation, one with no beat who wrote about it on 2026-10-28.
    beat_reporter: str = "c-ava-romero"
    recent_article_reporter: str = "c-ben-castell"
    recent_article: str = "x-castell-article"
    # 14. A confidential briefing about the landmine pair; and a contact whose record is confidential.
    confidential_interaction: str = "x-landmine-briefing"
    confidential_contact: str = "c-ruby-feld"
    # Issues the cases refer to.
    transportation: str = "i-transportation"
    transit: str = "i-transit"

    def on(self, end: dt.date) -> "Planted":
        """The same cases in a region that ends on ``end``: ids that carry a date move with it.

        >>> PLANTED.on(dt.date(2027, 11, 15)).notice_missing_member
        'n-rtc-2027-09-01'
        """
        days = (end - ANCHOR).days
        moved = {name: re.sub(_ISO, lambda m: _shift_one(m.group(0), days), value)
                 for name, value in vars(self).items() if isinstance(value, str) and re.search(_ISO, value)}
        return replace(self, **moved)


PLANTED = Planted()


def generate_region(size: str | RegionSize = "demo", seed: int = 7,
                    today: dt.date | None = None) -> dict[str, pd.DataFrame]:
    """The region's twelve tables, keyed by table name, every column a string ('' when missing).

    The data ends on ``today`` (default: the clock's today); use :meth:`Planted.on` with the same
    day for the ids of the planted cases that carry a date.
    """
    if isinstance(size, str) and size not in SIZES:
        raise ValueError(f'unknown size "{size}"; use one of: {", ".join(SIZES)}')
    spec = SIZES[size] if isinstance(size, str) else size
    end = today or clock.today()
    return shift_dates(_Region(spec, seed).build(), (end - ANCHOR).days)


def write_region(folder: str | Path, size: str | RegionSize = "demo", seed: int = 7,
                 today: dt.date | None = None) -> dict[str, Path]:
    """Write one UTF-8 CSV per table (with a header row) into ``folder``; returns the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, frame in generate_region(size, seed, today).items():
        path = folder / f"{name}.csv"
        frame.to_csv(path, index=False, encoding="utf-8")
        paths[name] = path
    return paths


# ---------------------------------------------------------------------------
# Dates. Vectorised code works in day numbers (days since 1970-01-01) and turns
# them into ISO strings through one lookup table, so equal dates share one str.

_EPOCH = dt.date(1970, 1, 1)


def _day(date: dt.date) -> int:
    return (date - _EPOCH).days


def _d(text: str) -> int:
    return _day(dt.date.fromisoformat(text))


_TABLE_FIRST = _day(dt.date(1930, 1, 1))
_DATE_TABLE = np.datetime_as_string(np.arange("1930-01-01", "2032-01-01", dtype="datetime64[D]")).astype(object)
TODAY = _day(DEMO_TODAY)
START = _day(DEMO_START)
NEVER = _day(dt.date(2031, 12, 31))  # "still active" in day-number comparisons


def _iso(days):
    """ISO date strings for day numbers (an array, or one int)."""
    return _DATE_TABLE[np.asarray(days) - _TABLE_FIRST]


def _iso1(day: int | None) -> str:
    return "" if day is None or day >= NEVER else str(_DATE_TABLE[day - _TABLE_FIRST])


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _numbered(prefix: str, first: int, n: int, width: int) -> np.ndarray:
    """Ids like c-000042 for first..first+n-1, built without a Python loop."""
    digits = np.strings.zfill(np.arange(first, first + n).astype(str), width)
    return np.strings.add(prefix, digits).astype(object)


# ---------------------------------------------------------------------------
# Word lists. Names are drawn at random from these, so nobody real is described.

GIVEN = (
    "Aaron Abigail Adriana Alan Alejandro Alicia Amara Andre Angela Anita Arjun Ashley Beatriz Benjamin "
    "Bianca Brandon Brenda Caleb Camila Carlos Carmen Carol Cedric Chen Chloe Christopher Clara Cody "
    "Connor Cynthia Dalia Darius Darnell David Deborah Denise Derek Diana Diego Dominic Donna Dylan Edgar "
    "Eduardo Elena Elise Emily Emmanuel Eric Esther Ethan Evelyn Fatima Felipe Fiona Gabriel Gloria Grace "
    "Gustavo Hamid Hector Heidi Hugo Ian Imani Irene Isaac Isabel Jacob Jamal Janet Jasmine Javier Jenna "
    "Jerome Jessica Joaquin Jordan Jose Joy Julian Julia Kara Karen Keith Kenji Kevin Kim Kyle Laura Leah "
    "Leon Lillian Linda Logan Lorena Luis Lydia Malik Marco Margaret Maria Mark Martha Mason Maya Megan "
    "Miguel Mildred Mina Monica Nadia Nathan Nicole Noah Norma Olivia Oscar Pablo Pamela Patrick Paula "
    "Peter Rachel Rafael Ramon Raquel Regina Ricardo Rita Robert Rosa Ryan Samuel Sandra Sara Sean Sergio "
    "Shirley Simone Sofia Stephen Steven Susan Tamara Tanya Terrence Theresa Thomas Tiffany Travis Valeria "
    "Vanessa Vernon Veronica Victoria Vincent Walter Wendy Xavier Yesenia Yolanda Yusuf Zachary Zoe"
).split()
FAMILY = (
    "Abbott Acosta Adair Aguilar Alvarez Andersen Archuleta Arnett Ashford Avila Baird Barrera Beckett "
    "Benavides Bledsoe Bowen Bramlett Briscoe Buckner Burleson Cabrera Calloway Canales Cardenas Carrington "
    "Castaneda Cavazos Chandler Chavarria Childress Cisneros Coker Colquitt Contreras Corley Crockett "
    "Dabney Darnell Delacruz Dominguez Dorsey Dubose Duran Eastland Ellison Escobar Espinoza Farley Fenner "
    "Figueroa Flores Fontenot Galvan Garza Gillespie Gonzales Granger Guajardo Hadley Halvorsen Harmon "
    "Haskins Hendricks Hinojosa Holcomb Huckaby Ibarra Ingram Jaramillo Jennings Kaufman Kendrick Kowalski "
    "Landry Lassiter Ledesma Leyva Lindsey Loera Lott Lozano Maldonado Marroquin Mathis Maxey McAllister "
    "McBride Medina Mendez Montalvo Morrow Munoz Nakamura Navarro Nguyen Nolan Ochoa Okonkwo Olivarez "
    "Ortiz Pacheco Padilla Pennington Perales Pettigrew Pruitt Quintanilla Ramirez Rasmussen Redding "
    "Rendon Rios Rowland Saenz Salazar Sandoval Schroeder Sepulveda Shelton Sifuentes Slaton Solis "
    "Stallings Stroud Sutherland Tafoya Tatum Trevino Truong Tubbs Upshaw Urbina Valdez Vasquez Villarreal "
    "Waddell Whitlock Winslow Yarbrough Ybarra Zamora Zavala"
).split()
AREA_CODES = np.array(["254", "512", "936", "979"], dtype=object)

# The six named counties: (name, cities as (name, council seats)). Districts for big cities, places for small.
COUNTIES = (
    ("Bluebonnet", (("Pecan Springs", 6), ("Bluebonnet", 4), ("Live Oak Crossing", 4), ("Hondo Creek", 4))),
    ("San Gabriel", (("Riverbend", 6), ("San Gabriel", 6), ("Red Rock", 4), ("Blanco Hills", 4))),
    ("Cedar Creek", (("Cedar Hollow", 6), ("Cypress Bend", 4), ("Granite Ridge", 4), ("Elm Fork", 4))),
    ("Llano Verde", (("Mesquite Flats", 4), ("Verde Springs", 4), ("Paloma", 4))),
    ("Post Oak", (("Oak Prairie", 4), ("Post Oak Junction", 4), ("Sandy Fork", 4))),
    ("Caddo", (("Caddo Springs", 4), ("Lake Caddo", 4))),
)
# Words for the extra counties and cities of the benchmark size (made-up names, fixed order).
EXTRA_COUNTY_WORDS = (
    "Agarita Bluestem Caliche Chaparral Cottonwood Dewberry Dogwood Hackberry Huisache Indiangrass Juniper "
    "Lantana Limestone Magnolia Mustang Nopal Ocotillo Persimmon Redbud Roadrunner Sabal Sotol Sumac "
    "Sycamore Tallgrass Vaquero Wildrye Willow Yaupon Yucca Anacua Brasada Coyote Duranta Esperanza "
    "Frostweed Guajillo Horsemint"
).split()
CITY_WORDS = (
    "Alder Aspen Bay Birch Boulder Briar Canyon Cedar Clay Clover Copper Coral Dove Eagle Fern Flint Fox "
    "Hawk Heron Holly Iron Laurel Maple Mill Oak Pine Quail Rock Sage Sand Silver Stone Thistle Wren"
).split()
CITY_SUFFIXES = "Springs Crossing Hill Bend Creek Grove Station Flats Point Valley".split()

ISSUES = (
    # (id, name, parent, keywords, description)
    ("i-transportation", "Transportation", "", "transportation;mobility;traffic;commute;highway;corridor",
     "Moving people and goods around the region."),
    ("i-transit", "Transit", "i-transportation", "transit;bus;rail;paratransit;park and ride;ridership",
     "Public transportation: buses, rail, demand response."),
    ("i-roads-bridges", "Roads and bridges", "i-transportation", "road;bridge;pavement;interchange;frontage road",
     "Building and maintaining roads and bridges."),
    ("i-freight", "Freight", "i-transportation", "freight;truck;logistics;rail yard;intermodal",
     "Trucks, rail freight and logistics hubs."),
    ("i-housing-elderly", "Housing for the elderly", "", "senior housing;elderly;aging in place;assisted living",
     "Affordable, accessible housing for older residents."),
    ("i-workforce", "Workforce development", "", "workforce;job training;apprenticeship;employment;skills",
     "Training and placing the region's workers."),
    ("i-emergency", "Regional emergency preparedness", "", "emergency;disaster;flood;evacuation;preparedness;911",
     "Planning for floods, storms and other disasters across jurisdictions."),
    ("i-environment", "Environment", "", "environment;air quality;emissions;ozone;pollution",
     "Air, land and climate."),
    ("i-biofuel-power", "Biofuel power generation", "i-environment", "biofuel;biomass;biogas;renewable power",
     "Generating electricity from biofuels and biomass."),
    ("i-water", "Water", "", "water;drought;aquifer;wastewater;reservoir", "Water supply and quality."),
    ("i-broadband", "Broadband", "", "broadband;internet;fiber;connectivity;digital divide",
     "High-speed internet access, especially in rural areas."),
)
ISSUE_IDS = np.array([i[0] for i in ISSUES], dtype=object)
# How often each issue comes up in the bulk interactions: transportation dominates a COG's agenda.
ISSUE_WEIGHTS = np.array([14, 9, 8, 4, 6, 7, 6, 4, 3, 6, 5], dtype=float)
ISSUE_PHRASES = {
    "i-transportation": ("regional transportation plan", "corridor study", "commute times", "long-range mobility plan"),
    "i-transit": ("bus route changes", "paratransit service", "park-and-ride lot", "transit funding"),
    "i-roads-bridges": ("bridge repairs", "frontage road safety", "pavement program", "interchange design"),
    "i-freight": ("truck traffic on farm roads", "rail yard expansion", "freight corridor", "logistics hub"),
    "i-housing-elderly": ("senior housing waitlist", "aging in place grants", "assisted living capacity",
                          "home repair for older adults"),
    "i-workforce": ("apprenticeship program", "job training grant", "employer partnerships", "skills survey"),
    "i-emergency": ("flood warning system", "evacuation routes", "shelter agreements", "911 upgrade"),
    "i-environment": ("ozone season", "air quality monitors", "emissions inventory", "illegal dumping"),
    "i-biofuel-power": ("biomass plant permit", "biogas pilot", "renewable power contract", "biofuel supply"),
    "i-water": ("drought plan", "aquifer levels", "wastewater plant", "reservoir capacity"),
    "i-broadband": ("rural broadband map", "fiber buildout", "broadband grant", "digital skills classes"),
}

# Interaction kinds drawn for the bulk, with their share and a subject prefix.
KINDS = ("meeting", "call", "email", "letter", "event", "testimony", "article")
KIND_P = np.array([0.30, 0.22, 0.24, 0.08, 0.08, 0.03, 0.05])
KIND_LABEL = ("Meeting on", "Call about", "Email about", "Letter on", "Event:", "Testimony on", "Article on")
SENTIMENTS = np.array(["positive", "neutral", "negative"], dtype=object)
SUMMARIES = np.array([
    "", "", "",  # most logs have no summary
    "Agreed to follow up with data.", "Asked for a briefing before the next board meeting.",
    "Raised concerns about cost.", "Supportive; wants to be kept informed.", "Requested a site visit.",
    "Shared the latest draft plan.", "Discussed timing and funding sources.",
], dtype=object)


# ---------------------------------------------------------------------------
# Collecting rows: hand-written rows as dicts, bulk rows as whole columns.

_DEFAULTS = {"confidentiality": "public", "source": SOURCE}


class _Tables:
    def __init__(self) -> None:
        self.rows: dict[str, list[dict]] = {t.name: [] for t in TABLES}
        self.columns: dict[str, list[pd.DataFrame]] = {t.name: [] for t in TABLES}

    def add(self, table: str, **values) -> None:
        unknown = set(values) - set(TABLE_BY_NAME[table].column_names)
        if unknown:  # a typo here would silently drop data
            raise KeyError(f"{table} has no column {', '.join(sorted(unknown))}")
        self.rows[table].append(values)

    def add_columns(self, table: str, n: int, **columns) -> None:
        if n == 0:
            return
        frame = pd.DataFrame({k: (np.full(n, v, dtype=object) if isinstance(v, str) else np.asarray(v, dtype=object))
                              for k, v in columns.items()})
        self.columns[table].append(frame)

    def frames(self) -> dict[str, pd.DataFrame]:
        return {spec.name: self._frame(spec.name) for spec in TABLES}

    def _frame(self, name: str) -> pd.DataFrame:
        parts = ([pd.DataFrame(self.rows[name], dtype=object)] if self.rows[name] else []) + self.columns[name]
        frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
        frame = frame.reindex(columns=TABLE_BY_NAME[name].column_names)
        for col in frame.columns:
            frame[col] = frame[col].fillna(_DEFAULTS.get(col, "")).astype(object)
        return frame


@dataclass
class _Holder:
    """A planted office holder; the generator fills the seat's history around them."""

    id: str
    given: str
    family: str
    start: str
    end: str = ""
    reason: str = ""
    vacant_after: bool = False  # nobody has been sworn in since (the seat of the deceased)
    party: str = ""


# Planted holders by (organization, district or role).
_PLANTED_SEATS = {
    ("o-county-bluebonnet", "Precinct 2"): [
        _Holder("c-harlan-whitfield", "Harlan", "Whitfield", "2015-01-01", "2026-08-09", "death", True, "Republican")],
    ("o-city-cedar-hollow", "District 3"): [
        _Holder("c-dolores-vance", "Dolores", "Vance", "2017-05-20", "2025-06-30", "resigned"),
        _Holder("c-marcus-bell", "Marcus", "Bell", "2025-08-16")],
    ("o-city-pecan-springs", "mayor"): [_Holder("c-teresa-alvarado", "Teresa", "Alvarado", "2023-05-13")],
    ("o-city-pecan-springs", "District 2"): [
        _Holder("c-teresa-alvarado", "Teresa", "Alvarado", "2017-05-20", "2023-05-12", "elected mayor")],
    ("o-county-san-gabriel", "county judge"): [
        _Holder("c-wade-tillman", "Wade", "Tillman", "2019-01-01", party="Republican")],
    ("o-tx-house", "District 153"): [_Holder("c-carla-reyes", "Carla", "Reyes", "2019-01-08", party="Democratic")],
    ("o-city-riverbend", "mayor"): [_Holder("c-dale-hutchins", "Dale", "Hutchins", "2018-05-12")],
    ("o-city-oak-prairie", "mayor"): [_Holder("c-bonnie-kessler", "Bonnie", "Kessler", "2020-05-09")],
    ("o-county-caddo", "county judge"): [_Holder("c-elijah-moss", "Elijah", "Moss", "2019-01-01", party="Republican")],
    ("o-tx-senate", "District 32"): [_Holder("c-renee-castillo", "Renee", "Castillo", "2021-01-12",
                                             party="Democratic")],
    ("o-city-mesquite-flats", "mayor"): [_Holder("c-tomas-guerra", "Tomas", "Guerra", "2022-05-14")],
    ("o-city-san-gabriel", "mayor"): [_Holder("c-frank-delgado", "Frank", "Delgado", "2016-05-14")],
    ("o-city-red-rock", "Place 1"): [_Holder("c-james-okafor", "James", "Okafor", "2018-05-12")],
    ("o-county-san-gabriel", "Precinct 3"): [_Holder("c-ellen-brandt", "Ellen", "Brandt", "2019-01-01",
                                                     party="Republican")],
    ("o-city-riverbend", "District 4"): [_Holder("c-sam-whitaker", "Sam", "Whitaker", "2020-05-09")],
    ("o-city-lake-caddo", "Place 2"): [_Holder("c-nora-lindqvist", "Nora", "Lindqvist", "2021-05-08")],
}

# Our staff: (given, family, title, start). The first one is leaving.
STAFF = (
    ("Priya", "Natarajan", "Senior Government Relations Manager", "2014-03-03"),
    ("Marisol", "Ortega", "Executive Director", "2012-06-01"),
    ("Grant", "Holloway", "Director of Transportation Planning", "2015-09-14"),
    ("Keisha", "Monroe", "Government Relations Manager", "2018-01-08"),
    ("Daniel", "Ochoa", "Director of Regional Services", "2013-02-11"),
    ("Hannah", "Lindgren", "Workforce Programs Manager", "2019-04-22"),
    ("Omar", "Haddad", "Emergency Preparedness Coordinator", "2017-07-10"),
    ("Lucy", "Tran", "Communications Manager", "2020-02-03"),
    ("Ray", "Castellanos", "Aging Services Manager", "2016-10-17"),
    ("Beth", "Sandoval", "Environmental Programs Coordinator", "2021-08-30"),
    ("Tyler", "Brooks", "Data Analyst", "2022-05-16"),
    ("June", "Park", "Board Liaison", "2016-01-04"),
)

# The well-known bodies: (id, name, type, sector, jurisdiction, parent, focus issues, aliases, description).
CORE_ORGS = (
    ("o-cog", "Brazos Prairie Council of Governments", "our_organization", "public", "j-brazos-prairie", "", "",
     "BPCOG;Brazos Prairie COG", "Our organization: the regional council of governments."),
    ("o-cog-board", "BPCOG Executive Committee", "board", "public", "j-brazos-prairie", "o-cog", "",
     "", "Elected officials who govern the council of governments."),
    ("o-rtc", "Regional Transportation Committee", "committee", "public", "j-brazos-prairie", "o-cog",
     "i-transportation", "RTC", "Advises the council on transportation priorities."),
    ("o-epc", "Regional Emergency Preparedness Council", "committee", "public", "j-brazos-prairie", "o-cog",
     "i-emergency", "", "Coordinates disaster planning across the region."),
    ("o-mpo", "Brazos Prairie Metropolitan Planning Organization", "other", "public", "j-brazos-prairie", "", 
     "i-transportation", "BPMPO;Brazos Prairie MPO", "Federally designated transportation planning body."),
    ("o-tpb", "Transportation Policy Board", "board", "public", "j-brazos-prairie", "o-mpo", "i-transportation",
     "TPB", "The MPO's policy board of local elected officials."),
    ("o-transit", "Brazos Prairie Regional Transit Authority", "transit_authority", "public", "j-brazos-prairie", "",
     "i-transit", "BPRTA", "Runs buses and paratransit across the region."),
    ("o-transit-board", "BPRTA Board of Directors", "board", "public", "j-brazos-prairie", "o-transit", "i-transit",
     "", "Governs the regional transit authority."),
    ("o-state-dot", "Texas Department of Roads and Mobility, Brazos District", "state_agency", "public", "j-tx", "",
     "i-roads-bridges", "TDRM Brazos District", "The state highway agency's district office."),
    ("o-state-water", "Texas Water Resources Agency", "state_agency", "public", "j-tx", "", "i-water",
     "", "State water planning and permits."),
    ("o-federal-transport", "U.S. Federal Surface Transportation Office, Region 6", "federal_agency", "public", "",
     "", "i-transportation", "", "Federal highway and transit funding."),
    ("o-federal-emergency", "U.S. Federal Emergency Preparedness Office, Region 6", "federal_agency", "public", "",
     "", "i-emergency", "", "Federal disaster preparedness grants."),
    ("o-tx-legislature", "Texas Legislature", "legislature", "public", "j-tx", "", "", "", ""),
    ("o-tx-senate", "Texas Senate", "chamber", "public", "j-tx", "o-tx-legislature", "", "", ""),
    ("o-tx-house", "Texas House of Representatives", "chamber", "public", "j-tx", "o-tx-legislature", "", "", ""),
    ("o-pecan-springs-power", "Pecan Springs Municipal Power", "utility", "public", "j-city-pecan-springs",
     "o-city-pecan-springs", "i-biofuel-power", "PSMP", "The city-owned electric utility."),
    ("o-utility-regulators", "Texas Utility Regulatory Commission", "regulator", "public", "j-tx", "", "",
     "TURC", "Regulates electric and water utilities statewide."),
    ("o-pecan-springs-medical", "Pecan Springs Regional Medical Center", "hospital", "nonprofit",
     "j-city-pecan-springs", "", "", "", ""),
    ("o-bluebonnet-hospital-district", "Bluebonnet County Hospital District", "hospital", "public",
     "j-county-bluebonnet", "", "", "", ""),
    ("o-riverbend-hospital", "Riverbend Community Hospital", "hospital", "nonprofit", "j-city-riverbend", "", "",
     "", ""),
    ("o-workforce", "Workforce Solutions Brazos Prairie", "workforce_board", "public", "j-brazos-prairie", "",
     "i-workforce", "", "The regional workforce development board."),
    ("o-aging", "Brazos Prairie Area Agency on Aging", "nonprofit", "nonprofit", "j-brazos-prairie", "",
     "i-housing-elderly", "", ""),
    ("o-senior-housing", "Prairie Senior Housing Partners", "nonprofit", "nonprofit", "j-brazos-prairie", "",
     "i-housing-elderly", "", ""),
    ("o-rural-health", "Rural Health Alliance of Llano Verde and Post Oak", "nonprofit", "nonprofit",
     "j-brazos-prairie", "", "", "", "Clinics and health outreach in the two rural counties."),
    ("o-water-alliance", "Brazos Prairie Water Alliance", "association", "nonprofit", "j-brazos-prairie", "",
     "i-water", "", ""),
    ("o-broadband-coalition", "Brazos Prairie Broadband Coalition", "nonprofit", "nonprofit", "j-brazos-prairie", "",
     "i-broadband", "", ""),
    ("o-clean-air", "Prairie Clean Air Network", "nonprofit", "nonprofit", "j-brazos-prairie", "",
     "i-environment", "", ""),
    ("o-post-oak-bioenergy", "Post Oak BioEnergy LLC", "company", "energy", "j-county-post-oak", "",
     "i-biofuel-power", "", "Plans a biomass power plant."),
    ("o-prairie-freight", "Prairie Freight Lines", "company", "logistics", "j-city-riverbend", "", "i-freight", "",
     ""),
    ("o-pratt-aggregates", "Pratt Aggregates", "company", "construction", "j-county-cedar-creek", "",
     "i-roads-bridges", "", "Quarry and road materials."),
    ("o-brazos-fiber", "Brazos Fiber Networks", "company", "telecommunications", "j-brazos-prairie", "",
     "i-broadband", "", ""),
    ("o-homebuilders", "Brazos Prairie Homebuilders Association", "association", "business", "j-brazos-prairie", "",
     "", "", ""),
    ("o-regional-chamber", "Brazos Prairie Regional Chamber of Commerce", "association", "business",
     "j-brazos-prairie", "", "i-transportation", "", "The region's chamber of commerce."),
    ("o-chamber-pecan-springs", "Pecan Springs Chamber of Commerce", "association", "business",
     "j-city-pecan-springs", "", "", "", ""),
    ("o-chamber-riverbend", "Riverbend Chamber of Commerce", "association", "business", "j-city-riverbend", "", "",
     "", ""),
    ("o-tribune", "Brazos Prairie Tribune", "media_outlet", "media", "j-brazos-prairie", "", "", "", "Daily paper."),
    ("o-kbpx", "KBPX News 7", "media_outlet", "media", "j-brazos-prairie", "", "", "", "Television station."),
    ("o-ledger", "Riverbend Ledger", "media_outlet", "media", "j-city-riverbend", "", "", "", "Weekly paper."),
    ("o-capitol-wire", "Texas Capitol Wire", "media_outlet", "media", "j-tx", "", "", "", "Statehouse news."),
    ("o-prairie-radio", "Prairie Public Radio", "media_outlet", "media", "j-brazos-prairie", "", "", "", ""),
)
# Boards with members and regular meetings: (id, short name, seats, who may sit, meeting rule).
# The rule is (weekday, nth week, months) for "the nth weekday of those months".
BOARDS = (
    ("o-cog-board", "cog-board", 12, "all", (3, 3, range(1, 13))),
    ("o-tpb", "tpb", 15, "local", (2, 2, range(1, 13))),
    ("o-transit-board", "transit-board", 9, "city", (0, 4, range(1, 13))),
    ("o-rtc", "rtc", 11, "all", (1, 1, range(1, 13, 2))),
    ("o-epc", "epc", 9, "local", (3, 1, (1, 4, 7, 10))),
)
BOARD_ISSUES = {"o-tpb": "i-transportation", "o-rtc": "i-transportation", "o-transit-board": "i-transit",
                "o-epc": "i-emergency", "o-cog-board": ""}
# Bulk organizations: type -> (share, name stems, suffixes, sector, issues they may focus on).
BULK_ORG_TYPES = {
    "company": (0.55, ("Logistics", "Construction", "Engineering", "Energy", "Fiber", "Health", "Foods",
                       "Manufacturing", "Realty", "Consulting", "Paving", "Water Services", "Trucking"),
                ("LLC", "Inc.", "Co.", "Group", "Partners"), "business",
                ("i-freight", "i-roads-bridges", "i-broadband", "i-biofuel-power", "i-workforce", "i-water")),
    "nonprofit": (0.15, ("Community Foundation", "Senior Services", "Food Bank", "Housing Coalition",
                         "Youth Alliance", "Conservation Trust", "Literacy Council"), ("",), "nonprofit",
                  ("i-housing-elderly", "i-workforce", "i-environment", "i-broadband", "i-emergency")),
    "association": (0.07, ("Business Association", "Chamber of Commerce", "Realtors Association",
                           "Contractors Association", "Farm Bureau"), ("",), "business",
                    ("i-transportation", "i-workforce", "i-water")),
    "school": (0.04, ("ISD", "Community College", "Charter Academy"), ("",), "public", ("i-workforce",)),
    "hospital": (0.02, ("Medical Center", "Clinic", "Community Hospital"), ("",), "nonprofit", ("i-emergency",)),
    "special_district": (0.05, ("Water District", "Utility District", "Emergency Services District",
                                "Drainage District"), ("No. 1", "No. 2", "No. 3", "No. 4"), "public",
                         ("i-water", "i-emergency")),
    "state_agency": (0.02, ("Field Office", "Regional Office"), ("",), "public", ("i-water", "i-environment")),
    "media_outlet": (0.02, ("Gazette", "Courier", "Radio", "Herald", "News Now"), ("",), "media", ()),
    "workforce_board": (0.01, ("Workforce Center",), ("",), "public", ("i-workforce",)),
    "other": (0.07, ("Foundation", "Institute", "Cooperative", "Club"), ("",), "", ()),
}
# Bulk contacts: kind -> (share, organization types they work at, job titles, weight in interactions).
BULK_KINDS = {
    "agency_staff": (0.25, ("city", "county", "state_agency", "federal_agency", "transit_authority", "special_district",
                            "school", "hospital", "workforce_board", "other"),
                     ("Director", "Planner", "Engineer", "Program Manager", "City Manager", "Analyst",
                      "Public Works Director", "Emergency Management Coordinator"), 2.0),
    "business": (0.33, ("company", "association"),
                 ("Owner", "President", "Vice President", "Operations Manager", "Government Affairs Lead"), 1.0),
    "nonprofit": (0.15, ("nonprofit", "association", "hospital"),
                  ("Executive Director", "Program Director", "Board Chair", "Outreach Coordinator"), 1.5),
    "resident": (0.17, (), ("",), 0.3),
    "other": (0.08, ("other", "company", "nonprofit"), ("Consultant", "Advisor", "Volunteer"), 0.5),
    "reporter": (0.02, ("media_outlet",), ("Reporter", "Editor", "Correspondent"), 0.5),
}


# ---------------------------------------------------------------------------
# The generator.


@dataclass
class _Person:
    """What the bulk steps need to know about a hand-made contact."""

    id: str
    kind: str
    jurisdiction: str
    home: str = ""  # the organization they work at or hold office in
    county: str = ""  # for officials: the county whose cluster they belong to
    active_to: int = NEVER  # no interactions after this day (death, leaving office, do-not-contact)
    weight: float = 1.0  # how often they come up in interactions
    planted: bool = False  # planted cases get no random stances, expertise or ownership
    current_official: bool = False


@dataclass
class _Tenure:
    contact: str
    org: str
    scope: str  # city / county / state
    start: int
    end: int  # NEVER while in office


@dataclass
class _Region:
    spec: RegionSize
    seed: int
    t: _Tables = field(default_factory=_Tables)
    people: list[_Person] = field(default_factory=list)
    tenures: list[_Tenure] = field(default_factory=list)
    orgs: list[tuple[str, str, str]] = field(default_factory=list)  # (id, type, jurisdiction)
    counties: list[tuple[str, str, tuple]] = field(default_factory=list)  # (jurisdiction id, name, cities)
    members: dict[str, list[tuple[str, int, int, str]]] = field(default_factory=dict)  # board -> memberships
    next_contact: int = 1

    def __post_init__(self) -> None:
        self.rng = np.random.default_rng(self.seed)

    def build(self) -> dict[str, pd.DataFrame]:
        self.geography()
        self.issues()
        self.core_organizations()
        self.local_governments()
        self.staff()
        self.officials()
        self.planted_people()
        self.bulk_organizations()
        self.bulk_contacts()
        self.registry()
        self.boards()
        self.notices()
        self.expertise()
        self.organization_ties()
        self.ownership()
        self.acquaintances()
        self.planted_interactions()
        self.bulk_interactions()
        self.planted_positions()
        return self.t.frames()

    # -- geography, issues, organizations ----------------------------------

    def geography(self) -> None:
        t = self.t
        t.add("jurisdictions", id="j-tx", name="Texas", level="state", ocd_id="ocd-division/country:us/state:tx")
        t.add("jurisdictions", id="j-brazos-prairie", name="Brazos Prairie Region", level="region", parent_id="j-tx")
        for number in (32, 33):
            t.add("jurisdictions", id=f"j-sd-{number}", name=f"Texas Senate District {number}", level="district",
                  parent_id="j-tx")
        for number in range(151, 157):
            t.add("jurisdictions", id=f"j-hd-{number}", name=f"Texas House District {number}", level="district",
                  parent_id="j-tx")
        counties = list(COUNTIES)
        words = iter((w, s) for s in CITY_SUFFIXES for w in CITY_WORDS)
        for word in EXTRA_COUNTY_WORDS[: self.spec.extra_counties]:
            counties.append((word, tuple((f"{w} {s}", 4) for w, s in
                                         (next(words) for _ in range(self.spec.cities_per_extra_county)))))
        for name, cities in counties:
            jid = f"j-county-{_slug(name)}"
            t.add("jurisdictions", id=jid, name=f"{name} County", level="county", parent_id="j-brazos-prairie")
            for city, _ in cities:
                t.add("jurisdictions", id=f"j-city-{_slug(city)}", name=city, level="city", parent_id=jid)
            self.counties.append((jid, name, cities))
        for district in range(1, 7):  # the largest city's council districts
            t.add("jurisdictions", id=f"j-pecan-springs-d{district}", name=f"Pecan Springs Council District {district}",
                  level="district", parent_id="j-city-pecan-springs")

    def issues(self) -> None:
        for iid, name, parent, keywords, description in ISSUES:
            self.t.add("issues", id=iid, name=name, parent_id=parent, keywords=keywords, description=description)

    def add_org(self, oid: str, name: str, otype: str, sector: str = "public", jurisdiction: str = "",
                parent: str = "", focus: str = "", aliases: str = "", description: str = "") -> None:
        domain = f"{_slug(name)}.example"
        self.t.add("organizations", id=oid, name=name, type=otype, sector=sector, description=description,
                   email=f"info@{domain}", website=f"https://www.{domain}", jurisdiction_id=jurisdiction,
                   parent_id=parent, aliases=aliases)
        self.orgs.append((oid, otype, jurisdiction))
        if focus:
            self.t.add("expertise", subject_id=oid, issue_id=focus, kind="focus")

    def core_organizations(self) -> None:
        for oid, name, otype, sector, jur, parent, focus, aliases, description in CORE_ORGS:
            self.add_org(oid, name, otype, sector, jur, parent, focus, aliases, description)

    def local_governments(self) -> None:
        for jid, name, cities in self.counties:
            self.add_org(f"o-county-{_slug(name)}", f"{name} County", "county", "public", jid,
                         aliases=f"{name} County Commissioners Court")
            for city, _ in cities:
                self.add_org(f"o-city-{_slug(city)}", f"City of {city}", "city", "public", f"j-city-{_slug(city)}")
        for _, _, cities in self.counties[:6]:  # school districts of the named cities
            for city, seats in cities:
                if seats == 6:
                    self.add_org(f"o-isd-{_slug(city)}", f"{city} ISD", "school", "public", f"j-city-{_slug(city)}")

    # -- people ---------------------------------------------------------------

    def new_contact_id(self) -> str:
        self.next_contact += 1
        return f"c-{self.next_contact - 1:06d}"

    def random_name(self) -> tuple[str, str]:
        return str(GIVEN[self.rng.integers(len(GIVEN))]), str(FAMILY[self.rng.integers(len(FAMILY))])

    def phone(self) -> str:
        return f"({AREA_CODES[self.rng.integers(4)]}) 555-01{self.rng.integers(100):02d}"

    def add_person(self, person: _Person, given: str, family: str, title: str, **row) -> None:
        domain = (f"{person.home.removeprefix('o-')}.example" if person.home else "mail.example")
        row.setdefault("email", f"{given.lower()}.{family.lower()}@{domain}")
        row.setdefault("phone", self.phone())
        row.setdefault("status", "active")
        self.t.add("contacts", id=person.id, name=f"{given} {family}", given_name=given, family_name=family,
                   title=title, kind=person.kind, jurisdiction_id=person.jurisdiction,
                   do_not_contact=row.pop("do_not_contact", "false"), **row)
        self.people.append(person)

    def staff(self) -> None:
        named = [(g, f, title, start, f"c-{_slug(g + ' ' + f)}") for g, f, title, start in STAFF]
        for _ in range(max(0, self.spec.staff - len(STAFF))):
            g, f = self.random_name()
            start = _iso1(START - int(self.rng.integers(0, 3000)))
            named.append((g, f, "Program Specialist", start, self.new_contact_id()))
        for g, f, title, start, cid in named:
            leaving = "2026-12-18" if cid == PLANTED.leaving_staff else ""
            self.add_person(_Person(cid, "our_staff", "j-brazos-prairie", "o-cog", planted=True), g, f, title,
                            leaving_date=leaving, email=f"{g[0].lower()}{f.lower()}@bpcog.example")
            self.t.add("affiliations", contact_id=cid, organization_id="o-cog", kind="works_at", role="staff",
                       title=title, start_date=start)
        self.staff_ids = [cid for *_, cid in named]

    # -- elected officials -----------------------------------------------------

    def seats(self):
        """Every elected seat: (org, role, district, title, jurisdiction, county, scope, honorific)."""
        for cid, name, cities in self.counties:
            org = f"o-county-{_slug(name)}"
            yield org, "county judge", "", f"County Judge, {name} County", cid, cid, "county", "Judge"
            for p in range(1, 5):
                yield (org, "commissioner", f"Precinct {p}", f"Commissioner, {name} County Precinct {p}", cid, cid,
                       "county", "Hon.")
            for city, council in cities:
                org, jur = f"o-city-{_slug(city)}", f"j-city-{_slug(city)}"
                yield org, "mayor", "", f"Mayor of {city}", jur, cid, "city", "Hon."
                for k in range(1, council + 1):
                    district = f"District {k}" if council == 6 else f"Place {k}"
                    yield (org, "council member", district, f"Council Member, {city} {district}", jur, cid, "city",
                           "Hon.")
        for number in (32, 33):
            yield ("o-tx-senate", "state senator", f"District {number}", f"State Senator, District {number}",
                   f"j-sd-{number}", "", "state", "Sen.")
        for number in range(151, 157):
            yield ("o-tx-house", "state representative", f"District {number}",
                   f"State Representative, District {number}", f"j-hd-{number}", "", "state", "Rep.")

    def officials(self) -> None:
        known: set[str] = set()
        seats = list(self.seats())
        unknown = set(_PLANTED_SEATS) - {(s[0], s[2] or s[1]) for s in seats}
        if unknown:  # a planted holder on a seat that does not exist would silently vanish
            raise AssertionError(f"planted seats that do not exist: {sorted(unknown)}")
        for org, role, district, title, jur, county, scope, honorific in seats:
            planted = _PLANTED_SEATS.get((org, district or role), [])
            for holder in self.seat_history(planted):
                cid = holder.id or self.new_contact_id()
                if cid not in known:  # a planted person may hold two seats in turn
                    known.add(cid)
                    self.add_official(cid, holder, title, jur, org, county, scope, honorific, bool(planted))
                end = _d(holder.end) if holder.end else NEVER
                self.t.add("affiliations", contact_id=cid, organization_id=org, kind="holds_office", role=role,
                           title=title, district=district, start_date=holder.start, end_date=holder.end,
                           end_reason=holder.reason)
                self.tenures.append(_Tenure(cid, org, scope, _d(holder.start), end))

    def seat_history(self, planted: list[_Holder]) -> list[_Holder]:
        """Holders of one seat in order: planted ones as given, generated ones before and after."""
        rng = self.rng
        if not planted:
            return self.generated_holders(START - int(rng.integers(0, 2500)))
        first = _d(planted[0].start)
        before = _Holder("", *self.random_name(), start=_iso1(first - int(rng.integers(1000, 3000))),
                         end=_iso1(first - 1), reason="term ended")
        after = []
        if planted[-1].end and not planted[-1].vacant_after:
            after = self.generated_holders(_d(planted[-1].end) + 1)
        return [before, *planted, *after]

    def generated_holders(self, start: int) -> list[_Holder]:
        rng, out = self.rng, []
        reasons, p = ("term ended", "defeated", "term limited", "resigned", "retired"), (.4, .3, .1, .12, .08)
        while True:
            end = start + int(rng.integers(700, 3300))
            given, family = self.random_name()
            if end >= TODAY:
                out.append(_Holder("", given, family, _iso1(start)))
                return out
            reason = str(rng.choice(reasons, p=p))
            out.append(_Holder("", given, family, _iso1(start), _iso1(end), reason))
            gap = 1 if reason in ("term ended", "defeated", "term limited") else int(rng.integers(30, 120))
            start = min(end + gap, TODAY - 7)  # a successor is sworn in before the data ends

    def add_official(self, cid, holder, title, jur, org, county, scope, honorific, planted) -> None:
        rng = self.rng
        party = holder.party or ("" if scope == "city" else str(rng.choice(["Republican", "Democratic"], p=[.6, .4])))
        current = not holder.end or holder.id == PLANTED.role_changed
        if holder.reason == "death":
            status, active_to = "deceased", _d(holder.end)
        elif current:
            status, active_to = "active", NEVER
        else:
            status = "retired" if holder.reason == "retired" else "left_office"
            active_to = _d(holder.end) + 90  # a few follow-ups after leaving office
        shown = title if current or status == "deceased" else f"Former {title}"
        person = _Person(cid, "elected_official", jur, org, county, active_to, 6.0 if current else 2.0,
                         planted, current_official=current and status == "active")
        birth = _iso1(_d("1950-01-01") + int(rng.integers(0, 11000))) if rng.random() < 0.6 else ""
        self.add_person(person, holder.given, holder.family, shown, honorific=honorific, party=party,
                        birth_date=birth, status=status,
                        status_date="" if status == "active" else holder.end,
                        address=f"{org.removeprefix('o-').replace('-', ' ').title()} Offices, Texas")

    # -- other hand-made people ------------------------------------------------

    def planted_people(self) -> None:
        P = PLANTED
        self.works(_Person(P.do_not_contact, "business", "j-county-cedar-creek", "o-pratt-aggregates",
                           active_to=_d("2024-03-01"), planted=True), "Gordon", "Pratt", "Owner",
                   do_not_contact="true", do_not_contact_channel="all",
                   notes="Asked on 2024-03-01 not to be contacted by anyone at BPCOG, by any channel.")
        self.works(_Person(P.power_company_contact, "agency_staff", "j-city-pecan-springs", P.power_company,
                           weight=4, planted=True), "Lena", "Marsh", "General Manager")
        self.works(_Person(P.regulator_contact, "agency_staff", "j-tx", P.regulator, weight=3, planted=True),
                   "Victor", "Osei", "Commissioner", honorific="Hon.")
        self.works(_Person(P.broker, "nonprofit", "j-county-llano-verde", "o-rural-health", weight=3, planted=True),
                   "Maggie", "Sorensen", "Executive Director",
                   notes="Grew up in Post Oak County, runs clinics in both rural counties; knows everyone.")
        self.works(_Person(P.beat_reporter, "reporter", "j-brazos-prairie", "o-tribune", planted=True),
                   "Ava", "Romero", "Transportation Reporter")
        self.t.add("expertise", subject_id=P.beat_reporter, issue_id=P.transportation, kind="covers",
                   since="2021-01-15")
        self.works(_Person(P.recent_article_reporter, "reporter", "j-brazos-prairie", "o-kbpx", planted=True),
                   "Ben", "Castell", "General Assignment Reporter")
        # A confidential source: the whole record is confidential, not just the note.
        self.add_person(_Person(P.confidential_contact, "other", "j-city-pecan-springs", planted=True),
                        "Ruby", "Feld", "Former engineer, Pecan Springs Municipal Power",
                        confidentiality="confidential",
                        notes="Confidential source on the rate dispute with the regulators; never name her.")
        for outlet in ("o-tribune", "o-kbpx", "o-ledger", "o-capitol-wire", "o-prairie-radio"):
            for _ in range(2):  # more reporters, each with a beat
                person = _Person(self.new_contact_id(), "reporter", "j-brazos-prairie", outlet, weight=0.5)
                self.works(person, *self.random_name(), "Reporter")
                issue = str(self.rng.choice(ISSUE_IDS[[0, 4, 5, 6, 7, 9, 10]]))  # never the planted beat's sub-issues
                self.t.add("expertise", subject_id=person.id, issue_id=issue, kind="covers",
                           since=_iso1(START + int(self.rng.integers(0, 3000))))

    def works(self, person: _Person, given: str, family: str, title: str, **row) -> None:
        self.add_person(person, given, family, title, **row)
        self.t.add("affiliations", contact_id=person.id, organization_id=person.home, kind="works_at",
                   title=title, start_date=_iso1(START - int(self.rng.integers(0, 2000))))

    # -- bulk organizations and contacts (vectorised) --------------------------

    def places(self) -> tuple[np.ndarray, np.ndarray]:
        """Place names and their jurisdiction ids, for naming bulk organizations."""
        names, jurs = [], []
        for cid, name, cities in self.counties:
            names.append(name)
            jurs.append(cid)
            for city, _ in cities:
                names.append(city)
                jurs.append(f"j-city-{_slug(city)}")
        return np.array(names, dtype=object), np.array(jurs, dtype=object)

    def bulk_organizations(self) -> None:
        rng, n = self.rng, max(0, self.spec.organizations - len(self.orgs))
        types = list(BULK_ORG_TYPES)
        shares = np.array([BULK_ORG_TYPES[k][0] for k in types])
        code = rng.choice(len(types), size=n, p=shares / shares.sum())
        place_names, place_jurs = self.places()
        place = rng.integers(len(place_names), size=n)
        name = place_names[place].copy()
        sector = np.full(n, "", dtype=object)
        focus = np.full(n, "", dtype=object)
        for k, otype in enumerate(types):
            _, stems, suffixes, sec, issues = BULK_ORG_TYPES[otype]
            mask = code == k
            count = int(mask.sum())
            stem = np.array(stems, dtype=object)[rng.integers(len(stems), size=count)]
            suffix = np.array([f" {s}" if s else "" for s in suffixes], dtype=object)[
                rng.integers(len(suffixes), size=count)]
            name[mask] = name[mask] + " " + stem + suffix
            sector[mask] = sec
            if issues:
                chosen = np.array(issues, dtype=object)[rng.integers(len(issues), size=count)]
                focus[mask] = np.where(rng.random(count) < 0.4, chosen, "")
        ids = _numbered("o-", 1, n, 5)
        otype = np.array(types, dtype=object)[code]
        slug = pd.Series(name).str.lower().str.replace(r"[^a-z0-9]+", "-", regex=True).str.strip("-").to_numpy()
        self.t.add_columns("organizations", n, id=ids, name=name, type=otype, sector=sector,
                           email="info@" + slug + ".example", website="https://www." + slug + ".example",
                           jurisdiction_id=place_jurs[place])
        has = focus != ""
        self.t.add_columns("expertise", int(has.sum()), subject_id=ids[has], issue_id=focus[has], kind="focus")
        core = np.array(self.orgs, dtype=object).reshape(-1, 3)
        self.org_id = np.concatenate([core[:, 0], ids])
        self.org_type = np.concatenate([core[:, 1], otype])
        self.org_jur = np.concatenate([core[:, 2], place_jurs[place]])

    def bulk_contacts(self) -> None:
        rng, n = self.rng, max(0, self.spec.contacts - len(self.people))
        kinds = list(BULK_KINDS)
        shares = np.array([BULK_KINDS[k][0] for k in kinds])
        code = rng.choice(len(kinds), size=n, p=shares / shares.sum())
        given = np.array(GIVEN, dtype=object)[rng.integers(len(GIVEN), size=n)]
        family = np.array(FAMILY, dtype=object)[rng.integers(len(FAMILY), size=n)]
        home = np.full(n, "", dtype=object)
        title = np.full(n, "", dtype=object)
        weight = np.zeros(n)
        city_jurs = np.array([f"j-city-{_slug(c)}" for _, _, cities in self.counties for c, _ in cities], dtype=object)
        jur = city_jurs[rng.integers(len(city_jurs), size=n)]
        for k, kind in enumerate(kinds):
            _, org_types, titles, w = BULK_KINDS[kind]
            mask = code == k
            count = int(mask.sum())
            weight[mask] = w
            title[mask] = np.array(titles, dtype=object)[rng.integers(len(titles), size=count)]
            pool = np.flatnonzero(np.isin(self.org_type, org_types))
            if len(pool):
                pick = pool[rng.integers(len(pool), size=count)]
                home[mask] = self.org_id[pick]
                org_jur = self.org_jur[pick]
                jur[mask] = np.where(org_jur != "", org_jur, jur[mask])
        first = self.next_contact
        ids = _numbered("c-", first, n, 6)
        self.next_contact += n
        domain = np.where(home != "", pd.Series(home).str.removeprefix("o-").to_numpy(), "mail.example")
        domain = np.where(home != "", domain + ".example", domain)
        local = pd.Series(given + "." + family).str.lower()
        taken = local.duplicated().to_numpy()  # a second Maria Garza gets her number in the address
        local = local.to_numpy(dtype=object)
        local = np.where(taken, local + pd.Series(ids).str.removeprefix("c-").to_numpy(dtype=object), local)
        email = np.where(rng.random(n) < 0.85, local + "@" + domain, "")
        phone = ("(" + AREA_CODES[rng.integers(4, size=n)] + ") 555-01" +
                 np.strings.zfill(rng.integers(100, size=n).astype(str), 2).astype(object))
        retired = rng.random(n) < 0.03
        retired_on = START + rng.integers(0, TODAY - START, size=n)
        dnc = rng.random(n) < 0.004
        self.t.add_columns(
            "contacts", n, id=ids, name=given + " " + family, given_name=given, family_name=family,
            title=np.where(retired, "", title), kind=np.array(kinds, dtype=object)[code], email=email, phone=phone,
            jurisdiction_id=jur, status=np.where(retired, "retired", "active"),
            status_date=np.where(retired, _iso(retired_on), ""), do_not_contact=np.where(dnc, "true", "false"),
            do_not_contact_channel=np.where(dnc, rng.choice(np.array(["email", "phone", "mail"], dtype=object), n), ""))
        works = home != ""
        starts = _iso(START - 1500 + rng.integers(0, TODAY - START + 1000, size=n))
        self.t.add_columns("affiliations", int(works.sum()), contact_id=ids[works], organization_id=home[works],
                           kind="works_at", title=title[works], start_date=starts[works],
                           end_date=np.where(retired, _iso(retired_on), "")[works])
        reporters = np.flatnonzero(code == kinds.index("reporter"))
        self.t.add_columns("expertise", len(reporters), subject_id=ids[reporters], kind="covers",
                           issue_id=ISSUE_IDS[rng.integers(len(ISSUE_IDS), size=len(reporters))],
                           since=_iso(START + rng.integers(0, 3000, size=len(reporters))))
        self.bulk = dict(ids=ids, kind=np.array(kinds, dtype=object)[code], home=home, jur=jur, weight=weight,
                         active_to=np.where(retired | dnc, np.where(retired, retired_on, START + 1500), NEVER))

    def registry(self) -> None:
        """One array per attribute over all contacts: hand-made ones first, then the bulk."""
        people, bulk = self.people, self.bulk
        self.c_id = np.concatenate([np.array([p.id for p in people], dtype=object), bulk["ids"]])
        self.c_kind = np.concatenate([np.array([p.kind for p in people], dtype=object), bulk["kind"]])
        self.c_home = np.concatenate([np.array([p.home for p in people], dtype=object), bulk["home"]])
        self.c_county = np.concatenate([np.array([p.county for p in people], dtype=object),
                                        np.full(len(bulk["ids"]), "", dtype=object)])
        self.c_active_to = np.concatenate([np.array([p.active_to for p in people]), bulk["active_to"]]).astype(np.int64)
        self.c_weight = np.concatenate([np.array([p.weight for p in people]), bulk["weight"]])
        self.c_planted = np.concatenate([np.array([p.planted for p in people]), np.zeros(len(bulk["ids"]), bool)])
        self.c_current_official = np.concatenate([np.array([p.current_official for p in people]),
                                                  np.zeros(len(bulk["ids"]), bool)])
        self.index = {p.id: i for i, p in enumerate(people)}
        self.staff_idx = np.array([self.index[s] for s in self.staff_ids])

    # -- boards and their notices ---------------------------------------------

    def boards(self) -> None:
        rng = self.rng
        tenures = [x for x in self.tenures if not self.c_planted[self.index[x.contact]]]
        t_contact = np.array([x.contact for x in tenures], dtype=object)
        t_scope = np.array([x.scope for x in tenures], dtype=object)
        t_start = np.array([x.start for x in tenures])
        t_end = np.array([x.end for x in tenures])
        scopes = {"all": ("city", "county", "state"), "local": ("city", "county"), "city": ("city",)}
        for board, _, seats, who, _ in BOARDS:
            self.members[board] = []
            used = ~np.isin(t_scope, scopes[who])
            for seat in range(seats):
                role = "chair" if seat == 0 else "vice-chair" if seat == 1 else "member"
                day = START - int(rng.integers(0, 1500))
                while day < TODAY:
                    free = np.flatnonzero(~used & (t_start <= day) & (t_end > day + 180))
                    if not len(free):
                        day += 180
                        continue
                    pick = free[rng.integers(len(free))]
                    used[pick] = True
                    end = min(int(t_end[pick]), day + int(rng.integers(700, 2500)))
                    end = NEVER if end >= TODAY else end
                    self.member(t_contact[pick], board, role, day, end)
                    day = end + int(rng.integers(15, 90))
        P = PLANTED
        self.member(P.deceased_official, P.deceased_board, "member", _d("2019-02-13"), NEVER)  # never closed
        self.member(P.transport_board_member, P.transport_board, "member", _d("2021-03-10"), NEVER)
        self.member(P.missing_member, "o-rtc", "member", _d("2023-07-12"), NEVER)
        self.member(P.recent_negative_contact, "o-transit-board", "member", _d("2019-06-24"), NEVER)

    def member(self, contact: str, board: str, role: str, start: int, end: int) -> None:
        self.members[board].append((contact, start, end, role))
        self.t.add("affiliations", contact_id=contact, organization_id=board, kind="member_of", role=role,
                   title={"chair": "Chair", "vice-chair": "Vice-Chair"}.get(role, "Member"),
                   start_date=_iso1(start), end_date=_iso1(end))

    def notices(self) -> None:
        rng, P = self.rng, PLANTED
        prefers_mail: dict[str, bool] = {}
        death = _d("2026-08-09")
        made = set()
        for board, short, _, _, (weekday, nth, months) in BOARDS:
            name = next(o[1] for o in CORE_ORGS if o[0] == board)
            for meeting in _meeting_days(weekday, nth, months):
                nid = f"n-{short}-{_iso1(meeting)}"
                made.add(nid)
                deadline = meeting - 3
                sent = deadline - int(rng.integers(3, 9))
                if nid == P.notice_late:
                    sent = deadline + 2
                self.t.add("notices", id=nid, title=f"{name} meeting, {_iso1(meeting)}", body_id=board,
                           meeting_date=_iso1(meeting), deadline=_iso1(deadline), sent_date=_iso1(sent),
                           audience_rule="members_of_body", issue_ids=BOARD_ISSUES[board])
                for contact, start, end, _ in self.members[board]:
                    if not start <= meeting <= end:
                        continue
                    if nid == P.notice_missing_member and contact == P.missing_member:
                        continue  # the planted gap: she never got this one
                    mail = prefers_mail.setdefault(contact, contact != P.deceased_official and rng.random() < 0.1)
                    dead = contact == P.deceased_official and sent > death
                    self.t.add("deliveries", notice_id=nid, contact_id=contact, channel="mail" if mail else "email",
                               sent_date=_iso1(sent), delivered_date="" if dead else _iso1(sent + (2 if mail else 0)),
                               status="bounced" if dead else "delivered")
        missing = {P.notice_on_time, P.notice_late, P.notice_missing_member} - made
        if missing:  # the meeting calendar and PLANTED must agree
            raise AssertionError(f"planted notices not generated: {sorted(missing)}")

    # -- expertise -------------------------------------------------------------

    def expertise(self) -> None:
        rng, P = self.rng, PLANTED
        for subject, issue, level in ((P.transport_expert, P.transportation, "expert"),
                                      (P.transit_expert, P.transit, "working"),
                                      (P.no_transport_official, "i-water", "expert"),
                                      ("c-grant-holloway", P.transportation, "expert"),
                                      ("c-omar-haddad", "i-emergency", "expert"),
                                      ("c-ray-castellanos", "i-housing-elderly", "expert")):
            self.t.add("expertise", subject_id=subject, issue_id=issue, kind="expertise", level=level)
        share = np.select([self.c_kind == "elected_official", self.c_kind == "agency_staff",
                           np.isin(self.c_kind, ("business", "nonprofit"))], [0.15, 0.4, 0.1], 0.0)
        chosen = np.flatnonzero((rng.random(len(self.c_id)) < share) & ~self.c_planted)
        issue = rng.choice(len(ISSUE_IDS), size=len(chosen), p=ISSUE_WEIGHTS / ISSUE_WEIGHTS.sum())
        levels = np.array(["expert", "working", "basic"], dtype=object)
        self.t.add_columns("expertise", len(chosen), subject_id=self.c_id[chosen], issue_id=ISSUE_IDS[issue],
                           kind="expertise", level=levels[rng.integers(3, size=len(chosen))])

    # -- ties --------------------------------------------------------------------

    def organization_ties(self) -> None:
        P, t = PLANTED, self.t
        for frm, to, kind, start in (("o-mpo", "o-cog", "partner", "2005-03-01"),
                                     ("o-transit", "o-mpo", "partner", "2009-10-01"),
                                     ("o-federal-transport", "o-mpo", "funds", "2006-10-01"),
                                     ("o-state-dot", "o-transit", "funds", "2012-09-01"),
                                     ("o-federal-emergency", "o-cog", "funds", "2014-10-01"),
                                     ("o-workforce", "o-cog", "partner", "2011-01-15"),
                                     (P.regulator, P.power_company, "regulates", "1999-01-01")):
            t.add("ties", from_id=frm, to_id=to, kind=kind, start_date=start, sensitive="false")
        # The landmine: never seat these two together, never cite one to the other.
        t.add("ties", from_id=P.power_company, to_id=P.regulator, kind="conflict", start_date="2023-02-01",
              sensitive="true", confidentiality="internal",
              note="Rate-case dispute since 2023-02-01; public hostility at hearings. Do not pair them on panels.")
        t.add("ties", from_id=P.power_company, to_id=P.regulator, kind="litigation", start_date="2024-06-14",
              sensitive="true", confidentiality="internal",
              note="Pecan Springs Municipal Power v. Texas Utility Regulatory Commission, filed 2024-06-14; pending.")
        local = [o for o, otype, _ in self.orgs if otype in ("city", "county")]
        t.add_columns("ties", len(local), from_id=np.array(local, dtype=object), to_id=P.our_organization,
                      kind="member_of", start_date="1972-01-01", sensitive="false")
        rng, n = self.rng, len(self.org_id)
        count = n // 4  # partnerships among the other organizations
        a, b = rng.integers(n, size=count), rng.integers(n, size=count)
        pairs = np.unique(np.minimum(a, b) * n + np.maximum(a, b))
        a, b = pairs // n, pairs % n
        # The landmine pair and our own organization only have the hand-written ties above.
        special = np.isin(self.org_id, (P.power_company, P.regulator)) | (self.org_type == "our_organization")
        core = np.arange(n) < len(CORE_ORGS)  # ties among the well-known bodies are all hand-written
        keep = (a != b) & ~special[a] & ~special[b] & ~(core[a] & core[b])
        a, b = a[keep], b[keep]
        kinds = np.array(["partner", "partner", "partner", "funds"], dtype=object)
        t.add_columns("ties", len(a), from_id=self.org_id[a], to_id=self.org_id[b],
                      kind=kinds[rng.integers(4, size=len(a))],
                      start_date=_iso(START - 2000 + rng.integers(0, 5000, size=len(a))), sensitive="false")

    def ownership(self) -> None:
        """OWNS: which of our staff holds each important relationship (primary, sometimes a secondary)."""
        rng, P = self.rng, PLANTED
        staff = self.staff_idx[1:]  # everyone but the leaving staff member
        owned = np.flatnonzero((self.c_current_official & ~self.c_planted) |
                               (np.isin(self.c_kind, ("agency_staff", "business", "nonprofit")) &
                                (rng.random(len(self.c_id)) < 0.08) & ~self.c_planted))
        primary = staff[rng.integers(len(staff), size=len(owned))]
        secondary = staff[rng.integers(len(staff), size=len(owned))]
        has_second = (rng.random(len(owned)) < 0.35) & (secondary != primary)
        # The leaving staff member also holds a few covered relationships (they have a secondary owner).
        hers = rng.choice(len(owned), size=min(6, len(owned)), replace=False)
        primary[hers] = self.index[P.leaving_staff]
        has_second[hers] = True
        self.owner = np.full(len(self.c_id), -1)
        self.owner[owned] = primary
        since = _iso(START + rng.integers(0, TODAY - START, size=len(owned)))
        t = self.t
        t.add_columns("ties", len(owned), from_id=self.c_id[primary], to_id=self.c_id[owned], kind="owns",
                      role="primary", start_date=since)
        t.add_columns("ties", int(has_second.sum()), from_id=self.c_id[secondary[has_second]],
                      to_id=self.c_id[owned[has_second]], kind="owns", role="secondary", start_date=since[has_second])
        planted_owners = {c: P.leaving_staff for c in P.orphaned_contacts}
        planted_owners.update({P.deceased_official: "c-keisha-monroe", P.successor: "c-june-park",
                               P.role_changed: "c-grant-holloway", P.contradicting_official: "c-grant-holloway",
                               P.opposing_official: "c-keisha-monroe", P.recent_negative_contact: "c-keisha-monroe",
                               P.dormant_contact: "c-daniel-ochoa", P.transport_expert: "c-grant-holloway",
                               P.transport_board_member: "c-june-park", P.transit_expert: "c-grant-holloway",
                               P.no_transport_official: "c-daniel-ochoa", P.power_company_contact: "c-marisol-ortega",
                               P.regulator_contact: "c-marisol-ortega", P.broker: "c-ray-castellanos",
                               P.beat_reporter: "c-lucy-tran", P.recent_article_reporter: "c-lucy-tran"})
        for contact, staffer in planted_owners.items():
            t.add("ties", from_id=staffer, to_id=contact, kind="owns", role="primary", start_date="2021-02-01")
            self.owner[self.index[contact]] = self.index[staffer]

    def acquaintances(self) -> None:
        """KNOWS: officials know their county's officials; two rural counties know nobody else but the broker."""
        rng, P = self.rng, PLANTED
        n = len(self.c_id)
        official = self.c_kind == "elected_official"
        isolated = official & np.isin(self.c_county, P.broker_counties)
        pairs = [self.county_rings(official)]
        # Everyone else (not our staff, not the two rural clusters) knows people, mostly nearby.
        pool = np.flatnonzero(~isolated & (self.c_kind != "our_staff") & (self.c_id != P.broker))
        count = int(len(pool) * self.spec.knows_per_contact / 2)
        a = pool[rng.integers(len(pool), size=count)]
        b = pool[rng.integers(len(pool), size=count)]
        pairs.append(np.stack([a, b], axis=1))
        broker = self.index[P.broker]
        for county in P.broker_counties:
            cluster = np.flatnonzero(isolated & (self.c_county == county) & (self.c_active_to == NEVER))
            pairs.append(np.stack([np.full(3, broker), rng.choice(cluster, 3, replace=False)], axis=1))
        pairs.append(np.stack([np.full(2, broker), rng.choice(pool, 2, replace=False)], axis=1))
        both = np.concatenate(pairs)
        both = both[both[:, 0] != both[:, 1]]
        codes = np.unique(np.minimum(both[:, 0], both[:, 1]) * n + np.maximum(both[:, 0], both[:, 1]))
        a, b = codes // n, codes % n
        strength = np.round(rng.uniform(0.2, 1.0, size=len(a)), 1).astype(str).astype(object)
        self.t.add_columns("ties", len(a), from_id=self.c_id[a], to_id=self.c_id[b], kind="knows", strength=strength,
                           start_date=_iso(START - 3000 + rng.integers(0, 5500, size=len(a))))

    def county_rings(self, official: np.ndarray) -> np.ndarray:
        """Each county's officials as a ring with random chords, so every cluster is connected."""
        rng, pairs = self.rng, []
        for county, *_ in self.counties:
            members = np.flatnonzero(official & (self.c_county == county))
            if len(members) < 2:
                continue
            pairs.append(np.stack([members, np.roll(members, 1)], axis=1))
            chords = len(members)
            pairs.append(np.stack([rng.choice(members, chords), rng.choice(members, chords)], axis=1))
        return np.concatenate(pairs) if pairs else np.zeros((0, 2), dtype=int)

    # -- interactions ------------------------------------------------------------

    def planted_interactions(self) -> None:
        P = PLANTED
        rows = (
            (P.contradiction_meeting, "meeting", "2026-04-08", "Meeting on the regional transportation plan",
             "positive", "c-grant-holloway", "i-transportation", "o-county-san-gabriel;o-rtc", "public",
             (("c-grant-holloway", "organizer"), (P.contradicting_official, "attendee")),
             "Judge Tillman backed the plan's corridor projects."),
            (P.contradiction_letter, "letter", "2026-04-29", "Letter opposing the 2027 transportation plan",
             "negative", "c-grant-holloway", "i-transportation", "o-county-san-gabriel", "public",
             ((P.contradicting_official, "sender"), ("c-grant-holloway", "recipient")),
             "The county will not support the plan or its local match."),
            ("x-reyes-meeting", "meeting", "2022-03-15", "Meeting on corridor funding", "positive",
             "c-keisha-monroe", "i-transportation", "o-tx-house", "public",
             (("c-keisha-monroe", "organizer"), (P.opposing_official, "attendee")), ""),
            ("x-reyes-testimony", "testimony", "2025-02-18", "Testimony on the state transportation funding bill",
             "negative", "c-keisha-monroe", "i-transportation", "o-tx-house;o-state-dot", "public",
             (("c-keisha-monroe", "attendee"), (P.opposing_official, "attendee")),
             "Rep. Reyes spoke against the regional share of the funding."),
            (P.recent_negative_interaction, "call", "2026-10-20", "Call about transit route cuts", "negative",
             "c-keisha-monroe", "i-transit", "o-city-riverbend;o-transit", "public",
             (("c-keisha-monroe", "organizer"), (P.recent_negative_contact, "attendee")),
             "Angry about cuts to Riverbend's bus routes; threatened to leave the transit authority."),
            (P.recent_article, "article", "2026-10-28", "Article on the stalled regional transportation plan",
             "negative", "c-lucy-tran", "i-transportation", "o-kbpx;o-mpo", "public",
             ((P.recent_article_reporter, "author"),), "KBPX: commuters face longer waits as the plan stalls."),
            (P.confidential_interaction, "meeting", "2026-09-22",
             "Briefing on the power company's suit against the regulators", "neutral", "c-marisol-ortega",
             "i-biofuel-power", f"{P.power_company};{P.regulator}", "confidential",
             (("c-marisol-ortega", "organizer"), (P.leaving_staff, "attendee"), (P.power_company_contact, "attendee")),
             "Lena Marsh shared the utility's litigation strategy in confidence."),
            ("x-osei-call", "call", "2026-07-14", "Call about the rate case hearing schedule", "neutral",
             "c-marisol-ortega", "i-biofuel-power", P.regulator, "public",
             (("c-marisol-ortega", "organizer"), (P.regulator_contact, "attendee")), ""),
            ("x-delgado-meeting", "meeting", "2025-09-10", "Meeting on the drought plan", "positive",
             "c-daniel-ochoa", "i-water", "o-city-san-gabriel", "public",
             (("c-daniel-ochoa", "organizer"), (P.dormant_contact, "attendee")), "The last time we met him."),
            ("x-pratt-call", "call", "2024-03-01", "Call from Gordon Pratt asking not to be contacted", "negative",
             "c-grant-holloway", "i-roads-bridges", "o-pratt-aggregates", "internal",
             ((P.do_not_contact, "organizer"), ("c-grant-holloway", "attendee")), "Do not contact him again."),
            ("x-whitfield-meeting", "meeting", "2026-06-03", "Meeting on the FM 1431 bridge", "positive",
             "c-keisha-monroe", "i-roads-bridges", "o-county-bluebonnet;o-tpb", "public",
             (("c-keisha-monroe", "organizer"), (P.deceased_official, "attendee")), ""),
            ("x-handover-planning", "meeting", "2026-11-02", "Handover planning for Priya Natarajan's relationships",
             "neutral", "c-marisol-ortega", "", "o-cog", "internal",
             (("c-marisol-ortega", "organizer"), (P.leaving_staff, "attendee")), "Who takes over which officials."),
        )
        for iid, kind, date, subject, sentiment, recorder, issues, orgs, conf, people, summary in rows:
            self.t.add("interactions", id=iid, kind=kind, date=date, subject=subject, summary=summary,
                       sentiment=sentiment, recorded_by=recorder, issue_ids=issues, organization_ids=orgs,
                       confidentiality=conf)
            for contact, role in people:
                self.t.add("participants", interaction_id=iid, contact_id=contact, role=role, confidentiality=conf)
        self.planted_interaction_count = len(rows)

    def bulk_interactions(self) -> None:
        """Interactions, participants and the stances stated in them, as whole columns."""
        rng, P = self.rng, PLANTED
        n = max(0, self.spec.interactions - self.planted_interaction_count)
        self.c_active_to[self.index[P.dormant_contact]] = _d("2025-09-01")  # nobody has met him since
        # Activity grows a little over the decade; ids follow the dates.
        days = np.sort(START + (rng.random(n) ** 0.85 * (TODAY - START)).astype(np.int64))
        kind = rng.choice(len(KINDS), size=n, p=KIND_P)
        article = kind == KINDS.index("article")
        iw = ISSUE_WEIGHTS / ISSUE_WEIGHTS.sum()
        issue, issue2 = rng.choice(len(ISSUE_IDS), size=n, p=iw), rng.choice(len(ISSUE_IDS), size=n, p=iw)
        two = (rng.random(n) < 0.2) & (issue2 != issue)
        ext, n_ext = self.external_participants(days, kind, article)
        staff = self.staff_participants(ext[:, 0])
        home = self.c_home
        o0, o1 = home[ext[:, 0]], np.where(n_ext >= 2, home[ext[:, 1]], "")
        both = (o0 != "") & (o1 != "") & (o0 != o1)
        subjects = np.array([[[f"{label} {phrase}" for phrase in ISSUE_PHRASES[i]] for i in ISSUE_IDS]
                             for label in KIND_LABEL], dtype=object)
        ids = _numbered("x-", 1, n, 7)
        conf = np.where(rng.random(n) < 0.03, "internal", "public").astype(object)
        self.t.add_columns(
            "interactions", n, id=ids, kind=np.array(KINDS, dtype=object)[kind], date=_iso(days),
            subject=subjects[kind, issue, rng.integers(4, size=n)],
            summary=SUMMARIES[rng.integers(len(SUMMARIES), size=n)],
            sentiment=SENTIMENTS[rng.choice(3, size=n, p=[0.35, 0.5, 0.15])], recorded_by=self.c_id[staff],
            issue_ids=np.where(two, ISSUE_IDS[issue] + ";" + ISSUE_IDS[issue2], ISSUE_IDS[issue]),
            organization_ids=np.where(both, o0 + ";" + o1, np.where(o0 != "", o0, o1)), confidentiality=conf)
        self.participants(ids, kind, article, ext, n_ext, staff, conf)
        self.bulk_positions(ids, days, kind, issue, ext, n_ext)

    def external_participants(self, days, kind, article) -> tuple[np.ndarray, np.ndarray]:
        """Up to three outside people per interaction, all distinct and all still active on its date."""
        rng, n, P = self.rng, len(days), PLANTED
        reporter = self.c_kind == "reporter"
        usable = (self.c_kind != "our_staff") & ~reporter & (self.c_id != P.confidential_contact)
        pool = np.flatnonzero(usable)
        evergreen = np.flatnonzero(usable & (self.c_active_to == NEVER))
        writers = np.flatnonzero(reporter & (self.c_active_to == NEVER))
        p = self.c_weight[pool] / self.c_weight[pool].sum()
        ext = pool[rng.choice(len(pool), size=(n, 3), p=p)]
        ext[article, 0] = writers[rng.integers(len(writers), size=int(article.sum()))]
        for j in range(3):  # nobody takes part after their death, departure or do-not-contact date
            stale = self.c_active_to[ext[:, j]] < days
            ext[stale, j] = evergreen[rng.integers(len(evergreen), size=int(stale.sum()))]
        crowd = np.isin(kind, (KINDS.index("meeting"), KINDS.index("event")))
        n_ext = 1 + (rng.random(n) < 0.5) + (crowd & (rng.random(n) < 0.35))
        n_ext[article] = 1
        n_ext = np.where((n_ext >= 2) & (ext[:, 1] == ext[:, 0]), 1, n_ext)
        n_ext = np.where((n_ext == 3) & ((ext[:, 2] == ext[:, 0]) | (ext[:, 2] == ext[:, 1])), 2, n_ext)
        return ext, n_ext

    def staff_participants(self, first: np.ndarray) -> np.ndarray:
        """The staff member on each interaction: usually the owner of the relationship."""
        rng = self.rng
        owner = self.owner[first]
        anyone = self.staff_idx[rng.integers(len(self.staff_idx), size=len(first))]
        return np.where((owner >= 0) & (rng.random(len(first)) < 0.75), owner, anyone)

    def participants(self, ids, kind, article, ext, n_ext, staff, conf) -> None:
        rng, n = self.rng, len(ids)
        k = np.array(KINDS, dtype=object)[kind]
        written = np.isin(k, ("email", "letter"))
        outgoing = rng.random(n) < 0.6
        staff_role = np.select([written & outgoing, written], ["sender", "recipient"], "organizer").astype(object)
        staff_role[k == "testimony"] = "attendee"
        first_role = np.select([article, written & outgoing, written], ["author", "recipient", "sender"],
                               "attendee").astype(object)
        other_role = np.where(written, "recipient", "attendee").astype(object)
        parts = [(~article, staff, staff_role), (np.ones(n, bool), ext[:, 0], first_role),
                 (n_ext >= 2, ext[:, 1], other_role), (n_ext >= 3, ext[:, 2], other_role)]
        for mask, who, role in parts:
            self.t.add_columns("participants", int(mask.sum()), interaction_id=ids[mask],
                               contact_id=self.c_id[who[mask]], role=role[mask], confidentiality=conf[mask])

    def bulk_positions(self, ids, days, kind, issue, ext, n_ext) -> None:
        """Stances stated by outside participants; each person leans one way, with noise, so stances change."""
        rng = self.rng
        lean = rng.normal(0.3, 0.6, size=len(self.c_id))
        bias = rng.normal(0.0, 0.3, size=len(ISSUE_IDS))
        takes = np.isin(self.c_kind, ("elected_official", "business", "nonprofit", "agency_staff")) & ~self.c_planted
        spoken = kind != KINDS.index("article")
        rows = np.concatenate([np.flatnonzero(spoken), np.flatnonzero(spoken & (n_ext >= 2))])
        who = np.concatenate([ext[spoken, 0], ext[spoken & (n_ext >= 2), 1]])
        keep = takes[who] & (rng.random(len(who)) < 0.06)
        rows, who = rows[keep], who[keep]
        score = lean[who] + bias[issue[rows]] + rng.normal(0, 0.5, size=len(who))
        middle = np.where(rng.random(len(who)) < 0.7, "neutral", "mixed")
        stance = np.where(score > 0.35, "support", np.where(score < -0.35, "oppose", middle)).astype(object)
        strength = np.round(np.clip(np.abs(score), 0.1, 1.0), 1).astype(str).astype(object)
        self.t.add_columns("positions", len(rows), holder_id=self.c_id[who], issue_id=ISSUE_IDS[issue[rows]],
                           stance=stance, strength=strength, as_of=_iso(days[rows]), source_interaction=ids[rows])

    def planted_positions(self) -> None:
        P = PLANTED
        rows = (
            (P.our_organization, P.transportation, "support", "1.0", "2017-01-26", "", "Adopted in our regional plan."),
            (P.our_organization, P.transit, "support", "0.9", "2017-01-26", "", ""),
            (P.our_organization, "i-housing-elderly", "support", "0.8", "2018-04-19", "", ""),
            (P.our_organization, "i-broadband", "support", "0.8", "2020-10-15", "", ""),
            ("o-regional-chamber", P.transportation, "support", "0.7", "2023-03-01", "", ""),
            (P.power_company, "i-biofuel-power", "support", "0.9", "2024-01-10", "", ""),
            (P.contradicting_official, P.transportation, "support", "0.7", "2026-04-08", P.contradiction_meeting, ""),
            (P.contradicting_official, P.transportation, "oppose", "0.8", "2026-04-29", P.contradiction_letter, ""),
            (P.opposing_official, P.transportation, "support", "0.6", "2022-03-15", "x-reyes-meeting", ""),
            (P.opposing_official, P.transportation, "oppose", "0.9", "2025-02-18", "x-reyes-testimony", ""),
            (P.recent_negative_contact, P.transit, "oppose", "0.8", "2026-10-20", P.recent_negative_interaction, ""),
        )
        for holder, issue, stance, strength, as_of, source, note in rows:
            self.t.add("positions", holder_id=holder, issue_id=issue, stance=stance, strength=strength, as_of=as_of,
                       source_interaction=source, note=note)


def _meeting_days(weekday: int, nth: int, months) -> list[int]:
    """Day numbers of "the nth weekday of these months" from DEMO_START to DEMO_TODAY."""
    days = []
    for year in range(DEMO_START.year, DEMO_TODAY.year + 1):
        for month in months:
            first = dt.date(year, month, 1)
            day = first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
            if DEMO_START <= day <= DEMO_TODAY:
                days.append(_day(day))
    return days


# ---------------------------------------------------------------------------
# The region ends on the day it is made. It is drawn once, ending on the fixed
# ANCHOR (so a seed always gives the same draws), then every date in every cell
# moves by the same number of days: each planted case keeps its distance from
# the end day, and ids and titles that carry a date ("n-rtc-2026-09-01") move
# with it.

_ISO = r"\d{4}-\d{2}-\d{2}"


def shift_dates(tables: dict[str, pd.DataFrame], days: int) -> dict[str, pd.DataFrame]:
    """Every ISO date in every cell moved by ``days`` (a new dict; the frames are copied).

    >>> frame = pd.DataFrame({"id": ["n-rtc-2026-09-01", ""], "meeting_date": ["2026-09-01", ""]})
    >>> shift_dates({"notices": frame}, 366)["notices"].values.tolist()
    [['n-rtc-2027-09-02', '2027-09-02'], ['', '']]
    """
    if not days:
        return tables
    step = pd.Timedelta(days=days)
    moved = {}
    for name, frame in tables.items():
        frame = frame.copy()
        for column in frame.columns:
            text = frame[column].astype(str)
            has_date = text.str.contains(_ISO, regex=True)
            if not has_date.any():
                continue
            whole = text.str.fullmatch(_ISO)
            if (whole | ~has_date).all():  # a date column: one vectorised pass
                shifted = (pd.to_datetime(text[whole], format="%Y-%m-%d") + step).dt.strftime("%Y-%m-%d")
                frame.loc[whole, column] = shifted.astype(object)
            else:  # ids, titles and notes that mention a date
                frame.loc[has_date, column] = text[has_date].str.replace(_ISO, lambda m: _shift_one(m.group(0), days),
                                                                         regex=True).astype(object)
        moved[name] = frame
    return moved


def _shift_one(iso: str, days: int) -> str:
    return (dt.date.fromisoformat(iso) + dt.timedelta(days=days)).isoformat()
