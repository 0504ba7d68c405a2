"""One family of errors. Each names the input it is about and the next step."""
from __future__ import annotations


class CivicGraphError(Exception):
    """Base of every error CivicGraph raises on purpose. The message is for the user."""


class StoreBusy(CivicGraphError):
    """Another process holds the embedded database for writing."""


class StoreError(CivicGraphError):
    """The store could not be opened or answered with an error."""


class DiskFull(StoreError):
    """The disk holding the store is full: the write was not stored."""


class NotFound(CivicGraphError):
    """A record named by the user does not exist."""


class QueryError(CivicGraphError):
    """A named query was asked for wrongly (unknown name, missing or unknown parameter)."""


class PermissionDenied(CivicGraphError):
    """The viewer's role does not allow this action."""


class InputError(CivicGraphError):
    """A file or value given by the user cannot be read."""
