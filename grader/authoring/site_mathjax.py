"""A local MathJax 3 for the self-study site, so that formulas render without a network.

The npm package ``mathjax`` (a pinned version, checked against its published sha512) is
fetched once with ``npm pack`` into a cache folder outside the repository and unpacked
there; every build copies its ``es5/`` folder, licence and ``package.json`` into
``site/mathjax/``.  Pages load ``mathjax/es5/tex-svg-full.js``: SVG output needs no web
fonts, so nothing else is fetched, from ``file://`` too.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

__all__ = ["VERSION", "SCRIPT", "fetch", "install"]

VERSION = "3.2.2"
INTEGRITY = "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw=="
SCRIPT = "mathjax/es5/tex-svg-full.js"  # relative to the site's root


def _integrity(path: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def fetch(cache: Path) -> Path:
    """The unpacked package folder (``cache/mathjax-VERSION/package``), fetched if missing.

    Raises
    ------
    RuntimeError
        When npm is missing or fails, or the tarball does not match the pinned checksum.
    """
    folder = Path(cache) / f"mathjax-{VERSION}"
    package = folder / "package"
    if (package / "es5" / "tex-svg-full.js").exists():
        return package
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("the site needs MathJax: install npm (Debian: apt-get install npm), or pass "
                           "--mathjax with the folder of an unpacked `mathjax` 3 package")
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        # npm's own cache goes next to ours, never into $HOME.
        env = dict(os.environ, npm_config_cache=str(Path(cache) / "npm"), npm_config_update_notifier="false")
        done = subprocess.run([npm, "pack", f"mathjax@{VERSION}", "--pack-destination", tmp, "--silent"],
                              env=env, capture_output=True, text=True, timeout=300)
        tarball = Path(tmp) / f"mathjax-{VERSION}.tgz"
        if done.returncode != 0 or not tarball.exists():
            raise RuntimeError(f"npm pack mathjax@{VERSION} failed: {done.stderr.strip()[-500:]}")
        if _integrity(tarball) != INTEGRITY:
            raise RuntimeError(f"mathjax-{VERSION}.tgz does not match its pinned sha512")
        unpacked = Path(tmp) / "unpacked"
        with tarfile.open(tarball) as archive:
            if any(m.name.startswith(("/", "..")) or ".." in Path(m.name).parts for m in archive.getmembers()):
                raise RuntimeError(f"mathjax-{VERSION}.tgz holds paths outside its folder")
            archive.extractall(unpacked)
        shutil.rmtree(package, ignore_errors=True)
        (unpacked / "package").rename(package)
    return package


def install(out: Path, cache: Path | None = None, source: Path | None = None) -> Path:
    """Copy MathJax (``source``, or the cached npm package) into ``out/mathjax``; return it.

    Parameters
    ----------
    out : Path
        The site folder.
    cache : Path, optional
        Where :func:`fetch` keeps the package (required when ``source`` is not given).
    source : Path, optional
        An unpacked ``mathjax`` 3 package (holding ``es5/`` and ``LICENSE``).
    """
    package = Path(source) if source is not None else fetch(cache)
    if not (package / "es5" / "tex-svg-full.js").exists():
        raise RuntimeError(f"{package} holds no es5/tex-svg-full.js: not a MathJax 3 package")
    target = Path(out) / "mathjax"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(package / "es5", target / "es5")
    for name in ("LICENSE", "package.json"):
        if (package / name).exists():
            shutil.copy2(package / name, target / name)
    return target
