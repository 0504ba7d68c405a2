"""The CivicGraph graph model: one definition, from which both engines' schemas,
the write queries and the import format are generated.

Every node has a string key ``id``, a ``confidentiality`` level and a ``source``
(where the fact came from: ``contacts.csv:14`` or ``openstates:ocd-person/...``).
Every relationship has the same three, so that re-imports MERGE on a stable key
and every fact keeps its provenance.

Only names from this module are ever pasted into Cypher text.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field


# Internal tables: not model nodes, never imported, exported or shown by named queries.
META_LABEL = "CivicGraphMeta"  # key/value facts about the store (data version, audit head)
AUDIT_LABEL = "AuditEntry"  # the hash-chained audit log (graph/audit.py)


class Confidentiality(str, enum.Enum):
    PUBLIC = "public"
    INTERNAL = "internal"
    CONFIDENTIAL = "confidential"

    @property
    def rank(self) -> int:
        return _CONF_ORDER.index(self)

    @classmethod
    def visible_to(cls, clearance: "Confidentiality | str") -> list[str]:
        """The levels a viewer with ``clearance`` may see, e.g. internal -> [public, internal]."""
        level = cls(clearance)
        return [c.value for c in _CONF_ORDER[: level.rank + 1]]


_CONF_ORDER = [Confidentiality.PUBLIC, Confidentiality.INTERNAL, Confidentiality.CONFIDENTIAL]


class ContactKind(str, enum.Enum):
    ELECTED_OFFICIAL = "elected_official"
    AGENCY_STAFF = "agency_staff"
    REPORTER = "reporter"
    BUSINESS = "business"
    NONPROFIT = "nonprofit"
    RESIDENT = "resident"
    OUR_STAFF = "our_staff"
    OTHER = "other"


class ContactStatus(str, enum.Enum):
    ACTIVE = "active"
    LEFT_OFFICE = "left_office"
    RETIRED = "retired"
    DECEASED = "deceased"


class OrgType(str, enum.Enum):
    CITY = "city"
    COUNTY = "county"
    COUNCIL_OF_GOVERNMENTS = "council_of_governments"
    STATE_AGENCY = "state_agency"
    FEDERAL_AGENCY = "federal_agency"
    LEGISLATURE = "legislature"
    CHAMBER = "chamber"
    COMMITTEE = "committee"
    BOARD = "board"
    SPECIAL_DISTRICT = "special_district"
    TRANSIT_AUTHORITY = "transit_authority"
    UTILITY = "utility"
    REGULATOR = "regulator"
    COMPANY = "company"
    NONPROFIT = "nonprofit"
    HOSPITAL = "hospital"
    SCHOOL = "school"
    WORKFORCE_BOARD = "workforce_board"
    MEDIA_OUTLET = "media_outlet"
    ASSOCIATION = "association"
    PARTY = "party"
    OUR_ORGANIZATION = "our_organization"
    OTHER = "other"


class JurisdictionLevel(str, enum.Enum):
    COUNTRY = "country"
    STATE = "state"
    REGION = "region"
    COUNTY = "county"
    CITY = "city"
    DISTRICT = "district"


class InteractionKind(str, enum.Enum):
    MEETING = "meeting"
    CALL = "call"
    LETTER = "letter"
    EMAIL = "email"
    EVENT = "event"
    NOTICE = "notice"
    TESTIMONY = "testimony"
    ARTICLE = "article"


class Sentiment(str, enum.Enum):
    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"


class Stance(str, enum.Enum):
    SUPPORT = "support"
    OPPOSE = "oppose"
    NEUTRAL = "neutral"
    MIXED = "mixed"


class AffiliationKind(str, enum.Enum):
    WORKS_AT = "works_at"
    MEMBER_OF = "member_of"
    HOLDS_OFFICE = "holds_office"


class ExpertiseKind(str, enum.Enum):
    EXPERTISE = "expertise"  # contact HAS_EXPERTISE issue
    COVERS = "covers"  # reporter COVERS issue (beat)
    FOCUS = "focus"  # organization FOCUSES_ON issue


class TieKind(str, enum.Enum):
    # contact -> contact
    KNOWS = "knows"
    OWNS = "owns"  # our staff member owns the relationship with a contact
    # organization -> organization
    PARTNER = "partner"
    FUNDS = "funds"
    REGULATES = "regulates"
    MEMBER_OF = "member_of"
    CONFLICT = "conflict"
    LITIGATION = "litigation"


CONTACT_TIES = {TieKind.KNOWS, TieKind.OWNS}
ORG_TIES = set(TieKind) - CONTACT_TIES


class ParticipantRole(str, enum.Enum):
    ATTENDEE = "attendee"
    ORGANIZER = "organizer"
    SENDER = "sender"
    RECIPIENT = "recipient"
    CC = "cc"
    BCC = "bcc"  # stored as confidential: only viewers cleared for confidential see blind copies
    AUTHOR = "author"


class DeliveryStatus(str, enum.Enum):
    SENT = "sent"
    DELIVERED = "delivered"
    BOUNCED = "bounced"
    FAILED = "failed"


class Role(str, enum.Enum):
    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"


# ---------------------------------------------------------------------------
# Property types, shared by both engines (dialect.py maps them to DDL types).

STRING, INT, FLOAT, BOOL, DATE = "STRING", "INT64", "DOUBLE", "BOOLEAN", "DATE"
# between the items (ISO days, counts) of ENGAGED_ON's history text; graph/dialect.py's history_*
# fragments split on it
HISTORY_SEPARATOR = " "


@dataclass(frozen=True)
class Prop:
    name: str
    type: str = STRING
    doc: str = ""
    enum: type[enum.Enum] | None = None
    required: bool = False


COMMON = (
    Prop("id", doc="stable key; re-importing the same id updates the record", required=True),
    Prop("confidentiality", doc="public / internal / confidential (default public)", enum=Confidentiality),
    Prop("source", doc="where the fact came from (file:row or source system id)"),
)


@dataclass(frozen=True)
class NodeType:
    label: str
    props: tuple[Prop, ...]
    doc: str = ""
    indexes: tuple[str, ...] = ()  # properties other than id that lookups use

    @property
    def all_props(self) -> tuple[Prop, ...]:
        return COMMON + self.props

    def prop(self, name: str) -> Prop:
        return next(p for p in self.all_props if p.name == name)


@dataclass(frozen=True)
class RelType:
    type: str
    pairs: tuple[tuple[str, str], ...]  # (from label, to label)
    props: tuple[Prop, ...] = ()
    doc: str = ""
    derived: bool = False  # maintained by CivicGraph from other records, never imported or exported

    @property
    def all_props(self) -> tuple[Prop, ...]:
        return COMMON + self.props


DATED = (Prop("start_date", DATE), Prop("end_date", DATE))

JURISDICTION = NodeType(
    "Jurisdiction",
    (
        Prop("name", required=True),
        Prop("level", enum=JurisdictionLevel, required=True),
        Prop("ocd_id", doc="Open Civic Data id, if known"),
        Prop("parent_id", doc="the jurisdiction it is part of (a city's county)"),
    ),
    doc="A state, region, county, city or district.",
    indexes=("name",),
)

ORGANIZATION = NodeType(
    "Organization",
    (
        Prop("name", required=True),
        Prop("type", enum=OrgType, required=True),
        Prop("sector", doc="public / private / nonprofit / media, or a free-text industry"),
        Prop("description"),
        Prop("email"),
        Prop("phone"),
        Prop("address"),
        Prop("website"),
        Prop("jurisdiction_id", doc="the jurisdiction it serves or sits in"),
        Prop("parent_id", doc="the parent organization (a committee's chamber)"),
        Prop("aliases", doc="other names, separated by ';'"),
    ),
    doc="Any body: city, county, agency, committee, utility, company, outlet...",
    indexes=("name", "type"),
)

CONTACT = NodeType(
    "Contact",
    (
        Prop("name", required=True, doc="full name as it should be shown"),
        Prop("honorific", doc="Hon., Sen., Dr. ..."),
        Prop("given_name"),
        Prop("middle_name"),
        Prop("family_name"),
        Prop("suffix", doc="Jr., III ..."),
        Prop("nickname"),
        Prop("title", doc="current job or office title"),
        Prop("kind", enum=ContactKind, required=True),
        Prop("email"),
        Prop("phone"),
        Prop("address"),
        Prop("party"),
        Prop("birth_date", DATE),
        Prop("jurisdiction_id"),
        Prop("status", enum=ContactStatus, doc="active / left_office / retired / deceased (default active)"),
        Prop("status_date", DATE, doc="when the status began (date of death, of leaving office)"),
        Prop("do_not_contact", BOOL),
        Prop("do_not_contact_channel", doc="all / email / phone / mail"),
        Prop("leaving_date", DATE, doc="for our staff: the date they leave us"),
        Prop("other_names", doc="name variants, separated by ';'"),
        Prop("identifiers", doc="ids in other systems as scheme:id, separated by ';' "
                                "(bioguide:C000141;openstates:ocd-person/...); people are matched on them"),
        Prop("notes"),
    ),
    doc="A person.",
    indexes=("name", "kind", "email"),
)

ISSUE = NodeType(
    "Issue",
    (
        Prop("name", required=True),
        Prop("parent_id", doc="the broader issue (transit -> transportation)"),
        Prop("keywords", doc="words that signal the issue, separated by ';'"),
        Prop("description"),
    ),
    doc="A policy issue.",
    indexes=("name",),
)

INTERACTION = NodeType(
    "Interaction",
    (
        Prop("kind", enum=InteractionKind, required=True),
        Prop("date", DATE, required=True),
        Prop("time", doc="time of day as HH:MM (24-hour), if known: mail and calendars give it"),
        Prop("subject", doc="what it was about, in a few words (a message may have none)"),
        Prop("summary"),
        Prop("sentiment", enum=Sentiment, doc="positive / neutral / negative"),
        Prop("recorded_by", doc="the id of the staff member who logged it"),
    ),
    doc="A meeting, call, letter, e-mail, event, notice...",
    indexes=("date",),
)

NOTICE = NodeType(
    "Notice",
    (
        Prop("title", required=True),
        Prop("body_id", doc="the organization whose members must receive it", required=True),
        Prop("meeting_date", DATE),
        Prop("deadline", DATE, required=True, doc="the date by which it must be delivered"),
        Prop("sent_date", DATE),
        Prop("audience_rule", doc="members_of_body (default) or members_of_body+listed"),
    ),
    doc="A notice or agenda that must go out to an audience by a deadline.",
    indexes=("deadline",),
)

NODES: tuple[NodeType, ...] = (JURISDICTION, ORGANIZATION, CONTACT, ISSUE, INTERACTION, NOTICE)
NODE_BY_LABEL = {n.label: n for n in NODES}

C, O, J, I, X, N = "Contact", "Organization", "Jurisdiction", "Issue", "Interaction", "Notice"

RELS: tuple[RelType, ...] = (
    RelType("WORKS_AT", ((C, O),), (Prop("role"), Prop("title"), *DATED)),
    RelType("MEMBER_OF", ((C, O),), (Prop("role"), Prop("title"), *DATED)),
    RelType(
        "HOLDS_OFFICE",
        ((C, O),),
        (Prop("role"), Prop("title"), Prop("district"), *DATED, Prop("end_reason")),
    ),
    RelType(
        "TAKES_POSITION",
        ((C, I), (O, I)),
        (
            Prop("stance", enum=Stance),
            Prop("strength", FLOAT),
            Prop("as_of", DATE),
            Prop("source_interaction", doc="id of the interaction where it was stated"),
            Prop("note"),
        ),
    ),
    RelType("HAS_EXPERTISE", ((C, I),), (Prop("level"), Prop("derived", BOOL), Prop("method"))),
    RelType("COVERS", ((C, I),), (Prop("since", DATE),)),
    RelType(
        "FOCUSES_ON",
        ((O, I),),
        (
            Prop("derived", BOOL, doc="true if matched from names/keywords, not stated"),
            Prop("method", doc="how a derived link was found (the matched words)"),
            Prop("review", doc="pending / accepted / rejected (derived links only)"),
        ),
    ),
    RelType("KNOWS", ((C, C),), (Prop("strength", FLOAT), *DATED, Prop("note"))),
    RelType("OWNS", ((C, C),), (Prop("role", doc="primary / secondary"), *DATED)),
    RelType(
        "TIED_TO",
        ((O, O),),
        (Prop("kind", enum=TieKind), Prop("note"), Prop("sensitive", BOOL), *DATED),
    ),
    RelType("PARTICIPATED_IN", ((C, X),), (Prop("role", enum=ParticipantRole),)),
    RelType(
        "ABOUT",
        ((X, I), (N, I)),
        (
            Prop("derived", BOOL, doc="true if matched from the subject's words, not stated"),
            Prop("method", doc="how a derived link was found (the matched keyword)"),
        ),
    ),
    RelType("INVOLVES", ((X, O),)),
    RelType("IN_JURISDICTION", ((C, J), (O, J))),
    RelType("PART_OF", ((J, J), (O, O), (I, I))),
    RelType("FOR_BODY", ((N, O),)),
    RelType("ADDRESSED_TO", ((N, C),), doc="contacts listed in the notice's audience on top of the body"),
    RelType(
        "DELIVERED",
        ((N, C),),
        (
            Prop("channel"),
            Prop("sent_date", DATE),
            Prop("delivered_date", DATE),
            Prop("status", enum=DeliveryStatus),
        ),
    ),
    # Derived, never imported: ingest/engagement.py rebuilds it after an import and updates it when
    # an interaction is logged. Per confidentiality level (the highest of the interaction, the
    # participation or INVOLVES link, the ABOUT link and the issue path), the number of distinct
    # interactions about the issue or any issue below it, and the latest one's date. A reader sums
    # only the levels its viewer may see; the relationship's own confidentiality is its lowest
    # level with a count, so a viewer who may not see any of them does not see it at all.
    # Its history (ingest/engagement_history.py), per level L, as text: days_L, the days with at
    # least one such interaction at level L as ISO dates, ascending, separated by one space, and
    # upto_L, the count at level L up to and including each of those days, the same way; NULL where
    # the level has none. engagement_as_of reads the counts as they stood on any date from them (the
    # position of the last day on or before it). Text, not lists: Ladybug commits list columns on a
    # relationship table slowly (docs/import-format.md), and ISO dates sort as text.
    RelType(
        "ENGAGED_ON",
        ((C, I), (O, I)),
        (
            Prop("n_public", INT), Prop("n_internal", INT), Prop("n_confidential", INT),
            Prop("last_public", DATE), Prop("last_internal", DATE), Prop("last_confidential", DATE),
            Prop("days_public", STRING), Prop("days_internal", STRING), Prop("days_confidential", STRING),
            Prop("upto_public", STRING), Prop("upto_internal", STRING), Prop("upto_confidential", STRING),
        ),
        doc="derived: how often a person or organization dealt with an issue (and the issues below it), "
            "per confidentiality level, and on which days",
        derived=True,
    ),
)
REL_BY_TYPE = {r.type: r for r in RELS}

AFFILIATION_REL = {
    AffiliationKind.WORKS_AT: "WORKS_AT",
    AffiliationKind.MEMBER_OF: "MEMBER_OF",
    AffiliationKind.HOLDS_OFFICE: "HOLDS_OFFICE",
}
EXPERTISE_REL = {
    ExpertiseKind.EXPERTISE: "HAS_EXPERTISE",
    ExpertiseKind.COVERS: "COVERS",
    ExpertiseKind.FOCUS: "FOCUSES_ON",
}


@dataclass
class GraphStats:
    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)
