"""The text encoding of the files we read (``decode``; ``wide_encoding`` for UTF-16/32, a guess
when the bytes are not UTF-8) and mojibake (UTF-8 read as cp1252: ``repair_mojibake``,
``mojibake`` reports it with the fix). Used by readers.py and the mail readers.
"""
from __future__ import annotations

import codecs
import re

import pandas as pd

from graph.errors import InputError
from ingest.problems import Problem


def _stream_encoding(sample: bytes, file: str) -> str:
    """The encoding of a file from its first megabyte (a cut multi-byte character at the end is fine)."""
    wide = wide_encoding(sample)
    if wide:
        return wide
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        return _not_utf8(sample, file)


# UTF-8 text that was once decoded as cp1252 (or Latin-1) and saved again: "CafÃ©" for "Café"
_MOJIBAKE = re.compile("[ÂÃÄÅ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                       "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
                       "|â€")


_MOJIBAKE_LEADS = "ÂÃÄÅâ"  # every match starts with one of these: a plain substring test rules most columns out


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
        text = values.astype(str)
        # one search over the whole column first: almost every file has none (the pattern holds no
        # NUL, so no match can span two values); value by value only where there is one
        joined = "\x00".join(text.tolist())
        if not any(c in joined for c in _MOJIBAKE_LEADS) or not _MOJIBAKE.search(joined):
            continue
        hits = text.str.contains(_MOJIBAKE, regex=True)
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


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),  # before UTF-16: FF FE 00 00
          (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32, from the byte-order mark or, without one, from where the zero bytes are
    (text in Latin letters has a zero in every other byte in UTF-16, three of four in UTF-32).

    >>> wide_encoding("id,name".encode("utf-16")), wide_encoding("id,name".encode("utf-16-be"))
    ('utf-16', 'utf-16-be')
    >>> wide_encoding("id,name".encode("utf-32-le")), wide_encoding(b"id,name")
    ('utf-32-le', None)
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    sample = data[:4096]
    n = len(sample) - len(sample) % 4
    if n < 4 or sample.count(0) < n // 4:
        return None
    zeros = [sum(1 for i in range(k, n, 4) if sample[i] == 0) for k in range(4)]
    quarter = n // 4
    if zeros[1] == zeros[2] == zeros[3] == quarter and zeros[0] < quarter:
        return "utf-32-le"
    if zeros[0] == zeros[1] == zeros[2] == quarter and zeros[3] < quarter:
        return "utf-32-be"
    odd, even = zeros[1] + zeros[3], zeros[0] + zeros[2]
    if odd >= 0.9 * 2 * quarter and even < 0.5 * 2 * quarter:
        return "utf-16-le"
    if even >= 0.9 * 2 * quarter and odd < 0.5 * 2 * quarter:
        return "utf-16-be"
    return None


def decode(data: bytes, file: str) -> tuple[str, str]:
    """Text of a file and the encoding it was read with: UTF-16/32 (from the byte-order mark or the
    zero bytes), UTF-8 (with or without BOM), else detected."""
    wide = wide_encoding(data)
    if wide:
        try:
            return data.decode(wide), wide
        except UnicodeDecodeError:
            raise InputError(f"{file} looks like {wide.upper()} text but does not decode as it; save it as "
                             "UTF-8 and import again") from None
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
