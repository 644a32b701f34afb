/*
 * Switching between the light and the dark palette changes every colour at once: while it does,
 * transitions are off (the theme's rule, which the build moves from the theme's own attribute
 * data-md-color-switching to the class set here; scripts/site/publish.py).
 *
 * The theme sets its attribute on the body when the page loads as well, and adding or removing
 * it restyles every element of the page: on a page of ten thousand elements that is two long
 * tasks on a phone. Here the class is set only when the reader picks a palette, before the theme
 * changes the colours (this listener runs first, in the capture phase), and removed once two
 * frames have been drawn in the new colours. The page's color-scheme meta element (set in the
 * head by scripts/site/color_scheme.js) follows the palette chosen.
 */
(function () {
  "use strict";

  var SWITCHING = "xent-palette-switching";

  document.addEventListener(
    "change",
    function (event) {
      var input = event.target;
      if (!(input instanceof HTMLInputElement) || !input.closest("[data-md-component=palette]")) {
        return;
      }
      document.body.classList.add(SWITCHING);
      requestAnimationFrame(function () {
        var meta = document.querySelector("meta[name=color-scheme]");
        if (meta) {
          meta.content = getComputedStyle(document.body).colorScheme === "dark" ? "dark" : "normal";
        }
        requestAnimationFrame(function () {
          document.body.classList.remove(SWITCHING);
        });
      });
    },
    true
  );
})();
