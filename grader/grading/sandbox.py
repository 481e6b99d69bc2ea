"""The limited kernel that runs each submitted notebook, and its launcher.

The grading pipeline writes a kernelspec named ``genlab-sandbox`` into the temporary course
folder's Jupyter path and forces it for every notebook (``c.Execute.kernel_name``), so a
changed kernelspec in a submission does not matter.  Its command is::

    python -m grader.grading.sandbox --cpu S --memory BYTES --file-size BYTES --nproc N -f {connection_file}

The launcher, before any student code runs:

* makes a fresh folder (under ``$GENLAB_SANDBOX_BASE``) holding the kernel's HOME, TMPDIR and
  working folder, and points HOME, TMPDIR, IPYTHONDIR, MPLCONFIGDIR and the Jupyter folders there;
* sets RLIMIT_CPU (CPU seconds for the whole notebook), RLIMIT_AS (address space),
  RLIMIT_FSIZE (largest file it may write) and RLIMIT_NPROC (processes and threads);
* when started as root, drops to an unprivileged uid (``$GENLAB_SANDBOX_UID``, one per worker),
  so the course folder (mode 0700), the gradebook and other students' work are unreadable
  and RLIMIT_NPROC is enforced (it is not for root);
* installs an audit hook (PEP 578) that records what student code does that a test should
  never need: frame inspection, reading the grader's files, processes, sockets;
* then starts ipykernel.

What is not isolated is written in docs/grading.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
from pathlib import Path

__all__ = ["write_kernelspec", "main"]


def build_font_cache(folder: Path) -> None:
    """Build matplotlib's font list once, so each fresh kernel HOME need not (about 1 s each)."""
    import subprocess

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, MPLCONFIGDIR=str(folder), MPLBACKEND="Agg")
    subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], env=env, check=False,
                   capture_output=True, timeout=300)


def write_kernelspec(jupyter_dir: Path, limits, font_cache: Path | None = None) -> Path:
    """Write ``jupyter_dir/kernels/genlab-sandbox/kernel.json``; return its folder.

    ``limits`` is a ``grader.grading.settings.Limits`` (imported here, not at the top: inside
    the sandbox this module needs nothing of the grader but ``grader.check``)."""
    from grader.grading import settings

    folder = Path(jupyter_dir) / "kernels" / settings.KERNEL_NAME
    folder.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", "grader.grading.sandbox",
                 "--cpu", str(limits.cpu_seconds), "--memory", str(limits.memory_bytes),
                 "--file-size", str(limits.file_bytes), "--nproc", str(limits.nproc),
                 "-f", "{connection_file}"],
        "display_name": "genlab grading sandbox",
        "language": "python",
        "metadata": {"debugger": False},
    }
    if font_cache:
        spec["env"] = {"GENLAB_FONT_CACHE": str(font_cache)}
    (folder / "kernel.json").write_text(json.dumps(spec, indent=1) + "\n")
    return folder


# ---------------------------------------------------------------- audit hook (in the kernel)

_RECORDED = {
    "sys._getframe", "sys._current_frames", "object.__getattr__", "gc.get_referrers",
    "gc.get_referents", "gc.get_objects", "open",
}
_FRAME_ATTRS = {"f_back", "tb_frame", "gi_frame", "cr_frame", "ag_frame", "f_locals", "f_globals"}
_PROCESS_EVENTS = {"os.system", "subprocess.Popen", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
                   "os.forkpty", "pty.spawn"}
_NETWORK_EVENTS = {"socket.connect", "socket.bind", "socket.getaddrinfo", "socket.gethostbyname",
                   "socket.sendto", "socket.sendmsg", "urllib.Request"}
_PATH_EVENTS = {"os.remove", "os.rename", "os.rmdir", "shutil.rmtree", "os.chmod", "os.chown",
                "os.truncate", "os.utime", "os.link", "os.symlink", "shutil.move", "shutil.copyfile"}
_FORBIDDEN_SYMBOLS = ("fork", "vfork", "clone", "exec", "system", "posix_spawn", "kill", "rlimit",
                      "unshare", "setns", "ptrace", "syscall", "open", "creat", "unlink", "rename",
                      "write", "truncate", "chmod", "chown", "socket", "connect", "setuid", "setgid")
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


class SandboxViolation(PermissionError):
    """What the sandbox's policy raises: the operation is not allowed while grading."""


