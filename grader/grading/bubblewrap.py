"""The operating-system wall around every graded kernel: Debian's bubblewrap (``bwrap``).

Each graded kernel runs in a sandbox of its own, made by :class:`WalledKernelManager` (the kernel
manager of :class:`WalledExecute`, nbgrader's Execute step when grading with the sandbox):

* new PID, network, IPC, UTS (and, where possible, cgroup) namespaces: the kernel sees only its
  own processes in a fresh ``/proc`` and has no network at all, not even the host's loopback;
* a file system that holds only :func:`read_only_paths` (read-only), the student's notebook
  folder (read-only), the kernel's own folder (its HOME, working folder and TMPDIR, removed with
  the kernel) and a private ``/tmp`` and ``/dev/shm`` (memory file systems that vanish with it);
* when the grader runs as root, no user namespace (it would map the sandbox user back to root on
  the host): bwrap keeps only CAP_SETUID and CAP_SETGID, which the launcher
  (``grader.grading.sandbox``) uses to become the worker's unprivileged uid before any student
  code runs, and that change empties every capability set.  Otherwise bwrap makes a user
  namespace and drops every capability;
* the kernel talks to nbclient over ZeroMQ IPC sockets in its own folder (TCP on 127.0.0.1
  cannot cross a network namespace), and is interrupted by a message, not a signal;
* ``--die-with-parent``: the sandbox dies with its worker.

The limits (rlimits) and the audit hook of ``grader.grading.sandbox`` stay, as the inner layer.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager

from grader.grading.sandbox_execute import EXCHANGE, SandboxExecute

__all__ = ["read_only_paths", "bwrap_args", "check_available", "SandboxUnavailable", "WalledKernelManager", "WalledExecute",
           "mark_integrity", "INSTALL_HINT", "NOT_SANDBOXED"]

INSTALL_HINT = ("grading needs bubblewrap, the operating-system sandbox of every graded kernel: "
                "install it with `apt-get install bubblewrap` (Debian, Ubuntu) or `dnf install bubblewrap`, "
                "or grade without it with --no-sandbox")
NOT_SANDBOXED = ("This notebook was graded WITHOUT the operating-system sandbox (--no-sandbox): "
                 "only the Python-level limits applied.")
SOCKET_PATH_MAX = 100   # a unix socket path is at most 107 bytes; the kernel's are <folder>/k-N


def read_only_paths() -> list[Path]:
    """Everything a graded kernel may read besides its notebook: the one list of bound paths.

    Returns
    -------
    list of Path
        The paths that exist on this machine, each bound read-only at its own path.

    Notes
    -----
    Of the course's code, only what the student bundle ships: ``genlab`` without
    ``genlab/reference``, ``grader/check`` (the visible checks and the kernel's part in graded
    checks, ``grader.check.running``), and the two files the launcher needs
    (``grader/__init__.py``, ``grader/grading/sandbox.py``).  The exercises, the reference, the
    grader's verdicts and the course folder are not in the kernel's world at all.
    """
    import genlab
    import grader
    from genlab.data import DATASETS_DIR

    library = Path(genlab.__file__).resolve().parent
    code = Path(grader.__file__).resolve().parent
    paths = [
        # shared libraries of the operating system and the loader's cache (no programs, no /etc)
        Path("/usr/lib"), Path("/usr/lib64"), Path("/lib"), Path("/lib64"),
        Path("/etc/ld.so.cache"), Path("/etc/localtime"),
        Path(sys.base_prefix), Path(sys.prefix),   # the Python installation and its environment
        *sorted(p for p in library.iterdir() if p.name not in ("reference", "__pycache__")),
        code / "__init__.py", code / "check",
        code / "grading" / "__init__.py", code / "grading" / "sandbox.py",
        DATASETS_DIR,                              # the data sets the notebooks read
    ]
    return [p for p in paths if os.path.lexists(p)]


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def bwrap_args(box: Path, notebook_dir: Path | None = None, as_root: bool | None = None) -> list[str]:
    """The bwrap command line (up to ``--``) for a kernel whose own folder is ``box``.

    Parameters
    ----------
    box : Path
        The kernel's folder (HOME, working folder, TMPDIR, connection file, IPC sockets),
        bound read-write.
    notebook_dir : Path, optional
        The student's notebook folder, bound read-only.
    as_root : bool, optional
        Whether bwrap runs as root (default: whether this process does).
    """
    as_root = os.geteuid() == 0 if as_root is None else as_root
    args = ["bwrap", "--die-with-parent", "--new-session", "--unshare-pid", "--unshare-net",
            "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try", "--hostname", "genlab-sandbox"]
    if as_root:  # see the module's notes: the launcher inside drops to the worker's uid
        args += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    else:
        args += ["--unshare-user", "--cap-drop", "ALL"]
    args += ["--proc", "/proc", "--dev", "/dev", "--size", str(256 * 2**20), "--perms", "01777",
             "--tmpfs", "/tmp", "--size", str(256 * 2**20), "--perms", "01777", "--tmpfs", "/dev/shm"]
    paths = [str(p) for p in read_only_paths()]
    binds: list[tuple[str, str, str]] = []
    links: list[tuple[str, str]] = []
    for given in paths:
        real = os.path.realpath(given)
        if os.path.islink(given) and any(_within(real, p) for p in paths if p != given):
            links.append((os.readlink(given), given))  # e.g. /lib -> usr/lib on a merged /usr
            continue
        binds.append(("--ro-bind", real, given))
        if real != given and os.path.isdir(real) and not any(_within(real, p) for p in paths):
            binds.append(("--ro-bind", real, real))
    if notebook_dir and Path(notebook_dir).is_dir():
        folder = str(Path(notebook_dir).absolute())
        # only a folder of its own: never "/", /tmp or a folder that holds the kernel's or the library's
        if folder.count("/") >= 2 and not any(_within(p, folder) for p in paths + [str(box)]):
            binds.append(("--ro-bind", os.path.realpath(folder), folder))
    binds.append(("--bind", str(box), str(box)))
    made, bound = {"/", "/tmp", "/dev", "/dev/shm", "/proc"}, []
    for kind, source, dest in sorted(set(binds), key=lambda b: (b[2].count("/"), b[2])):
        for parent in map(str, list(reversed(Path(dest).parents))[1:]):
            if parent not in made and not any(_within(parent, b) for b in bound):
                args += ["--perms", "0755", "--dir", parent]
                made.add(parent)
        args += [kind, source, dest]
        bound.append(dest)
    for target, link in links:
        args += ["--symlink", target, link]
    return args  # the launcher enters box/work once it is the unprivileged uid


class SandboxUnavailable(ValueError):
    """bubblewrap is missing or cannot make a sandbox on this machine."""


def check_available() -> None:
    """Raise :class:`SandboxUnavailable`, saying how to install it, unless bwrap can make a sandbox here."""
    if not shutil.which("bwrap"):
        raise SandboxUnavailable(INSTALL_HINT)
    box = Path(tempfile.mkdtemp(prefix="gk-"))
    try:
        (box / "work").mkdir()
        result = subprocess.run(bwrap_args(box) + ["--", sys.executable, "-c", "pass"], capture_output=True,
                                text=True, timeout=60)
    finally:
        shutil.rmtree(box, ignore_errors=True)
    if result.returncode != 0:
        raise SandboxUnavailable(f"bubblewrap cannot make a sandbox on this machine ({result.stderr.strip()[:300]}); "
                           "grade on a machine where it can, or with --no-sandbox")


def _box_base() -> str:
    """A folder for kernel folders whose IPC socket paths stay short enough."""
    from jupyter_core.paths import jupyter_runtime_dir

    for base in (jupyter_runtime_dir(), tempfile.gettempdir(), "/tmp"):
        if len(base) + 20 < SOCKET_PATH_MAX:
            os.makedirs(base, exist_ok=True)
            return base
    raise RuntimeError("no folder with a short enough path for the kernel's IPC sockets")


class WalledKernelManager(AsyncKernelManager):
    """A kernel manager that starts its kernel inside a bubblewrap sandbox of its own."""

    def _make_box(self) -> Path:
        box = Path(tempfile.mkdtemp(prefix="gk-", dir=_box_base()))
        for name in ("home", "work", "tmp", EXCHANGE):  # HOME, working folder, TMPDIR, the grader's exchange
            (box / name).mkdir()
        fonts = (self.kernel_spec.env or {}).get("GENLAB_FONT_CACHE") if self.kernel_spec else None
        if fonts and Path(fonts).is_dir():  # matplotlib's font list, built once per course
            (box / "home" / ".matplotlib").mkdir()
            for cached in Path(fonts).glob("fontlist-*.json"):
                shutil.copyfile(cached, box / "home" / ".matplotlib" / cached.name)
        return box

    async def _async_pre_start_kernel(self, **kw):
        self.transport = "ipc"
        self._box = self._make_box()
        self.connection_file = str(self._box / "kernel.json")
        self.ip = str(self._box / "k")
        self._notebook_dir = kw.get("cwd")
        if self.kernel_spec is not None:
            self.kernel_spec.interrupt_mode = "message"  # a signal would reach bwrap, not the kernel
        return await super()._async_pre_start_kernel(**kw)

    def format_kernel_cmd(self, extra_arguments=None) -> list[str]:
        cmd = super().format_kernel_cmd(extra_arguments)
        box = self._box
        uid = int(os.environ.get("GENLAB_SANDBOX_UID", "65534"))
        if os.geteuid() == 0:  # the kernel's folder belongs to the uid it will run as
            for path in [box, *box.rglob("*")]:
                os.chown(path, uid, uid, follow_symlinks=False)
        at = cmd.index("grader.grading.sandbox") + 1 if "grader.grading.sandbox" in cmd else len(cmd)
        cmd[at:at] = ["--box", str(box)]
        return bwrap_args(box, self._notebook_dir) + ["--"] + cmd

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        box = getattr(self, "_box", None)
        if box is not None and not restart:
            shutil.rmtree(box, ignore_errors=True)


class WalledExecute(SandboxExecute):
    """``SandboxExecute`` whose kernels run in the bubblewrap sandbox."""

    def __init__(self, **kwargs):
        kwargs.setdefault("kernel_manager_class", WalledKernelManager)
        super().__init__(**kwargs)

    def _exchange_folder(self) -> Path:
        return Path(self.km._box) / EXCHANGE  # inside the kernel's own folder, bound at its own path


def mark_integrity(path: Path, sandboxed: bool) -> None:
    """Add a ``sandbox`` column to ``integrity.csv``: ``bubblewrap``, or ``none (--no-sandbox)``."""
    path = Path(path)
    if not path.exists():
        return
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    if not rows or "sandbox" in rows[0]:
        return
    value = "bubblewrap" if sandboxed else "none (--no-sandbox)"
    rows = [rows[0] + ["sandbox"]] + [row + [value] for row in rows[1:]]
    with open(path, "w", newline="") as f:
        csv.writer(f).writerows(rows)
