/*
 * A long page is drawn in steps. The build (draw_later in scripts/site/publish.py) gives the
 * blocks of a long page after its first screens the class "xent-later", which sets
 * content-visibility: auto (extra.css): the browser leaves their style and layout for later, and
 * draws one as soon as it comes near the screen. Each such block also has a batch number
 * (data-xent-batch), about 150 elements a batch.
 *
 * Once the page has loaded, this script takes the class off one batch per frame, in page order,
 * so that the whole page is drawn within a second or so, a small task at a time, and never in
 * one long task that would keep a phone from answering a tap. After each frame it sends the
 * event "xent:drawn" on the document (scroll-focus.js then measures the boxes just drawn).
 * Without scripts, the blocks stay content-visibility: auto and are drawn as they are scrolled
 * to.
 */
(function () {
  "use strict";

  var CLASS = "xent-later";
  var batch = 0;

  function nextFrame(callback) {
    window.requestAnimationFrame(function () {
      window.setTimeout(callback, 0);
    });
  }

  function step() {
    if (batch > 0) {
      document.dispatchEvent(new CustomEvent("xent:drawn")); // the last batch has been drawn
    }
    var blocks = document.querySelectorAll("." + CLASS + '[data-xent-batch="' + batch + '"]');
    if (!blocks.length) {
      return;
    }
    for (var i = 0; i < blocks.length; i++) {
      blocks[i].classList.remove(CLASS);
    }
    batch += 1;
    nextFrame(step);
  }

  if (document.readyState === "complete") {
    nextFrame(step);
  } else {
    window.addEventListener("load", function () {
      nextFrame(step);
    });
  }
})();
