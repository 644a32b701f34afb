/*
 * A display formula wider than its column scrolls sideways inside its own box (extra.css), and so
 * does a code block with long lines. A box that scrolls must be reachable from the keyboard, so
 * that the arrow keys can scroll it: such a box gets tabindex="0" (a formula also a name), and
 * loses them again when a wider window makes it fit. Boxes that fit stay out of the tab order.
 * The theme does the same for a code block, but only once the block has scrolled into view (it
 * sets up code blocks lazily, the content.lazy feature in mkdocs.yml), so a block further down
 * would be skipped by the Tab key until then; this script covers every block from the start.
 * Runs once the page has loaded (its fonts included) and again after a resize. All widths are read
 * first and the attributes written after, so that the page is laid out once, not once per box.
 */
(function () {
  "use strict";

  function mark() {
    var boxes = document.querySelectorAll(".md-typeset .katex-display");
    var codes = document.querySelectorAll(".md-typeset pre > code");
    var scrolls = [];
    var codeScrolls = [];
    var i;
    for (i = 0; i < boxes.length; i += 1) {
      scrolls.push(boxes[i].scrollWidth > boxes[i].clientWidth + 1);
    }
    for (i = 0; i < codes.length; i += 1) {
      codeScrolls.push(codes[i].scrollWidth > codes[i].clientWidth + 1);
    }
    for (i = 0; i < codes.length; i += 1) {
      var code = codes[i];
      if (codeScrolls[i]) {
        if (!code.hasAttribute("tabindex")) {
          code.setAttribute("tabindex", "0");
          code.setAttribute("data-xent-focus", "");
        }
      } else if (code.hasAttribute("data-xent-focus")) {
        code.removeAttribute("tabindex");
        code.removeAttribute("data-xent-focus");
      }
    }
    for (i = 0; i < boxes.length; i += 1) {
      var box = boxes[i];
      if (scrolls[i]) {
        if (box.getAttribute("tabindex") !== "0") {
          box.setAttribute("tabindex", "0");
          box.setAttribute("role", "group");
          box.setAttribute("aria-label", "Formula (scrolls sideways)");
        }
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    }
  }

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
  window.addEventListener("resize", later);
})();
