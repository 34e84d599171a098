"""Decoding and listing the inbox: every file becomes text or a rejection with a reason."""
import os

import pytest

from quotewire.ingest import REJECTION_REASONS, Rejected, decode, list_inbox, read_page

PAGE = ("Ministers agree on grain corridor\n\n"
        "“We will keep the ships moving,” the minister said on Tuesday. "
        "Señor Muñoz, the café owner, called it ‘a relief’ – prices fell 5€.\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_the_same_page_in_any_encoding_decodes_to_the_same_text(encoding):
    text, used = decode(PAGE.encode(encoding))
    assert text == PAGE
    assert used.replace("_", "-").lower().startswith(encoding.split("-sig")[0][:5])


def test_utf16_without_a_byte_order_mark_is_recognised():
    text, used = decode(PAGE.encode("utf-16-le"))
    assert text == PAGE and used == "utf-16-le"


def test_newlines_unicode_and_no_break_spaces_are_normalised():
    raw = "Headline\r\n\r\nThe Prime\u00a0Minister said Cafe\u0301 owners\rwere pleased.\x0c"
    text, _ = decode(raw.encode("utf-8"))
    assert text == "Headline\n\nThe Prime Minister said Café owners\nwere pleased."
    assert "\u0301" not in text  # NFC: e + combining accent is one character


def test_mojibake_is_repaired():
    broken = "â€œWe are ready,â€\x9d he said.".encode("utf-8")
    text, _ = decode(broken)
    assert text == "“We are ready,” he said."


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"  \n\t\r\n ", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", "binary"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary"),
    (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", "binary"),
    (b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 40, "binary"),
    (bytes(range(256)) * 4, "binary"),
])
def test_files_that_are_not_pages_are_rejected_with_a_reason(data, reason):
    with pytest.raises(Rejected) as rejection:
        decode(data)
    assert rejection.value.reason == reason
    assert rejection.value.detail  # a sentence a person can act on


def test_the_inbox_is_listed_recursively_skipping_dot_files_and_reporting_links(tmp_path):
    (tmp_path / "india").mkdir()
    (tmp_path / "india" / "page one.txt").write_text("Headline\n\nBody text.")
    (tmp_path / "no-extension").write_text("Headline\n\nBody text.")
    (tmp_path / ".hidden").write_text("never read")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "page.txt").write_text("never read")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("a secret outside the inbox")
    (tmp_path / "link.txt").symlink_to(outside)
    os.mkfifo(tmp_path / "pipe")

    entries = {e.source_path: e for e in list_inbox(tmp_path)}
    assert set(entries) == {"india/page one.txt", "no-extension", "link.txt", "pipe"}
    assert entries["link.txt"].problem.reason == "symlink"
    assert entries["pipe"].problem.reason == "not_regular_file"
    with pytest.raises(Rejected):
        read_page(entries["link.txt"], 1_000_000)  # the link's target is never read
    assert read_page(entries["india/page one.txt"], 1_000_000).text == "Headline\n\nBody text."


def test_a_file_over_the_size_limit_is_rejected_without_reading_it_whole(tmp_path):
    (tmp_path / "huge.txt").write_text("word " * 1000)
    [entry] = list(list_inbox(tmp_path))
    with pytest.raises(Rejected) as rejection:
        read_page(entry, max_bytes=1000)
    assert rejection.value.reason == "too_large"


def test_a_file_deleted_after_listing_is_reported_not_lost(tmp_path):
    (tmp_path / "gone.txt").write_text("Headline\n\nBody.")
    [entry] = list(list_inbox(tmp_path))
    (tmp_path / "gone.txt").unlink()
    with pytest.raises(Rejected) as rejection:
        read_page(entry, 1_000_000)
    assert rejection.value.reason == "unreadable"


def test_every_rejection_reason_ingest_can_give_is_allowed_by_the_gate():
    import yaml

    from quotewire.settings import CHECKOUT

    suite = yaml.safe_load((CHECKOUT / "schemas" / "expectations" / "rejected_files.yaml").read_text())
    [allowed] = [e["kwargs"]["value_set"] for e in suite["expectations"] if e["name"] == "reason_allowed"]
    assert set(allowed) == set(REJECTION_REASONS)