def _install_audit_hook(protected: list[str], box: str, exchange: str | None = None) -> None:
    """Enforce the sandbox policy and record what student code does that a test never needs.

    Refused, whoever asks: new processes, network, writing or changing files outside the
    sandbox folder (and the grader's exchange folder, where the kernel writes its answers),
    raising resource limits, sqlite databases outside the sandbox, and loading
    C symbols that would do any of these through ctypes.  Recorded when a notebook cell's code
    asks (for the integrity report): frame inspection, reads of the grader's files.
    """
    import types

    store = types.ModuleType("_genlab_audit")
    store.events = []
    sys.modules["_genlab_audit"] = store
    getframe = sys._getframe
    events = store.events
    box = os.path.abspath(box) + os.sep
    allowed_files = ("/dev/null", "/dev/urandom", "/dev/random", "/dev/shm/") + (
        (os.path.abspath(exchange) + os.sep,) if exchange else ())
    abspath, fspath = os.path.abspath, os.fspath
    busy = [False]

    def inside(path) -> bool:
        if isinstance(path, int):
            return True  # an open file descriptor: its path was checked when it was opened
        try:
            text = fspath(path)
            text = text.decode(errors="replace") if isinstance(text, bytes) else text
        except TypeError:
            return False
        full = abspath(text)
        return full.startswith(box) or full + os.sep == box or full.startswith(allowed_files)

    own_file = getframe(0).f_code.co_filename

    def student_frame():
        frame = getframe(2)
        for _ in range(6):
            if frame is None:
                return None
            name = frame.f_code.co_filename
            if "ipykernel_" in name or name.startswith("<ipython-input"):
                return frame
            if name == own_file:
                frame = frame.f_back  # the hook itself
                continue
            if "/grader/" in name:
                return None  # the checker's own work
            frame = frame.f_back
        return None

    def record(event, detail):
        if len(events) < 500 and student_frame() is not None:
            events.append((event, str(detail)[:300]))

    def refuse(event, detail, what):
        if len(events) < 500 and student_frame() is not None:
            events.append(("refused " + event, str(detail)[:300]))
        raise SandboxViolation(f"{what} is not allowed while grading ({event})")

    def hook(event, args):
        if busy[0]:
            return
        busy[0] = True
        try:
            if event in _PROCESS_EVENTS:
                refuse(event, args[0] if args else "", "starting a process")
            elif event in _NETWORK_EVENTS:
                refuse(event, args[1] if len(args) > 1 else "", "network access")
            elif event in _PATH_EVENTS:
                targets = args[1:2] if event == "shutil.copyfile" else args[:2]
                for path in targets:
                    if isinstance(path, (str, bytes, os.PathLike)) and not inside(path):
                        refuse(event, path, "changing files outside the sandbox")
            elif event == "open":
                path, mode, flags = (list(args) + [None, None, None])[:3]
                writing = (isinstance(mode, str) and any(m in mode for m in "wax+")) or (
                    mode is None and isinstance(flags, int) and flags & _WRITE_FLAGS)
                if writing and not inside(path):
                    refuse(event, path, "writing files outside the sandbox")
                if not writing and isinstance(path, (str, bytes)) and any(
                        p in (path.decode(errors="replace") if isinstance(path, bytes) else path)
                        for p in protected):
                    record("open", f"read {path}")
            elif event in ("resource.setrlimit", "resource.prlimit"):
                refuse(event, args, "changing resource limits")
            elif event == "sqlite3.connect":
                target = args[0] if args else ""
                if str(target) not in (":memory:", "") and not inside(target):
                    refuse(event, target, "opening a database outside the sandbox")
            elif event == "ctypes.dlsym":
                name = str(args[1]) if len(args) > 1 else ""
                if any(word in name for word in _FORBIDDEN_SYMBOLS):
                    refuse(event, name, "calling C functions that bypass the sandbox")
            elif event in ("os.kill", "os.killpg"):
                if args and args[0] not in (0, os.getpid()):
                    refuse(event, args[0], "signalling other processes")
            elif event in _RECORDED:
                if event == "object.__getattr__":
                    if len(args) >= 2 and args[1] in _FRAME_ATTRS:
                        record(event, f"frame attribute {args[1]}")
                else:
                    record(event, " ".join(str(a)[:100] for a in args[:1]))
        finally:
            busy[0] = False

    sys.addaudithook(hook)


def _readable_by_others(paths) -> bool:
    """True if every folder above ``paths`` can be searched, and they read, by any user."""
    import stat

    for path in paths:
        path = Path(path).resolve()
        for folder in [path, *path.parents]:
            try:
                mode = folder.stat().st_mode
            except OSError:
                return False
            need = stat.S_IXOTH if folder.is_dir() else stat.S_IROTH
            if not mode & need:
                return False
    return True


# ---------------------------------------------------------------- launcher

