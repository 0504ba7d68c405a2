"""Read every input format into raw tables of strings, and say which format it was.

``rows_from_file(path)`` is the one reader of a single file: CSV, TSV (on tabs),
JSON Lines or an .xlsx workbook, with the format it found (an old .xls is refused
with the fix). ``read_source(path)`` accepts a folder of such tables, a single file
named after its table (``contacts.csv``, ``contacts.tsv``), an Excel workbook with
one sheet per table, or Open States "people" YAML; ``read_table_file`` reads any
list for entity resolution. Mail and calendars have their own readers
(ingest/mail/). Values stay strings here; validate.py gives them types, so that a
bad value is reported with its place, not lost.
Text encodings and mojibake: ingest/text_encoding.py.

A big CSV file (``STREAM_BYTES`` or more, or any CSV when ``chunk_rows`` is given)
is not read whole: its RawTable has ``chunks``, which yields it ``chunk_rows``
rows at a time, and the pipeline validates and loads one chunk after another
with bounded memory.
"""
from __future__ import annotations

import csv
import enum
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from graph.errors import InputError
from ingest import fast_csv
from ingest.formats import TABLE_BY_NAME
from ingest.problems import Problem
from ingest.text_encoding import _stream_encoding, decode, mojibake, repair_mojibake, wide_encoding  # noqa: F401


STREAM_BYTES = 64 * 2**20  # CSV files at least this big are streamed in chunks
CHUNK_ROWS = 100_000
_SNIFF_BYTES = 2**20
MAX_COLUMNS = 1_000  # a header with more is not a CivicGraph table (ours have at most a few dozen)
MAX_CELL_BYTES = 64 * 2**20  # the csv module's own limit, raised: validate.py rejects cells over MAX_CELL_CHARS
csv.field_size_limit(MAX_CELL_BYTES)
DELIMITERS = {".csv": ",", ".txt": ",", ".tsv": "\t"}  # text tables, by suffix
JSON_LINES = (".jsonl", ".ndjson")
WORKBOOKS = (".xlsx", ".xlsm")


class Format(str, enum.Enum):
    CSV_FOLDER = "csv folder"
    CSV_FILE = "csv file"
    TSV_FILE = "tsv file"
    EXCEL = "excel workbook"
    JSONL = "json lines"
    OPENSTATES = "open states people"
    CONGRESS = "congress-legislators"
    TABLES = "tables in memory"
    MAIL = "mail and calendars"


@dataclass
class RawTable:
    name: str  # canonical table name
    file: str  # what the user calls it in messages: contacts.csv, people.xlsx[contacts]
    frame: pd.DataFrame  # all strings, '' for empty
    rows: list[int]  # the user's row number of each frame row (header is row 1)
    broken: dict[int, Problem] = field(default_factory=dict)  # frame index -> why the row cannot be trusted
    # a streamed file: frame is empty (the header's columns) and chunks() yields the rows in parts
    chunks: Callable[[], Iterator["RawTable"]] | None = None
    # the producer's own check, in place of validate.check_table: (spec, raw) -> Checked, the same
    # typed table for tables a reader made itself from parsed values (ingest/mail/tables.py)
    check: Callable[..., Any] | None = None


@dataclass
class Source:
    format: Format
    tables: dict[str, RawTable]
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # records the reader itself could not map (one per error problem it listed), per table; the
    # import report adds them to the table's "rejected" so that the summary hides no loss
    rejected: dict[str, int] = field(default_factory=dict)


