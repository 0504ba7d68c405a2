"""The canonical import format: twelve tables, each a CSV file in a folder, a
sheet of one Excel workbook, or a JSON Lines file.

Node tables carry the model's properties as columns; a few extra columns
(``parent_id``, ``jurisdiction_id``, ``issue_ids``...) also create
relationships. Link tables (affiliations, positions, ...) create relationships
only. docs/import-format.md documents every column; tests/test_import_docs.py
checks that it matches this module.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass

from graph import model as m


@dataclass(frozen=True)
class Column:
    name: str
    type: str = m.STRING
    required: bool = False
    enum: type[enum.Enum] | None = None
    doc: str = ""
    list: bool = False  # several values separated by ';'
    refers_to: tuple[str, ...] = ()  # labels of the records this column points to
    bounds: tuple[float, float] | None = None  # numbers: the documented range, ends included


@dataclass(frozen=True)
class TableSpec:
    name: str  # file stem: contacts -> contacts.csv / sheet "contacts"
    columns: tuple[Column, ...]
    doc: str
    node: str | None = None  # label, for node tables
    key: tuple[str, ...] = ("id",)  # columns that make a row unique

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _node_columns(node: m.NodeType, *extra: Column) -> tuple[Column, ...]:
    cols = [
        Column(p.name, p.type, p.required, p.enum, p.doc,
               refers_to=_REF.get((node.label, p.name), ()))
        for p in node.all_props
    ]
    return tuple(cols) + extra


# Which node property points at which kind of record (also creates a relationship).
_REF = {
    ("Jurisdiction", "parent_id"): ("Jurisdiction",),
    ("Organization", "parent_id"): ("Organization",),
    ("Organization", "jurisdiction_id"): ("Jurisdiction",),
    ("Contact", "jurisdiction_id"): ("Jurisdiction",),
    ("Issue", "parent_id"): ("Issue",),
    ("Interaction", "recorded_by"): ("Contact",),
    ("Notice", "body_id"): ("Organization",),
}

CONF = Column("confidentiality", enum=m.Confidentiality, doc="public / internal / confidential (default public)")
SOURCE = Column("source", doc="where the fact came from; filled with file:row when empty")
LINK_ID = Column("id", doc="optional stable key; derived from the other key columns when empty")

TABLES: tuple[TableSpec, ...] = (
    TableSpec("jurisdictions", _node_columns(m.JURISDICTION), "States, regions, counties, cities, districts.", "Jurisdiction"),
    TableSpec("organizations", _node_columns(m.ORGANIZATION), "Every body we deal with.", "Organization"),
    TableSpec("contacts", _node_columns(m.CONTACT), "People.", "Contact"),
    TableSpec("issues", _node_columns(m.ISSUE), "Policy issues and their hierarchy.", "Issue"),
    TableSpec(
        "interactions",
        _node_columns(
            m.INTERACTION,
            Column("issue_ids", list=True, refers_to=("Issue",), doc="issues it was about"),
            Column("organization_ids", list=True, refers_to=("Organization",), doc="organizations it involved"),
        ),
        "Meetings, calls, letters, e-mails, events.",
        "Interaction",
    ),
    TableSpec(
        "notices",
        _node_columns(
            m.NOTICE,
            Column("audience_ids", list=True, refers_to=("Contact",), doc="contacts who must get it on top of the body's members"),
            Column("issue_ids", list=True, refers_to=("Issue",), doc="issues on the agenda"),
        ),
        "Notices and agendas with a delivery deadline.",
        "Notice",
    ),
    TableSpec(
        "affiliations",
        (
            LINK_ID,
            Column("contact_id", required=True, refers_to=("Contact",)),
            Column("organization_id", required=True, refers_to=("Organization",)),
            Column("kind", required=True, enum=m.AffiliationKind, doc="works_at / member_of / holds_office"),
            Column("role", doc="chair, vice-chair, member, mayor, commissioner ..."),
            Column("title"),
            Column("district"),
            Column("start_date", m.DATE),
            Column("end_date", m.DATE),
            Column("end_reason", doc="resigned, death, term ended ..."),
            CONF, SOURCE,
        ),
        "Who works at, is a member of, or holds office in which organization, and when.",
        key=("contact_id", "organization_id", "kind", "role", "start_date"),
    ),
    TableSpec(
        "positions",
        (
            LINK_ID,
            Column("holder_id", required=True, refers_to=("Contact", "Organization")),
            Column("issue_id", required=True, refers_to=("Issue",)),
            Column("stance", required=True, enum=m.Stance, doc="support / oppose / neutral / mixed"),
            Column("strength", m.FLOAT, doc="0 to 1, how strongly", bounds=(0.0, 1.0)),
            Column("as_of", m.DATE, required=True, doc="when the stance was stated"),
            Column("source_interaction", refers_to=("Interaction",), doc="the interaction where it was stated"),
            Column("note"),
            CONF, SOURCE,
        ),
        "Stances on issues, dated; several per holder and issue make a history.",
        key=("holder_id", "issue_id", "as_of", "source_interaction"),
    ),
    TableSpec(
        "expertise",
        (
            LINK_ID,
            Column("subject_id", required=True, refers_to=("Contact", "Organization")),
            Column("issue_id", required=True, refers_to=("Issue",)),
            Column("kind", required=True, enum=m.ExpertiseKind,
                   doc="expertise (a person) / covers (a reporter's beat) / focus (an organization)"),
            Column("level", doc="for expertise: expert / working / basic"),
            Column("since", m.DATE, doc="for covers: since when"),
            CONF, SOURCE,
        ),
        "Who knows about, covers, or focuses on which issue.",
        key=("subject_id", "issue_id", "kind"),
    ),
    TableSpec(
        "ties",
        (
            LINK_ID,
            Column("from_id", required=True, refers_to=("Contact", "Organization")),
            Column("to_id", required=True, refers_to=("Contact", "Organization")),
            Column("kind", required=True, enum=m.TieKind,
                   doc="knows / owns (people; owns = our staff member holds the relationship) or "
                       "partner / funds / regulates / member_of / conflict / litigation (organizations)"),
            Column("strength", m.FLOAT, doc="for knows: 0 to 1", bounds=(0.0, 1.0)),
            Column("role", doc="for owns: primary / secondary"),
            Column("start_date", m.DATE),
            Column("end_date", m.DATE),
            Column("note"),
            Column("sensitive", m.BOOL, doc="true marks a political landmine"),
            CONF, SOURCE,
        ),
        "Ties between people and between organizations.",
        key=("from_id", "to_id", "kind"),
    ),
    TableSpec(
        "participants",
        (
            LINK_ID,
            Column("interaction_id", required=True, refers_to=("Interaction",)),
            Column("contact_id", required=True, refers_to=("Contact",)),
            Column("role", enum=m.ParticipantRole, doc="attendee / organizer / sender / recipient / cc / bcc / author; bcc links are stored as confidential"),
            CONF, SOURCE,
        ),
        "Who took part in an interaction, and how.",
        key=("interaction_id", "contact_id", "role"),
    ),
    TableSpec(
        "deliveries",
        (
            LINK_ID,
            Column("notice_id", required=True, refers_to=("Notice",)),
            Column("contact_id", required=True, refers_to=("Contact",)),
            Column("channel", doc="email / mail / hand / fax"),
            Column("sent_date", m.DATE, required=True),
            Column("delivered_date", m.DATE),
            Column("status", enum=m.DeliveryStatus, doc="sent / delivered / bounced / failed"),
            CONF, SOURCE,
        ),
        "Each copy of a notice sent to a person.",
        key=("notice_id", "contact_id", "channel"),
    ),
)
TABLE_BY_NAME = {t.name: t for t in TABLES}
# Load order: a row may only point at records of tables loaded before it or in the same import.
LOAD_ORDER = [
    "jurisdictions", "organizations", "issues", "contacts", "interactions", "notices",
    "affiliations", "positions", "expertise", "ties", "participants", "deliveries",
]

# node-table columns that also create a relationship: column -> (rel type, target label)
DERIVED = {
    ("Jurisdiction", "parent_id"): ("PART_OF", "Jurisdiction"),
    ("Organization", "parent_id"): ("PART_OF", "Organization"),
    ("Organization", "jurisdiction_id"): ("IN_JURISDICTION", "Jurisdiction"),
    ("Contact", "jurisdiction_id"): ("IN_JURISDICTION", "Jurisdiction"),
    ("Issue", "parent_id"): ("PART_OF", "Issue"),
    ("Interaction", "issue_ids"): ("ABOUT", "Issue"),
    ("Interaction", "organization_ids"): ("INVOLVES", "Organization"),
    ("Notice", "body_id"): ("FOR_BODY", "Organization"),
    ("Notice", "audience_ids"): ("ADDRESSED_TO", "Contact"),
    ("Notice", "issue_ids"): ("ABOUT", "Issue"),
}

# link table -> endpoint columns
ENDPOINTS = {
    "affiliations": ("contact_id", "organization_id"),
    "positions": ("holder_id", "issue_id"),
    "expertise": ("subject_id", "issue_id"),
    "ties": ("from_id", "to_id"),
    "participants": ("contact_id", "interaction_id"),
    "deliveries": ("notice_id", "contact_id"),
}
