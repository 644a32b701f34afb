"""The interactive explorers (docs/assets/javascripts/explorers/), driven in Chromium.

Every control is used, with the mouse and with the keyboard; after each change the numbers the
explorer shows are read back, as their rounded text and as the full-precision value in
``data-value``, with the state they were computed from (``data-state``), and compared with xent_ref
computed here for that state: within 1e-12 relative, at 50 random states per explorer and at the
edge states (a zero bar, logits of +-1000, temperature 0.01). The formula module's own tests run
under Node. The pages are also checked from file://, with JavaScript off, in print, at phone
width, with reduced motion, and with axe-core.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import axe_playwright_python.sync_playwright as axe_module
import numpy as np
import pytest

from scripts.site import ROOT
from scripts.site.browser import record_console
from xent_ref import (
    binary_cross_entropy,
    cross_entropy,
    entropy,
    kl_divergence,
    logsumexp,
    softmax,
    sparse_categorical_cross_entropy,
)

RTOL = 1e-12
# Values in the subnormal range carry fewer than 53 bits, so two correct exponentials can differ
# there by more than RTOL relative; below this size an absolute difference is compared instead.
TINY = 1e-300
N_RANDOM = 50
EXPLORERS = ("belief", "logloss", "softmax", "fitkl")
SHOTS = ROOT / "test-artifacts" / "screenshots" / "explorers"
AXE = axe_module.Axe()
MINUS = "\u2212"


# --------------------------------------------------------------------------------------------
# The formula module under Node
# --------------------------------------------------------------------------------------------
def test_formula_module_node_tests() -> None:
    node = shutil.which("node")
    assert node, "node is required (it is installed with the site's web assets)"
    result = subprocess.run(
        [node, "--test", str(ROOT / "tests" / "js")],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^# pass [1-9]", result.stdout, re.M), result.stdout


# --------------------------------------------------------------------------------------------
# Fixtures: the page of each explorer (the served site and the browser, base_url and browser,
# come from tests/conftest.py)
# --------------------------------------------------------------------------------------------
def explorer_pages(site: Path) -> dict[str, list[str]]:
    """For each explorer, the pages (relative to the site root) that hold its placeholder."""
    found: dict[str, list[str]] = {name: [] for name in EXPLORERS}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("print_page", "404")):
            continue
        text = path.read_text(encoding="utf-8")
        for name in EXPLORERS:
            if f'data-explorer="{name}"' in text:
                found[name].append(rel)
    return found


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[str, list[str]]:
    return explorer_pages(built_site)


class Console:
    def __init__(self, page: Any) -> None:
        self.messages: list[str] = []
        record_console(page, self.messages)


def open_explorer(
    browser: Any, url: str, name: str, width: int = 1280, **context_options: Any
) -> tuple[Any, Any, Any, Console]:
    context = browser.new_context(viewport={"width": width, "height": 900}, **context_options)
    page = context.new_page()
    console = Console(page)
    page.goto(url, wait_until="load")
    root = page.locator(f".xent-explorer[data-explorer='{name}']").first
    root.locator(".xent-explorer__live").wait_for(state="visible", timeout=10_000)
    return context, page, root, console


@pytest.fixture
def explorer(request: pytest.FixtureRequest, browser: Any, base_url: str, pages: Any) -> Any:
    name = request.param
    assert pages[name], f"no page of the site holds the {name} explorer"
    context, page, root, console = open_explorer(browser, base_url + pages[name][0], name)
    yield page, root
    assert console.messages == []
    context.close()


# --------------------------------------------------------------------------------------------
# Reading and comparing what an explorer shows
# --------------------------------------------------------------------------------------------
def state(root: Any) -> dict[str, Any]:
    shown: dict[str, Any] = json.loads(root.get_attribute("data-state"))
    return shown


def shown(root: Any, quantity: str) -> list[tuple[str, float]]:
    """Every element showing ``quantity``: its text and its full-precision value."""
    items = root.evaluate(
        """(el, q) => Array.from(el.querySelectorAll(`[data-quantity='${q}']`),
                                 (n) => [n.innerText, n.getAttribute("data-value")])""",
        quantity,
    )
    return [(text, float(value)) for text, value in items]


def fixed(x: float, digits: int) -> str:
    """The text common.js shows for ``x``: f"{x:.{digits}f}", a true minus, the infinity sign."""
    if math.isinf(x):
        return "\u221e" if x > 0 else MINUS + "\u221e"
    text = f"{x:.{digits}f}"
    if re.fullmatch(r"-0\.?0*", text):
        text = text[1:]
    return text.replace("-", MINUS, 1)


def general(x: float, digits: int) -> str:
    small = 1e-3 if digits >= 6 else 1e-2
    if x != 0 and math.isfinite(x) and abs(x) < small:
        text = f"{x:.3e}"
        return MINUS + text[1:] if x < 0 else text
    return fixed(x, digits)


def agree(actual: float, expected: float) -> bool:
    if math.isinf(expected) or math.isinf(actual):
        return actual == expected
    if max(abs(actual), abs(expected)) < TINY:
        return abs(actual - expected) <= TINY * RTOL * 1e12
    return abs(actual - expected) <= RTOL * max(abs(actual), abs(expected))


def check(root: Any, expected: dict[str, Any], text: Any) -> None:
    """Every quantity shown agrees with ``expected`` (a number or a list), rounded as ``text``."""
    for quantity, want in expected.items():
        values = shown(root, quantity)
        wants = want if isinstance(want, list) else [want]
        assert len(values) == len(wants), quantity
        for (shown_text, value), w in zip(values, wants, strict=True):
            assert not math.isnan(value), f"{quantity}: NaN"
            assert agree(value, float(w)), f"{quantity}: shown {value!r}, xent_ref {w!r}"
            assert shown_text == text(value), f"{quantity}: text {shown_text!r} for {value!r}"


def put(locator: Any, value: float | str, keys: bool = False) -> None:
    """Enter a value into a number box.

    With ``keys`` it is clicked, typed key by key and committed with Enter, as a reader does;
    otherwise the box gets the value and the same input and change events in one call, which
    keeps the 50 random states per explorer quick (the events, and so the explorer's code
    path, are the same).
    """
    if keys:
        locator.click()
        locator.press("Control+a")
        locator.press_sequentially(str(value))
        locator.press("Enter")
        return
    locator.evaluate(
        """(el, v) => {
          el.value = v;
          el.dispatchEvent(new Event("input", { bubbles: true }));
          el.dispatchEvent(new Event("change", { bubbles: true }));
        }""",
        str(value),
    )


# --------------------------------------------------------------------------------------------
# 1. Belief versus truth
# --------------------------------------------------------------------------------------------
def belief_expected(s: dict[str, Any]) -> dict[str, float]:
    base = 2 if s["unit"] == "bits" else None
    p, q = s["p"], s["q"]
    return {
        "entropy": float(entropy(p, base=base)),
        "cross-entropy": float(cross_entropy(p, q, base=base)),
        "kl-pq": float(kl_divergence(p, q, base=base)),
        "kl-qp": float(kl_divergence(q, p, base=base)),
    }


def belief_check(root: Any) -> dict[str, Any]:
    s = state(root)
    for v in (s["p"], s["q"]):
        assert abs(sum(v) - 1) < 1e-12 and min(v) >= 0
    check(root, belief_expected(s), lambda x: fixed(x, 3))
    return s


@pytest.mark.parametrize("explorer", ["belief"], indirect=True)
def test_belief(explorer: Any) -> None:
    page, root = explorer
    s = belief_check(root)
    assert s == {"p": [0.1, 0.4, 0.5], "q": [0.8, 0.15, 0.05], "unit": "bits"}
    # The numbers of the worked example, as the page's snippets print them.
    texts = [shown(root, q)[0][0] for q in ("cross-entropy", "entropy", "kl-pq")]
    assert texts == ["3.288", "1.361", "1.927"]
    static = root.locator(".xent-explorer__static figcaption").inner_text()
    for quantity in ("entropy", "cross-entropy", "kl-pq", "kl-qp"):
        assert shown(root, quantity)[0][0] in static, quantity

    count = root.locator("input[type=number]").first
    rng = np.random.default_rng(15)
    for _ in range(N_RANDOM):
        k = int(rng.integers(2, 7))
        put(count, k)
        assert root.locator("tbody tr").count() == k
        units = root.locator(f"input[type=radio][value={rng.choice(['bits', 'nats'])}]")
        units.click()
        for which in (1, 2):  # the P column, then the Q column
            i = int(rng.integers(0, k))
            box = root.locator("tbody tr").nth(i).locator("input").nth(which - 1)
            put(box, round(float(rng.uniform(0, 1)), 3))
        belief_check(root)

    # Keyboard: arrows on the outcome count, a probability box and the unit radios.
    put(count, 3)
    count.press("ArrowUp")
    assert root.locator("tbody tr").count() == 4
    count.press("ArrowDown")
    assert root.locator("tbody tr").count() == 3
    box = root.locator("tbody tr").nth(0).locator("input").nth(1)
    put(box, 0.2, keys=True)
    box.press("ArrowUp")
    assert state(root)["q"][0] == pytest.approx(0.21, abs=1e-12)
    belief_check(root)
    root.locator("input[type=radio][value=bits]").check()
    root.locator("input[type=radio][value=bits]").press("ArrowRight")
    assert state(root)["unit"] == "nats"
    belief_check(root)

    # Mouse: drag Q's bar for green to a quarter.
    hit = root.locator("[data-bar=q1]")
    box_ = hit.bounding_box()
    page.mouse.move(box_["x"] + box_["width"] / 2, box_["y"] + box_["height"] * 0.5)
    page.mouse.down()
    page.mouse.move(box_["x"] + box_["width"] / 2, box_["y"] + box_["height"] * 0.75, steps=5)
    page.mouse.up()
    assert state(root)["q"][1] == pytest.approx(0.25, abs=2e-3)
    belief_check(root)

    # Edge states: a zero in Q under P's mass; a zero in P under Q's mass.
    root.get_by_role("button", name="Reset to the worked example").click()
    put(root.locator("tbody tr").nth(2).locator("input").nth(1), 0, keys=True)
    s = belief_check(root)
    assert s["q"][2] == 0
    for quantity in ("cross-entropy", "kl-pq"):
        assert shown(root, quantity)[0] == ("\u221e", math.inf)
    put(root.locator("tbody tr").nth(0).locator("input").nth(0), 0)
    belief_check(root)
    assert shown(root, "kl-qp")[0] == ("\u221e", math.inf)
    assert "NaN" not in root.inner_text()

    root.get_by_role("button", name="Reset to the worked example").click()
    assert state(root) == {"p": [0.1, 0.4, 0.5], "q": [0.8, 0.15, 0.05], "unit": "bits"}


# --------------------------------------------------------------------------------------------
# 2. One prediction's log loss
# --------------------------------------------------------------------------------------------
def logloss_expected(s: dict[str, Any]) -> dict[str, float]:
    z, y = float(s["z"]), int(s["y"])
    q0, q1 = softmax([0.0, z])  # 1 - sigma(z) and sigma(z), each to full relative accuracy
    error = -q0 if y == 1 else q1
    return {
        "probability": q1,
        "ce-loss": binary_cross_entropy(y, z, from_logits=True),
        "ce-gradient": error,
        "se-loss": error * error,
        "se-gradient": 2 * error * q1 * q0,
    }


def logloss_check(root: Any) -> dict[str, Any]:
    s = state(root)
    expected = logloss_expected(s)
    probability = expected.pop("probability")
    check(root, {"probability": probability}, lambda x: fixed(x, 3))
    check(root, expected, lambda x: general(x, 3))
    return s


@pytest.mark.parametrize("explorer", ["logloss"], indirect=True)
def test_logloss(explorer: Any) -> None:
    page, root = explorer
    s = logloss_check(root)
    assert s["y"] == 1 and s["z"] == pytest.approx(math.log(4), rel=1e-15)
    assert shown(root, "ce-loss")[0][0] == "0.223"
    boxes = root.locator("input[type=number]")
    z_box, p_box = boxes.nth(0), boxes.nth(1)
    slider = root.locator("input[type=range]")
    rng = np.random.default_rng(16)
    for i in range(N_RANDOM):
        root.locator(f"input[type=radio][value='{rng.integers(0, 2)}']").click()
        if i % 2:
            put(z_box, round(float(rng.uniform(-40, 40)), 6))
        else:
            put(p_box, round(float(rng.uniform(0.001, 0.999)), 4))
        logloss_check(root)

    # Keyboard: the slider's arrows, the label radios' arrows.
    put(z_box, 0)
    slider.focus()
    for _ in range(5):
        slider.press("ArrowRight")
    assert state(root)["z"] == pytest.approx(0.5, abs=1e-12)
    logloss_check(root)
    root.locator("input[type=radio][value='1']").check()
    root.locator("input[type=radio][value='1']").press("ArrowRight")
    assert state(root)["y"] == 0
    logloss_check(root)

    # Mouse: a click on the slider's left end puts z near -10 (the wrong side for y = 1).
    root.locator("input[type=radio][value='1']").click()
    b = slider.bounding_box()
    page.mouse.click(b["x"] + 2, b["y"] + b["height"] / 2)
    s = logloss_check(root)
    assert s["z"] < -9
    ce = abs(shown(root, "ce-gradient")[0][1])
    se = abs(shown(root, "se-gradient")[0][1])
    assert ce > 0.99 and se < 1e-3  # the vanishing gradient, visible

    # Edge states: logits of +-1000.
    for z in (1000, -1000):
        for y in ("0", "1"):
            root.locator(f"input[type=radio][value='{y}']").click()
            put(z_box, z, keys=True)
            logloss_check(root)
    assert "NaN" not in root.inner_text()
    root.get_by_role("button", name="Reset").click()
    assert state(root)["z"] == pytest.approx(math.log(4), rel=1e-15)


# --------------------------------------------------------------------------------------------
# 3. Softmax and temperature
# --------------------------------------------------------------------------------------------
def softmax_expected(s: dict[str, Any]) -> dict[str, Any]:
    w = np.array(s["z"], dtype=float) / s["t"]
    c = s["label"]
    p = softmax(w)
    grad = p.copy()
    grad[c] = -sum(p[j] for j in range(len(p)) if j != c)
    return {
        "probability": list(p),
        "gradient": list(grad / s["t"]),
        "loss": sparse_categorical_cross_entropy([c], [w], from_logits=True),
        "logsumexp": logsumexp(w),
    }


def softmax_check(root: Any) -> dict[str, Any]:
    s = state(root)
    check(root, softmax_expected(s), lambda x: general(x, 6))
    return s


@pytest.mark.parametrize("explorer", ["softmax"], indirect=True)
def test_softmax(explorer: Any) -> None:
    page, root = explorer
    s = softmax_check(root)
    assert s == {"z": [1000, 999, 990], "label": 1, "t": 1}
    assert shown(root, "loss")[0][0] == "1.313295"
    controls = root.locator(".xent-controls input[type=number]")
    count, t_box = controls.nth(0), controls.nth(1)
    slider = root.locator("input[type=range]")
    rng = np.random.default_rng(17)
    for i in range(N_RANDOM):
        k = int(rng.integers(2, 7))
        put(count, k)
        scale = 1000 if i % 3 == 0 else 10
        for j in range(k):
            z = round(float(rng.uniform(-scale, scale)), 3)
            put(root.locator("tbody tr").nth(j).locator("input[type=number]"), z)
        root.locator("tbody tr").nth(int(rng.integers(0, k))).locator("input[type=radio]").click()
        put(t_box, round(float(10 ** rng.uniform(-2, 1)), 4))
        softmax_check(root)

    # Keyboard: the temperature slider and the class radios.
    put(count, 3)
    put(t_box, 1)
    slider.focus()
    slider.press("ArrowLeft")
    assert state(root)["t"] == pytest.approx(10**-0.01, rel=1e-2)
    softmax_check(root)
    radio = root.locator("tbody tr").nth(0).locator("input[type=radio]")
    radio.check()
    radio.press("ArrowDown")
    assert state(root)["label"] == 1
    softmax_check(root)
    count.press("ArrowUp")
    assert root.locator("tbody tr").count() == 4
    softmax_check(root)

    # Mouse: a click at the slider's left end is T = 0.01.
    b = slider.bounding_box()
    page.mouse.click(b["x"] + 1, b["y"] + b["height"] / 2)
    assert state(root)["t"] == pytest.approx(0.01, rel=1e-9)
    softmax_check(root)

    # Edge states: logits of +-1000 at T = 0.01 and at T = 10, for each true class.
    put(count, 3)
    for j, z in enumerate((1000, -1000, 0)):
        put(root.locator("tbody tr").nth(j).locator("input[type=number]"), z, keys=True)
    for t in (0.01, 10):
        put(t_box, t)
        for j in range(3):
            root.locator("tbody tr").nth(j).locator("input[type=radio]").click()
            s = softmax_check(root)
            assert s["t"] == t and s["label"] == j
    assert "NaN" not in root.inner_text()
    root.get_by_role("button", name="Reset to the page's example").click()
    assert state(root) == {"z": [1000, 999, 990], "label": 1, "t": 1}


# --------------------------------------------------------------------------------------------
# 4. Forward versus reverse KL
# --------------------------------------------------------------------------------------------
GRID = np.linspace(-8.0, 8.0, 1601)


def grid_gaussian(mean: float, std: float) -> np.ndarray:
    w = np.exp(-0.5 * ((GRID - mean) / std) ** 2)
    total: float = w.sum()
    return w / total


TARGET = 0.6 * grid_gaussian(-2.0, 0.6) + 0.4 * grid_gaussian(2.0, 0.6)


def fitkl_check(root: Any) -> dict[str, Any]:
    s = state(root)
    q = grid_gaussian(s["mean"], s["std"])
    expected = {"forward": kl_divergence(TARGET, q), "reverse": kl_divergence(q, TARGET)}
    check(root, expected, lambda x: fixed(x, 3))
    return s


def minimisers() -> dict[str, tuple[float, float]]:
    """The page's grid search (the snippet on the KL page), in Python."""
    means, stds = np.arange(-4.0, 4.0001, 0.1), np.arange(0.3, 3.0001, 0.05)
    candidates = [(m, s) for m in means for s in stds]
    return {
        "forward": min(candidates, key=lambda c: kl_divergence(TARGET, grid_gaussian(*c))),
        "reverse": min(candidates, key=lambda c: kl_divergence(grid_gaussian(*c), TARGET)),
    }


