/*
 * A display formula wider than its column scrolls sideways inside its own box (extra.css), and so
 * does a code block with long lines. A box that scrolls must be reachable from the keyboard, so
 * that the arrow keys can scroll it: such a box gets tabindex="0" (a formula also a name), and
 * loses them again when a wider window makes it fit. Boxes that fit stay out of the tab order.
 *
 * A box in a folded derivation or a content tab not chosen cannot be measured while it is
 * hidden. It counts as scrolling, so that the Tab key reaches it once it is shown, and it is
 * measured when the derivation opens or the tab is chosen; each measure is kept until the
 * window is resized. The theme sets up code blocks only when they scroll into view
 * (content.lazy in mkdocs.yml), so this script covers them from the start.
 *
 * Runs once the page has loaded (its fonts included), after a resize, when a derivation opens,
 * when a tab is chosen, and on a long page each time a batch of its blocks has been drawn. All
 * widths are read first and the attributes written after, so that the page is laid out once,
 * not once per box.
 */
(function () {
  "use strict";

  var SCROLLS = "Formula (scrolls sideways)";
  var UNMEASURED = "Formula";

  function undrawn(el) {
    return typeof el.checkVisibility === "function" && !el.checkVisibility();
  }

  function set(el, name, value) {
    if (el.getAttribute(name) !== value) {
      el.setAttribute(name, value);
    }
  }

  function focusable(el, label) {
    set(el, "tabindex", "0");
    set(el, "data-xent-focus", "");
    if (label) {
      set(el, "role", "group");
      set(el, "aria-label", label);
    }
  }

  function unfocusable(el) {
    if (!el.hasAttribute("data-xent-focus")) {
      return; // a tabindex the theme gave is the theme's to take away
    }
    ["tabindex", "data-xent-focus", "role", "aria-label"].forEach(function (name) {
      el.removeAttribute(name);
    });
  }

  function mark() {
    var formulas = document.querySelectorAll(".md-typeset .katex-display");
    var codes = document.querySelectorAll(".md-typeset pre > code");
    // A block of a long page that is not drawn yet (render-later.js) is measured once drawn.
    var boxes = Array.prototype.slice
      .call(formulas)
      .concat(Array.prototype.slice.call(codes))
      .filter(function (box) {
        return !box.closest(".xent-later");
      });
    var states = boxes.map(function (box) {
      if (undrawn(box)) {
        return measured.get(box) || "unmeasured";
      }
      var state = box.scrollWidth > box.clientWidth + 1 ? "scrolls" : "fits";
      measured.set(box, state);
      return state;
    });
    boxes.forEach(function (box, i) {
      var formula = i < formulas.length;
      if (states[i] === "fits") {
        unfocusable(box);
      } else if (formula) {
        focusable(box, states[i] === "scrolls" ? SCROLLS : UNMEASURED);
      } else if (!box.hasAttribute("tabindex")) {
        focusable(box, null);
      }
    });
  }

  // The last width measured of each box, kept while it is hidden; a resize forgets them all.
  var measured = new WeakMap();

  var pending = 0;
  function later() {
    window.clearTimeout(pending);
    pending = window.setTimeout(mark, 150);
  }

  if (document.readyState === "complete") {
    mark();
  } else {
    window.addEventListener("load", mark);
  }
  window.addEventListener("resize", function () {
    measured = new WeakMap();
    later();
  });
  // A derivation opens ("toggle", which does not bubble: caught in the capture phase) or a
  // content tab is chosen ("change" of its radio button).
  document.addEventListener("toggle", later, true);
  document.addEventListener("change", later, true);
  // A batch of a long page's blocks has just been drawn (render-later.js): its layout is fresh,
  // so measuring costs no layout of its own.
  document.addEventListener("xent:drawn", mark);
})();
