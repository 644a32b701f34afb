# ruff: noqa: RUF001  (the table text is typeset on purpose: minus signs, Greek letters)
"""The "Frameworks compared" pages: the translation card and the differences tables.

- Every call on the translation card is run on the card's shared inputs and must agree with the
  row's xent_ref call (the card shown on the site is rendered from the same data).
- The differences generator runs, covers every category the page promises, and the library
  behaviours its explanations describe still hold for the installed versions; if a library
  changes, these fail and the explanations must be rewritten.
"""

from __future__ import annotations

import inspect
import math
import re

import numpy as np
import pytest
import torch

import xent_ref
from scripts.site import ROOT
from scripts.tables import frameworks
from scripts.tables._frameworks_card import ATOL, CARD, INPUTS, RTOL, Row
from scripts.tables._frameworks_cases import CASES, CATEGORIES, Case
from scripts.tables._frameworks_libs import LIBRARIES, evaluate

CARD_CALLS = [
    pytest.param(row, library, id=f"{row.quantity}-{library}")
    for row in CARD
    for library, call in row.calls().items()
    if library != "xent_ref" and call is not None
]


@pytest.mark.parametrize(("row", "library"), CARD_CALLS)
def test_card_call_agrees_with_xent_ref(row: Row, library: str) -> None:
    call = row.calls()[library]
    assert call is not None  # CARD_CALLS holds the rows' calls that exist
    reference = evaluate("xent_ref", row.xent_ref, INPUTS)
    outcome = evaluate(library, call, INPUTS)
    assert reference.error is None, reference.error
    assert outcome.error is None, f"{library}: {outcome.error!r}"
    assert np.shape(outcome.value) == np.shape(reference.value)
    np.testing.assert_allclose(
        outcome.value, reference.value, rtol=RTOL[library], atol=ATOL[library]
    )


def test_card_rows_are_complete() -> None:
    for row in CARD:
        calls = row.calls()
        assert list(calls) == list(LIBRARIES)
        # a row that only xent_ref can say is not a translation
        assert sum(call is not None for call in calls.values()) >= 3, row.quantity


def test_card_table_shows_exactly_the_tested_calls() -> None:
    text = frameworks.translation_card()
    for row in CARD:
        for call in row.calls().values():
            if call is not None:
                assert "`" + call.replace("|", "\\|") + "`" in text
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert len(rows) == 2 * (len(CARD) + 2)


def test_card_inputs_shown_are_the_inputs_tested() -> None:
    """The page's block of inputs, run as it stands, rebuilds every array the card is run on."""
    text = frameworks.translation_inputs()
    assert text.startswith("```python\n") and text.endswith("\n```")
    shown: dict[str, object] = {}
    exec(text.removeprefix("```python").removesuffix("```"), shown)
    del shown["__builtins__"], shown["np"]
    assert list(shown) == list(INPUTS)
    for name, value in INPUTS.items():
        got = shown[name]
        assert isinstance(got, np.ndarray) and got.dtype == value.dtype, name
        np.testing.assert_array_equal(got, value, err_msg=name)
    page = (ROOT / "docs" / "frameworks" / "translation.md").read_text(encoding="utf-8")
    assert '--8<-- "translation-inputs.md"' in page


def test_every_table_the_page_includes_is_generated_from_cases() -> None:
    """The page's includes are what it promises: each table has cases behind it, and no case
    category is rendered into a table the page never shows."""
    page = (ROOT / "docs" / "frameworks" / "differences.md").read_text(encoding="utf-8")
    shown = re.findall(r'^--8<-- "differences-([\w-]+)\.md"', page, re.MULTILINE)
    assert len(shown) >= 10 and len(shown) == len(set(shown))
    assert sorted(shown) == sorted({case.category for case in CASES})
    assert sorted(shown) == sorted(CATEGORIES)
    for category in shown:
        assert f"differences-{category}.md" in frameworks.SNIPPETS


