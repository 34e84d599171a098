"""Reading the inbox: every file listed, read once, decoded, and accounted for.

A file becomes a decoded page or a rejection with a reason; nothing is dropped in silence.
No Dagster here: the `raw_pages` asset calls these functions.
"""
from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer
import ftfy

# The reason codes a file can be rejected with (rejected_files.reason).
REJECTION_REASONS = {
    "empty": "the file holds no text (zero bytes, or only whitespace)",
    "binary": "the file is not text (an image, a PDF, an archive, an executable, ...)",
    "undecodable": "no text encoding reads the file cleanly",
    "too_large": "the file is larger than the size limit (QUOTEWIRE_MAX_FILE_BYTES)",
    "no_body": "the page parser found no article body in the text",
    "symlink": "a symbolic link: never followed, so nothing outside the inbox is read",
    "not_regular_file": "a FIFO, socket or device: not a file that can be read as a page",
    "unreadable": "the file vanished or could not be read between listing and reading",
}

# File signatures of common binary formats: cheaper and surer than any statistics.
_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF87a": "a GIF image",
    b"GIF89a": "a GIF image",
    b"%PDF-": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an ELF executable",
    b"MZ": "a Windows executable",
    b"BZh": "a bzip2 archive",
    b"\xfd7zXZ\x00": "an xz archive",
    b"RIFF": "a RIFF media file",
    b"OggS": "an Ogg media file",
    b"\x00\x00\x01\x00": "an icon file",
}
_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
]
# Control bytes that text in any encoding we read (UTF-8, single-byte code pages) almost never has.
_BINARY_BYTES = [bytes([b]) for b in (*range(0, 9), *range(14, 27), *range(28, 32))]
# Controls that have no place in page text (tab and newline stay).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe]")
# The same without C1 (0x80-0x9f), which mojibake repair needs ('â€\x9d' is a broken ”).
_C0_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\ufffe]")
_SPACES = re.compile(r"[\u00a0\u2007\u202f]")
# A valid UTF-8 sequence of two or more bytes (RFC 3629): proof that part of a file is UTF-8.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}")
# Decoded text longer than this is no article: the language model would need minutes and
# gigabytes for it (spaCy refuses 1,000,000 characters outright and would fail the whole run).
MAX_TEXT_CHARS = 500_000


class Rejected(Exception):
    """A file that cannot become a page: `reason` is a code of REJECTION_REASONS."""

    def __init__(self, reason: str, detail: str):
        assert reason in REJECTION_REASONS, reason
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class InboxEntry:
    """One name found under the inbox: a regular file to read, or something to report."""

    source_path: str  # relative to the inbox, '/'-separated
    path: Path
    size: int
    mtime_ns: int
    problem: Rejected | None = None  # set for symlinks and non-regular files


@dataclass(frozen=True)
class Page:
    """A file read and decoded."""

    text: str
    encoding: str
    sha256: str  # of the raw bytes


