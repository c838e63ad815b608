"""hubctl as installed: the console script, the library without click, a wheel on its own."""

from __future__ import annotations

import importlib.util
import json
import os
import pkgutil
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Callable
from pathlib import Path

import pytest

import hubctl

ON = "2026-11-23"
BIN = Path(sys.executable).parent
INSTALLED_HUBCTL = BIN / "hubctl"


def clean_environment() -> dict[str, str]:
    """This process's environment (cleared by conftest) less PYTHONPATH."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}


def run(command: list[str | Path], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=clean_environment(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# --- the installed console script --------------------------------------------------------


def test_installed_hubctl_validates_the_shipped_listings(
    shipped_listings: Path, tmp_path: Path
) -> None:
    files = len(list(shipped_listings.rglob("*.yaml")))
    completed = run(
        [INSTALLED_HUBCTL, "--listings", shipped_listings, "validate", "--on", ON], cwd=tmp_path
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == ""
    assert completed.stderr == f"checked {files} files: 0 errors, 0 warnings\n"


def test_installed_hubctl_exits_1_on_errors_without_a_traceback(tmp_path: Path) -> None:
    completed = run([INSTALLED_HUBCTL, "validate", "--on", ON], cwd=tmp_path)
    assert completed.returncode == 1
    assert completed.stdout.startswith("listings:1:1: error HUB012 ")
    assert "Traceback" not in completed.stderr


def test_installed_hubctl_prints_its_version() -> None:
    completed = run([INSTALLED_HUBCTL, "--version"])
    assert completed.returncode == 0
    assert completed.stdout == f"hubctl, version {hubctl.__version__}\n"


# --- the library does not load click -------------------------------------------------------


def _library_modules() -> list[str]:
    package = Path(hubctl.__file__).parent
    names = ["hubctl"]
    for module in pkgutil.walk_packages([str(package)], prefix="hubctl."):
        names.append(module.name)
    # The CLI package and `python -m hubctl` (which runs it) are the only modules that use
    # Click.
    return sorted(
        name
        for name in names
        if name != "hubctl.__main__" and name != "hubctl.cli" and not name.startswith("hubctl.cli.")
    )


def test_importing_hubctl_does_not_load_click() -> None:
    code = "import hubctl, sys; print('click' in sys.modules)"
    completed = run([sys.executable, "-c", code])
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == "False\n"


def test_every_public_name_imports_from_the_package() -> None:
    code = (
        "import hubctl\n"
        "for name in hubctl.__all__:\n"
        "    assert getattr(hubctl, name) is not None, name\n"
        "from hubctl import validate, publish, diff_revisions\n"
        "assert sorted(hubctl.__all__) == sorted(['__version__', *hubctl._EXPORTS])\n"
        "print(len(hubctl.__all__))\n"
    )
    completed = run([sys.executable, "-c", code])
    assert completed.returncode == 0, completed.stderr
    assert int(completed.stdout) > 15


def test_validate_does_not_import_what_other_commands_need(tmp_path: Path) -> None:
    # Start-up is a fixed cost of every CI run and pre-commit hook (README: Performance).
    code = (
        "import sys\n"
        "from hubctl.cli import cli\n"
        "try:\n"
        "    cli(['--listings', sys.argv[1], 'validate'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ['hubctl.publishing', 'hubctl.listing_diff', 'hubctl.offer_coverage', "
        "'icalendar', 'tabulate']\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    completed = run(
        [sys.executable, "-c", code, str(Path(__file__).resolve().parent.parent / "listings")]
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines()[-1] == "[]"


def test_a_validate_from_the_cache_loads_no_yaml_reader_models_or_phone_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each costs start-up time that a pre-commit hook pays on every commit; a run whose
    # files are all in the cache (unchanged, or of the same bytes) needs none of them.
    tree = shutil.copytree(Path(__file__).resolve().parent.parent / "listings", tmp_path / "l")
    monkeypatch.setenv("HUBCTL_CACHE_DIR", str(tmp_path / "cache"))
    code = (
        "import sys\n"
        "from hubctl.cli import cli\n"
        "try:\n"
        "    cli(['--listings', sys.argv[1], 'validate', '--format', 'json'])\n"
        "except SystemExit as stop:\n"
        "    print('exit', stop.code)\n"
        "heavy = ('pydantic', 'pydantic_core', 'yaml', 'phonenumbers', 'importlib.metadata')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules if m.startswith(heavy)}))\n"
    )
    first = run([sys.executable, "-c", code, tree])
    assert first.returncode == 0, first.stderr
    assert "'pydantic'" in first.stdout.splitlines()[-1]  # no cache yet: every file checked
    warm = run([sys.executable, "-c", code, tree])
    assert warm.returncode == 0, warm.stderr
    assert warm.stdout.splitlines()[-2:] == ["exit 0", "[]"]
    report = "\n".join(warm.stdout.splitlines()[:-2])
    assert json.loads(report) == json.loads("\n".join(first.stdout.splitlines()[:-2]))


def test_no_library_module_loads_click() -> None:
    modules = _library_modules()
    assert "hubctl.publishing" in modules and "hubctl.reporters.sarif" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'click' or m.startswith('click.')))\n"
    )
    completed = run([sys.executable, "-c", code])
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == "[]\n"


# --- a wheel installed on its own -----------------------------------------------------------


def _build_wheel(repo_root: Path, into: Path) -> Path:
    command: list[str | Path] = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--quiet",
        "-w",
        into,
    ]
    if importlib.util.find_spec("hatchling") is not None:
        command.append("--no-build-isolation")  # else pip fetches hatchling from PyPI
    completed = run([*command, repo_root], cwd=repo_root)
    assert completed.returncode == 0, completed.stderr
    [wheel] = into.glob("familyhubs_hubctl-*.whl")
    return wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of this repository, built once per module."""
    repo_root = Path(__file__).resolve().parent.parent
    return _build_wheel(repo_root, tmp_path_factory.mktemp("wheelhouse"))


