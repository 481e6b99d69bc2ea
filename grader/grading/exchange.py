"""nbgrader's exchange end to end, on one machine, with real unix accounts.

:class:`Classroom` makes an instructor and student accounts (``useradd``), an exchange folder
as nbgrader wants it (world-writable, sticky bit), the instructor's course folder and each
account's nbgrader configuration, and then runs nbgrader's own commands *as those accounts*
(``runuser``): ``release_assignment``, ``fetch_assignment``, ``submit``, ``collect``,
``release_feedback``, ``fetch_feedback``.  Grading in between is ``python -m grader grade`` on
what ``collect`` brought in, against the instructor's gradebook (so the due date is known and a
late submission is marked late).  ``python -m grader.grading.exchange`` (``make hub-demo``)
runs the whole term for two students and prints each step; it needs root.

The accounts must be able to run a Python that has the course's packages.  When this
environment lives under a folder they cannot enter (``/root`` is mode 0700 on many machines),
:class:`SharedPython` grants search permission (``o+x``: enter, never list or read) on exactly
the folders in the way, for the duration only, and puts the mode back when the classroom
closes.  The accounts then run a small virtual environment in the classroom folder whose
``site-packages`` reaches this environment's packages through a path file; nothing is copied.
"""

from __future__ import annotations

import datetime
import json
import os
import secrets
import shutil
import stat
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

from grader import course

__all__ = ["SharedPython", "Classroom", "main"]

WRAPPER = "#!{python}\nimport sys\nfrom {module} import {func}\nsys.exit({func}())\n"


