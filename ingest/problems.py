"""A problem found in the user's input: where it is, what is wrong, how to fix it."""
from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # the user's row number (the header is row 1); None for the whole file
    column: str | None
    value: str
    message: str
    fix: str
    # error: the row was rejected; warning: loaded, but look; row: (readers only) the
    # whole row cannot be trusted, validation turns it into a rejection
    severity: str = "error"

    def __str__(self) -> str:
        place = self.file
        if self.row is not None:
            place += f" row {self.row}"
        if self.column:
            place += f', column "{self.column}"'
        value = f' "{self.value}"' if self.value else ""
        return f"{place}:{value} {self.message} - {self.fix}"

    def as_dict(self) -> dict:
        return asdict(self)


def problems_frame(problems: list[dict]) -> pd.DataFrame:
    """Problems (``Problem.as_dict()``) as a table whose rows stay whole numbers (4, not 4.0)
    even when some problems concern a whole file (no row)."""
    frame = pd.DataFrame(problems)
    if "row" in frame:
        frame["row"] = frame["row"].astype("Int64")
    return frame