def _find(category: str, text: str) -> Case:
    matches = [c for c in CASES if c.category == category and text in c.title]
    if len(matches) > 1:
        matches = [c for c in matches if c.title.endswith(text)]
    assert len(matches) == 1, (category, text, [c.title for c in matches])
    return matches[0]


def test_differences_cover_the_promised_cases() -> None:
    logits = {
        (float(c.inputs["z"][0]), float(c.inputs["y"][0]))
        for c in CASES
        if c.category == "logits" and "z" in c.inputs
    }
    assert logits == {(z, y) for z in (1000.0, -1000.0, 30.0, -30.0) for y in (0.0, 1.0)}
    predicted = {
        float(c.inputs["yhat"][0]) for c in CASES if c.category == "clipping" if "yhat" in c.inputs
    }
    assert {0.0, 1.0} <= predicted
    assert any(not c.inputs["keep"].any() for c in CASES if "keep" in c.inputs)
    assert any("batchmean" in call for c in CASES for call in c.calls.values())
    assert any("log_target=True" in call for c in CASES for call in c.calls.values())
    gaussian = [call for c in CASES for call in c.calls.values() if "gaussian_nll_loss" in call]
    assert any("full=True" in call for call in gaussian)
    assert any("full=" not in call for call in gaussian)
    assert any(v.dtype == np.float32 for c in CASES for v in c.inputs.values())


@pytest.mark.parametrize("name", sorted(frameworks.SNIPPETS))
def test_snippet_renders(name: str) -> None:
    text = frameworks.SNIPPETS[name]()
    assert text.strip()
    if name.startswith("differences-"):
        category = name.removeprefix("differences-").removesuffix(".md")
        rows = [line for line in text.splitlines() if line.startswith("| ")]
        assert len(rows) == 2 + sum(case.category == category for case in CASES)
        assert all(line.count(" | ") == len(LIBRARIES) for line in rows[2:])


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.category}: {c.title}")
def test_xent_ref_gives_a_value_or_a_value_error(case: Case) -> None:
    outcome = evaluate("xent_ref", case.exact, case.inputs)
    assert outcome.warned == ()
    if outcome.error is not None:
        assert isinstance(outcome.error, ValueError), outcome.error
    else:
        assert not np.any(np.isnan(outcome.value))


def _value(category: str, text: str, library: str) -> float:
    outcome = frameworks.run_case(_find(category, text))[library]
    assert outcome.error is None, f"{library}: {outcome.error!r}"
    return float(outcome.value)


def _raises(category: str, text: str, library: str) -> type[BaseException]:
    outcome = frameworks.run_case(_find(category, text))[library]
    assert outcome.error is not None, f"{library} returned {outcome.value!r}"
    return type(outcome.error)


# The behaviours the explanations on docs/frameworks/differences.md and pitfalls.md describe.


def test_clipping_constants() -> None:
    assert _value("clipping", "p̂ = 0", "xent_ref") == math.inf
    assert _value("clipping", "p̂ = 0", "scikit-learn") == pytest.approx(-math.log(2.0**-52))
    assert _value("clipping", "p̂ = 0", "PyTorch") == 100.0
    assert _value("clipping", "p̂ = 0", "Keras") == pytest.approx(-math.log(1e-7), rel=1e-6)
    assert _value("clipping", "p̂ = 1e-300", "xent_ref") == pytest.approx(300 * math.log(10))
    assert _value("clipping", "p̂ = 1", "xent_ref") == 0.0
    assert _value("clipping", "p̂ = 1", "PyTorch") == 0.0
    # PyTorch's binary loss clamps each log at -100; its categorical route has no guard
    assert _value("clipping", "p̂ = 1e-300", "PyTorch") == 100.0
    assert _value("clipping", "q = [0, 0.5, 0.5]", "PyTorch") == math.inf
    assert _value("float32", "p̂ = 0, float32", "scikit-learn") == pytest.approx(
        -math.log(2.0**-23), rel=1e-6
    )