@pytest.mark.parametrize("explorer", ["fitkl"], indirect=True)
def test_fitkl(explorer: Any) -> None:
    page, root = explorer
    s = fitkl_check(root)
    assert s == {"mean": -2, "std": 0.6}
    assert shown(root, "reverse")[0][0] == "0.510"
    page.wait_for_selector("[data-search=done]", timeout=30_000)
    best = minimisers()
    for direction, (mean, std) in best.items():
        fit = json.loads(
            root.locator(f"[data-quantity='{direction}-minimiser']").get_attribute("data-value")
        )
        assert fit["mean"] == pytest.approx(mean, abs=1e-9)
        assert fit["std"] == pytest.approx(std, abs=1e-9)
        q = grid_gaussian(fit["mean"], fit["std"])
        kl = float(kl_divergence(TARGET, q) if direction == "forward" else kl_divergence(q, TARGET))
        assert agree(fit["kl"], kl)

    boxes = root.locator("input[type=number]")
    sliders = root.locator("input[type=range]")
    rng = np.random.default_rng(18)
    for _ in range(N_RANDOM):
        put(boxes.nth(0), round(float(rng.uniform(-4, 4)), 3))
        put(boxes.nth(1), round(float(rng.uniform(0.3, 3)), 3))
        fitkl_check(root)

    # Keyboard: both sliders.
    put(boxes.nth(0), 0)
    put(boxes.nth(1), 1)
    sliders.nth(0).press("ArrowRight")
    sliders.nth(1).press("ArrowLeft")
    s = fitkl_check(root)
    assert s["mean"] == pytest.approx(0.1) and s["std"] == pytest.approx(0.95)

    # Mouse: the two buttons move Q to the minimisers; a click on the width slider's left end.
    for direction in ("forward", "reverse"):
        root.get_by_role("button", name=f"Move Q to the {direction} minimiser").click()
        s = fitkl_check(root)
        assert (s["mean"], s["std"]) == pytest.approx(best[direction], abs=1e-9)
    b = sliders.nth(1).bounding_box()
    page.mouse.click(b["x"] + 1, b["y"] + b["height"] / 2)
    assert fitkl_check(root)["std"] == pytest.approx(0.3)
    root.get_by_role("button", name="Reset").click()
    assert state(root) == {"mean": -2, "std": 0.6}


