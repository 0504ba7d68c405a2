"""Read every input format into raw tables of strings, and say which format it was.

``read_source(path)`` accepts a folder of CSV / JSON Lines files, a single such
file named after its table (``contacts.csv``), an Excel workbook with one sheet
per table, or Open States "people" YAML. Values stay strings here; validate.py
gives them types, so that a bad value is reported with its place, not lost.

A big CSV file (``STREAM_BYTES`` or more, or any CSV when ``chunk_rows`` is given)
is not read whole: its RawTable has ``chunks``, which yields it ``chunk_rows``
rows at a time, and the pipeline validates and loads one chunk after another
with bounded memory.
"""
from __future__ import annotations

import codecs
import csv
import enum
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from graph.errors import InputError
from ingest.formats import TABLE_BY_NAME
from ingest.problems import Problem


STREAM_BYTES = 64 * 2**20  # CSV files at least this big are streamed in chunks
CHUNK_ROWS = 100_000
_SNIFF_BYTES = 2**20


class Format(str, enum.Enum):
    CSV_FOLDER = "csv folder"
    CSV_FILE = "csv file"
    EXCEL = "excel workbook"
    JSONL = "json lines"
    OPENSTATES = "open states people"
    TABLES = "tables in memory"


@dataclass
class RawTable:
    name: str  # canonical table name
    file: str  # what the user calls it in messages: contacts.csv, people.xlsx[contacts]
    frame: pd.DataFrame  # all strings, '' for empty
    rows: list[int]  # the user's row number of each frame row (header is row 1)
    broken: dict[int, Problem] = field(default_factory=dict)  # frame index -> why the row cannot be trusted
    # a streamed file: frame is empty (the header's columns) and chunks() yields the rows in parts
    chunks: Callable[[], Iterator["RawTable"]] | None = None


