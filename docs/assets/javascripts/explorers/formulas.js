// Stable formulas for the explorers: the same mathematics as xent_ref, in the browser.
//
// A classic script, not an ES module: Chromium refuses module scripts from file:// pages, and the
// site must work from a folder. In a page it defines window.XentFormulas; under Node
// (tests/js/formulas.test.js) it is a CommonJS module.
//
// Conventions, as in xent_ref: 0 log 0 = 0; a positive p where q = 0 gives Infinity, never NaN;
// logits are shifted by their maximum before exponentiating; log(1 + s) is Math.log1p(s) with s
// formed without the 1, so a tiny loss keeps its digits. Every sum in here adds non-negative
// terms, so it cancels nothing.
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.XentFormulas = factory();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  function sum(values) {
    var s = 0;
    for (var i = 0; i < values.length; i++) {
      s += values[i];
    }
    return s;
  }

  // -sum p log p over the entries of p, with 0 log 0 = 0 (nats).
  function entropy(p) {
    var h = 0;
    for (var i = 0; i < p.length; i++) {
      if (p[i] > 0) {
        h -= p[i] * Math.log(p[i]);
      }
    }
    return h;
  }

  // -sum p log q (nats): terms with p = 0 vanish whatever q is; p > 0 with q = 0 gives Infinity.
  function crossEntropy(p, q) {
    var h = 0;
    for (var i = 0; i < p.length; i++) {
      if (p[i] > 0) {
        h -= p[i] * Math.log(q[i]);
      }
    }
    return h;
  }

  // atanh(u) - u = u^3/3 + u^5/5 + ... for |u| <= 1/2, summed until the terms stop counting.
  function atanhTail(u) {
    var u2 = u * u;
    var power = u * u2;
    var total = 0;
    for (var k = 3; k < 200; k += 2) {
      var term = power / k;
      total += term;
      if (Math.abs(term) <= 1e-17 * Math.abs(total)) {
        break;
      }
      power *= u2;
    }
    return total;
  }

  // One term of KL in the generalised form p log(p / q) - p + q, which is never negative.
  // Where p / q lies in [1/3, 3] it is evaluated through log(p / q) = 2 atanh(u) with
  // u = (p - q) / (p + q), as (p - q) u + 2 p (atanh(u) - u): no subtraction of near-equal
  // numbers. Elsewhere the direct form loses at most a couple of bits.
  function klTerm(p, q) {
    if (p === 0) {
      return q;
    }
    if (q === 0) {
      return Infinity;
    }
    var d = p - q;
    if (p <= 3 * q && q <= 3 * p) {
      var u = d / (p + q);
      return d * u + 2 * p * atanhTail(u);
    }
    return p * Math.log(p / q) - d;
  }

  // KL(P || Q) = sum p log(p / q) (nats), as the sum of the non-negative generalised terms
  // (the two agree exactly when P and Q both sum to 1).
  function klDivergence(p, q) {
    var total = 0;
    for (var i = 0; i < p.length; i++) {
      total += klTerm(p[i], q[i]);
    }
    return total;
  }

  // The index of the largest entry (the first one on a tie).
  function argmax(z) {
    var best = 0;
    for (var i = 1; i < z.length; i++) {
      if (z[i] > z[best]) {
        best = i;
      }
    }
    return best;
  }

  // logsumexp(z) = m + log1p(s): m the largest logit, s the sum of exp(z_j - m) over the others.
  function shiftedLogits(z) {
    var top = argmax(z);
    var m = z[top];
    var s = 0;
    for (var j = 0; j < z.length; j++) {
      if (j !== top) {
        s += Math.exp(z[j] - m);
      }
    }
    return { top: top, max: m, rest: s };
  }

  function logsumexp(z) {
    var t = shiftedLogits(z);
    return t.max + Math.log1p(t.rest);
  }

  function softmax(z) {
    var t = shiftedLogits(z);
    var total = 1 + t.rest;
    return z.map(function (zj) {
      return Math.exp(zj - t.max) / total;
    });
  }

  // -log softmax(z)_c = (m - z_c) + log1p(s): a confident correct prediction keeps its tiny loss.
  function softmaxCrossEntropy(z, c) {
    var t = shiftedLogits(z);
    return t.max - z[c] + Math.log1p(t.rest);
  }

  // softmax(z) - e_c, with the true class's entry formed as minus the other probabilities, so
  // that 1 - p_c is not lost when p_c rounds to 1.
  function softmaxGradient(z, c) {
    var p = softmax(z);
    var others = 0;
    for (var j = 0; j < p.length; j++) {
      if (j !== c) {
        others += p[j];
      }
    }
    var g = p.slice();
    g[c] = -others;
    return g;
  }

  // softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^-|x|), for any real x.
  function softplus(x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  // sigma(z) = 1 / (1 + e^-z), through e^-|z| so that nothing overflows.
  function sigmoid(z) {
    var e = Math.exp(-Math.abs(z));
    return z >= 0 ? 1 / (1 + e) : e / (1 + e);
  }

  // The logit of a probability, log(p / (1 - p)).
  function logit(p) {
    return Math.log(p) - Math.log1p(-p);
  }

  // Binary cross-entropy from a logit, for a label y of 0 or 1: softplus(-z) or softplus(z).
  function binaryCrossEntropy(y, z) {
    return y === 1 ? softplus(-z) : softplus(z);
  }

  // sigma(z) - y for y in {0, 1}; for y = 1 it is -sigma(-z), so no 1 - (1 - tiny) is formed.
  function binaryError(y, z) {
    return y === 1 ? -sigmoid(-z) : sigmoid(z);
  }

  // Squared error of the probability, (sigma(z) - y)^2, and its gradient with respect to the
  // logit, 2 (sigma(z) - y) sigma(z) (1 - sigma(z)): the factor sigma (1 - sigma) is what makes
  // the gradient vanish on the wrong side.
  function squaredError(y, z) {
    var e = binaryError(y, z);
    return e * e;
  }

  function squaredErrorGradient(y, z) {
    return 2 * binaryError(y, z) * sigmoid(z) * sigmoid(-z);
  }

  // An evenly spaced grid of n points from start to stop, with the same values as numpy.linspace.
  function linspace(start, stop, n) {
    var step = (stop - start) / (n - 1);
    var x = new Array(n);
    for (var i = 0; i < n; i++) {
      x[i] = i * step + start;
    }
    x[n - 1] = stop;
    return x;
  }

  // A Gaussian density on the grid x, normalised to a probability vector.
  function gridGaussian(x, mean, std) {
    var w = x.map(function (xi) {
      var t = (xi - mean) / std;
      return Math.exp(-0.5 * t * t);
    });
    var total = sum(w);
    return w.map(function (wi) {
      return wi / total;
    });
  }

  // Set entry i of a probability vector to v (clamped to [0, 1]) and rescale the others in
  // proportion so that the vector still sums to 1; if they were all 0, they share 1 - v equally.
  function setProbability(p, i, v) {
    v = Math.min(1, Math.max(0, v));
    var rest = 0;
    for (var j = 0; j < p.length; j++) {
      if (j !== i) {
        rest += p[j];
      }
    }
    return p.map(function (pj, j) {
      if (j === i) {
        return v;
      }
      return rest > 0 ? (pj * (1 - v)) / rest : (1 - v) / (p.length - 1);
    });
  }

  // Divide every entry by the sum, so that the vector sums to 1 (within rounding).
  function normalise(p) {
    var total = sum(p);
    return p.map(function (pj) {
      return pj / total;
    });
  }

  return {
    sum: sum,
    entropy: entropy,
    crossEntropy: crossEntropy,
    klTerm: klTerm,
    klDivergence: klDivergence,
    argmax: argmax,
    logsumexp: logsumexp,
    softmax: softmax,
    softmaxCrossEntropy: softmaxCrossEntropy,
    softmaxGradient: softmaxGradient,
    softplus: softplus,
    sigmoid: sigmoid,
    logit: logit,
    binaryCrossEntropy: binaryCrossEntropy,
    binaryError: binaryError,
    squaredError: squaredError,
    squaredErrorGradient: squaredErrorGradient,
    linspace: linspace,
    gridGaussian: gridGaussian,
    setProbability: setProbability,
    normalise: normalise,
  };
});
