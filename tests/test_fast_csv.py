"""The fast CSV path (ingest/fast_csv.py) reads a plain file exactly as the careful reader does,
and hands a file that is not plain back to it at the first record it cannot take."""
from __future__ import annotations

from ingest import readers
from ingest.readers import parse_csv_text, read_source

PLAIN = ('id,name,notes\n'
         'c-1,  Ana Ruiz ,"wrote ""hi""\nover two lines"\n'
         ',,\n'                      # a blank record: skipped, it keeps its row number
         'c-2,Bo\x1c,\n'             # str.strip() removes the ASCII separators too
         'c-3,Cy,"a, b"\n')


def _careful(text: str):
    frame, rows, problems = parse_csv_text(text, "contacts.csv")
    return frame, rows


def test_a_plain_file_reads_as_the_careful_reader_reads_it(tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text(PLAIN, encoding="utf-8")
    fast = readers._read_plain_csv(path)
    assert fast is not None, "a plain file takes the fast path"
    frame, rows, problems = fast
    want, want_rows = _careful(PLAIN)
    assert frame.to_dict("records") == want.to_dict("records") and rows == want_rows == [2, 4, 5]
    assert frame.loc[0, "notes"] == 'wrote "hi"\nover two lines' and frame.loc[1, "name"] == "Bo"


def test_a_streamed_file_switches_to_the_careful_reader_at_a_bad_record(tmp_path):
    """Row 9 has a value too many: the fast path gives the rows before, the careful reader the rest,
    and the bad row is reported on its own row number."""
    lines = ["id,name"] + [f"i-{n},Issue {n}" for n in range(2, 9)] + ["i-9,Issue 9,extra"] + \
        [f"i-{n},Issue {n}" for n in range(10, 14)]
    (tmp_path / "issues.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    raw = read_source(tmp_path / "issues.csv", chunk_rows=3).tables["issues"]
    parts = list(raw.chunks())
    rows = [r for p in parts for r in p.rows]
    ids = [i for p in parts for i in p.frame["id"]]
    assert rows == list(range(2, 14)) and ids == [f"i-{n}" for n in range(2, 14)]
    broken = [(p.rows[i], prob.message) for p in parts for i, prob in p.broken.items()]
    assert broken == [(9, "has 3 values but the header has 2 columns")]
    assert max(len(p.frame) for p in parts) <= 3


def test_a_file_that_is_not_utf8_takes_the_careful_reader(tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_bytes("id,name\nc-1,José\n".encode("cp1252"))
    assert readers._read_plain_csv(path) is None
    source = read_source(path)
    assert source.tables["contacts"].frame["name"].tolist() == ["José"]


def test_the_trimmed_characters_are_those_python_strips():
    import sys

    from ingest.fast_csv import _WHITESPACE

    assert set(_WHITESPACE) == {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