@dataclass
class Source:
    format: Format
    tables: dict[str, RawTable]
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_source(path: str | Path, *, chunk_rows: int | None = None) -> Source:
    """Every table in ``path``, and the format found. CSV files of ``STREAM_BYTES`` or more
    (any CSV if ``chunk_rows`` is given) are streamed ``chunk_rows`` rows at a time."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path} does not exist; give a folder of CSV files, a workbook or a file")
    from ingest import openstates

    if openstates.looks_like_openstates(path):
        result = openstates.read_openstates(path)
        return from_frames(result.tables, Format.OPENSTATES, problems=list(result.problems), origin=path.name)
    if path.is_dir():
        return _read_folder(path, chunk_rows)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls"):
        return _read_workbook(path)
    if suffix in (".csv", ".txt", ".tsv", ".jsonl", ".ndjson"):
        name = _table_name(path)
        source = Source(Format.JSONL if suffix in (".jsonl", ".ndjson") else Format.CSV_FILE, {})
        _add_file(source, name, path, chunk_rows)
        return source
    raise InputError(
        f"{path.name}: CivicGraph reads .csv, .jsonl, .xlsx or Open States .yml; save the file in one of those"
    )


def from_frames(frames: dict[str, pd.DataFrame], fmt: Format = Format.TABLES, *,
                problems: list[Problem] | None = None, origin: str = "") -> Source:
    """Tables already in memory (the demo generator, the Open States reader)."""
    tables = {}
    for name, frame in frames.items():
        if frame.empty:
            continue  # a generator's empty table is not a file the user gave
        label = f"{origin}:{name}" if origin else name
        frame = frame.fillna("").astype(str) if len(frame) else frame.astype(object)
        tables[name] = RawTable(name, label, frame.reset_index(drop=True), list(range(2, len(frame) + 2)))
    return Source(fmt, tables, problems or [])


def _table_name(path: Path) -> str:
    stem = path.stem.lower().removesuffix(".rejected")
    if stem not in TABLE_BY_NAME:
        raise InputError(
            f'{path.name}: the file name must say which table it is ({", ".join(TABLE_BY_NAME)}), '
            f'e.g. contacts.csv; rename "{path.name}"'
        )
    return stem


def _read_folder(folder: Path, chunk_rows: int | None = None) -> Source:
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".csv", ".jsonl", ".ndjson"))
    source = Source(Format.CSV_FOLDER, {})
    if any(p.suffix.lower() in (".jsonl", ".ndjson") for p in files):
        source.format = Format.JSONL
    for path in files:
        if path.stem.lower().endswith(".rejected"):
            continue  # our own reject reports: the user fixes and re-imports them by name
        stem = path.stem.lower()
        if stem not in TABLE_BY_NAME:
            source.problems.append(Problem(path.name, None, None, "", "is not one of CivicGraph's tables; it was not read",
                                           f'rename it to one of {", ".join(TABLE_BY_NAME)} or move it away'))
            continue
        _add_file(source, stem, path, chunk_rows)
    if not source.tables and not source.problems:
        raise InputError(f"{folder} has no CSV or JSON Lines files named after CivicGraph's tables")
    return source


def _add_file(source: Source, name: str, path: Path, chunk_rows: int | None = None) -> None:
    if name in source.tables:
        source.problems.append(Problem(path.name, None, None, "", f"a second file for table {name}; it was not read",
                                       "keep one file per table"))
        return
    is_csv = path.suffix.lower() not in (".jsonl", ".ndjson")
    if is_csv and (chunk_rows or path.stat().st_size >= STREAM_BYTES):
        _add_streamed(source, name, path, chunk_rows or CHUNK_ROWS)
        return
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        frame, rows, problems = _read_jsonl(path)
    else:
        frame, rows, problems = _read_csv(path, source)
    row_problems = [p for p in problems if p.row is not None and p.severity == "row"]
    source.problems.extend(p for p in problems if p.severity != "row")
    if frame is not None:
        by_row = {r: i for i, r in enumerate(rows)}
        broken = {by_row[p.row]: p for p in row_problems if p.row in by_row}
        source.problems.extend(mojibake(frame, rows, path.name))
        source.tables[name] = RawTable(name, path.name, frame, rows, broken)


def _add_streamed(source: Source, name: str, path: Path, chunk_rows: int) -> None:
    """A CSV read ``chunk_rows`` rows at a time; the header is checked now, the rows on demand."""
    with path.open("rb") as fh:
        sample = fh.read(_SNIFF_BYTES)
    encoding = _stream_encoding(sample, path.name)
    if encoding != "utf-8-sig":
        source.notes.append(f"{path.name} is not UTF-8; read it as {encoding}. Check accented names, "
                            "or save it as UTF-8")
    with path.open(encoding=encoding, newline="") as fh:
        header = next(csv.reader(fh), None)
    if header is None:
        source.problems.append(Problem(path.name, None, None, "", "is empty", "add a header row and rows"))
        return
    columns, header_problems = _columns(header, path.name)
    source.problems.extend(header_problems)
    names = [c for c in columns if c]
    source.notes.append(f"{path.name} is read in parts of {chunk_rows:,} rows to keep memory bounded")

    def chunks() -> Iterator[RawTable]:
        with path.open(encoding=encoding, newline="") as fh:
            reader = SpreadsheetRows(csv.reader(fh))
            warned = 0
            try:
                next(reader)
                while True:
                    records, rows, problems = _records(reader, columns, path.name, limit=chunk_rows)
                    if not records:
                        return
                    frame = pd.DataFrame(records, columns=names, dtype=object).fillna("")
                    by_row = {r: i for i, r in enumerate(rows)}
                    broken = {by_row[p.row]: p for p in problems if p.row in by_row}
                    table = RawTable(name, path.name, frame, rows, broken)
                    if warned < 20:  # a few examples are enough to act on
                        found = mojibake(frame, rows, path.name)
                        warned += len(found)
                        source.problems.extend(found)
                    yield table
            except UnicodeDecodeError as exc:
                raise InputError(f"{path.name}: a few rows after row {reader.row} the file is not "
                                 f"{encoding} any more ({exc.reason}); the rows before were imported. Save the "
                                 "whole file as UTF-8 and import it again") from None

    source.tables[name] = RawTable(name, path.name, pd.DataFrame(columns=names, dtype=object), [], chunks=chunks)


def _stream_encoding(sample: bytes, file: str) -> str:
    """The encoding of a file from its first megabyte (a cut multi-byte character at the end is fine)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        return _not_utf8(sample, file)


# UTF-8 text that was once decoded as cp1252 (or Latin-1) and saved again: "CafÃ©" for "Café"
_MOJIBAKE = re.compile("[ÂÃÄÅ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                       "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
                       "|â€")


def repair_mojibake(text: str) -> str | None:
    """The text as it was before a wrong cp1252 decoding, or None if that is not what happened.

    >>> repair_mojibake("CafÃ© OlÃ©"), repair_mojibake("Café")
    ('Café Olé', None)
    """
    if not _MOJIBAKE.search(text):
        return None
    try:
        fixed = text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return fixed if fixed != text else None