class SharedPython:
    """A Python that other accounts can run, with this environment's packages.

    Parameters
    ----------
    folder : Path
        Where the small virtual environment is made (must be reachable by the accounts).
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.changed: list[tuple[Path, int]] = []
        site = Path(sysconfig.get_paths()["purelib"])
        base = Path(os.path.realpath(sys.executable))
        needed = [site, course.REPO, base.parent, Path(sys.base_prefix)]
        for path in needed:
            self._grant_search(path)
        subprocess.run([str(base), "-m", "venv", "--without-pip", str(self.folder)], check=True)
        own_site = Path(subprocess.run([str(self.folder / "bin" / "python"), "-c",
                                        "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                       check=True, capture_output=True, text=True).stdout.strip())
        (own_site / "genlab-shared.pth").write_text(f"import site; site.addsitedir({str(site)!r})\n")
        for name, module, func in (("alembic", "alembic.config", "main"),
                                   ("nbgrader", "nbgrader.apps.nbgraderapp", "main")):
            script = self.folder / "bin" / name
            script.write_text(WRAPPER.format(python=self.folder / "bin" / "python", module=module, func=func))
            script.chmod(0o755)
        for path in [self.folder, *self.folder.rglob("*")]:
            path.chmod(path.stat().st_mode | stat.S_IROTH | (stat.S_IXOTH if path.is_dir() else 0))

    @property
    def python(self) -> Path:
        """The interpreter the accounts run."""
        return self.folder / "bin" / "python"

    def _grant_search(self, path: Path) -> None:
        for folder in reversed([path, *path.parents]):
            if folder.is_dir() and not folder.stat().st_mode & stat.S_IXOTH:
                mode = folder.stat().st_mode
                self.changed.append((folder, mode))
                folder.chmod(mode | stat.S_IXOTH)

    def restore(self) -> None:
        """Put back every mode this object changed (last change first)."""
        while self.changed:
            folder, mode = self.changed.pop()
            folder.chmod(stat.S_IMODE(mode))


class Classroom:
    """An instructor, students, an exchange and a course folder on this machine (needs root).

    Parameters
    ----------
    students : int
        How many student accounts to make.
    base : Path, optional
        An empty folder reachable by every account (default: a new one under the system's
        temporary folder, mode 0755); removed on :meth:`close` when made here.
    cell_timeout : int
        Seconds one cell may run when grading.
    """

    def __init__(self, students: int = 2, base: Path | None = None, cell_timeout: int = course.CELL_TIMEOUT):
        if os.geteuid() != 0:
            raise PermissionError("the exchange demo makes unix accounts: run it as root")
        self.own_base = base is None
        self.base = Path(base or tempfile.mkdtemp(prefix="genlab-hub-"))
        self.base.chmod(0o755)
        self.cell_timeout = cell_timeout
        tag = secrets.token_hex(3)
        self.instructor = f"gli{tag}"
        self.students = [f"gls{tag}{i}" for i in range(1, students + 1)]
        self.accounts: list[str] = []
        self.shared: SharedPython | None = None
        try:
            self._set_up()
        except BaseException:
            self.close()
            raise

    # set-up ---------------------------------------------------------------------------------
    def home(self, user: str) -> Path:
        """The account's home folder (mode 0700)."""
        return self.base / "home" / user

    @property
    def exchange(self) -> Path:
        """nbgrader's exchange root (``c.Exchange.root``)."""
        return self.base / "exchange"

    @property
    def course_dir(self) -> Path:
        """The instructor's course folder (``c.CourseDirectory.root``)."""
        return self.home(self.instructor) / "course"

    def _set_up(self) -> None:
        self.shared = SharedPython(self.base / "python")
        (self.base / "home").mkdir(mode=0o755)
        for user in [self.instructor, *self.students]:
            subprocess.run(["useradd", "--no-create-home", "--home-dir", str(self.home(user)),
                            "--shell", "/bin/sh", "--user-group", user], check=True)
            self.accounts.append(user)
            home = self.home(user)
            (home / ".jupyter").mkdir(parents=True)
            settings = ["c = get_config()  # noqa: F821",
                        f"c.CourseDirectory.course_id = {course.COURSE_ID!r}",
                        f"c.Exchange.root = {str(self.exchange)!r}"]
            (home / ".jupyter" / "nbgrader_config.py").write_text("\n".join(settings) + "\n")
            shutil.chown(home, user, user)
            for path in home.rglob("*"):
                shutil.chown(path, user, user)
            home.chmod(0o700)
        # nbgrader's exchange: everyone may write, nobody may remove another's files (sticky bit)
        self.exchange.mkdir()
        self.exchange.chmod(0o1777)
        self.course_dir.mkdir()
        shutil.copytree(course.REPO / course.SOURCE, self.course_dir / course.SOURCE)
        (self.course_dir / "nbgrader_config.py").write_text(
            "from grader.course import configure\n"
            "c = get_config()  # noqa: F821\n"
            "configure(c)\n"
            f"c.CourseDirectory.root = {str(self.course_dir)!r}\n"
            f"c.Exchange.root = {str(self.exchange)!r}\n")
        for path in [self.course_dir, *self.course_dir.rglob("*")]:
            shutil.chown(path, self.instructor, self.instructor)

    def close(self) -> None:
        """Remove the accounts (``userdel -r``), put back modes, remove the folder made here."""
        for user in reversed(self.accounts):
            subprocess.run(["userdel", "--remove", user], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.accounts.clear()
        if self.shared:
            self.shared.restore()
        if self.own_base:
            shutil.rmtree(self.base, ignore_errors=True)

    def __enter__(self) -> "Classroom":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # running as an account --------------------------------------------------------------------
    def run_as(self, user: str, args: list[str], cwd: Path | None = None, check: bool = True,
               ) -> subprocess.CompletedProcess:
        """Run ``args`` as ``user`` in a clean environment (their HOME, the shared Python first on PATH)."""
        bin_dir = self.shared.python.parent
        env = ["HOME=" + str(self.home(user)), "USER=" + user, "LOGNAME=" + user, "LANG=C.UTF-8",
               f"PATH={bin_dir}:/usr/local/bin:/usr/bin:/bin", "MPLBACKEND=Agg"]
        done = subprocess.run(["runuser", "-u", user, "--", "env", "-i", *env, *args],
                              cwd=str(cwd or self.home(user)), capture_output=True, text=True, timeout=600)
        if check and done.returncode != 0:
            raise RuntimeError(f"{user}: {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return done

    def nbgrader(self, user: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """``nbgrader ARGS`` as ``user``: the instructor in the course folder, a student at home."""
        cwd = self.course_dir if user == self.instructor else self.home(user)
        return self.run_as(user, [str(self.shared.python), "-m", "nbgrader", *args], cwd=cwd, check=check)

    def python_as(self, user: str, code: str, check: bool = True) -> subprocess.CompletedProcess:
        """Run Python ``code`` as ``user``."""
        return self.run_as(user, [str(self.shared.python), "-c", code], check=check)

    # the term ---------------------------------------------------------------------------------
    def release(self, assignment: str, duedate: datetime.datetime | None = None) -> None:
        """Instructor: add the assignment (with its due date), generate and release it."""
        due = ["--duedate", duedate.strftime("%Y-%m-%d %H:%M:%S.%f UTC")] if duedate else []
        self.nbgrader(self.instructor, "db", "assignment", "add", assignment, *due)
        self.nbgrader(self.instructor, "generate_assignment", assignment, "--force")
        self.nbgrader(self.instructor, "release_assignment", assignment, "--force")

    def set_duedate(self, assignment: str, duedate: datetime.datetime) -> None:
        """Instructor: move the due date (``nbgrader db assignment add`` updates it)."""
        self.nbgrader(self.instructor, "db", "assignment", "add", assignment,
                      "--duedate", duedate.strftime("%Y-%m-%d %H:%M:%S.%f UTC"))

    def fetch(self, student: str, assignment: str) -> Path:
        """Student: fetch the assignment into their home; return its folder."""
        self.nbgrader(student, "fetch_assignment", assignment)
        return self.home(student) / assignment

    def hand_in(self, student: str, assignment: str, notebooks: dict[str, dict]) -> None:
        """Student: write their notebooks (name -> notebook) into the fetched folder and submit."""
        drop = self.base / "drop" / student
        drop.mkdir(parents=True, exist_ok=True)
        for name, nb in notebooks.items():
            (drop / name).write_text(json.dumps(nb))
        for path in [drop.parent, drop, *drop.iterdir()]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        for name in notebooks:  # the student copies their work over the fetched notebook
            self.run_as(student, ["cp", str(drop / name), str(self.home(student) / assignment / name)])
        shutil.rmtree(drop)
        self.nbgrader(student, "submit", assignment)

    def collect(self, assignment: str) -> Path:
        """Instructor: collect every submission into the course's ``submitted/``."""
        self.nbgrader(self.instructor, "collect", assignment)
        return self.course_dir / "submitted"

    def grade(self, out: Path | None = None, workers: int = 2) -> subprocess.CompletedProcess:
        """Grade what was collected with ``python -m grader grade`` against the instructor's gradebook."""
        out = Path(out or self.base / "grading")
        env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
        done = subprocess.run([sys.executable, "-m", "grader", "grade", "--submissions",
                               str(self.course_dir / "submitted"), "--out", str(out),
                               "--db-url", f"sqlite:///{self.course_dir / 'gradebook.db'}",
                               "--cell-timeout", str(self.cell_timeout), "--workers", str(workers)],
                              capture_output=True, text=True, env=env, timeout=1800)
        if done.returncode != 0:
            raise RuntimeError(f"grading failed:\n{done.stdout}\n{done.stderr[-3000:]}")
        self.graded = out
        for path in [self.course_dir, *self.course_dir.rglob("*")]:  # the gradebook stays the instructor's
            shutil.chown(path, self.instructor, self.instructor)
        return done

    def release_feedback(self, assignment: str) -> None:
        """Instructor: put the grader's feedback pages (hidden tests removed) into the course's
        ``feedback/`` with each submission's timestamp and secret, as ``generate_feedback`` does,
        then ``nbgrader release_feedback``."""
        for student_dir in sorted((self.graded / "feedback").iterdir()):
            source = student_dir / assignment
            submitted = self.course_dir / "submitted" / student_dir.name / assignment
            if not source.is_dir() or not submitted.is_dir():
                continue
            target = self.course_dir / "feedback" / student_dir.name / assignment
            target.mkdir(parents=True, exist_ok=True)
            for page in source.glob("*.html"):
                shutil.copy(page, target / page.name)
            for name in ("timestamp.txt", "submission_secret.txt"):
                if (submitted / name).exists():
                    shutil.copy(submitted / name, target / name)
        for path in [self.course_dir / "feedback", *(self.course_dir / "feedback").rglob("*")]:
            shutil.chown(path, self.instructor, self.instructor)
        self.nbgrader(self.instructor, "release_feedback", assignment)

    def fetch_feedback(self, student: str, assignment: str) -> list[Path]:
        """Student: fetch their feedback; return the pages now in their home."""
        self.nbgrader(student, "fetch_feedback", assignment)
        return sorted((self.home(student) / assignment / "feedback").glob("*/*.html"))


def main(argv=None) -> int:
    """``make hub-demo``: one term of the course for two students, step by step."""
    from grader.authoring import samples

    if os.geteuid() != 0:
        print("make hub-demo makes unix accounts and runs nbgrader as them: run it as root "
              "(or follow docs/hub.md by hand)", file=sys.stderr)
        return 2
    assignment = samples.ASSIGNMENT
    with tempfile.TemporaryDirectory(prefix="genlab-hub-samples-") as tmp:
        written = samples.write_samples(Path(tmp))
        answers = {"alice": written / "alice" / assignment, "bob": written / "bob" / assignment}
        with Classroom(students=2) as room:
            print(f"instructor {room.instructor}, students {', '.join(room.students)}; exchange {room.exchange}")
            room.release(assignment, datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=7))
            print(f"released {assignment}")
            for student, (sample, folder) in zip(room.students, answers.items()):
                room.fetch(student, assignment)
                if student == room.students[-1]:
                    room.set_duedate(assignment, datetime.datetime.now(datetime.timezone.utc))
                    print("the deadline passes")
                notebooks = {p.name: json.loads(p.read_text()) for p in folder.glob("*.ipynb")}
                room.hand_in(student, assignment, notebooks)
                print(f"{student} fetched, answered as sample {sample!r} and submitted")
            room.collect(assignment)
            print(room.grade().stdout)
            room.release_feedback(assignment)
            for student in room.students:
                pages = room.fetch_feedback(student, assignment)
                print(f"{student} fetched feedback: {', '.join(p.name for p in pages)}")
        print("accounts removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