# --------------------------------------------------------------------------------------------
# Every explorer: accessibility, file://, no JavaScript, print, phone width, reduced motion
# --------------------------------------------------------------------------------------------
SCHEMES = {"light": "default", "dark": "slate"}


def set_scheme(page: Any, scheme: str) -> None:
    """Switch Material's colour scheme as its toggle does, and let the colours settle."""
    page.evaluate(f"document.body.setAttribute('data-md-color-scheme', {SCHEMES[scheme]!r})")
    page.wait_for_timeout(300)  # Material fades colours over 250 ms


@pytest.mark.parametrize("name", EXPLORERS)
def test_axe_finds_nothing_in_the_explorer(
    browser: Any, base_url: str, pages: Any, name: str
) -> None:
    """Every axe-core rule in the light scheme; the colour rules again in the dark one."""
    context, page, _, console = open_explorer(browser, base_url + pages[name][0], name)
    try:
        if name == "fitkl":
            page.wait_for_selector("[data-search=done]", timeout=30_000)
        violations = []
        for scheme in SCHEMES:
            set_scheme(page, scheme)
            options: dict[str, Any] = {"resultTypes": ["violations"]}
            if scheme == "dark":
                options["runOnly"] = {"type": "rule", "values": ["color-contrast"]}
            result = AXE.run(
                page,
                context={"include": [[f".xent-explorer[data-explorer='{name}']"]]},
                options=options,
            )
            violations += [
                f"{scheme}: {v['impact']} {v['id']}: {[n['target'] for n in v['nodes']][:3]}"
                for v in result.response["violations"]
            ]
        assert violations == []
        assert console.messages == []
    finally:
        context.close()


