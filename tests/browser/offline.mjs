// Crawls an offline copy of the site (a folder holding index.html, such as an unzipped bundle) in headless
// Chromium and checks every page it visits: it loads as a page (a link to a folder would show a listing),
// <html lang> is set, no console error, no uncaught exception, no failed request, and every link and
// resource (stylesheets, images, scripts) names a file inside the copy.
//
//   node tests/browser/offline.mjs DIR [--max-pages N] [--require KIND,...] [--name LABEL]
//
// Prints one "ok - " / "not ok - " line per page (the problems under it as "#   " lines), then one line
// for the kinds of pages visited (listing, item, term, chapter: see KINDS in lib.mjs). --require fails
// that line when a kind was not visited. Exit status: 0 when every check passed, 1 otherwise, 2 on
// usage errors.
import { crawl, Report, KINDS } from './lib.mjs';
import { existsSync } from 'node:fs';

function usage(msg) {
	if (msg) console.error(`offline.mjs: ${msg}`);
	console.error('usage: node tests/browser/offline.mjs DIR [--max-pages N] [--require KIND,...] [--name LABEL]');
	process.exit(2);
}

let dir, maxPages = 40, required = [], name = '';
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
	const a = args[i];
	const value = () => (i + 1 < args.length ? args[++i] : usage(`${a} needs a value`));
	if (a === '--max-pages') {
		maxPages = Number(value());
		if (!Number.isInteger(maxPages) || maxPages < 1) usage('--max-pages needs a positive whole number');
	} else if (a === '--require') {
		required = value().split(',').filter(Boolean);
		const known = KINDS.map(k => k[0]);
		for (const k of required) if (!known.includes(k)) usage(`unknown kind ${k} (known: ${known.join(', ')})`);
	} else if (a === '--name') {
		name = value();
	} else if (a.startsWith('-')) {
		usage(`unknown option ${a}`);
	} else if (dir === undefined) {
		dir = a;
	} else {
		usage('one folder only');
	}
}
if (dir === undefined) usage('no folder given');
if (!existsSync(dir)) usage(`${dir}: no such folder`);

const prefix = name ? `${name}: ` : '';
const report = new Report();
// the lines of the pages carry the prefix too
const check = report.check.bind(report);
report.check = (ok, what, notes) => check(ok, prefix + what, notes);

const { visited, kinds } = await crawl(dir, { maxPages, report });
const missing = required.filter(k => !kinds.has(k));
const seen = [...kinds].filter(k => k !== 'other');
report.check(missing.length === 0,
	`${visited.size} pages visited, kinds: ${seen.length ? seen.join(', ') : 'none'}`,
	missing.length ? [`no page visited of kind ${missing.join(', ')}`] : []);
console.log(`# ${prefix}${report.passed} passed, ${report.failed} failed`);
process.exit(report.ok ? 0 : 1);