def test_zero_log_zero_and_normalisation() -> None:
    assert math.isnan(_value("zero-log-zero", "one-hot", "NumPy"))
    assert _value("zero-log-zero", "one-hot", "SciPy") == 0.0
    assert math.isnan(_value("zero-log-zero", "shared zero, p = q", "PyTorch"))
    exact = _value("not-normalised", "one-hot", "NumPy")
    assert exact == pytest.approx(math.log(2))
    assert _value("not-normalised", "one-hot", "Keras") == pytest.approx(
        -math.log(0.5 / 0.9), rel=1e-6
    )
    assert _raises("not-normalised", "one-hot", "xent_ref") is ValueError
    kl = _find("not-normalised", "KL divergence")
    outcomes = frameworks.run_case(kl)
    assert outcomes["SciPy"].value != pytest.approx(outcomes["NumPy"].value)


def test_invalid_inputs() -> None:
    assert _value("invalid", "p̂ = −0.1", "Keras") == pytest.approx(-math.log(1e-7), rel=1e-6)
    assert _raises("invalid", "p̂ = −0.1", "scikit-learn") is ValueError
    assert _raises("invalid", "p̂ = −0.1", "PyTorch") is RuntimeError
    labels = "class label −100"
    assert _value("invalid", labels, "PyTorch") == pytest.approx(
        _value("ignored", "−100 ignored", "xent_ref")
    )
    assert _value("invalid", labels, "Keras") == pytest.approx(
        0.75 * _value("ignored", "−100 ignored", "xent_ref"), rel=1e-6
    )
    # without labels=, scikit-learn takes -100 for one of three classes and returns a number
    case = _find("invalid", labels)
    unnamed = evaluate("scikit-learn", "log_loss(labels, special.softmax(Z, axis=-1))", case.inputs)
    assert unnamed.error is None
    assert math.isfinite(unnamed.value)


def test_shapes() -> None:
    assert _raises("shapes", "binary, y of shape", "PyTorch") is ValueError
    exact = _value("shapes", "flat batch", "xent_ref")
    assert _value("shapes", "flat batch", "Keras") == pytest.approx(exact / 10, rel=1e-6)
    assert _value("shapes", "squared error", "PyTorch") == pytest.approx(
        _value("shapes", "squared error", "NumPy")
    )


def test_logit_routes_to_a_tiny_loss() -> None:
    exact = _value("logits", "logit −30, label y = 0", "xent_ref")
    assert exact == pytest.approx(math.log1p(math.exp(-30)), rel=1e-15)
    assert _value("logits", "logit −30, label y = 0", "SciPy") == pytest.approx(exact, rel=1e-15)
    # PyTorch's (1 - y) z - log sigmoid(z) cancels: 1.3% off in float64, 0 in Keras's float32
    torch_error = _value("logits", "logit −30, label y = 0", "PyTorch") / exact - 1
    assert round(abs(torch_error), 3) == 0.013
    assert _value("logits", "logit −30, label y = 0", "Keras") == 0.0
    tiny = _value("logits", "logit +30, label y = 1", "xent_ref")
    assert _value("logits", "logit +30, label y = 1", "PyTorch") == pytest.approx(tiny, rel=1e-15)
    through_sigmoid = _value("logits", "logit +30, label y = 1", "NumPy")
    assert through_sigmoid != pytest.approx(tiny, rel=1e-6, abs=0)
    # logit -30, y = 1: sigma(z) is tiny but exact, so every route agrees (Keras to float32)
    large = frameworks.run_case(_find("logits", "logit −30, label y = 1"))
    assert large["xent_ref"].value == pytest.approx(30 + math.log1p(math.exp(-30)), rel=1e-15)
    for library, outcome in large.items():
        rel = 1e-6 if library == "Keras" else 1e-15
        assert outcome.value == pytest.approx(large["xent_ref"].value, rel=rel), library