def read_source(path: str | Path, *, chunk_rows: int | None = None) -> Source:
    """Every table in ``path``, and the format found. CSV files of ``STREAM_BYTES`` or more
    (any CSV if ``chunk_rows`` is given) are streamed ``chunk_rows`` rows at a time."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path} does not exist; give a folder of CSV files, a workbook or a file")
    from ingest import congress, openstates

    if congress.looks_like_congress(path):
        result = congress.read_congress(path)
        source = from_frames(result.tables, Format.CONGRESS, problems=list(result.problems), origin=path.name)
        source.rejected = dict(result.rejected)
        return source
    if openstates.looks_like_openstates(path):
        result = openstates.read_openstates(path)
        source = from_frames(result.tables, Format.OPENSTATES, problems=list(result.problems), origin=path.name)
        source.rejected = dict(result.rejected)
        return source
    if path.is_dir():
        return _read_folder(path, chunk_rows)
    kind = file_format(path)
    if kind == Format.EXCEL:
        return _read_workbook(path)
    source = Source(kind, {})
    _add_file(source, _table_name(path), path, chunk_rows)
    return source


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
    found = sorted(p for p in folder.iterdir() if p.suffix.lower() in (*DELIMITERS, *JSON_LINES))
    source = Source(Format.CSV_FOLDER, {})
    # links are not followed: a link in an import folder can point anywhere (a system file, another
    # user's data) and its lines would end up in a reject file; a dangling one would end in a traceback
    files = [p for p in found if not p.is_symlink() and p.is_file()]
    for path in found:
        if path.is_symlink():
            source.problems.append(Problem(path.name, None, None, "", "is a symbolic link; links in an import "
                                           "folder are not followed, so it was not read",
                                           "copy the file itself into the folder"))
    if any(p.suffix.lower() in JSON_LINES for p in files):
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
    is_csv = path.suffix.lower() not in JSON_LINES
    if is_csv and (chunk_rows or path.stat().st_size >= STREAM_BYTES):
        _add_streamed(source, name, path, chunk_rows or CHUNK_ROWS)
        return
    if path.suffix.lower() in JSON_LINES:
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
    delimiter = DELIMITERS.get(path.suffix.lower(), ",")
    with path.open(encoding=encoding, newline="") as fh:
        header = _header(csv.reader(fh, delimiter=delimiter), path.name)
    if header is None:
        source.problems.append(Problem(path.name, None, None, "", "is empty", "add a header row and rows"))
        return
    columns, header_problems = _columns(header, path.name)
    source.problems.extend(header_problems)
    names = [c for c in columns if c]
    source.notes.append(f"{path.name} is read in parts of {chunk_rows:,} rows to keep memory bounded")

    def chunks() -> Iterator[RawTable]:
        warned = 0
        skip = 0  # data records the fast path gave (fast_csv.py); the careful reader goes on after them
        if encoding == "utf-8-sig" and fast_csv.plain_header(path):
            try:
                for frame, rows in fast_csv.batches(path, columns, delimiter=delimiter, rows=chunk_rows):
                    table = RawTable(name, path.name, frame, rows)
                    if warned < 20:
                        found = mojibake(frame, rows, path.name)
                        warned += len(found)
                        source.problems.extend(found)
                    yield table
                return
            except fast_csv.NotPlain as stop:
                skip = stop.rows_done
        with path.open(encoding=encoding, newline="") as fh:
            reader = SpreadsheetRows(csv.reader(fh, delimiter=delimiter))
            try:
                next(reader)
                for _ in range(skip):
                    next(reader)
                while True:
                    records, rows, problems = _records(reader, columns, path.name, limit=chunk_rows,
                                                       delimiter=delimiter)
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
            except InputError as exc:
                raise InputError(f"{exc}; the rows before it were imported") from None

    source.tables[name] = RawTable(name, path.name, pd.DataFrame(columns=names, dtype=object), [], chunks=chunks)




def _read_csv(path: Path, source: Source) -> tuple[pd.DataFrame | None, list[int], list[Problem]]:
    plain = _read_plain_csv(path)
    if plain is not None:
        return plain
    text, encoding = decode(path.read_bytes(), path.name)
    if encoding != "utf-8":
        source.notes.append(f"{path.name} is not UTF-8; read it as {encoding}. Check accented names, "
                            "or save it as UTF-8")
    return parse_csv_text(text, path.name, delimiter=DELIMITERS.get(path.suffix.lower(), ","))


def _read_plain_csv(path: Path) -> tuple[pd.DataFrame, list[int], list[Problem]] | None:
    """A plain UTF-8 CSV file through the fast path (fast_csv.py); None when it needs the careful reader."""
    with path.open("rb") as fh:
        sample = fh.read(_SNIFF_BYTES)
    if not sample or wide_encoding(sample) or _stream_encoding(sample, path.name) != "utf-8-sig" \
            or not fast_csv.plain_header(path):
        return None
    header = _header(csv.reader(io.StringIO(sample.split(b"\n", 1)[0].decode("utf-8-sig"))), path.name)
    if header is None:
        return None
    columns, problems = _columns(header, path.name)
    names = [c for c in columns if c]
    delimiter = DELIMITERS.get(path.suffix.lower(), ",")
    try:
        parts = list(fast_csv.batches(path, columns, delimiter=delimiter, rows=2**62))
    except fast_csv.NotPlain:
        return None
    if not parts:
        return pd.DataFrame(columns=names, dtype=object), [], problems
    frame = parts[0][0] if len(parts) == 1 else pd.concat([p[0] for p in parts], ignore_index=True)
    return frame, [r for p in parts for r in p[1]], problems


def parse_csv_text(text: str, file: str, *, delimiter: str = ",") -> tuple[pd.DataFrame | None, list[int], list[Problem]]:
    reader = SpreadsheetRows(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    header = _header(reader, file)
    if header is None:
        return None, [], [Problem(file, None, None, "", "is empty", "add a header row and rows")]
    columns, problems = _columns(header, file)
    records, rows, row_problems = _records(reader, columns, file, delimiter=delimiter)
    frame = pd.DataFrame(records, columns=[c for c in columns if c], dtype=object).fillna("")
    return frame, rows, problems + row_problems


def _csv_error(file: str, row: int, exc: csv.Error) -> str:
    """One line for what the csv module could not read (a cell over the size limit, a stray quote)."""
    if "field larger than field limit" in str(exc):
        return (f"{file} row {row}: a value is longer than {MAX_CELL_BYTES // 2**20} MB (column unknown: the row "
                "could not be split into columns), usually a quote that is never closed; close the quote or "
                "shorten the value and import again")
    return f"{file} row {row}: the row cannot be read as CSV ({exc}); fix its quotes and import again"


def _header(reader, file: str) -> list[str] | None:
    """The header row (None for an empty file); refuses one with more columns than any table could have."""
    try:
        header = next(reader)
    except StopIteration:
        return None
    except csv.Error as exc:
        raise InputError(_csv_error(file, 1, exc)) from None
    if len(header) > MAX_COLUMNS:
        raise InputError(f"{file} row 1: the header has {len(header):,} columns; CivicGraph's tables have at most "
                         f"{MAX_COLUMNS:,} (see docs/import-format.md): is this the right file, saved as CSV "
                         "with commas?")
    return header


def _columns(header: list[str], file: str) -> tuple[list[str | None], list[Problem]]:
    """Lower-case column names (None for a column that is not read) and the header's problems."""
    problems: list[Problem] = []
    header = [h.strip().lstrip("\ufeff") for h in header]
    columns: list[str | None] = []
    seen: set[str] = set()
    for i, h in enumerate(header, start=1):
        if not h:
            problems.append(Problem(file, 1, f"#{i}", "", "a column has no name; its values were not read",
                                    "give the column a header or delete it"))
            columns.append(None)
        elif h.lower() in seen:
            problems.append(Problem(file, 1, h, "", f'the column "{h}" appears twice; the second one was not read',
                                    "remove or rename one of them"))
            columns.append(None)
        else:
            columns.append(h.lower())
            seen.add(h.lower())
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