def mojibake(frame: pd.DataFrame, rows: list[int], file: str, *, limit: int = 5) -> list[Problem]:
    """Warnings for values that look like UTF-8 read as cp1252 and saved ("CafÃ©"); loaded as given."""
    found: list[Problem] = []
    total = 0
    for col in frame.columns:
        values = frame[col]
        if values.dtype != object:
            continue
        hits = values.astype(str).str.contains(_MOJIBAKE, regex=True)
        for idx in hits[hits].index:
            fixed = repair_mojibake(str(values[idx]))
            if fixed is None:
                continue
            total += 1
            if len(found) < limit:
                found.append(Problem(file, rows[idx] if idx < len(rows) else None, col, str(values[idx]),
                                     f'looks garbled: probably "{fixed}" saved with the wrong encoding; '
                                     "it was loaded as written",
                                     "open the original in a program that reads UTF-8, save it as UTF-8 "
                                     "and import again", severity="warning"))
    if total > limit:
        found.append(Problem(file, None, None, "", f"{total - limit} more values look garbled the same way",
                             "save the original as UTF-8 and import again", severity="warning"))
    return found


def decode(data: bytes, file: str) -> tuple[str, str]:
    """Text of a file and the encoding it was read with: UTF-8 (with or without BOM), else detected."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = _not_utf8(data, file)
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        raise InputError(f"{file}: cannot tell its text encoding; save it as UTF-8 and import again") from None


def _not_utf8(data: bytes, file: str) -> str:
    """The encoding of text that is not UTF-8: Windows' cp1252 (what spreadsheets here save)
    when it decodes, else the best guess. Guessing first misreads short cp1252 files."""
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{file}: cannot tell its text encoding; save it as UTF-8 and import again")
    return best.encoding


def _read_csv(path: Path, source: Source) -> tuple[pd.DataFrame | None, list[int], list[Problem]]:
    text, encoding = decode(path.read_bytes(), path.name)
    if encoding != "utf-8":
        source.notes.append(f"{path.name} is not UTF-8; read it as {encoding}. Check accented names, "
                            "or save it as UTF-8")
    return parse_csv_text(text, path.name)


def parse_csv_text(text: str, file: str) -> tuple[pd.DataFrame | None, list[int], list[Problem]]:
    reader = SpreadsheetRows(csv.reader(io.StringIO(text, newline="")))
    try:
        header = next(reader)
    except StopIteration:
        return None, [], [Problem(file, None, None, "", "is empty", "add a header row and rows")]
    columns, problems = _columns(header, file)
    records, rows, row_problems = _records(reader, columns, file)
    frame = pd.DataFrame(records, columns=[c for c in columns if c], dtype=object).fillna("")
    return frame, rows, problems + row_problems


def _columns(header: list[str], file: str) -> tuple[list[str | None], list[Problem]]:
    """Lower-case column names (None for a column that is not read) and the header's problems."""
    problems: list[Problem] = []
    header = [h.strip().lstrip("\ufeff") for h in header]
    columns: list[str | None] = []
    for i, h in enumerate(header, start=1):
        if not h:
            problems.append(Problem(file, 1, f"#{i}", "", "a column has no name; its values were not read",
                                    "give the column a header or delete it"))
            columns.append(None)
        elif h.lower() in [c for c in columns if c]:
            problems.append(Problem(file, 1, h, "", f'the column "{h}" appears twice; the second one was not read',
                                    "remove or rename one of them"))
            columns.append(None)
        else:
            columns.append(h.lower())
    return columns, problems


class SpreadsheetRows:
    """A csv reader that numbers its records as a spreadsheet shows them (the first is row 1)."""

    def __init__(self, reader):
        self._reader = reader
        self.row = 0

    def __iter__(self):
        return self

    def __next__(self) -> list[str]:
        record = next(self._reader)
        self.row += 1
        return record


def _records(reader: SpreadsheetRows, columns: list[str | None], file: str, *,
             limit: int | None = None) -> tuple[list[dict], list[int], list[Problem]]:
    """Up to ``limit`` non-empty rows from ``reader`` as dicts, with the user's row numbers.

    The row number is the one a spreadsheet shows (the header is row 1, a blank line is
    a row too): a value with line breaks inside keeps its record on one row, so it is
    the record's position, not the physical line where the record ends.
    """
    problems: list[Problem] = []
    records, rows = [], []
    for record in reader:
        line_no = reader.row
        if not any(v.strip() for v in record):
            continue
        if len(record) > len(columns):
            # the values no longer line up with the header: reject the row rather than guess
            problems.append(Problem(file, line_no, None, "", f"has {len(record)} values but the header has "
                                    f"{len(columns)} columns",
                                    'put values that contain a comma in double quotes, e.g. "April 3, 1975"',
                                    severity="row"))
        records.append({c: (record[i].strip() if i < len(record) else "") for i, c in enumerate(columns) if c})
        rows.append(line_no)
        if limit and len(records) >= limit:
            break
    return records, rows, problems


