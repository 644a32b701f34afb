// Inlined into every page's <head> by scripts/site/hooks.py, after the theme's own helpers.
// The page's color-scheme (the colours of the window's canvas and scrollbar) as the theme's
// palette will show it: the palette the reader last chose (the theme keeps it in localStorage),
// or else the system's preference, as the palette's media queries pick it. The theme's script
// used to add this meta element itself once the page had loaded, and adding it, then setting it,
// restyles every element of the page (the build takes that out of the theme's script:
// scripts/site/publish.py). palette-switch.js keeps it in step when the reader switches.
(function () {
  "use strict";
  var palette = null;
  try {
    palette = __md_get("__palette");
  } catch (error) {
    palette = null; // no localStorage (a private window may refuse it)
  }
  var dark = palette && palette.color && palette.color.media !== "(prefers-color-scheme)"
    ? palette.color.scheme === "slate"
    : matchMedia("(prefers-color-scheme: dark)").matches;
  var meta = document.createElement("meta");
  meta.name = "color-scheme";
  meta.content = dark ? "dark" : "normal";
  document.head.appendChild(meta);
})();
