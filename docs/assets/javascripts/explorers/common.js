// What the four explorers share: building DOM and SVG, formatting numbers, and starting each
// explorer on its placeholder.
//
// A page holds <div class="xent-explorer" data-explorer="NAME"> with a static figure of the
// default state inside (what print, the PDF and a reader without JavaScript see). Each explorer
// script calls XentExplorers.register(NAME, init); init(root) appends the live version, and the
// class xent-explorer--live tells the style sheet to show it instead of the static figure on
// screen. Every number shown sits in an element with data-value holding the full-precision
// value (String(x), the shortest text that reads back as the same double), which the browser
// tests compare with xent_ref.
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  var kinds = {};
  var counter = 0;

  // Give a new element its attributes and text, and append it to parent (when there is one).
  function fill(node, attrs, parent, text) {
    setAttributes(node, attrs);
    if (text !== undefined) {
      node.textContent = text;
    }
    if (parent) {
      parent.appendChild(node);
    }
    return node;
  }

  function el(tag, attrs, parent, text) {
    return fill(document.createElement(tag), attrs, parent, text);
  }

  function svg(tag, attrs, parent, text) {
    return fill(document.createElementNS(SVG_NS, tag), attrs, parent, text);
  }

  function setAttributes(node, attrs) {
    if (!attrs) {
      return;
    }
    Object.keys(attrs).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) {
        node.removeAttribute(key);
      } else {
        node.setAttribute(key, value === true ? "" : String(value));
      }
    });
  }

  // A fresh id prefix for one explorer on the page (labels need ids to point at).
  function uid(name) {
    counter += 1;
    return "xent-" + name + "-" + counter;
  }

  // Fixed-point text as the page's snippets print it (f"{x:.3f}"); infinity as the symbol.
  function fixed(x, digits) {
    if (x === Infinity) {
      return "\u221e";
    }
    if (x === -Infinity) {
      return "\u2212\u221e";
    }
    var text = x.toFixed(digits);
    // -0.000 reads as a sign error; the snippets' f-strings print it the same way, but a live
    // number that flickers between 0.000 and -0.000 is noise.
    if (/^-0\.?0*$/.test(text)) {
      text = text.slice(1);
    }
    return text.replace(/^-/, "\u2212");
  }

  // Fixed-point for ordinary sizes, scientific (f"{x:.3e}") below 0.01 (0.001 with six
  // digits), where fixed-point would show too few significant digits.
  function general(x, digits) {
    var small = digits >= 6 ? 1e-3 : 1e-2;
    if (x !== 0 && isFinite(x) && Math.abs(x) < small) {
      var parts = x.toExponential(3).split("e");
      var exponent = parseInt(parts[1], 10);
      var sign = exponent < 0 ? "-" : "+";
      var magnitude = String(Math.abs(exponent));
      if (magnitude.length < 2) {
        magnitude = "0" + magnitude;
      }
      return (parts[0] + "e" + sign + magnitude).replace(/^-/, "\u2212");
    }
    return fixed(x, digits);
  }

  // Show a value: full precision in data-value, rounded text for the reader.
  function show(node, value, text) {
    node.setAttribute("data-value", String(value));
    if (node.textContent !== text) {
      node.textContent = text;
    }
  }

  function reducedMotion() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  // The width, in SVG units, to draw a full-width chart at: narrower on a phone, so that its
  // text stays readable when the chart is scaled to the screen.
  function chartWidth(container) {
    return container.clientWidth < 480 ? 340 : 560;
  }

  // Call redraw() when the window's size changes the chart width (at most once per frame).
  function onWidthChange(container, redraw) {
    var current = chartWidth(container);
    var pending = false;
    window.addEventListener("resize", function () {
      if (pending) {
        return;
      }
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        var next = chartWidth(container);
        if (next !== current) {
          current = next;
          redraw();
        }
      });
    });
  }

  // A row holding a slider and the number box for the same quantity.
  function pair(parent) {
    return el("div", { class: "xent-pair" }, parent);
  }

  // A labelled native control: <label for=id>text</label> and the input after it.
  function labelled(parent, id, text, input) {
    var wrap = el("div", { class: "xent-field" }, parent);
    el("label", { for: id }, wrap, text);
    input.id = id;
    wrap.appendChild(input);
    return wrap;
  }

  function numberInput(attrs) {
    return el("input", Object.assign({ type: "number", inputmode: "decimal" }, attrs));
  }

  // A group of radio buttons in a fieldset with a visible legend; arrow keys move between them.
  function radios(parent, name, legend, options, checked, onChange) {
    var set = el("fieldset", { class: "xent-radios" }, parent);
    el("legend", null, set, legend);
    var inputs = options.map(function (option) {
      var label = el("label", null, set);
      var input = el("input", { type: "radio", name: name, value: option.value }, label);
      input.checked = option.value === checked;
      label.appendChild(document.createTextNode(" " + option.label));
      input.addEventListener("change", function () {
        if (input.checked) {
          onChange(option.value);
        }
      });
      return input;
    });
    return {
      set: function (value) {
        inputs.forEach(function (input) {
          input.checked = input.value === String(value);
        });
      },
    };
  }

  // The position of a pointer event in the coordinates of an SVG element's viewBox.
  function svgPoint(svgElement, event) {
    var point = svgElement.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    return point.matrixTransform(svgElement.getScreenCTM().inverse());
  }

  function register(name, init) {
    kinds[name] = init;
  }

  function start(scope) {
    (scope || document).querySelectorAll(".xent-explorer[data-explorer]").forEach(function (root) {
      var init = kinds[root.getAttribute("data-explorer")];
      if (!init || root.classList.contains("xent-explorer--live")) {
        return;
      }
      // Live first, so that init can measure the space it has.
      root.classList.add("xent-explorer--live");
      try {
        init(root);
      } catch (error) {
        // The static figure comes back; the browser tests fail on this message.
        root.classList.remove("xent-explorer--live");
        root.querySelectorAll(".xent-explorer__live").forEach(function (node) {
          node.remove();
        });
        console.error("explorer " + root.getAttribute("data-explorer") + ": " + error);
      }
    });
  }

  window.XentExplorers = {
    el: el,
    svg: svg,
    setAttributes: setAttributes,
    uid: uid,
    fixed: fixed,
    general: general,
    show: show,
    reducedMotion: reducedMotion,
    labelled: labelled,
    chartWidth: chartWidth,
    onWidthChange: onWidthChange,
    pair: pair,
    numberInput: numberInput,
    radios: radios,
    svgPoint: svgPoint,
    register: register,
    start: start,
  };

  // Material for MkDocs without instant navigation: the page is complete at DOMContentLoaded.
  // (With instant navigation, document$ would be the hook instead.) The explorer scripts come
  // after this one and register before the event fires.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      start(document);
    });
  } else {
    window.setTimeout(function () {
      start(document);
    }, 0);
  }
})();
