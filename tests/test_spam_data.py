"""The derived SpamAssassin file: integrity, groups, split, and the MIME parsing of derive.py."""

import hashlib
import importlib.util
from collections import Counter

import pytest

from genlab.data import spam

GROUP_SIZES = {"easy-ham-1": 2500, "easy-ham-2": 1400, "hard-ham-1": 250, "spam-1": 500, "spam-2": 1396}


@pytest.fixture(scope="module")
def corpus():
    return spam.load_spam()


def test_file_is_small_and_matches_recorded_sha256(repo):
    data = spam.PATH.read_bytes()
    assert len(data) <= 10 * 1024 * 1024
    assert hashlib.sha256(data).hexdigest() == spam.SHA256
    assert spam.SHA256 in (repo / "datasets" / "spam" / "README.md").read_text()


def test_groups_and_labels(corpus):
    assert Counter(corpus.groups.tolist()) == GROUP_SIZES
    assert all((y == 1) == g.startswith("spam") for y, g in zip(corpus.y, corpus.groups))
    assert len(set(corpus.ids)) == len(corpus)


def test_split_is_stratified_twenty_percent(corpus):
    train, test = spam.load_spam("train"), spam.load_spam("test")
    assert len(train) + len(test) == len(corpus)
    assert not set(train.ids) & set(test.ids)
    test_sizes = Counter(test.groups.tolist())
    for group, size in GROUP_SIZES.items():
        assert test_sizes[group] == round(0.2 * size)


def test_text_is_decoded_and_free_of_html_and_headers(corpus):
    texts = corpus.texts
    assert sum(len(t) for t in texts) > 5_000_000
    assert sum("<html" in t.lower() or "<body" in t.lower() for t in texts) == 0
    assert sum("Content-Transfer-Encoding" in t for t in texts) < 20
    assert sum("Received: from" in t for t in texts) < 30
    assert all(s or b for s, b in zip(corpus.subjects, corpus.bodies))


def _derive_module(repo):
    spec = importlib.util.spec_from_file_location("derive_spam", repo / "datasets" / "spam" / "derive.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_derive_parses_multipart_base64_and_html(repo):
    derive = _derive_module(repo)
    raw = (b"Subject: =?utf-8?q?Caf=C3=A9_offer?=\n"
           b"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=XX\n\n"
           b"--XX\nContent-Type: multipart/alternative; boundary=YY\n\n"
           b"--YY\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
           b"SGVsbG8gd29ybGQ=\n"
           b"--YY\nContent-Type: text/html\n\n<p>ignored alternative</p>\n--YY--\n"
           b"--XX\nContent-Type: text/html; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\n"
           b"<html><style>p {color: red}</style><b>Buy</b> now &amp; sav=E9</html>\n"
           b"--XX\nContent-Type: image/gif\nContent-Transfer-Encoding: base64\n\nR0lGODlh\n--XX--\n")
    subject, body = derive.parse(raw)
    assert subject == "Café offer"
    assert "Hello world" in body and "Buy now & savé" in body
    assert "ignored" not in body and "color" not in body and "<" not in body and "R0lG" not in body


def test_split_follows_the_documented_hash_rule(repo, corpus):
    derive = _derive_module(repo)
    records = load_records()
    for group in GROUP_SIZES:
        ids = [r["id"] for r in records if r["group"] == group]
        expected = derive._in_test(ids)
        assert {r["id"] for r in records if r["group"] == group and r["split"] == "test"} == expected


def load_records():
    import gzip
    import json

    with gzip.open(spam.PATH, "rt", encoding="utf-8") as file:
        return [json.loads(line) for line in file]


def test_subset_and_texts(corpus):
    spam_only = corpus.subset(corpus.y == 1)
    assert len(spam_only) == 1896 and set(spam_only.groups.tolist()) == {"spam-1", "spam-2"}
    assert spam_only.texts[0].startswith(spam_only.subjects[0] + "\n\n")
    with pytest.raises(ValueError):
        spam.load_spam("validation")


def test_derive_strips_html_sent_as_plain_text(repo):
    derive = _derive_module(repo)
    raw = b"Subject: hi\n\n<HTML><BODY><script>var x;</script><p>Cheap&nbsp;pills</p></BODY></HTML>\n"
    subject, body = derive.parse(raw)
    assert subject == "hi" and body == "Cheap pills"
