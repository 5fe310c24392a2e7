"""Text encodings: UTF-8 (with or without BOM), UTF-16/32 by BOM or zero bytes, GBK/GB18030 and
others guessed with charset-normalizer; every guess is a note. Binary files are refused here.
"""
from __future__ import annotations

import codecs
import re

from ..errors import InputError
from ..words import say
from .limits import SAMPLE_BYTES


_CJK = ("gb", "big5", "cp949", "euc", "shift_jis", "cp932", "cp950", "iso2022", "hz", "johab")


def _is_utf8(data: bytes, start: int = 0) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    view = memoryview(data)
    try:
        for i in range(start, len(data), 1 << 20):  # chunks: no full-size copy of a big file
            decoder.decode(view[i:i + (1 << 20)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _utf16_without_bom(data: bytes) -> str | None:
    head = data[:4096]
    half = len(head) // 2
    if half < 2:
        return None
    even = head[0:2 * half:2].count(0) / half
    odd = head[1:2 * half:2].count(0) / half
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _looks_chinese(head: bytes) -> bool:
    """GB18030 decodes almost anything; real Chinese text uses the common GB2312 characters."""
    try:
        text = head[: head.rfind(b"\n") + 1 or len(head)].decode("gb18030")
    except UnicodeDecodeError:
        return False
    wide = [c for c in text if ord(c) > 127][:20000]
    common = 0
    for c in wide:
        try:
            c.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return bool(wide) and common >= 0.9 * len(wide)


def _guess_encoding(data: bytes, name: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    head = data[: 1 << 20]
    candidates = [m.encoding for m in from_bytes(head)]
    order = []
    if any(c.startswith(_CJK) for c in candidates) and _looks_chinese(head):
        order.append("gb18030")
    if "cp1252" in candidates:
        order.append("cp1252")  # the usual Windows encoding for Western text, over its near twins
    for enc in dict.fromkeys(order + candidates):
        try:
            return enc, data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    raise InputError(say("unknown_encoding", name=name))


def decode(data: bytes, name: str, notes: list[str]) -> bytes:
    """The text as UTF-8 bytes (the same object when it already is UTF-8)."""
    bom = next((enc for enc, mark in (("utf-32", codecs.BOM_UTF32_LE), ("utf-32", codecs.BOM_UTF32_BE),
                                      ("utf-16", codecs.BOM_UTF16_LE), ("utf-16", codecs.BOM_UTF16_BE))
                if data.startswith(mark)), None)
    encoding = bom or _utf16_without_bom(data)  # before UTF-8: "a\0,\0" is valid UTF-8 too
    if encoding is None and _is_utf8(data):
        return data
    if encoding is None:
        if b"\x00" in data[:SAMPLE_BYTES]:
            raise binary_error(name, say("binary_zero_bytes"))
        encoding, text = _guess_encoding(data, name)
        notes.append(say("encoding_guessed", encoding=encoding))
    else:
        how = say("encoding_bom") if bom else say("encoding_zero_bytes")
        notes.append(say("encoding", encoding=encoding.upper(), how=how))
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(say("invalid_encoding", name=name, encoding=encoding.upper(), byte=exc.start)) from None
    return text.encode("utf-8")


def binary_error(name: str, why: str) -> InputError:
    return InputError(say("binary", name=name, why=why))


def check_text(sample: str, name: str) -> None:
    # Random bytes decode to ~12% control characters; a text table has a few at most.
    control = len(re.findall(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", sample))
    if sample and (control > 0.1 * len(sample) or sample.count("\x00") > 0.01 * len(sample)):
        raise binary_error(name, say("binary_control", share=control / len(sample)))