def test_every_label_ignored_gives_pytorch_a_zero_gradient() -> None:
    case = _find("ignored", "every label ignored")
    logits = torch.tensor(case.inputs["Z"], dtype=torch.float64, requires_grad=True)
    loss = torch.nn.functional.cross_entropy(logits, torch.from_numpy(case.inputs["labels"]))
    loss.backward()
    assert math.isnan(loss.item())
    assert logits.grad is not None
    assert bool((logits.grad == 0).all())


def test_float32_confident_prediction_rounds_to_zero() -> None:
    assert _value("float32", "as float32", "PyTorch") == 0.0
    assert _value("float32", "as float32", "xent_ref") == pytest.approx(
        math.log1p(2 * math.exp(-20))
    )


def test_weights_ignored_and_smoothing() -> None:
    exact = _value("weights", "class weights", "xent_ref")
    assert _value("weights", "class weights", "PyTorch") == pytest.approx(exact)
    keras = _value("weights", "class weights", "Keras")
    # PyTorch divides by the weights of the labels, 1 + 2 + 3 + 3; Keras by the batch size, 4
    assert keras == pytest.approx(exact * 9 / 4, rel=1e-6)
    assert math.isnan(_value("ignored", "every label ignored", "PyTorch"))
    assert _value("ignored", "every label ignored", "Keras") == 0.0
    assert _raises("ignored", "every label ignored", "xent_ref") is ValueError
    assert _raises("label-smoothing", "integer labels", "Keras") is TypeError


def test_kl_order_reduction_and_gaussian() -> None:
    assert _value("kl", "called as f(P, Q)", "PyTorch") < 0
    batch = _value("kl", "default (mean) reduction", "xent_ref")
    assert _value("kl", "default (mean) reduction", "PyTorch") == pytest.approx(batch / 3)
    assert _value("kl", "batchmean", "PyTorch") == pytest.approx(batch)
    assert math.isnan(_value("kl", "log space", "PyTorch"))
    # with probabilities, p log p = 0 where p = 0, but a zero Q shares gives 0 * (-inf) = nan
    case = _find("kl", "log space")
    kl_call = 'F.kl_div(torch.log(q), p, reduction="sum")'
    assert evaluate("PyTorch", kl_call, case.inputs).value == pytest.approx(
        _value("kl", "log space", "xent_ref")
    )
    shared = {"p": case.inputs["p"], "q": np.array([0.5, 0.5, 0.0])}
    assert math.isnan(evaluate("PyTorch", kl_call, shared).value)
    assert math.isfinite(_value("kl", "q = 0 where p > 0", "Keras"))
    exact = _value("gaussian", "full=False", "xent_ref")
    assert exact - _value("gaussian", "full=False", "PyTorch") == pytest.approx(
        0.5 * math.log(2 * math.pi)
    )
    assert _value("gaussian", "the same, full=True", "PyTorch") == pytest.approx(exact)
    assert _value("gaussian", "small σ", "PyTorch") != pytest.approx(
        _value("gaussian", "small σ", "xent_ref")
    )


def test_translation_units_row_names_the_functions_with_base() -> None:
    """The units row of the translation page: every xent_ref loss and information function takes
    base=, except mean_squared_error and brier_score."""
    page = (ROOT / "docs" / "frameworks" / "translation.md").read_text(encoding="utf-8")
    assert "not `mean_squared_error` or `brier_score`" in page
    without_base = {"mean_squared_error", "brier_score", "softmax", "log_softmax", "logsumexp"}
    for name in xent_ref.__all__:
        function = getattr(xent_ref, name)
        if not callable(function) or inspect.isclass(function):
            continue
        has_base = "base" in inspect.signature(function).parameters
        assert has_base == (name not in without_base), name
