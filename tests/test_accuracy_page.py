"""The accuracy page (docs/accuracy.md, tables from scripts/tables/accuracy.py) as built.

The tables are measured while the site builds; these tests read them from the built page and
check that they hold what the page's prose says about them, so that a change in a library or in
xent_ref that changes the measurements shows up as a failure here rather than as a page whose
text no longer matches its numbers.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import mpmath as mp
import numpy as np
import pytest
from bs4 import BeautifulSoup

from scripts.tables.accuracy import REGIMES


def _tables(site: Path) -> list[list[dict[str, str]]]:
    html = (site / "accuracy.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    tables = []
    for table in soup.select(".md-content table"):
        heads = [th.get_text(strip=True) for th in table.select("thead th")]
        rows = [
            dict(zip(heads, (td.get_text(strip=True) for td in tr.select("td")), strict=True))
            for tr in table.select("tbody tr")
        ]
        tables.append(rows)
    return tables


def _error(cell: str) -> float:
    if cell == "exact":
        return 0.0
    if cell == "no finite result":
        return math.inf
    return float(cell)


@pytest.fixture(scope="module")
def tables(built_site: Path) -> dict[str, list[dict[str, str]]]:
    found = _tables(built_site)
    # One table per regime, in the page's order, then the versions.
    assert len(found) == len(REGIMES) + 1
    return dict(zip([*REGIMES, "versions"], found, strict=True))


def test_the_figure_is_embedded_with_alt_text(built_site: Path) -> None:
    html = (built_site / "accuracy.html").read_text(encoding="utf-8")
    match = re.search(r'<img[^>]*src="data:image/svg\+xml;base64,[^"]+"[^>]*alt="([^"]+)"', html)
    assert match and len(match[1].split()) > 10


@pytest.mark.parametrize("regime", ["confident", "binary", "tiny", "million"])
def test_xent_ref_is_within_a_rounding_step_or_two(
    tables: dict[str, list[dict[str, str]]], regime: str
) -> None:
    for row in tables[regime]:
        assert _error(row["xent_ref"]) <= 5e-16, row


def test_xent_ref_kl_error_grows_only_beyond_ten_shared_digits(
    tables: dict[str, list[dict[str, str]]],
) -> None:
    for row in tables["kl"]:
        error = _error(row["xent_ref"])
        if int(row["digits"]) < 10:
            assert error <= 5e-16, row
        else:
            assert error < 1e-2, row


def test_the_libraries_the_prose_names_lose_every_digit(
    tables: dict[str, list[dict[str, str]]],
) -> None:
    """The failures the page explains: each is at least a whole digit lost at the far end, and
    in the first three regimes (as the figure's alt text says) a relative error of 1 or more."""
    for regime, libraries in {
        "confident": ("NumPy", "SciPy", "scikit-learn", "PyTorch", "Keras"),
        "binary": ("NumPy", "scikit-learn", "PyTorch", "Keras"),
        "kl": ("NumPy", "SciPy", "PyTorch", "Keras"),
        "tiny": ("scikit-learn", "Keras"),
    }.items():
        last, least = tables[regime][-1], 0.1 if regime == "tiny" else 1.0
        for library in libraries:
            assert _error(last[library]) >= least, (regime, library, last)
    assert _error(tables["binary"][-1]["SciPy"]) == 0.0
    assert _error(tables["million"][0]["Keras"]) > 1e-6


def test_pytorch_million_categories_costs_about_fifteen_rounding_steps(
    tables: dict[str, list[dict[str, str]]],
) -> None:
    steps = _error(tables["million"][0]["PyTorch"]) / 2.220446049250313e-16
    assert 10 <= steps <= 20, steps


def test_some_kl_results_off_by_more_than_their_size_are_negative() -> None:
    """The page says an error above 1 is either a result too large or, in the KL table, a
    negative divergence; run the KL calls and find both."""
    regime = REGIMES["kl"]()
    negative = too_large = 0
    for digits in regime["grid"]:
        exact = float(regime["exact"](digits))
        for call in regime["calls"].values():
            if call is None:
                continue
            value = float(call(digits))
            if abs(value - exact) > exact:
                negative += value < 0
                too_large += value > 0
    assert negative > 0 and too_large > 0


def test_the_kl_reference_loses_two_digits_per_shared_digit_and_keeps_thirty() -> None:
    """The page: the KL reference at 60 digits cancels about two digits for every digit the
    distributions share and keeps more than 30; measured against the same formula at 150."""
    regime = REGIMES["kl"]()
    for digits in regime["grid"]:
        with mp.workdps(60):
            at_60 = regime["exact"](digits)
        with mp.workdps(150):
            at_150 = regime["exact"](digits)
            correct = float(-mp.log10(abs(at_60 - at_150) / at_150))
        assert correct > 30, (digits, correct)
        assert 60 - 2 * digits <= correct <= 60 - 2 * digits + 3, (digits, correct)


def test_versions_are_listed(tables: dict[str, list[dict[str, str]]]) -> None:
    names = {row["library"] for row in tables["versions"]}
    assert {"xent_ref", "NumPy", "SciPy", "scikit-learn", "PyTorch", "Keras"} <= names


def test_numpy_loses_the_confident_loss_where_the_ones_are_absorbed() -> None:
    """The prose: from e^d = 2^54 on, each 1 of the sum e^d + 1 + 1 is lost; between 2^53 and
    2^54 a 1 is a tie, lost exactly when the last bit of e^d is 0; below 2^53 neither is lost."""
    numpy_call = REGIMES["confident"]()["calls"]["NumPy"]
    for d in np.linspace(36.0, 39.0, 3001):
        e = float(np.exp(d))
        kept = e < 2.0**53 or (e < 2.0**54 and int(e) // 2 % 2 == 1)
        assert (float(numpy_call(float(d))) != 0.0) == kept, d