def test_every_explorer_is_on_its_pages(pages: dict[str, list[str]]) -> None:
    assert "cross-entropy.html" in pages["belief"]
    assert "kl-divergence.html" in pages["belief"]
    assert "kl-divergence.html" in pages["fitkl"]
    assert pages["logloss"] and pages["softmax"]


@pytest.mark.parametrize("name", EXPLORERS)
def test_explorer_works_from_file_url(
    browser: Any, built_site: Path, pages: Any, name: str
) -> None:
    url = (built_site / pages[name][0]).as_uri()
    context, _, root, console = open_explorer(browser, url, name)
    try:
        assert root.locator(".xent-explorer__static").is_hidden()
        {
            "belief": belief_check,
            "logloss": logloss_check,
            "softmax": softmax_check,
            "fitkl": fitkl_check,
        }[name](root)
        # Chromium refuses the math fonts' load from file:// (a matter for the math set-up, not
        # the explorers: a script that failed to load would leave no live explorer to find);
        # every other message still fails the test.
        font = ("assets/vendor/katex/fonts/", "Failed to load resource: net::ERR_FAILED")
        others = [m for m in console.messages if not any(f in m for f in font)]
        assert others == []
    finally:
        context.close()


@pytest.mark.parametrize("name", EXPLORERS)
def test_without_javascript_and_in_print_the_static_state_shows(
    browser: Any, base_url: str, pages: Any, name: str
) -> None:
    url = base_url + pages[name][0]
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        root = page.locator(f".xent-explorer[data-explorer='{name}']").first
        figure = root.locator(".xent-explorer__static")
        assert figure.is_visible()
        assert root.locator(".xent-explorer__live").count() == 0
        assert figure.locator("img").evaluate("img => img.naturalWidth") > 0
        assert re.search(r"\d\.\d{3}", figure.locator("figcaption").inner_text())
    finally:
        context.close()
    context, page, root, _ = open_explorer(browser, url, name)
    try:
        page.emulate_media(media="print")
        assert root.locator(".xent-explorer__static").is_visible()
        assert root.locator(".xent-explorer__live").is_hidden()
    finally:
        context.close()


