// One prediction's log loss: a logit z (or the probability sigma(z)) and a label y; the
// cross-entropy loss and its gradient sigma(z) - y, beside the squared error of the probability
// and its gradient, whose factor sigma(z) (1 - sigma(z)) makes it vanish on the wrong side.
(function () {
  "use strict";

  var F = window.XentFormulas;
  var X = window.XentExplorers;

  var DEFAULT = { z: F.logit(0.8), y: 1 };
  var Z_MAX = 10;
  var PANEL_W = 280;
  var PANEL_H = 190;
  var PAD = { left: 40, right: 8, top: 22, bottom: 30 };
  var LOSS_MAX = 5;

  function panel(parent, id, title, yMin, yMax, ticks) {
    var node = X.svg("svg", {
      class: "xent-chart xent-panel", viewBox: "0 0 " + PANEL_W + " " + PANEL_H, role: "img",
      "aria-labelledby": id,
    }, parent);
    X.svg("title", { id: id }, node, title);
    var sx = function (z) {
      return PAD.left + ((z + Z_MAX) / (2 * Z_MAX)) * (PANEL_W - PAD.left - PAD.right);
    };
    // Curves may run past the top (the loss grows without bound): they are clipped to the plot
    // area, while the dots are held inside it.
    var sy = function (v, hold) {
      var t = ((hold ? Math.min(Math.max(v, yMin), yMax) : v) - yMin) / (yMax - yMin);
      return PANEL_H - PAD.bottom - t * (PANEL_H - PAD.top - PAD.bottom);
    };
    var clip = X.svg("clipPath", { id: id + "-clip" }, X.svg("defs", null, node));
    X.svg("rect", { x: PAD.left, y: PAD.top, width: PANEL_W - PAD.left - PAD.right,
      height: PANEL_H - PAD.top - PAD.bottom }, clip);
    var axis = X.svg("g", { class: "xent-axis" }, node);
    ticks.forEach(function (v) {
      X.svg("line", { x1: PAD.left, x2: PANEL_W - PAD.right, y1: sy(v), y2: sy(v),
        class: v === 0 ? "xent-zero" : "xent-grid" }, axis);
      X.svg("text", { x: PAD.left - 5, y: sy(v) + 4, "text-anchor": "end" }, axis,
        String(v).replace("-", "\u2212"));
    });
    [-10, -5, 0, 5, 10].forEach(function (z) {
      X.svg("text", { x: sx(z), y: PANEL_H - PAD.bottom + 14, "text-anchor": "middle" }, axis,
        String(z).replace("-", "\u2212"));
    });
    X.svg("text", { x: (PAD.left + PANEL_W) / 2, y: PANEL_H - 3, "text-anchor": "middle" }, axis,
      "logit z");
    X.svg("text", { x: PAD.left, y: 13, class: "xent-panel__title" }, axis, title);
    return { node: node, sx: sx, sy: sy, clip: "url(#" + id + "-clip)" };
  }

  function path(p, f) {
    var d = [];
    for (var i = 0; i <= 200; i++) {
      var z = -Z_MAX + (i / 200) * 2 * Z_MAX;
      d.push((i === 0 ? "M" : "L") + p.sx(z).toFixed(2) + " " + p.sy(f(z)).toFixed(2));
    }
    return d.join(" ");
  }

  function init(root) {
    var id = X.uid("logloss");
    var state = { z: DEFAULT.z, y: DEFAULT.y };
    var live = X.el("div", { class: "xent-explorer__live" }, root);
    X.el("p", { class: "xent-explorer__title" }, live,
      "Explorer: one prediction, scored by cross-entropy and by squared error");

    var controls = X.el("div", { class: "xent-controls" }, live);
    var labels = X.radios(controls, id + "-y", "True label y",
      [{ value: "1", label: "1" }, { value: "0", label: "0" }], String(state.y),
      function (value) {
        state.y = Number(value);
        render();
      });
    var zPair = X.pair(controls);
    var slider = X.el("input", { type: "range", min: -Z_MAX, max: Z_MAX, step: 0.1 });
    X.labelled(zPair, id + "-slider", "Logit z (slider, \u221210 to 10)", slider)
      .classList.add("xent-field--wide");
    var zBox = X.numberInput({ step: 0.1, class: "xent-number" });
    X.labelled(zPair, id + "-z", "Logit z", zBox);
    var pBox = X.numberInput({ min: 0, max: 1, step: 0.01, class: "xent-number" });
    X.labelled(controls, id + "-p", "Predicted probability of class 1, \u03c3(z)", pBox);
    var reset = X.el("button", { type: "button", class: "xent-button" }, controls,
      "Reset");

    var out = X.el("div", { class: "xent-readout", "aria-live": "polite" }, live);
    var values = {};
    // Cross-entropy on the left, squared error on the right (one column on a phone).
    [["probability", "predicted probability \u03c3(z)", ""],
      ["ce-loss", "cross-entropy loss", " nats"],
      ["se-loss", "squared error (\u03c3(z) \u2212 y)\u00b2", ""],
      ["ce-gradient", "cross-entropy gradient \u03c3(z) \u2212 y", ""],
      ["se-gradient", "squared-error gradient 2(\u03c3 \u2212 y)\u03c3(1 \u2212 \u03c3)", ""],
    ].forEach(function (item) {
      var row = X.el("div", { class: "xent-readout__row" }, out);
      if (item[0] === "probability") {
        row.classList.add("xent-readout__row--full");
      }
      X.el("span", { class: "xent-readout__name" }, row, item[1] + " = ");
      values[item[0]] = X.el("span", { class: "xent-readout__value", "data-quantity": item[0] },
        row);
      X.el("span", null, row, item[2]);
    });

    var panels = X.el("div", { class: "xent-panels" }, live);
    var lossPanel = panel(panels, id + "-loss", "loss (nats for cross-entropy)", 0, LOSS_MAX,
      [0, 1, 2, 3, 4, 5]);
    var gradPanel = panel(panels, id + "-grad", "gradient with respect to z", -1, 1,
      [-1, -0.5, 0, 0.5, 1]);
    var curves = {};
    [[lossPanel, "ce-loss", "xent-line-ce"], [lossPanel, "se-loss", "xent-line-se"],
      [gradPanel, "ce-gradient", "xent-line-ce"], [gradPanel, "se-gradient", "xent-line-se"],
    ].forEach(function (item) {
      curves[item[1]] = {
        panel: item[0],
        line: X.svg("path", { class: item[2], fill: "none", "clip-path": item[0].clip },
          item[0].node),
        dot: X.svg("circle", { r: 5, class: item[2] + " xent-dot" }, item[0].node),
      };
    });
    var key = X.el("p", { class: "xent-key" }, live);
    X.el("span", { class: "xent-key__ce" }, key, "solid blue: cross-entropy");
    X.el("span", { class: "xent-key__se" }, key, "dashed vermilion: squared error");

    var functions = {
      "ce-loss": function (y, z) { return F.binaryCrossEntropy(y, z); },
      "ce-gradient": function (y, z) { return F.binaryError(y, z); },
      "se-loss": function (y, z) { return F.squaredError(y, z); },
      "se-gradient": function (y, z) { return F.squaredErrorGradient(y, z); },
    };

    function setZ(z, from) {
      state.z = z;
      render(from);
    }

    function render(editing) {
      var z = state.z;
      var y = state.y;
      var p = F.sigmoid(z);
      X.show(values.probability, p, X.fixed(p, 3));
      Object.keys(functions).forEach(function (name) {
        var v = functions[name](y, z);
        X.show(values[name], v, X.general(v, 3));
        var c = curves[name];
        c.line.setAttribute("d", path(c.panel, function (t) { return functions[name](y, t); }));
        X.setAttributes(c.dot, { cx: c.panel.sx(Math.max(-Z_MAX, Math.min(Z_MAX, z))),
          cy: c.panel.sy(v, true) });
      });
      if (editing !== slider) {
        slider.value = String(z);
      }
      if (editing !== zBox) {
        zBox.value = String(Math.round(z * 1000) / 1000);
      }
      if (editing !== pBox) {
        pBox.value = String(Math.round(p * 1000) / 1000);
      }
      root.setAttribute("data-state", JSON.stringify({ z: state.z, y: state.y }));
    }

    slider.addEventListener("input", function () {
      setZ(slider.valueAsNumber, slider);
    });
    zBox.addEventListener("input", function () {
      var z = zBox.valueAsNumber;
      if (isFinite(z)) {
        setZ(z, zBox);
      }
    });
    zBox.addEventListener("change", function () { render(); });
    pBox.addEventListener("input", function () {
      var p = pBox.valueAsNumber;
      if (isFinite(p) && p > 0 && p < 1) {
        setZ(F.logit(p), pBox);
      }
    });
    pBox.addEventListener("change", function () { render(); });
    reset.addEventListener("click", function () {
      state.y = DEFAULT.y;
      labels.set(state.y);
      setZ(DEFAULT.z);
    });
    render();
  }

  X.register("logloss", init);
})();
