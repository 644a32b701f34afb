// Tests of the explorers' formula module (docs/assets/javascripts/explorers/formulas.js) against
// closed forms and limits, with Node's built-in runner: `node --test tests/js/`.
// tests/test_explorers.py runs this file, and also compares the module, in Chromium, with xent_ref.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");

const F = require(path.join(__dirname, "..", "..", "docs", "assets", "javascripts", "explorers",
  "formulas.js"));

function close(actual, expected, rtol, message) {
  const scale = Math.max(Math.abs(actual), Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= rtol * scale,
    `${message}: ${actual} is not within ${rtol} of ${expected}`);
}

test("entropy: uniform is log K, one-hot is 0 (0 log 0 = 0)", () => {
  close(F.entropy([0.25, 0.25, 0.25, 0.25]), Math.log(4), 1e-15, "uniform");
  assert.equal(F.entropy([0, 1, 0]), 0);
});

test("cross-entropy: zeros in P are skipped, a zero in Q under P's mass is infinite", () => {
  assert.equal(F.crossEntropy([0, 1], [0, 1]), 0);
  assert.equal(F.crossEntropy([0.5, 0.5], [1, 0]), Infinity);
  assert.ok(!Number.isNaN(F.crossEntropy([0, 1], [0, 1])));
});

test("KL: 0 at Q = P, infinite where q = 0 < p, never negative, equals CE - H", () => {
  const p = [0.1, 0.4, 0.5];
  const q = [0.8, 0.15, 0.05];
  assert.equal(F.klDivergence(p, p), 0);
  assert.equal(F.klDivergence([0.5, 0.5], [1, 0]), Infinity);
  assert.equal(F.klDivergence([1, 0], [0.5, 0.5]), Math.log(2));
  close(F.klDivergence(p, q), F.crossEntropy(p, q) - F.entropy(p), 1e-14, "CE = H + KL");
  close(F.klDivergence(p, q) / Math.LN2, 1.9269790471552188, 1e-15, "the worked example");
});

test("KL of distributions that agree to 12 digits keeps its digits", () => {
  // P = (1/2 + d, 1/2 - d), Q = (1/2, 1/2): KL = 2 d^2 + 4 d^4 / 3 + ... exactly.
  const d = 1e-12;
  const kl = F.klDivergence([0.5 + d, 0.5 - d], [0.5, 0.5]);
  // 0.5 + d is not exact in binary: use the values actually represented.
  const e = (0.5 + d) - 0.5;
  close(kl, 2 * e * e, 1e-6, "series limit");
  assert.ok(kl > 0);
});

test("logsumexp and softmax are finite for logits of +-1000", () => {
  close(F.logsumexp([1000, 999, 990]), 1000 + Math.log1p(Math.exp(-1) + Math.exp(-10)), 1e-16,
    "lse");
  assert.equal(F.logsumexp([-1000, -1000]), -1000 + Math.LN2);
  const p = F.softmax([1000, -1000]);
  assert.deepEqual(p, [1, 0]);
  for (const x of F.softmax([1000, 999, 990])) {
    assert.ok(Number.isFinite(x));
  }
});

test("softmax cross-entropy: a confident correct prediction keeps its tiny loss", () => {
  close(F.softmaxCrossEntropy([40, 0, 0], 0), Math.log1p(2 * Math.exp(-40)), 1e-15, "tiny loss");
  assert.ok(F.softmaxCrossEntropy([40, 0, 0], 0) > 0);
  close(F.softmaxCrossEntropy([1000, 999, 990], 1), 1.3132948769755688, 1e-15, "page example");
  assert.equal(F.softmaxCrossEntropy([1000, -1000], 1), 2000);
});

test("softmax gradient: sums to 0, true class entry keeps 1 - p", () => {
  const g = F.softmaxGradient([40, 0, 0], 0);
  close(g[0], -2 * Math.exp(-40) / (1 + 2 * Math.exp(-40)), 1e-15, "1 - p_c");
  close(g[0] + g[1] + g[2], 0, 1e-15, "sum");
});

test("binary cross-entropy from logits is softplus, exact at the extremes", () => {
  assert.equal(F.binaryCrossEntropy(1, 800), 0);
  assert.equal(F.binaryCrossEntropy(0, 800), 800);
  close(F.binaryCrossEntropy(1, 30), Math.log1p(Math.exp(-30)), 1e-15, "small loss");
  close(F.binaryCrossEntropy(1, F.logit(0.8)), -Math.log(0.8), 1e-15, "p = 0.8");
  assert.equal(F.softplus(-1000), 0);
  assert.equal(F.softplus(1000), 1000);
});

test("sigmoid, its error and the squared-error gradient that vanishes", () => {
  assert.equal(F.sigmoid(0), 0.5);
  assert.equal(F.sigmoid(-1000), 0);
  assert.equal(F.sigmoid(1000), 1);
  close(F.binaryError(1, 40), -Math.exp(-40) / (1 + Math.exp(-40)), 1e-15, "sigma - 1");
  // Wrong side: z = -10 with y = 1. Cross-entropy's gradient is near -1, squared error's is tiny.
  close(F.binaryError(1, -10), -1 / (1 + Math.exp(-10)), 1e-15, "ce gradient");
  assert.ok(Math.abs(F.squaredErrorGradient(1, -10)) < 1e-4);
  close(F.squaredError(0, 0), 0.25, 0, "(1/2)^2");
});

test("linspace matches numpy's values, gridGaussian sums to 1", () => {
  const x = F.linspace(-8, 8, 1601);
  assert.equal(x.length, 1601);
  assert.equal(x[0], -8);
  assert.equal(x[1600], 8);
  assert.equal(x[1], 1 * 0.01 + -8);
  close(F.sum(F.gridGaussian(x, 0, 1)), 1, 1e-14, "normalised");
});

test("setProbability keeps a distribution", () => {
  const p = F.setProbability([0.1, 0.4, 0.5], 0, 0.5);
  assert.equal(p[0], 0.5);
  close(F.sum(p), 1, 1e-15, "sum");
  close(p[1] / p[2], 0.8, 1e-15, "others keep their ratio");
  assert.deepEqual(F.setProbability([1, 0, 0], 0, 0.4), [0.4, 0.3, 0.3]);
  assert.deepEqual(F.setProbability([0.5, 0.5], 1, 2), [0, 1]);
});