@pytest.mark.parametrize("name", EXPLORERS)
def test_explorer_fits_desktop_and_phone_in_both_schemes(
    browser: Any, base_url: str, pages: Any, name: str
) -> None:
    """Nothing wider than the screen at 1280, 390 and 360 px; screenshots of each state."""
    context, page, root, console = open_explorer(browser, base_url + pages[name][0], name)
    try:
        if name == "fitkl":
            page.wait_for_selector("[data-search=done]", timeout=30_000)
        SHOTS.mkdir(parents=True, exist_ok=True)
        # Material's fixed header would cover the top of an element screenshot.
        page.add_style_tag(content=".md-header { visibility: hidden; }")
        for width in (1280, 390, 360):
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_timeout(100)  # the charts redraw on the next frame
            for scheme in SCHEMES:
                set_scheme(page, scheme)
                root.screenshot(path=SHOTS / f"{name}-{width}-{scheme}.png")
                overflow = root.evaluate("el => el.scrollWidth - el.clientWidth")
                assert overflow <= 1, f"{width} px: the explorer is {overflow} px too wide"
                page_overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                assert page_overflow <= 1, f"{width} px: the page is {page_overflow} px too wide"
        assert console.messages == []
    finally:
        context.close()


def test_reduced_motion_turns_transitions_off(browser: Any, base_url: str, pages: Any) -> None:
    durations = {}
    for motion in ("no-preference", "reduce"):
        context, _, root, _ = open_explorer(
            browser, base_url + pages["belief"][0], "belief", reduced_motion=motion
        )
        try:
            durations[motion] = root.locator(".xent-stack rect").first.evaluate(
                "el => getComputedStyle(el).transitionDuration"
            )
        finally:
            context.close()
    assert durations["no-preference"] != "0s"
    assert durations["reduce"] == "0s"
