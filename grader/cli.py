"""Command line: ``python -m grader {fixtures,release,grade,bundle}``."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from grader import course

__all__ = ["main"]


def _fixtures(args) -> int:
    from grader.authoring import fixture_building

    for path, status, found in fixture_building.write_all():
        shown = path.relative_to(course.REPO) if path.is_relative_to(course.REPO) else path
        detail = ""
        if found:
            detail = f" ({len(found)} difference{'s' * (len(found) > 1)}, first: {found[0]})"
        print(f"{status} {shown}{detail}")
    return 0


def _release(args) -> int:
    from grader.authoring import release

    try:
        paths = release.release()
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in paths:
        print(f"wrote {path.relative_to(course.REPO)}")
    return 0


def _print_table(scores) -> None:
    print(f"{'student':<16}{'assignment':<22}{'score':>7}{'max':>7}  details")
    for s in scores:
        print(f"{s.student:<16}{s.assignment:<22}{s.score:>7g}{s.max_score:>7g}  {s.summary}")


def _grade(args) -> int:
    from grader.authoring import samples
    from grader.grading import pipeline

    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="genlab-samples-") as tmp:
        if args.samples:
            submitted = samples.write_samples(Path(tmp) / "submitted")
            for student, (what, _) in samples.SAMPLES.items():
                print(f"sample {student}: {what}")
        elif args.submissions:
            submitted = Path(args.submissions).resolve()
        elif args.zip:
            from grader.grading import zip_input

            try:
                submitted = zip_input.collect_zip(Path(args.zip).resolve(), Path(tmp), assignment=args.assignment,
                                                  pattern=args.name_pattern or zip_input.DEFAULT_PATTERN)
            except (ValueError, OSError) as error:
                print(f"error: {error}", file=sys.stderr)
                return 2
        else:
            print("give --samples, --submissions DIR or --zip FILE", file=sys.stderr)
            return 2
        # paths as typed, from the folder the command was run in
        out = Path(args.out).resolve() if args.out else Path(tempfile.mkdtemp(prefix="genlab-grades-"))
        try:
            scores = pipeline.grade(submitted, out, cell_timeout=args.cell_timeout,
                                    workers_count=args.workers, pool=args.pool, db_url=args.db_url,
                                    sandboxed=not args.no_sandbox)
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    _print_table(scores)
    print(f"\ngraded {len(scores)} submissions in {time.perf_counter() - start:.1f} s "
          "(written answers are graded by hand in formgrader; a re-grade keeps what you entered)")
    print(f"grades:   {out / 'grades.csv'}\nper question: {out / 'questions.csv'}\n"
          f"reasons:  {out / 'reasons.csv'}\nfeedback: {out / 'feedback'}")
    print(f"integrity: {out / 'integrity.csv'} (details for the instructor in {out / 'instructor'})")
    print(f"course:   {out / 'course'} (nbgrader course folder: formgrader, resuming)")
    print(f"log:      {out / 'grading.log'} (what nbgrader and the kernels printed)")
    return 0


def _bundle(args) -> int:
    from grader.authoring import bundle

    path = bundle.build(Path(args.out))
    print(f"wrote {path} ({path.stat().st_size / 2**20:.1f} MB): student notebooks, data, genlab without "
          "reference/, the visible checks")
    return 0


def _lms(args) -> int:
    from grader.grading import lms

    for path in lms.export(args.db_url, Path(args.out), section=args.section):
        print(f"wrote {path}")
    return 0


def _new_topic(args) -> int:
    from grader.authoring import fixture_building, release
    from grader.authoring.new_topic import new_topic

    try:
        written = new_topic(args.name, args.title)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path.relative_to(course.REPO)}")
    for path, status, _ in fixture_building.write_all():
        if status != "unchanged":
            print(f"{status} {path.relative_to(course.REPO)}")
    for path in release.release(quiet=True):
        if args.name in path.name:
            print(f"wrote {path.relative_to(course.REPO)}")
    print("next: replace the example exercise with the topic's own, run `make fixtures release test`, "
          "and add the notebook to the README's table")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("fixtures", help="rebuild grader/check/fixtures/ from genlab.reference").set_defaults(run=_fixtures)
    sub.add_parser("release", help="regenerate notebooks/ from solutions/").set_defaults(run=_release)
    grade = sub.add_parser("grade", help="autograde submissions in a temporary course folder")
    grade.add_argument("--samples", action="store_true", help="grade the bundled sample submissions")
    grade.add_argument("--submissions", help="folder laid out as <student>/<assignment>/*.ipynb")
    grade.add_argument("--zip", help="a zip of downloaded notebooks named as nbgrader's zip_collect expects")
    grade.add_argument("--assignment", help="with --zip: the assignment (default: found from the notebook name)")
    grade.add_argument("--name-pattern", help="with --zip: nbgrader's FileNameCollectorPlugin.named_regexp "
                                              "(default: <anything>_<student>_attempt_<timestamp>_<notebook>)")
    grade.add_argument("--out", help="where to write grades.csv, reasons.csv and feedback/ "
                                     "(default: a new temporary folder)")
    grade.add_argument("--cell-timeout", type=int, default=course.CELL_TIMEOUT,
                       help="seconds one cell may run (default %(default)s)")
    grade.add_argument("--workers", type=int, default=None,
                       help="worker processes (default: one more than the number of cores)")
    grade.add_argument("--pool", default="local",
                       help="local (default), dask (a local Dask cluster) or dask://host:port")
    grade.add_argument("--db-url", help="gradebook database (default: SQLite in OUT/course); "
                                        "e.g. postgresql+psycopg://user@host/db for a Dask cluster "
                                        "(extra genlab-course[postgres])")
    grade.add_argument("--no-sandbox", action="store_true",
                       help="grade without bubblewrap (not recommended: the terminal, integrity.csv and "
                            "every feedback page say so)")
    grade.set_defaults(run=_grade)
    bundle = sub.add_parser("bundle", help="build the student archive (no solutions, reference or hidden tests)")
    bundle.add_argument("--out", default="dist", help="folder for genlab-student.zip (default %(default)s)")
    bundle.set_defaults(run=_bundle)
    new = sub.add_parser("new-topic", help="scaffold a new notebook: master, reference, exercises, fixtures, tests")
    new.add_argument("name", help="the topic id, a lower-case identifier (e.g. hmm)")
    new.add_argument("--title", help="the notebook's title (default: from the name)")
    new.set_defaults(run=_new_topic)
    lms = sub.add_parser("lms", help="write canvas.csv and moodle.csv (LMS grade imports) from the gradebook")
    lms.add_argument("--db-url", required=True, help="the gradebook, e.g. sqlite:////abs/path/gradebook.db")
    lms.add_argument("--out", default=".", help="folder for canvas.csv and moodle.csv (default: here)")
    lms.add_argument("--section", default="", help="Canvas section name for every row (default: blank)")
    lms.set_defaults(run=_lms)
    args = parser.parse_args(argv)
    return args.run(args)