def _prepare(args, uid: int | None) -> tuple[Path, str]:
    base = Path(os.environ.get("GENLAB_SANDBOX_BASE") or tempfile.gettempdir())
    box = Path(tempfile.mkdtemp(prefix="kernel-", dir=base))
    for name in ("home", "work", "tmp"):  # the kernel's HOME, working folder and TMPDIR
        (box / name).mkdir()
    fonts = os.environ.get("GENLAB_FONT_CACHE")
    if fonts and Path(fonts).is_dir():
        (box / "home" / ".matplotlib").mkdir(parents=True)
        for cached in Path(fonts).glob("fontlist-*.json"):
            shutil.copyfile(cached, box / "home" / ".matplotlib" / cached.name)
    connection = box / "connection.json"
    shutil.copyfile(args.f, connection)
    if uid is not None:
        for path in [box, *box.rglob("*")]:
            os.chown(path, uid, uid)
    return box, str(connection)


def _limit(args) -> None:
    def set_limit(which, soft, hard=None):
        hard = soft if hard is None else hard
        current_soft, current_hard = resource.getrlimit(which)
        if current_hard != resource.RLIM_INFINITY:
            soft, hard = min(soft, current_hard), min(hard, current_hard)
        resource.setrlimit(which, (soft, hard))

    set_limit(resource.RLIMIT_CPU, args.cpu, args.cpu + 5)
    set_limit(resource.RLIMIT_AS, args.memory)
    set_limit(resource.RLIMIT_FSIZE, args.file_size)
    set_limit(resource.RLIMIT_NPROC, args.nproc)
    set_limit(resource.RLIMIT_CORE, 0)


def _environment(box: Path) -> None:
    keep = {"PATH", "LANG", "LC_ALL", "PYTHONHASHSEED", "JPY_PARENT_PID", "MPLBACKEND",
            "PYDEVD_DISABLE_FILE_VALIDATION"}
    for name in list(os.environ):
        if name not in keep:
            del os.environ[name]
    home = box / "home"
    os.environ.update({
        "HOME": str(home), "TMPDIR": str(box / "tmp"), "IPYTHONDIR": str(home / ".ipython"),
        "MPLCONFIGDIR": str(home / ".matplotlib"), "JUPYTER_CONFIG_DIR": str(home / ".jupyter"),
        "JUPYTER_DATA_DIR": str(home / ".jupyter-data"), "JUPYTER_RUNTIME_DIR": str(home / ".jupyter-run"),
        "JUPYTER_PLATFORM_DIRS": "1", "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1",
        "GENLAB_GRADING": "1",
    })
    tempfile.tempdir = None


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m grader.grading.sandbox")
    parser.add_argument("--cpu", type=int, default=240)
    parser.add_argument("--memory", type=int, default=3 * 2**30)
    parser.add_argument("--file-size", type=int, default=64 * 2**20)
    parser.add_argument("--nproc", type=int, default=64)
    parser.add_argument("--box", help="the kernel's folder, made by the bubblewrap kernel manager")
    parser.add_argument("-f", required=True, help="connection file")
    args = parser.parse_args(argv)

    import sysconfig

    import grader

    root = Path(grader.__file__).resolve().parent
    if args.box:  # inside bubblewrap (grader.grading.bubblewrap): the folder is made and owned already
        drop = os.geteuid() == 0
        uid = int(os.environ.get("GENLAB_SANDBOX_UID", "65534")) if drop else None
        box, connection = Path(args.box), args.f
    else:
        # Drop root only if an unprivileged user can still run this Python and read the course code.
        drop = os.geteuid() == 0 and _readable_by_others(
            [sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["purelib"], root])
        uid = int(os.environ.get("GENLAB_SANDBOX_UID", "65534")) if drop else None
        box, connection = _prepare(args, uid)
    try:
        os.setsid()
    except OSError:
        pass  # already a session leader (jupyter_client starts kernels in a new session)
    if drop:
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
    exchange = os.environ.get("GENLAB_EXCHANGE") if not args.box else None  # the plain sandbox's
    _limit(args)
    _environment(box)
    if args.box:  # its parent is bwrap's init in a PID namespace; --die-with-parent does ipykernel's poll
        os.environ.pop("JPY_PARENT_PID", None)
    os.chdir(box / "work")
    os.environ["GENLAB_SANDBOX_PRIVILEGES"] = "dropped" if drop else "kept"
    os.environ["GENLAB_SANDBOX_WALL"] = "bubblewrap" if args.box else "none"
    protected = [str(root / "authoring"), str(root / "check" / "fixtures"), str(root.parent / "genlab" / "reference"),
                 str(root.parent / "solutions"), "gradebook", "course_secret", "/autograded/", "/submitted/"]
    _install_audit_hook(protected, str(box), exchange)
    sys.argv = [sys.argv[0], "-f", connection, "--HistoryManager.hist_file=:memory:", "--log-level=ERROR"]
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main()