def _read_jsonl(path: Path) -> tuple[pd.DataFrame | None, list[int], list[Problem]]:
    text, _ = decode(path.read_bytes(), path.name)
    records, rows, problems = [], [], []
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ValueError("not an object")
        except ValueError as exc:
            problems.append(Problem(path.name, line_no, None, line[:60], f"is not a JSON object ({exc})",
                                    'write one JSON object per line, e.g. {"id": "c-1", "name": "Ana Ruiz"}'))
            continue
        records.append({k.lower(): "" if v is None else (("true" if v else "false") if isinstance(v, bool) else
                        (";".join(map(str, v)) if isinstance(v, list) else str(v))) for k, v in obj.items()})
        rows.append(line_no)
    frame = pd.DataFrame(records, dtype=object).fillna("")
    return frame, rows, problems


def _read_workbook(path: Path) -> Source:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise InputError(f"{path.name}: cannot open the workbook ({exc}); save it again as .xlsx") from None
    source = Source(Format.EXCEL, {})
    for sheet in workbook.worksheets:
        name = sheet.title.strip().lower()
        label = f"{path.name}[{sheet.title}]"
        if name not in TABLE_BY_NAME:
            source.problems.append(Problem(label, None, None, "", "is not one of CivicGraph's tables; it was not read",
                                           f'rename the sheet to one of {", ".join(TABLE_BY_NAME)}'))
            continue
        buf = io.StringIO()
        writer = csv.writer(buf)
        for values in sheet.iter_rows(values_only=True):
            writer.writerow(["" if v is None else _cell(v) for v in values])
        frame, rows, problems = parse_csv_text(buf.getvalue(), label)
        source.problems.extend(problems)
        if frame is not None:
            source.tables[name] = RawTable(name, label, frame, rows)
    workbook.close()
    return source


def _cell(value) -> str:
    import datetime as dt

    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_table_file(path: str | Path) -> Source:
    """One file whatever it is called, for lists that are not CivicGraph tables (contact lists to resolve).

    A CSV / TSV / JSON Lines file gives one table, a workbook one table per non-empty
    sheet; tables are keyed by their label (``board.csv``, ``book.xlsx[Sheet1]``).
    Decoding, row numbers and misaligned rows are handled as for imports.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path} does not exist; give the path of a CSV, JSON Lines or Excel file")
    suffix = path.suffix.lower()
    source = Source(Format.CSV_FILE, {})
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        source.format = Format.EXCEL
        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a damaged file
            raise InputError(f"{path.name}: cannot open the workbook ({exc}); save it again as .xlsx") from None
        for sheet in workbook.worksheets:
            buf = io.StringIO()
            writer = csv.writer(buf)
            for values in sheet.iter_rows(values_only=True):
                writer.writerow(["" if v is None else _cell(v) for v in values])
            label = path.name if len(workbook.worksheets) == 1 else f"{path.name}[{sheet.title}]"
            _add_parsed(source, label, *parse_csv_text(buf.getvalue(), label))
        workbook.close()
        return source
    if suffix in (".jsonl", ".ndjson"):
        source.format = Format.JSONL
        _add_parsed(source, path.name, *_read_jsonl(path))
        return source
    if suffix in (".csv", ".txt", ".tsv"):
        text, encoding = decode(path.read_bytes(), path.name)
        if encoding != "utf-8":
            source.notes.append(f"{path.name} is not UTF-8; read it as {encoding}. Check accented names, "
                                "or save it as UTF-8")
        if suffix == ".tsv":
            buf = io.StringIO()
            csv.writer(buf).writerows(csv.reader(io.StringIO(text, newline=""), delimiter="\t"))
            text = buf.getvalue()
        _add_parsed(source, path.name, *parse_csv_text(text, path.name))
        return source
    raise InputError(f"{path.name}: lists must be .csv, .tsv, .jsonl or .xlsx; save it in one of those")


def _add_parsed(source: Source, label: str, frame: pd.DataFrame | None, rows: list[int],
                problems: list[Problem]) -> None:
    source.problems.extend(p for p in problems if p.severity != "row")
    if frame is None or frame.empty:
        return
    by_row = {r: i for i, r in enumerate(rows)}
    broken = {by_row[p.row]: p for p in problems if p.severity == "row" and p.row in by_row}
    source.tables[label] = RawTable(label, label, frame, rows, broken)
