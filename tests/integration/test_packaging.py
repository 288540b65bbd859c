"""Installing gridgov is quiet, and an installed copy carries the assets its /docs and /redoc load."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("domain", "projections", "api", "verifier")


def _project_copy(into: Path) -> Path:
    """The files a build reads, without the working tree's venv, caches and data."""
    project = into / "gridgov"
    project.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, project / name)
    for package in PACKAGES:
        shutil.copytree(ROOT / package, project / package, ignore=shutil.ignore_patterns("__pycache__"))
    return project


def _run(*args: str | Path, cwd: Path) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def test_an_editable_install_prints_no_build_backend_warning(tmp_path: Path) -> None:
    project = _project_copy(tmp_path)
    _run(sys.executable, "-m", "venv", tmp_path / "venv", cwd=tmp_path)
    python = tmp_path / "venv" / "bin" / "python"
    # as scripts/install does: a current pip passes the build backend's warnings through
    _run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--upgrade", "pip", cwd=tmp_path)
    # the same pip command as scripts/install, without the dependencies (they change nothing here)
    out = _run(
        python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "-e", ".", cwd=project
    )
    printed = [line for line in out.splitlines() if "is ignored: it is neither a file nor a directory" not in line]
    assert not [line for line in printed if "Warning" in line or "!!" in line], "\n".join(printed)
    where = "import importlib.util as u, pathlib as p; print(p.Path(u.find_spec('api.http').origin).parent)"
    static = Path(_run(python, "-c", where, cwd=tmp_path).strip()) / "static"
    assert (static / "redoc" / "redoc.standalone.js").is_file()


def test_a_built_wheel_carries_the_docs_assets_and_their_licences(tmp_path: Path) -> None:
    project = _project_copy(tmp_path)
    out = tmp_path / "wheels"
    _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--disable-pip-version-check",
        "--no-deps",
        "-w",
        out,
        ".",
        cwd=project,
    )
    [wheel] = out.glob("gridgov-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for asset in (
        "swagger_ui/swagger-ui-bundle.js",
        "swagger_ui/swagger-ui.css",
        "swagger_ui/favicon-32x32.png",
        "swagger_ui/LICENSE",
        "swagger_ui/NOTICE",
        "redoc/redoc.standalone.js",
        "redoc/LICENSE",
    ):
        assert f"api/http/static/{asset}" in names, asset
    assert not [n for n in names if n.startswith(("tests/", "bench/")) or "__pycache__" in n]
