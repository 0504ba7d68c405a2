"""Field-level redaction for public records: which fields a public release leaves out, and why.

Public-records laws exempt personal data even in records that are otherwise public, so a
release redacts *fields*, not only rows. :data:`DEFAULT_POLICY` names each redacted field of
each canonical table with the reason given in the redaction log; the ``redact_fields``
setting replaces it (``table.column`` names, comma-separated, or ``none``).

Applied wherever a viewer below the policy's clearance (public) reads: ``export
--public-records`` (and any export at public clearance, the dashboard's Data page included),
named queries' columns of the same names (``queries.run``), the network tables behind the
insights (a staff member's leaving date), and - through ``$withheld`` (:func:`withheld`),
which every read is given - a tie's note wherever a query returns it under another name
(history, the list check, map tooltips).

>>> sorted(policy("contacts.phone, ties.note"))
[('contacts', 'phone'), ('ties', 'note')]
>>> policy("none")
{}
"""
from __future__ import annotations

from typing import Any

from graph import settings
from graph.model import Confidentiality
from graph.viewer import Viewer

PERSONAL = "personal data, exempt from public-records release"
DEFAULT_POLICY: dict[tuple[str, str], str] = {
    ("contacts", "phone"): f"personal phone number: {PERSONAL}",
    ("contacts", "email"): f"personal e-mail address: {PERSONAL}",
    ("contacts", "address"): f"personal address: {PERSONAL}",
    ("contacts", "birth_date"): f"birth date: {PERSONAL}",
    ("contacts", "do_not_contact"): f"a person's contact preference: {PERSONAL}",
    ("contacts", "do_not_contact_channel"): f"a person's contact preference: {PERSONAL}",
    ("contacts", "leaving_date"): "a staff member's leaving date: personnel record, exempt from release",
    ("contacts", "notes"): "staff notes: internal deliberation, exempt from release",
    ("ties", "note"): "staff notes on a relationship: internal deliberation, exempt from release",
    ("interactions", "summary"): "staff notes of a meeting: internal deliberation, exempt from release",
}


def policy(value: str | None = None) -> dict[tuple[str, str], str]:
    """The redaction policy: the ``redact_fields`` setting if set, else :data:`DEFAULT_POLICY`."""
    value = settings.get("redact_fields") if value is None else value
    value = (value or "").strip()
    if not value:
        return dict(DEFAULT_POLICY)
    if value.lower() == "none":
        return {}
    out = {}
    for item in value.split(","):
        table, _, column = item.strip().partition(".")
        if table and column:
            out[(table, column)] = DEFAULT_POLICY.get((table, column), "redacted by this agency's policy "
                                                      "(CIVICGRAPH_REDACT_FIELDS)")
    return out


CLEARANCE = Confidentiality.INTERNAL  # the policy's fields are shown from this clearance up


def applies_to(viewer: Viewer) -> bool:
    """Whether the policy hides its fields from ``viewer`` (clearance below :data:`CLEARANCE`)."""
    return viewer.clearance.rank < CLEARANCE.rank


def withheld(viewer: Viewer, rules: dict[tuple[str, str], str] | None = None) -> list[str]:
    """The ``table.column`` fields ``viewer`` may not see: the ``$withheld`` every read is given,
    so a query can blank a field it returns under another name
    (``CASE WHEN 'ties.note' IN $withheld THEN NULL ELSE t.note END``).

    >>> from graph.model import Role
    >>> withheld(Viewer("clerk", Role.VIEWER, Confidentiality.PUBLIC), {("ties", "note"): ""})
    ['ties.note']
    >>> withheld(Viewer("analyst", Role.VIEWER, Confidentiality.INTERNAL), {("ties", "note"): ""})
    []
    """
    if not applies_to(viewer):
        return []
    return sorted(f"{table}.{column}" for table, column in (policy() if rules is None else rules))


_ANSWER_TABLES = ("contacts", "interactions")  # their column names mean the same in every answer


def redacted_columns(rules: dict[tuple[str, str], str] | None = None) -> set[str]:
    """Column names redacted in answers for public viewers: the policy's contact and interaction
    fields (``phone``, ``birth_date``, ``leaving_date``, ``summary``...). A tie's ``note`` is not
    matched by name (answers call other things "note" too): exports redact it by table.

    >>> sorted(redacted_columns({("contacts", "phone"): "", ("ties", "note"): ""}))
    ['phone']
    """
    return {column for table, column in (policy() if rules is None else rules) if table in _ANSWER_TABLES}


def redact_rows(rows: list[dict[str, Any]], columns: set[str]) -> list[dict[str, Any]]:
    """Rows with the values of ``columns`` set to None."""
    if not rows or not columns & set(rows[0]):
        return rows
    return [{k: (None if k in columns else v) for k, v in r.items()} for r in rows]