@pytest.fixture(scope="module")
def wheel_venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv with only the wheel installed, seeing this env's dependencies by a .pth."""
    base = tmp_path_factory.mktemp("wheel")
    venv = base / "venv"
    completed = run([sys.executable, "-m", "venv", "--without-pip", venv])
    assert completed.returncode == 0, completed.stderr
    venv_python = venv / "bin" / "python"
    site_packages = run(
        [venv_python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
    ).stdout.strip()
    # A plain path line: this env's packages (click, pydantic ...) without running its
    # .pth files, so the editable hubctl of this env stays out of the new one.
    (Path(site_packages) / "current-env-dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n"
    )
    installed = run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            venv_python,
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            wheel,
        ]
    )
    assert installed.returncode == 0, installed.stderr
    return venv


def test_wheel_hubctl_validates_a_tree_from_another_folder(
    wheel_venv: Path, make_tree: Callable[..., Path], tmp_path: Path
) -> None:
    tree = make_tree()
    completed = run(
        [wheel_venv / "bin" / "hubctl", "--listings", tree, "validate", "--on", ON], cwd=tmp_path
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stderr == "checked 12 files: 0 errors, 0 warnings\n"


def test_wheel_ships_the_taxonomy_and_schemas_inside_the_package(
    wheel_venv: Path, tmp_path: Path
) -> None:
    code = (
        "import hubctl, hubctl.resources as r\n"
        "print(hubctl.__file__)\n"
        "print(r.shipped_taxonomy_path())\n"
        "print(sorted(p.name for p in r.shipped_schema_dir().iterdir()))\n"
        "print(sorted(p.name for p in r.shipped_requirements_dir().iterdir()))\n"
    )
    completed = run([wheel_venv / "bin" / "python", "-c", code], cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    module_file, taxonomy, schema_files, profiles = completed.stdout.splitlines()
    assert profiles == str(["dfe-2025-26.yaml"])
    venv = wheel_venv.resolve()
    assert venv in Path(module_file).resolve().parents
    assert venv in Path(taxonomy).resolve().parents
    assert Path(taxonomy).is_file()
    assert schema_files == str(
        [
            "activity.schema.json",
            "assurance.schema.json",
            "authority.schema.json",
            "branch.schema.json",
            "expectations.schema.json",
            "feed.schema.json",
            "hub.schema.json",
            "offer-areas.yaml",
            "requirements",
            "requirements.schema.json",
        ]
    )


def test_wheel_schema_check_passes_on_its_own_schemas(wheel_venv: Path, tmp_path: Path) -> None:
    schema_dir = run(
        [
            wheel_venv / "bin" / "python",
            "-c",
            "import hubctl.resources as r; print(r.shipped_schema_dir())",
        ]
    ).stdout.strip()
    completed = run(
        [wheel_venv / "bin" / "hubctl", "schema", "--check", "--dir", schema_dir], cwd=tmp_path
    )
    assert completed.returncode == 0, completed.stdout


def test_python_dash_m_hubctl_runs_the_command() -> None:
    completed = run([sys.executable, "-m", "hubctl", "--version"])
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == f"hubctl, version {hubctl.__version__}\n"


def test_no_module_name_hides_another() -> None:
    # A package root that rebinds a submodule's name, or a module named like a stdlib one
    # (feeds/calendar.py, reporters/json.py once), makes imports and patches surprising.
    import types

    modules = _library_modules()
    for name in modules:
        assert name.rsplit(".", 1)[-1] not in sys.stdlib_module_names, name
        parent, _, child = name.rpartition(".")
        if parent:
            bound = getattr(importlib.import_module(parent), child, None)
            assert bound is None or isinstance(bound, types.ModuleType), name


def test_wheel_carries_licence_types_marker_and_project_metadata(wheel: Path) -> None:
    import zipfile

    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        [metadata_name] = [n for n in names if n.endswith(".dist-info/METADATA")]
        metadata = archive.read(metadata_name).decode("utf-8")
    assert "hubctl/py.typed" in names  # PEP 561: the library's types reach its users
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "License-Expression: MIT" in metadata
    assert "Classifier: Typing :: Typed" in metadata
    assert "Project-URL: Homepage, https://github.com/familyhubs/hubctl" in metadata
    requires = [line for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    runtime = {line.split()[1].split(">")[0] for line in requires if "extra ==" not in line}
    # hubctl verify needs jsonschema, and the two validators that make "date-time" and
    # "uri" real checks.
    assert {"jsonschema", "rfc3339-validator", "rfc3986-validator"} <= runtime
    assert "frictionless" not in runtime  # verify reads CSV against the Data Package itself


def test_wheel_ships_the_open_referral_schemas_verify_uses(wheel: Path) -> None:
    import zipfile

    from hubctl.feed_verify.shipped_schemas import ORUK_FOLDER, ORUK_SCHEMA_FILES

    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    shipped = {f"hubctl/standards/oruk/{name}" for name in ORUK_SCHEMA_FILES}
    shipped |= {
        f"hubctl/standards/oruk/{name}" for name in ("openapi.json", "LICENSE", "SOURCE.md")
    }
    assert shipped <= names
    assert {path.name for path in ORUK_FOLDER.iterdir()} == {p.rsplit("/", 1)[1] for p in shipped}


def test_wheel_hubctl_verifies_a_publish(
    wheel_venv: Path, make_tree: Callable[..., Path], tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    hubctl = wheel_venv / "bin" / "hubctl"
    published = run([hubctl, "--listings", make_tree(), "publish", "--out", out, "--on", ON])
    assert published.returncode == 0, published.stderr
    verified = run([hubctl, "verify", out], cwd=tmp_path)
    assert (verified.returncode, verified.stdout) == (0, ""), verified.stdout
    files = sum(1 for path in out.rglob("*") if path.is_file())
    assert files > 12  # the feeds and the Open Referral UK mirror's many files
    assert verified.stderr == f"checked {files} files: 0 errors, 0 warnings\n"
    (out / "csv" / "hubs.csv").write_bytes(b"id\r\n")
    tampered = run([hubctl, "verify", out, "--format", "json"], cwd=tmp_path)
    assert tampered.returncode == 1
    assert "Traceback" not in tampered.stderr