def list_inbox(inbox: Path) -> Iterator[InboxEntry]:
    """Every entry under `inbox`, recursively, sorted; names starting with a dot are skipped.

    Symlinks are reported, never followed (a link could point anywhere on the machine)."""
    inbox = Path(inbox)
    for dirpath, dirnames, filenames in os.walk(inbox, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        base = Path(dirpath)
        # os.walk lists symlinks to directories among dirnames but does not descend into them.
        linked_dirs = [d for d in dirnames if (base / d).is_symlink()]
        dirnames[:] = [d for d in dirnames if d not in linked_dirs]
        for name in sorted(filenames + linked_dirs):
            if name.startswith("."):
                continue
            path = base / name
            rel = path.relative_to(inbox).as_posix()
            try:
                st = os.lstat(path)
            except OSError as err:
                yield InboxEntry(rel, path, 0, 0, Rejected("unreadable", f"could not stat it: {err.strerror}"))
                continue
            if stat.S_ISLNK(st.st_mode):
                target = os.readlink(path)
                yield InboxEntry(rel, path, 0, st.st_mtime_ns, Rejected(
                    "symlink", f"a symbolic link to {target!r}; links are not followed: copy the file into the inbox instead"))
            elif not stat.S_ISREG(st.st_mode):
                yield InboxEntry(rel, path, 0, st.st_mtime_ns, Rejected(
                    "not_regular_file", "not a regular file (FIFO, socket or device); it was not read"))
            else:
                yield InboxEntry(rel, path, st.st_size, st.st_mtime_ns)


def read_page(entry: InboxEntry, max_bytes: int) -> Page:
    """Read and decode one listed file, or raise `Rejected`."""
    if entry.problem is not None:
        raise entry.problem
    try:
        # O_NOFOLLOW: the file may have been swapped for a link since it was listed.
        fd = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise Rejected("not_regular_file", "it is no longer a regular file; it was not read")
            data = handle.read(max_bytes + 1)
    except Rejected:
        raise
    except OSError as err:
        raise Rejected("unreadable", f"could not read it ({err.strerror}); it is read again next run") from err
    if len(data) > max_bytes:
        raise Rejected("too_large", f"larger than the limit of {max_bytes:,} bytes (QUOTEWIRE_MAX_FILE_BYTES)")
    text, encoding = decode(data)
    return Page(text=text, encoding=encoding, sha256=hashlib.sha256(data).hexdigest())


def decode(data: bytes) -> tuple[str, str]:
    """Bytes to normalised text and the name of the encoding used, or raise `Rejected`."""
    if not data.strip():
        raise Rejected("empty", "the file is empty or holds only whitespace")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _limited(_checked(normalise_text(data.decode(encoding)))), encoding
            except UnicodeDecodeError as err:
                raise Rejected("undecodable", f"starts with a {encoding} byte-order mark but is not valid {encoding}: {err.reason} at byte {err.start}") from err
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise Rejected("binary", f"this is {what}, not a text page")
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _limited(_checked(normalise_text(data.decode(utf16)))), utf16
    sample = data[:65536]
    controls = sum(map(sample.count, _BINARY_BYTES))
    if sample.count(b"\x00") > len(sample) // 100 or controls > len(sample) // 20:
        # A few stray NULs or escapes in a short page are damage, not a binary format: the page
        # is text when, without them, it reads as UTF-8 and they are a small share of it.
        cleaned = data.translate(None, b"".join(_BINARY_BYTES))
        if controls > len(sample) // 10 or not _is_utf8(cleaned):
            raise Rejected("binary", "the file is not text: too many of its bytes are control codes (NUL, ...)")
        data = cleaned
    try:
        return _limited(_checked(normalise_text(data.decode("utf-8")))), "utf-8"
    except UnicodeDecodeError:
        pass
    if _UTF8_MULTIBYTE.search(data):
        # Valid UTF-8 beside bytes that are not: pieces pasted from two encodings. Read the UTF-8
        # as UTF-8 and only the stray bytes as Windows-1252, rather than all of it as one.
        return _limited(_checked(normalise_text(data.decode("utf-8", errors="quotewire-cp1252")))), "utf-8+cp1252"
    best = charset_normalizer.from_bytes(data).best()
    # Single-byte code pages read each other's bytes almost equally well; English news in a
    # legacy encoding is nearly always Windows-1252, so prefer it when it reads as cleanly.
    western = charset_normalizer.from_bytes(data, cp_isolation=["cp1252", "latin_1"]).best()
    if western is not None and (best is None or western.chaos <= best.chaos):
        best = western
    if best is None:
        raise Rejected("undecodable", "no text encoding (UTF-8, UTF-16, cp1252, Latin-1, ...) reads it cleanly")
    return _limited(_checked(normalise_text(str(best)))), best.encoding


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark shows as NUL in every other byte of ASCII text. A few
    bytes cannot tell it from UTF-8 with a stray NUL (`“` and a NUL are four bytes, one of them
    NUL in an odd place): under eight characters' worth, it is not guessed."""
    sample = data[:4096]
    if len(sample) < 16:
        return None
    even, odd = sample[0::2], sample[1::2]
    for encoding, zeros in (("utf-16-le", odd), ("utf-16-be", even)):
        if zeros.count(0) > 0.4 * len(zeros):
            try:
                data.decode(encoding)
            except UnicodeDecodeError:
                continue
            return encoding
    return None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _cp1252_for_stray_bytes(err: UnicodeDecodeError) -> tuple[str, int]:
    """Decode error handler: the bytes UTF-8 could not read, read as Windows-1252 (Latin-1 for
    the five bytes it leaves undefined)."""
    chunk = err.object[err.start:err.end]
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in chunk), err.end


codecs.register_error("quotewire-cp1252", _cp1252_for_stray_bytes)


def _limited(text: str) -> str:
    if len(text) > MAX_TEXT_CHARS:
        lines = text.count("\n") + 1
        raise Rejected("too_large", f"{len(text):,} characters of text in {lines:,} line(s), more than the "
                       f"{MAX_TEXT_CHARS:,} an article may have (the longest news articles are a fifth of "
                       "that): if it holds several pages, save each as its own file")
    return text


def _checked(text: str) -> str:
    if not text.strip():
        raise Rejected("empty", "the file holds no text once decoded (only whitespace or control characters)")
    return text


def normalise_text(text: str) -> str:
    """Repair mojibake, normalise newlines and Unicode (NFC), turn no-break spaces into spaces,
    and drop control characters, so that the same page in any encoding is the same text."""
    # Stray controls out first: whether ftfy sees them must not depend on how the file was read.
    text = ftfy.fix_encoding(_C0_CONTROL.sub("", text))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = _SPACES.sub(" ", text)
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)
