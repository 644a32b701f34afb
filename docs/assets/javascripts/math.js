// Typeset the site's math with KaTeX, which the site serves itself (assets/vendor/katex).
//
// - pymdownx.arithmatex (generic mode) wraps each formula of a Markdown page in an element of
//   class "arithmatex" holding \(...\) (inline) or \[...\] (display) or a bare \begin{...} block;
// - notebook pages (mkdocs-jupyter) keep the $...$ and $$...$$ of their Markdown cells as text.
//
// Material calls document$ subscribers on the first load and after every instant navigation;
// without Material's bundle (a bare HTML page) the same runs on DOMContentLoaded. A formula that
// does not parse is left as written and reported with console.error, which the browser tests catch.
(function () {
  "use strict";

  var OPTIONS = { throwOnError: true, strict: "warn", trust: false, output: "htmlAndMathml" };

  function typesetArithmatex(root) {
    root.querySelectorAll(".arithmatex").forEach(function (element) {
      if (element.querySelector(".katex")) {
        return; // already typeset (instant navigation can hand us the same node twice)
      }
      var source = element.textContent.trim();
      var display = true;
      var match = /^\\\(([\s\S]*)\\\)$/.exec(source);
      if (match) {
        display = false;
        source = match[1];
      } else if ((match = /^\\\[([\s\S]*)\\\]$/.exec(source))) {
        source = match[1];
      }
      try {
        katex.render(source, element, Object.assign({ displayMode: display }, OPTIONS));
      } catch (error) {
        console.error("math: " + error.message + " in " + JSON.stringify(source));
      }
    });
  }

  function typesetNotebooks(root) {
    root.querySelectorAll(".jupyter-wrapper .jp-MarkdownOutput").forEach(function (element) {
      renderMathInElement(element, Object.assign({}, OPTIONS, {
        delimiters: [
          { left: "$$", right: "$$", display: true },
          { left: "\\[", right: "\\]", display: true },
          { left: "$", right: "$", display: false },
          { left: "\\(", right: "\\)", display: false },
        ],
        errorCallback: function (message, error) {
          console.error("math: " + message + " " + error);
        },
      }));
    });
  }

  function typeset() {
    typesetArithmatex(document.body);
    typesetNotebooks(document.body);
    // When the math was done, in ms since navigation start: the browser tests time it with this.
    document.body.setAttribute("data-math-typeset", String(Math.round(performance.now())));
  }

  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(typeset);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", typeset);
  } else {
    typeset();
  }
})();
