// Inlined into every page's <head> by scripts/site/hooks.py. Material's script asks for the
// search index (search/search_index.json, the heaviest file of a page) as soon as a page loads;
// this holds that one request back until the reader turns to search: focusing or clicking the
// search box or its button, or pressing a key that opens it (s, f, /). Every other request, and
// the index loaded from file:// (a script, not this request), is left alone.
(function () {
  "use strict";
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var wanted = false;
  var held = [];

  function release() {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach(function (go) { go(); });
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    this.xentSearchIndex = /\/search\/search_index\.json(?:[?#]|$)/.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this;
    var args = arguments;
    if (request.xentSearchIndex && !wanted) {
      held.push(function () { send.apply(request, args); });
      return undefined;
    }
    return send.apply(request, args);
  };

  function inSearch(target) {
    return target instanceof Element
      && target.closest("form[name=search], label[for=__search], #__search") !== null;
  }
  document.addEventListener("focusin", function (event) {
    if (inSearch(event.target)) release();
  }, true);
  document.addEventListener("pointerdown", function (event) {
    if (inSearch(event.target)) release();
  }, true);
  document.addEventListener("change", function (event) {
    if (inSearch(event.target)) release();
  }, true);
  document.addEventListener("keydown", function (event) {
    if (event.key === "s" || event.key === "S" || event.key === "f" || event.key === "F"
        || event.key === "/") release();
  }, true);
  // A search result link carries ?h=... to highlight the terms; Material needs no index for that.
})();
