"""What the demo region is made of: its sizes, the word lists names are drawn from, and the
hand-written geography, issues, organizations, seats and staff (the same at every size and seed)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


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
    # between the two, so the benchmarks show how each cost grows (demo -> medium -> benchmark)
    "medium": RegionSize("medium", contacts=20_000, organizations=4_000, interactions=200_000,
                         staff=40, extra_counties=8, cities_per_extra_county=5),
    "benchmark": RegionSize("benchmark", contacts=100_000, organizations=20_000, interactions=1_000_000,
                            staff=120, extra_counties=34, cities_per_extra_county=6),
}




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
