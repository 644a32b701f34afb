/*
 * A display formula wider than its column scrolls sideways inside its own box (extra.css). A box
 * that scrolls must be reachable from the keyboard, so that the arrow keys can scroll it: such a
 * box gets tabindex="0" and a name, and loses them again when a wider window makes it fit. Boxes
 * that fit stay out of the tab order. Runs once the page is parsed and again after a resize.
 */
(function () {
  "use strict";

  function mark() {
    var boxes = document.querySelectorAll(".md-typeset .katex-display");
    for (var i = 0; i < boxes.length; i += 1) {
      var box = boxes[i];
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "group");
        box.setAttribute("aria-label", "Formula (scrolls sideways)");
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

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mark);
  } else {
    mark();
  }
  window.addEventListener("load", mark);
  window.addEventListener("resize", later);
})();
