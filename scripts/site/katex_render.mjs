// Typeset TeX with KaTeX for the MkDocs hook (scripts/site/typeset.py), without a browser.
//
// Reads one JSON array per line on stdin, each item {"tex": "...", "display": true|false}, and
// writes one JSON array per line on stdout, in the same order, each item {"html": "..."} or
// {"error": "..."} for a formula KaTeX cannot parse. The output is KaTeX's HTML and MathML
// ("htmlAndMathml"): the HTML draws the formula with the KaTeX fonts, the MathML is what screen
// readers read and what copying or printing to PDF keeps as text. A first line of stdout
// {"katex": VERSION} says that the renderer is ready.
import { createInterface } from "node:readline";
import katex from "katex";

const OPTIONS = { output: "htmlAndMathml", throwOnError: true, strict: "error", trust: false };

function render(item) {
  try {
    return { html: katex.renderToString(item.tex, { ...OPTIONS, displayMode: !!item.display }) };
  } catch (error) {
    return { error: String(error && error.message ? error.message : error) };
  }
}

process.stdout.write(JSON.stringify({ katex: katex.version }) + "\n");
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on("line", (line) => {
  if (!line.trim()) return;
  const items = JSON.parse(line);
  process.stdout.write(JSON.stringify(items.map(render)) + "\n");
});