def _records(reader: SpreadsheetRows, columns: list[str | None], file: str, *, limit: int | None = None,
             delimiter: str = ",") -> tuple[list[dict], list[int], list[Problem]]:
    """Up to ``limit`` non-empty rows from ``reader`` as dicts, with the user's row numbers.

    The row number is the one a spreadsheet shows (the header is row 1, a blank line is
    a row too): a value with line breaks inside keeps its record on one row, so it is
    the record's position, not the physical line where the record ends.
    """
    problems: list[Problem] = []
    records, rows = [], []
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # the record that follows the last one read could not be read
            raise InputError(_csv_error(file, reader.row + 1, exc)) from None
        line_no = reader.row
        if not any(v.strip() for v in record):
            continue
        if len(record) > len(columns):
            # the values no longer line up with the header: reject the row rather than guess
            problems.append(Problem(file, line_no, None, "", f"has {len(record)} values but the header has "
                                    f"{len(columns)} columns",
                                    'put values that contain a comma in double quotes, e.g. "April 3, 1975"'
                                    if delimiter == "," else "remove the tabs inside values, or put such values "
                                    "in double quotes",
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
    """A workbook whose sheets are named after CivicGraph's tables."""
    source = Source(Format.EXCEL, {})
    for title, text in sheets(path):
        name = title.strip().lower()
        label = f"{path.name}[{title}]"
        if name not in TABLE_BY_NAME:
            source.problems.append(Problem(label, None, None, "", "is not one of CivicGraph's tables; it was not read",
                                           f'rename the sheet to one of {", ".join(TABLE_BY_NAME)}'))
            continue
        frame, rows, problems = parse_csv_text(text, label)
        source.problems.extend(problems)
        if frame is not None:
            source.tables[name] = RawTable(name, label, frame, rows)
    return source


def sheets(path: Path) -> list[tuple[str, str]]:
    """(title, the sheet as CSV text) for every sheet of an .xlsx / .xlsm workbook."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise InputError(f"{path.name}: cannot open the workbook ({exc}); save it again as .xlsx") from None
    out = []
    for sheet in workbook.worksheets:
        buf = io.StringIO()
        writer = csv.writer(buf)
        for values in sheet.iter_rows(values_only=True):
            writer.writerow(["" if v is None else _cell(v) for v in values])
        out.append((sheet.title, buf.getvalue()))
    workbook.close()
    return out


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


def file_format(path: Path) -> Format:
    """The format of one file, from its name; a clear refusal for what cannot be read.

    >>> file_format(Path("board.tsv")), file_format(Path("people.XLSX"))
    (<Format.TSV_FILE: 'tsv file'>, <Format.EXCEL: 'excel workbook'>)
    >>> file_format(Path("old.xls"))
    Traceback (most recent call last):
    ...
    graph.errors.InputError: old.xls: is an old-style Excel workbook (.xls), which CivicGraph cannot read; open it in Excel or LibreOffice and save it as .xlsx or CSV
    """
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise InputError(f"{path.name}: is an old-style Excel workbook (.xls), which CivicGraph cannot read; "
                         "open it in Excel or LibreOffice and save it as .xlsx or CSV")
    if suffix in WORKBOOKS:
        return Format.EXCEL
    if suffix in JSON_LINES:
        return Format.JSONL
    if suffix in DELIMITERS:
        return Format.TSV_FILE if DELIMITERS[suffix] == "\t" else Format.CSV_FILE
    raise InputError(f"{path.name}: CivicGraph reads .csv, .tsv, .jsonl, .xlsx, Open States .yml, or mail and "
                     "calendars (.mbox, .eml, .ics); save the file in one of those")


def rows_from_file(path: str | Path) -> tuple[list[tuple[str, pd.DataFrame | None, list[int], list[Problem]]],
                                               Format, list[str]]:
    """Every table in one file whatever its format, and the format found (as sqlite-utils' ``rows_from_file``).

    Returns ``([(label, frame of strings, the user's row numbers, problems), ...], format, notes)``:
    one part for a CSV / TSV / JSON Lines file, one per sheet of a workbook
    (``book.xlsx[Sheet1]``). Decoding, row numbers and misaligned rows are handled
    the same way for every format.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path} does not exist; give the path of a CSV, TSV, JSON Lines or Excel file")
    kind = file_format(path)
    if kind == Format.EXCEL:
        return [(f"{path.name}[{title}]", *parse_csv_text(text, f"{path.name}[{title}]"))
                for title, text in sheets(path)], kind, []
    if kind == Format.JSONL:
        return [(path.name, *_read_jsonl(path))], kind, []
    text, encoding = decode(path.read_bytes(), path.name)
    notes = [] if encoding == "utf-8" else [f"{path.name} is not UTF-8; read it as {encoding}. Check accented "
                                            "names, or save it as UTF-8"]
    return [(path.name, *parse_csv_text(text, path.name, delimiter=DELIMITERS[path.suffix.lower()]))], kind, notes


def read_table_file(path: str | Path) -> Source:
    """One file whatever it is called, for lists that are not CivicGraph tables (contact lists to resolve).

    A CSV / TSV / JSON Lines file gives one table, a workbook one table per non-empty
    sheet; tables are keyed by their label (``board.csv``, ``book.xlsx[Sheet1]``, or
    ``book.xlsx`` when it has one sheet).
    """
    parts, kind, notes = rows_from_file(path)
    source = Source(kind, {}, notes=notes)
    for label, frame, rows, problems in parts:
        if kind == Format.EXCEL and len(parts) == 1:
            label = Path(path).name
        _add_parsed(source, label, frame, rows, problems)
    return source


def _add_parsed(source: Source, label: str, frame: pd.DataFrame | None, rows: list[int],
                problems: list[Problem]) -> None:
    source.problems.extend(p for p in problems if p.severity != "row")
    if frame is None or frame.empty:
        return
    by_row = {r: i for i, r in enumerate(rows)}
    broken = {by_row[p.row]: p for p in problems if p.severity == "row" and p.row in by_row}
    source.tables[label] = RawTable(label, label, frame, rows, broken)
