// Softmax and temperature: editable logits z, a temperature T, the probabilities softmax(z / T),
// the cross-entropy for a chosen true class and its gradient with respect to z,
// (softmax(z / T) - y) / T, which is softmax(z) - y at T = 1. Everything goes through the
// max-shifted log-sum-exp, so logits of +-1000 and T = 0.01 are as safe as small ones.
(function () {
  "use strict";

  var F = window.XentFormulas;
  var X = window.XentExplorers;

  var DEFAULT = { z: [1000, 999, 990], label: 1, t: 1 };
  var T_MIN = 0.01;
  var T_MAX = 10;

  function init(root) {
    var id = X.uid("softmax");
    var state = { z: DEFAULT.z.slice(), label: DEFAULT.label, t: DEFAULT.t };
    var live = X.el("div", { class: "xent-explorer__live" }, root);
    X.el("p", { class: "xent-explorer__title" }, live,
      "Explorer: logits through a softmax with a temperature, scored against a true class");

    var controls = X.el("div", { class: "xent-controls" }, live);
    var count = X.numberInput({ min: 2, max: 6, step: 1, inputmode: "numeric" });
    X.labelled(controls, id + "-k", "Classes (2 to 6)", count);
    var tPair = X.pair(controls);
    var slider = X.el("input", { type: "range", min: -2, max: 1, step: 0.01 });
    X.labelled(tPair, id + "-slider", "Temperature T (slider, log scale, 0.01 to 10)", slider)
      .classList.add("xent-field--wide");
    var tBox = X.numberInput({ min: T_MIN, max: 100, step: 0.01, class: "xent-number" });
    X.labelled(tPair, id + "-t", "Temperature T", tBox);
    var reset = X.el("button", { type: "button", class: "xent-button" }, controls,
      "Reset to the page's example");

    var table = X.el("table", { class: "xent-table" }, live);
    X.el("caption", null, table, "Logits z, which class is true, the probabilities " +
      "p = softmax(z / T) and the gradient of the loss with respect to each logit, " +
      "\u2202\u2113/\u2202z = (p \u2212 y) / T");
    var head = X.el("tr", null, X.el("thead", null, table));
    ["class", "logit z", "true", "p", "\u2202\u2113/\u2202z"].forEach(function (text) {
      X.el("th", { scope: "col" }, head, text);
    });
    var body = X.el("tbody", null, table);
    var out = X.el("div", { class: "xent-readout", "aria-live": "polite" }, live);
    var lossRow = X.el("div", { class: "xent-readout__row xent-readout__row--full" }, out);
    var lossName = X.el("span", { class: "xent-readout__name" }, lossRow);
    var loss = X.el("span", { class: "xent-readout__value", "data-quantity": "loss" }, lossRow);
    X.el("span", null, lossRow, " nats");
    var lseRow = X.el("div", { class: "xent-readout__row" }, out);
    X.el("span", { class: "xent-readout__name" }, lseRow, "logsumexp(z / T) = ");
    var lse = X.el("span", { class: "xent-readout__value", "data-quantity": "logsumexp" }, lseRow);
    var rows = [];

    function build() {
      body.textContent = "";
      rows = state.z.map(function (zj, j) {
        var tr = X.el("tr", null, body);
        X.el("th", { scope: "row" }, tr, String(j));
        var zInput = X.numberInput({ step: 1, class: "xent-number" });
        zInput.setAttribute("aria-label", "logit of class " + j);
        X.el("td", null, tr).appendChild(zInput);
        var radio = X.el("input", { type: "radio", name: id + "-label", value: j });
        radio.setAttribute("aria-label", "class " + j + " is the true class");
        radio.checked = j === state.label;
        X.el("td", null, tr).appendChild(radio);
        var pCell = X.el("td", { class: "xent-prob" }, tr);
        var bar = X.el("span", { class: "xent-prob__bar", "aria-hidden": "true" }, pCell);
        var p = X.el("span", { "data-quantity": "probability" }, pCell);
        var g = X.el("td", { "data-quantity": "gradient" }, tr);
        zInput.addEventListener("input", function () {
          var v = zInput.valueAsNumber;
          if (isFinite(v)) {
            state.z[j] = v;
            render(zInput);
          }
        });
        zInput.addEventListener("change", function () { render(); });
        radio.addEventListener("change", function () {
          if (radio.checked) {
            state.label = j;
            render();
          }
        });
        return { z: zInput, radio: radio, bar: bar, p: p, g: g };
      });
      count.value = String(state.z.length);
      render();
    }

    function render(editing) {
      var w = state.z.map(function (zj) { return zj / state.t; });
      var p = F.softmax(w);
      var grad = F.softmaxGradient(w, state.label).map(function (gj) { return gj / state.t; });
      rows.forEach(function (row, j) {
        if (row.z !== editing) {
          row.z.value = String(state.z[j]);
        }
        row.radio.checked = j === state.label;
        X.show(row.p, p[j], X.general(p[j], 6));
        X.show(row.g, grad[j], X.general(grad[j], 6));
        row.bar.style.width = (p[j] * 100).toFixed(2) + "%";
      });
      lossName.textContent = "cross-entropy for true class " + state.label + " = ";
      var value = F.softmaxCrossEntropy(w, state.label);
      X.show(loss, value, X.general(value, 6));
      var l = F.logsumexp(w);
      X.show(lse, l, X.general(l, 6));
      if (editing !== slider) {
        slider.value = String(Math.log10(state.t));
      }
      slider.setAttribute("aria-valuetext", "T = " + X.general(state.t, 2));
      if (editing !== tBox) {
        tBox.value = String(state.t);
      }
      root.setAttribute("data-state",
        JSON.stringify({ z: state.z, label: state.label, t: state.t }));
    }

    count.addEventListener("input", function () {
      var k = count.valueAsNumber;
      if (isFinite(k) && k >= 2 && k <= 6 && Math.round(k) !== state.z.length) {
        k = Math.round(k);
        while (state.z.length < k) {
          state.z.push(0);
        }
        state.z = state.z.slice(0, k);
        state.label = Math.min(state.label, k - 1);
        build();
      }
    });
    slider.addEventListener("input", function () {
      // Two decimals of T are what the number box shows; the slider moves on log10(T).
      state.t = Number(Math.pow(10, slider.valueAsNumber).toPrecision(3));
      render(slider);
    });
    tBox.addEventListener("input", function () {
      var t = tBox.valueAsNumber;
      if (isFinite(t) && t >= T_MIN && t <= 100) {
        state.t = t;
        render(tBox);
      }
    });
    tBox.addEventListener("change", function () { render(); });
    reset.addEventListener("click", function () {
      state.z = DEFAULT.z.slice();
      state.label = DEFAULT.label;
      state.t = DEFAULT.t;
      build();
    });
    build();
  }

  X.register("softmax", init);
})();
