"""Plain CSV read by Arrow's parser, in C++: the import's fast path (readers.py keeps the careful one).

The careful reader (Python's csv module, one dict per record) took most of a
benchmark import's reading time. Most files are plain: UTF-8, every record with
as many values as the header. Those are parsed here, in batches, into the same
frames of stripped strings with the same row numbers; at the first record Arrow
cannot take as it is (too few or too many values, text that is not UTF-8) the
caller goes on with the careful reader from that record, which reports it exactly
as before. So the fast path never changes what is loaded or reported, only how
fast.

Row numbers: Arrow counts records as Python's csv module does (a quoted value
with line breaks keeps its record on one row; a blank line is a record of one
empty value, which has the wrong number of values unless the table has one
column), so record ``k`` of the data is spreadsheet row ``k + 2``.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd

BLOCK_BYTES = 16 * 2**20  # Arrow's parse unit; batches are gathered up to the caller's rows
# every character Python's str.strip() removes (it includes the ASCII separators \x1c-\x1f)
_WHITESPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"


class NotPlain(Exception):
    """The file (from ``rows_done`` data records on) needs the careful reader."""

    def __init__(self, rows_done: int) -> None:
        super().__init__(rows_done)
        self.rows_done = rows_done


def plain_header(path: Path) -> bool:
    """True if the header is one physical line without quotes (so Arrow can skip it as a line)."""
    with path.open("rb") as fh:
        line = fh.readline(2**20)
    return b'"' not in line and line.endswith(b"\n")


def batches(path: Path, columns: list[str | None], *, delimiter: str, rows: int) -> Iterator[tuple[pd.DataFrame, list[int]]]:
    """(frame of stripped strings with the named columns, row numbers), about ``rows`` records at a time.

    Blank records (every value empty after stripping) are left out, as the careful
    reader does, keeping the others' row numbers. Raises :class:`NotPlain` at the first
    batch Arrow cannot read as it is, with the number of data records already given.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv

    names = [f"c{i}" for i in range(len(columns))]
    keep = [(n, c) for n, c in zip(names, columns) if c]
    read = pcsv.ReadOptions(column_names=names, skip_rows=1, block_size=BLOCK_BYTES, use_threads=True)
    parse = pcsv.ParseOptions(delimiter=delimiter, quote_char='"', double_quote=True, escape_char=False,
                              newlines_in_values=True, ignore_empty_lines=False,
                              invalid_row_handler=None)  # a record with the wrong number of values raises
    convert = pcsv.ConvertOptions(column_types={n: pa.string() for n in names}, strings_can_be_null=False,
                                  quoted_strings_can_be_null=False, null_values=[], check_utf8=True)
    done = 0  # data records given so far (blank ones included: they keep their row numbers)
    try:
        reader = pcsv.open_csv(path, read_options=read, parse_options=parse, convert_options=convert)
    except (pa.ArrowInvalid, OSError, UnicodeDecodeError):
        raise NotPlain(0) from None
    pending: list[pa.RecordBatch] = []
    pending_rows = 0

    def flush(upto: int) -> tuple[pd.DataFrame, list[int]]:
        """The first ``upto`` pending records as a frame; the rest stay pending."""
        nonlocal done, pending, pending_rows
        table = pa.Table.from_batches(pending)
        rest = table.slice(upto)
        table = table.slice(0, upto)
        pending, pending_rows = rest.to_batches(), rest.num_rows
        stripped = {n: pc.utf8_trim(table.column(n), characters=_WHITESPACE) for n in names}
        blank = None
        for n in names:
            empty = pc.equal(pc.utf8_length(stripped[n]), 0)
            blank = empty if blank is None else pc.and_(blank, empty)
        numbers = pa.array(range(done + 2, done + 2 + table.num_rows), pa.int64())
        if blank is not None and pc.any(blank).as_py():
            mask = pc.invert(blank)
            stripped = {n: pc.filter(stripped[n], mask) for n in names}
            numbers = pc.filter(numbers, mask)
        frame = pd.DataFrame({c: stripped[n].to_numpy(zero_copy_only=False) for n, c in keep}, dtype=object)
        done += table.num_rows
        return frame, numbers.to_pylist()

    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            break
        except (pa.ArrowInvalid, UnicodeDecodeError):
            while pending_rows:
                yield flush(min(rows, pending_rows))
            raise NotPlain(done) from None
        pending.append(batch)
        pending_rows += batch.num_rows
        while pending_rows >= rows:
            yield flush(rows)
    while pending_rows:
        yield flush(min(rows, pending_rows))
