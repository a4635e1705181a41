// The check on an offline copy's update.html, in headless Chromium from file:// as a reader opens it: the
// page names the copy's release; choosing the copy's folder lists the files that are missing, changed or
// still to delete (from the update.json left there), each under its heading; a whole copy says every file
// is right; axe-core finds no violation on it. Prints "ok - " / "not ok - " lines (tests/e2e/updates.sh
// counts them).
//
// usage: node tests/browser/update-check.mjs COPY RELEASE MISSING CHANGED DELETE
//   COPY: a copy's folder; MISSING, CHANGED, DELETE: the names expected under each heading, comma-separated
//   ("" for none: then, with all three empty, the page must say every file is right)
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch, watch, Report } from './lib.mjs';

const AXE = resolve(dirname(fileURLToPath(import.meta.url)), '../../node_modules/axe-core/axe.min.js');
const [copy, release, ...lists] = process.argv.slice(2);
const [missing, changed, remove] = lists.map(l => (l ? l.split(',') : []).sort());
const browser = await launch();
const report = new Report();
const check = (ok, name, notes = []) => report.check(ok, name, ok ? [] : notes);
try {
	const page = await browser.newPage();
	const watcher = watch(page);
	await page.goto(pathToFileURL(`${copy}/update.html`).href);
	const shown = await page.evaluate(() => ({
		release: document.querySelector('.release') && document.querySelector('.release').textContent,
		form: !document.querySelector('.check-form').hidden,
		needs: !document.querySelector('.check-needs').hidden,
	}));
	check(shown.release === release, `update.html names the release ${release}`, [JSON.stringify(shown)]);
	check(shown.form && !shown.needs, 'the check is offered (the script runs from file://)', [JSON.stringify(shown)]);
	await page.setInputFiles('#copy-folder', copy);
	// the hashes are computed asynchronously: wait until the result is there
	await page.waitForFunction(() => document.getElementById('check-result').children.length > 0, null,
		{ timeout: 10000 }).catch(() => {});
	const result = await page.evaluate(() => {
		const out = document.getElementById('check-result');
		const heads = { missing: out.dataset.missing, changed: out.dataset.changed, remove: out.dataset.delete };
		const lists = {};
		for (const [k, title] of Object.entries(heads)) {
			const h = [...out.querySelectorAll('h3')].find(e => e.textContent === title);
			lists[k] = h ? [...h.nextElementSibling.querySelectorAll('code')].map(c => c.textContent).sort() : [];
		}
		return { lists, ok: [...out.querySelectorAll('p')].some(p => p.textContent === out.dataset.ok) };
	});
	const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
	check(same(result.lists.missing, missing), `missing: ${missing.join(', ') || 'none'}`, [JSON.stringify(result.lists.missing)]);
	check(same(result.lists.changed, changed), `changed: ${changed.join(', ') || 'none'}`, [JSON.stringify(result.lists.changed)]);
	check(same(result.lists.remove, remove), `to delete: ${remove.join(', ') || 'none'}`, [JSON.stringify(result.lists.remove)]);
	const whole = !missing.length && !changed.length && !remove.length;
	check(result.ok === whole, whole ? 'it says every file is right' : 'it does not say every file is right');
	const problems = watcher.take();
	check(!problems.length, 'no console error, exception or failed request', problems);
	// axe-core on the page with its results shown, at a phone's width and a desktop's (its own reads of the
	// stylesheets from file:// fail, after the page's own requests were checked above)
	for (const width of [390, 1280]) {
		await page.setViewportSize({ width, height: 844 });
		await page.addScriptTag({ path: AXE });
		const violations = await page.evaluate(async () =>
			(await window.axe.run(document, { resultTypes: ['violations'] })).violations.map(v =>
				`${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', ')}`));
		check(!violations.length, `axe: no violation at ${width} px`, violations);
	}
} finally {
	await browser.close();
}
console.log(`${report.passed} passed, ${report.failed} failed`);
process.exit(report.ok ? 0 : 1);
