// Forward versus reverse KL: a two-peaked target P and one Gaussian Q with a mean and a width,
// both discretised on the page's grid (1601 points on [-8, 8]); KL(P || Q) and KL(Q || P) for the
// current Q, and the minimiser of each over the page's grid of means and widths, marked.
(function () {
  "use strict";

  var F = window.XentFormulas;
  var X = window.XentExplorers;

  var GRID = F.linspace(-8, 8, 1601);
  var DEFAULT = { mean: -2, std: 0.6 };
  var H = 230;
  var PAD = { left: 40, right: 8, top: 12, bottom: 32 };
  var X_MIN = -7;
  var X_MAX = 7;
  var Y_MAX = 0.8;

  // numpy.arange(start, stop, step) for floats: start + i * (start + step - start).
  function arange(start, stop, step) {
    var n = Math.ceil((stop - start) / step);
    var delta = start + step - start;
    var out = [];
    for (var i = 0; i < n; i++) {
      out.push(i === 0 ? start : start + i * delta);
    }
    return out;
  }

  var MEANS = arange(-4, 4.0001, 0.1);
  var STDS = arange(0.3, 3.0001, 0.05);

  function target() {
    var a = F.gridGaussian(GRID, -2, 0.6);
    var b = F.gridGaussian(GRID, 2, 0.6);
    return a.map(function (ai, i) { return 0.6 * ai + 0.4 * b[i]; });
  }

  function init(root) {
    var id = X.uid("fitkl");
    var P = target();
    var state = { mean: DEFAULT.mean, std: DEFAULT.std };
    var live = X.el("div", { class: "xent-explorer__live" }, root);
    X.el("p", { class: "xent-explorer__title" }, live,
      "Explorer: fit one Gaussian Q to a two-peaked P, in either direction");

    var controls = X.el("div", { class: "xent-controls" }, live);
    var meanPair = X.pair(controls);
    var meanSlider = X.el("input", { type: "range", min: -4, max: 4, step: 0.1 });
    X.labelled(meanPair, id + "-mean-slider", "Mean of Q (slider, \u22124 to 4)", meanSlider)
      .classList.add("xent-field--wide");
    var meanBox = X.numberInput({ min: -4, max: 4, step: 0.1, class: "xent-number" });
    X.labelled(meanPair, id + "-mean", "Mean of Q", meanBox);
    var stdPair = X.pair(controls);
    var stdSlider = X.el("input", { type: "range", min: 0.3, max: 3, step: 0.05 });
    X.labelled(stdPair, id + "-std-slider", "Standard deviation of Q (slider, 0.3 to 3)",
      stdSlider).classList.add("xent-field--wide");
    var stdBox = X.numberInput({ min: 0.3, max: 3, step: 0.05, class: "xent-number" });
    X.labelled(stdPair, id + "-std", "Standard deviation of Q", stdBox);
    var buttons = X.el("div", { class: "xent-buttons" }, controls);
    var toForward = X.el("button", { type: "button", class: "xent-button",
      disabled: true }, buttons, "Move Q to the forward minimiser");
    var toReverse = X.el("button", { type: "button", class: "xent-button",
      disabled: true }, buttons, "Move Q to the reverse minimiser");
    var reset = X.el("button", { type: "button", class: "xent-button" }, buttons,
      "Reset");

    var chart = X.svg("svg", {
      class: "xent-chart", role: "img", "aria-labelledby": id + "-chart-label",
    }, live);
    X.svg("title", { id: id + "-chart-label" }, chart, "The target P (grey), the current Q " +
      "(solid), and the two minimisers: forward (blue, dotted) and reverse (vermilion, dashed)");
    var dx = GRID[1] - GRID[0];
    var W = X.chartWidth(live);
    var sx = function (x) {
      return PAD.left + ((x - X_MIN) / (X_MAX - X_MIN)) * (W - PAD.left - PAD.right);
    };
    var sy = function (d) {
      return H - PAD.bottom - (Math.min(d, Y_MAX) / Y_MAX) * (H - PAD.top - PAD.bottom);
    };
    var axis = X.svg("g", { class: "xent-axis" }, chart);
    var targetArea = X.svg("path", { class: "xent-target" }, chart);

    // The axes and the target, for the current chart width.
    function layout() {
      W = X.chartWidth(live);
      chart.setAttribute("viewBox", "0 0 " + W + " " + H);
      axis.textContent = "";
      [0, 0.2, 0.4, 0.6, 0.8].forEach(function (d) {
        X.svg("line", { x1: PAD.left, x2: W - PAD.right, y1: sy(d), y2: sy(d),
          class: "xent-grid" }, axis);
        X.svg("text", { x: PAD.left - 5, y: sy(d) + 4, "text-anchor": "end" }, axis,
          d.toFixed(1));
      });
      [-6, -4, -2, 0, 2, 4, 6].forEach(function (x) {
        X.svg("text", { x: sx(x), y: H - PAD.bottom + 15, "text-anchor": "middle" }, axis,
          String(x).replace("-", "\u2212"));
      });
      X.svg("text", { x: (PAD.left + W) / 2, y: H - 3, "text-anchor": "middle" }, axis,
        "x (density of P shaded)");
      targetArea.setAttribute("d", curve(P, true));
    }

    function curve(q, closed) {
      var d = [];
      for (var i = 0; i < GRID.length; i += 4) {
        if (GRID[i] < X_MIN || GRID[i] > X_MAX) {
          continue;
        }
        d.push((d.length ? "L" : "M") + sx(GRID[i]).toFixed(1) + " " + sy(q[i] / dx).toFixed(1));
      }
      if (closed) {
        d.push("L" + sx(X_MAX) + " " + sy(0) + " L" + sx(X_MIN) + " " + sy(0) + " Z");
      }
      return d.join(" ");
    }
    var forwardLine = X.svg("path", { class: "xent-line-forward", fill: "none" }, chart);
    var reverseLine = X.svg("path", { class: "xent-line-reverse", fill: "none" }, chart);
    var qLine = X.svg("path", { class: "xent-line-current", fill: "none" }, chart);

    var out = X.el("div", { class: "xent-readout", "aria-live": "polite" }, live);
    function row(name, quantity, unit) {
      var r = X.el("div", { class: "xent-readout__row" }, out);
      X.el("span", { class: "xent-readout__name" }, r, name);
      var v = X.el("span", { class: "xent-readout__value", "data-quantity": quantity }, r);
      if (unit) {
        X.el("span", null, r, unit);
      }
      return v;
    }
    var forwardValue = row("forward KL(P \u2016 Q) = ", "forward", " nats");
    var reverseValue = row("reverse KL(Q \u2016 P) = ", "reverse", " nats");
    var forwardBest = row("forward minimiser (blue, dotted): ", "forward-minimiser");
    var reverseBest = row("reverse minimiser (vermilion, dashed): ", "reverse-minimiser");
    forwardBest.textContent = "searching the grid\u2026";
    reverseBest.textContent = "searching the grid\u2026";
    var best = null;

    function render(editing) {
      var Q = F.gridGaussian(GRID, state.mean, state.std);
      var forward = F.klDivergence(P, Q);
      var reverse = F.klDivergence(Q, P);
      X.show(forwardValue, forward, X.fixed(forward, 3));
      X.show(reverseValue, reverse, X.fixed(reverse, 3));
      qLine.setAttribute("d", curve(Q, false));
      [[meanSlider, "mean"], [meanBox, "mean"], [stdSlider, "std"], [stdBox, "std"]].forEach(
        function (pair) {
          if (pair[0] !== editing) {
            pair[0].value = String(Math.round(state[pair[1]] * 1000) / 1000);
          }
        });
      root.setAttribute("data-state", JSON.stringify(state));
    }

    function drawFits() {
      if (!best) {
        return;
      }
      forwardLine.setAttribute("d",
        curve(F.gridGaussian(GRID, best.forward.mean, best.forward.std), false));
      reverseLine.setAttribute("d",
        curve(F.gridGaussian(GRID, best.reverse.mean, best.reverse.std), false));
    }

    function describe(node, fit) {
      node.setAttribute("data-value", JSON.stringify(fit));
      node.textContent = "mean " + X.fixed(fit.mean, 2) + ", standard deviation " +
        X.fixed(fit.std, 2) + ", KL " + X.fixed(fit.kl, 3) + " nats";
    }

    // The grid search of the page's snippet, one mean per task so that the page stays responsive.
    function search() {
      var fits = { forward: { kl: Infinity }, reverse: { kl: Infinity } };
      var i = 0;
      function step() {
        var mean = MEANS[i];
        STDS.forEach(function (std) {
          var Q = F.gridGaussian(GRID, mean, std);
          var forward = F.klDivergence(P, Q);
          var reverse = F.klDivergence(Q, P);
          if (forward < fits.forward.kl) {
            fits.forward = { mean: mean, std: std, kl: forward };
          }
          if (reverse < fits.reverse.kl) {
            fits.reverse = { mean: mean, std: std, kl: reverse };
          }
        });
        i += 1;
        if (i < MEANS.length) {
          window.setTimeout(step, 0);
          return;
        }
        best = fits;
        describe(forwardBest, fits.forward);
        describe(reverseBest, fits.reverse);
        drawFits();
        toForward.disabled = false;
        toReverse.disabled = false;
        root.setAttribute("data-search", "done");
      }
      window.setTimeout(step, 0);
    }

    function bind(input, key, lo, hi) {
      input.addEventListener("input", function () {
        var v = input.valueAsNumber;
        if (isFinite(v) && v >= lo && v <= hi) {
          state[key] = v;
          render(input);
        }
      });
      input.addEventListener("change", function () { render(); });
    }
    bind(meanSlider, "mean", -4, 4);
    bind(meanBox, "mean", -4, 4);
    bind(stdSlider, "std", 0.3, 3);
    bind(stdBox, "std", 0.3, 3);
    toForward.addEventListener("click", function () {
      state.mean = best.forward.mean;
      state.std = best.forward.std;
      render();
    });
    toReverse.addEventListener("click", function () {
      state.mean = best.reverse.mean;
      state.std = best.reverse.std;
      render();
    });
    reset.addEventListener("click", function () {
      state.mean = DEFAULT.mean;
      state.std = DEFAULT.std;
      render();
    });
    layout();
    X.onWidthChange(live, function () {
      layout();
      drawFits();
      render();
    });
    render();
    search();
  }

  X.register("fitkl", init);
})();
