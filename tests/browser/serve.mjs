// jisite serve in Chromium (run by tests/e2e/serve.sh): on a copy of the Network's site, (a) an open page
// reloads after its Markdown body is edited and shows the new text; (b) a front matter broken by an unclosed
// quote shows the overlay with the exact path:line:col, and fixing the file removes it; (c) editing one
// page does not reload another open page; (d) an edit of the theme's stylesheet swaps it without a reload.
// A variable set on window tells whether a page was reloaded: a reload loses it.
//
// usage: node tests/browser/serve.mjs JISITE
import { cpSync, mkdtempSync, readFileSync, writeFileSync, appendFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, Report, startServe } from './lib.mjs';

const jisite = process.argv[2];
const report = new Report();
const dir = mkdtempSync(join(tmpdir(), 'jisite-serve-'));
for (const f of ['content', 'themes', 'translations', 'site.yaml']) cpSync(f, join(dir, f), { recursive: true });

const { serve, base } = await startServe(jisite, dir);

const browser = await launch();
const timeout = 10000;
try {
	const context = await browser.newContext();
	const open = async path => {
		const page = await context.newPage();
		await page.goto(base + path);
		await page.waitForFunction(() => window.__jisite && window.__jisite.ready, null, { timeout });
		await page.evaluate(() => { window.__notReloaded = true; });
		return page;
	};
	const survived = page => page.evaluate(() => window.__notReloaded === true).catch(() => false);
	const about = await open('/en/about/');
	const other = await open('/en/ethics-training/');

	// (a) and (c)
	const md = join(dir, 'content/about.md');
	const original = readFileSync(md, 'utf8');
	appendFileSync(md, '\nA sentence the browser test added.\n');
	const shown = await about.waitForFunction(() => document.body.innerText.includes('A sentence the browser test added.'),
		null, { timeout }).then(() => true, () => false);
	report.check(shown, 'an edited page reloads and shows the new text');
	report.check(!(await survived(about)), 'the edited page was reloaded (its window variable is gone)');
	await about.waitForFunction(() => window.__jisite && window.__jisite.ready, null, { timeout });
	await about.evaluate(() => { window.__notReloaded = true; });
	report.check(await survived(other), 'another open page was not reloaded');
	report.check(!(await other.evaluate(() => document.body.innerText.includes('A sentence the browser test added.'))),
		'... and does not show the other page\'s text');

	// (b)
	const broken = original.replace(/^title: .*$/m, 'title: "About the Network');
	const line = broken.split('\n').findIndex(l => l.startsWith('title: "About the Network')) + 1;
	writeFileSync(md, broken);
	const overlay = await about.waitForSelector('#jisite-overlay', { timeout }).then(() => true, () => false);
	report.check(overlay, 'a broken front matter shows the overlay');
	const text = overlay ? await about.locator('#jisite-overlay').innerText() : '';
	const expected = serve.stderrText.split('\n').find(l => l.startsWith('content/about.md:'));
	report.check(expected && text.includes(expected), 'the overlay shows the diagnostic as the terminal printed it',
		[`terminal: ${expected}`, `overlay: ${text.split('\n').find(l => l.startsWith('content/')) || text}`]);
	report.check(/content\/about\.md:\d+:\d+: error: /.test(text), `the overlay gives path:line:col (title on line ${line})`);
	report.check(await other.waitForSelector('#jisite-overlay', { timeout }).then(() => true, () => false),
		'every open page shows the overlay');
	const late = await context.newPage();
	await late.goto(base + '/en/');
	report.check(await late.waitForSelector('#jisite-overlay', { timeout }).then(() => true, () => false),
		'a page opened while the site has errors shows the overlay at once');
	report.check(await late.evaluate(() => document.querySelector('html').lang === 'en'),
		'... over the last good page');
	await late.close();
	writeFileSync(md, original);
	report.check(await about.waitForSelector('#jisite-overlay', { state: 'detached', timeout }).then(() => true, () => false),
		'fixing the file removes the overlay');
	report.check(await other.waitForSelector('#jisite-overlay', { state: 'detached', timeout }).then(() => true, () => false),
		'... from every page');

	// (d)
	await about.waitForFunction(() => window.__jisite && window.__jisite.ready, null, { timeout });
	await about.evaluate(() => { window.__notReloaded = true; });
	const before = await about.evaluate(() => getComputedStyle(document.body).outlineStyle);
	const css = join(dir, 'themes/default/static/style.css');
	appendFileSync(css, '\nbody { outline: 3px dotted rgb(1, 2, 3); }\n');
	const swapped = await about.waitForFunction(() => getComputedStyle(document.body).outlineStyle === 'dotted',
		null, { timeout }).then(() => true, () => false);
	report.check(swapped, `a stylesheet edit changes the computed style (outline-style was ${before})`);
	report.check(await survived(about), 'the stylesheet was swapped without a reload');
	report.check(await survived(other), '... on every open page');
	report.check(await about.evaluate(() => document.querySelectorAll('link[rel~="stylesheet"]').length === 1),
		'the old stylesheet link is gone');
} catch (e) {
	report.check(false, `the browser test runs: ${e.message}`);
} finally {
	await browser.close();
	serve.kill('SIGTERM');
	await new Promise(r => serve.once('exit', r));
	rmSync(dir, { recursive: true, force: true });
}
console.log(`browser: ${report.passed} passed, ${report.failed} failed`);
process.exit(report.ok ? 0 : 1);
