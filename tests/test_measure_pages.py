"""scripts/measure_pages.py picks, of several Lighthouse runs of a page, the one Lighthouse's own
computeMedianRun picks: the run nearest the median first contentful paint and the median time
to interactive (not the median of the scores)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from scripts.measure_pages import MEDIAN_RUN_LIB, median_run

pytestmark = pytest.mark.skipif(
    not MEDIAN_RUN_LIB.is_file() or shutil.which("node") is None,
    reason="Lighthouse is installed (into .cache/) only when measure_pages.py --lighthouse runs",
)


def _report(directory: Path, name: str, fcp: float, tti: float) -> Path:
    path = directory / f"{name}.json"
    audits = {
        "first-contentful-paint": {"numericValue": fcp},
        "interactive": {"numericValue": tti},
    }
    path.write_text(json.dumps({"audits": audits}), encoding="utf-8")
    return path


def test_the_median_run_is_the_one_nearest_both_medians(tmp_path: Path) -> None:
    # medians: paint 1.85 s, interactive 2.35 s; the third run is nearest to both
    runs = [(1.5, 2.4), (2.2, 3.0), (1.8, 2.3), (1.9, 2.0)]
    reports = [_report(tmp_path, f"r{i}", 1000 * f, 1000 * t) for i, (f, t) in enumerate(runs)]
    assert median_run(reports) == 2
    assert median_run(list(reversed(reports))) == 1


def test_one_run_is_its_own_median(tmp_path: Path) -> None:
    assert median_run([_report(tmp_path, "only", 1700.0, 2100.0)]) == 0


def test_a_run_without_a_paint_is_an_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"audits": {"interactive": {"numericValue": 2000}}}))
    with pytest.raises(RuntimeError, match="missing an FCP"):
        median_run([broken, _report(tmp_path, "ok", 1700.0, 2100.0)])
