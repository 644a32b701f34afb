// Belief versus truth: bars of P and Q over 2 to 6 outcomes; H(P), H(P, Q), KL(P || Q) and
// KL(Q || P) live, with H(P, Q) drawn as the stack H(P) + KL(P || Q).
(function () {
  "use strict";

  var F = window.XentFormulas;
  var X = window.XentExplorers;

  var NAMES = ["red", "green", "blue", "yellow", "purple", "grey"];
  var DEFAULT = { p: [0.1, 0.4, 0.5], q: [0.8, 0.15, 0.05], unit: "bits" };
  var H = 230;
  var TOP = 24;
  var BOTTOM = 190;
  var LEFT = 44;

  function init(root) {
    var id = X.uid("belief");
    var state = { p: DEFAULT.p.slice(), q: DEFAULT.q.slice(), unit: DEFAULT.unit };
    var live = X.el("div", { class: "xent-explorer__live" }, root);
    X.el("p", { class: "xent-explorer__title", id: id + "-title" }, live,
      "Explorer: move P and Q and watch the cross-entropy split into entropy plus divergence");

    var controls = X.el("div", { class: "xent-controls" }, live);
    var count = X.numberInput({ min: 2, max: 6, step: 1, value: 3, inputmode: "numeric" });
    X.labelled(controls, id + "-k", "Outcomes (2 to 6)", count);
    var units = X.radios(controls, id + "-unit", "Units",
      [{ value: "bits", label: "bits" }, { value: "nats", label: "nats" }], state.unit,
      function (value) {
        state.unit = value;
        render();
      });
    var reset = X.el("button", { type: "button", class: "xent-button" }, controls,
      "Reset to the worked example");

    var chart = X.svg("svg", {
      class: "xent-chart", role: "img", "aria-labelledby": id + "-chart-label",
    }, live);
    X.svg("title", { id: id + "-chart-label" }, chart,
      "Bars of P (blue) and Q (orange) for each outcome; drag a bar to change it");
    var axis = X.svg("g", { class: "xent-axis" }, chart);
    var bars = X.svg("g", null, chart);

    var table = X.el("table", { class: "xent-table" }, live);
    X.el("caption", null, table, "Probabilities (each row of P and of Q sums to 1; " +
      "changing one rescales the others)");
    var head = X.el("tr", null, X.el("thead", null, table));
    X.el("th", { scope: "col" }, head, "outcome");
    X.el("th", { scope: "col" }, head, "P, truth");
    X.el("th", { scope: "col" }, head, "Q, belief");
    var body = X.el("tbody", null, table);

    var out = X.el("div", { class: "xent-readout", "aria-live": "polite" }, live);
    var values = {};
    [["entropy", "H(P)"], ["cross-entropy", "H(P, Q)"], ["kl-pq", "KL(P \u2016 Q)"],
      ["kl-qp", "KL(Q \u2016 P)"]].forEach(function (pair) {
      var row = X.el("div", { class: "xent-readout__row" }, out);
      X.el("span", { class: "xent-readout__name" }, row, pair[1] + " = ");
      values[pair[0]] = X.el("span", { class: "xent-readout__value", "data-quantity": pair[0] },
        row);
      values[pair[0] + "-unit"] = X.el("span", null, row);
    });

    var stack = X.svg("svg", {
      class: "xent-chart xent-stack", role: "img",
      "aria-labelledby": id + "-stack-label",
    }, live);
    X.svg("title", { id: id + "-stack-label" }, stack,
      "H(P, Q) drawn as H(P) (blue) followed by KL(P \u2016 Q) (orange)");
    var stackH = X.svg("rect", { x: 0, y: 8, height: 26, class: "xent-fill-p" }, stack);
    var stackKL = X.svg("rect", { y: 8, height: 26, class: "xent-fill-q" }, stack);
    var stackText = X.svg("text", { x: 0, y: 54, class: "xent-stack__text" }, stack);

    var rows = [];

    function probabilityInput(which, i) {
      var input = X.numberInput({ min: 0, max: 1, step: 0.01, class: "xent-number" });
      input.setAttribute("aria-label", which.toUpperCase() + " of " + NAMES[i]);
      input.addEventListener("input", function () {
        var v = input.valueAsNumber;
        if (isFinite(v) && v >= 0 && v <= 1) {
          state[which] = F.setProbability(state[which], i, v);
          render(input);
        }
      });
      input.addEventListener("change", function () {
        render();
      });
      return input;
    }

    function setCount(k) {
      k = Math.max(2, Math.min(6, Math.round(k)));
      ["p", "q"].forEach(function (which) {
        var v = state[which];
        if (k > v.length) {
          // A new outcome takes an equal share; the old ones keep their proportions.
          while (v.length < k) {
            v = v.map(function (x) { return (x * v.length) / (v.length + 1); });
            v.push(1 / v.length);
          }
        } else {
          v = F.normalise(v.slice(0, k));
        }
        state[which] = v;
      });
      build();
    }

    var W = X.chartWidth(live);

    // The axis and legend, for the current chart width.
    function layout() {
      W = X.chartWidth(live);
      chart.setAttribute("viewBox", "0 0 " + W + " " + H);
      stack.setAttribute("viewBox", "0 0 " + W + " 64");
      axis.textContent = "";
      [0, 0.25, 0.5, 0.75, 1].forEach(function (t) {
        var y = BOTTOM - t * (BOTTOM - TOP);
        X.svg("line", { x1: LEFT, x2: W - 4, y1: y, y2: y, class: "xent-grid" }, axis);
        X.svg("text", { x: LEFT - 6, y: y + 4, "text-anchor": "end" }, axis, t.toFixed(2));
      });
      var legend = X.svg("g", { class: "xent-legend" }, axis);
      X.svg("rect", { x: W - 160, y: 0, width: 12, height: 12, class: "xent-fill-p" }, legend);
      X.svg("text", { x: W - 144, y: 10 }, legend, "P (truth)");
      X.svg("rect", { x: W - 80, y: 0, width: 12, height: 12, class: "xent-fill-q" }, legend);
      X.svg("text", { x: W - 64, y: 10 }, legend, "Q (belief)");
    }

    function build() {
      layout();
      body.textContent = "";
      bars.textContent = "";
      rows = state.p.map(function (_, i) {
        var tr = X.el("tr", null, body);
        X.el("th", { scope: "row" }, tr, NAMES[i]);
        var p = probabilityInput("p", i);
        var q = probabilityInput("q", i);
        X.el("td", null, tr).appendChild(p);
        X.el("td", null, tr).appendChild(q);
        var slot = (W - LEFT) / state.p.length;
        var x0 = LEFT + i * slot;
        var barW = Math.min(40, slot * 0.32);
        var group = X.svg("g", null, bars);
        var rects = ["p", "q"].map(function (which, j) {
          var x = x0 + slot / 2 + (j === 0 ? -barW - 2 : 2);
          var bar = X.svg("rect", { x: x, width: barW, class: "xent-fill-" + which }, group);
          var hit = X.svg("rect", {
            x: x - 2, y: TOP, width: barW + 4, height: BOTTOM - TOP, class: "xent-hit",
            "data-bar": which + i,
          }, group);
          drag(hit, which, i);
          return bar;
        });
        var label = X.svg("text", { x: x0 + slot / 2, y: BOTTOM + 16, "text-anchor": "middle" },
          group, NAMES[i]);
        var pText = X.svg("text", { class: "xent-bar-value", "text-anchor": "middle",
          x: x0 + slot / 2 - barW / 2 - 2 }, group);
        var qText = X.svg("text", { class: "xent-bar-value", "text-anchor": "middle",
          x: x0 + slot / 2 + barW / 2 + 2 }, group);
        return { p: p, q: q, bars: rects, label: label, pText: pText, qText: qText };
      });
      count.value = String(state.p.length);
      render();
    }

    function drag(hit, which, i) {
      function move(event) {
        var point = X.svgPoint(chart, event);
        var v = (BOTTOM - point.y) / (BOTTOM - TOP);
        state[which] = F.setProbability(state[which], i, Math.round(v * 1000) / 1000);
        render();
      }
      hit.addEventListener("pointerdown", function (event) {
        event.preventDefault();
        hit.setPointerCapture(event.pointerId);
        move(event);
        hit.addEventListener("pointermove", move);
      });
      function stop(event) {
        hit.removeEventListener("pointermove", move);
        if (hit.hasPointerCapture(event.pointerId)) {
          hit.releasePointerCapture(event.pointerId);
        }
      }
      hit.addEventListener("pointerup", stop);
      hit.addEventListener("pointercancel", stop);
    }

    function render(editing) {
      var scale = state.unit === "bits" ? Math.LN2 : 1;
      rows.forEach(function (row, i) {
        ["p", "q"].forEach(function (which, j) {
          var v = state[which][i];
          if (row[which] !== editing) {
            row[which].value = String(Math.round(v * 1000) / 1000);
          }
          row[which].setAttribute("data-value", String(v));
          var h = v * (BOTTOM - TOP);
          X.setAttributes(row.bars[j], { y: BOTTOM - h, height: Math.max(h, 0.0001) });
          var text = which === "p" ? row.pText : row.qText;
          X.setAttributes(text, { y: BOTTOM - h - 4 });
          text.textContent = v.toFixed(2);
        });
      });
      var h = F.entropy(state.p) / scale;
      var ce = F.crossEntropy(state.p, state.q) / scale;
      var kl = F.klDivergence(state.p, state.q) / scale;
      var klBack = F.klDivergence(state.q, state.p) / scale;
      var shown = { entropy: h, "cross-entropy": ce, "kl-pq": kl, "kl-qp": klBack };
      Object.keys(shown).forEach(function (key) {
        X.show(values[key], shown[key], X.fixed(shown[key], 3));
        values[key + "-unit"].textContent = " " + state.unit;
      });
      // The stack: scale so that H(P, Q) fits, or H(P) plus room for an arrow when KL is infinite.
      var finite = isFinite(ce) ? ce : h * 1.6 + 0.5;
      var unitScale = (W - 8) / Math.max(finite, 0.01);
      var wH = h * unitScale;
      X.setAttributes(stackH, { width: Math.max(wH, 0) });
      X.setAttributes(stackKL, { x: wH, width: isFinite(kl) ? kl * unitScale : W - wH,
        class: isFinite(kl) ? "xent-fill-q" : "xent-fill-q xent-infinite" });
      stackText.textContent = "H(P) " + X.fixed(h, 3) + " + KL(P \u2016 Q) " + X.fixed(kl, 3) +
        " = H(P, Q) " + X.fixed(ce, 3) + " " + state.unit;
      root.setAttribute("data-state", JSON.stringify({ p: state.p, q: state.q, unit: state.unit }));
    }

    count.addEventListener("input", function () {
      var k = count.valueAsNumber;
      if (isFinite(k) && k >= 2 && k <= 6 && Math.round(k) !== state.p.length) {
        setCount(k);
      }
    });
    reset.addEventListener("click", function () {
      state.p = DEFAULT.p.slice();
      state.q = DEFAULT.q.slice();
      state.unit = DEFAULT.unit;
      units.set(state.unit);
      build();
    });
    X.onWidthChange(live, build);
    build();
  }

  X.register("belief", init);
})();
