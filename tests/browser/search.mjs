// The search page of a built site in headless Chromium: queries typed in the page find the resources
// they should, and facet filters and the year range narrow them, on the published site (served over
// HTTP from PUBLIC) or in an offline copy (a language's unzipped site-<lang>.zip, read from file://).
//
//   node tests/browser/search.mjs CASES --online PUBLIC
//   node tests/browser/search.mjs CASES --offline DIR [--lang L]   (DIR: the unzipped copy)
//
// CASES is a JSON list of {lang, query, facets: {name: [value, ...]}, from, to, results: [url, ...],
// includes: [url, ...], first: url}: with `results`, the results' links must be exactly these (in this order when
// `ordered`); with `includes`, they must contain them; with `first`, the first result must be it. Facet values are the terms of the index
// ("report"); urls are from the language's folder ("resources/x/"). Every case also checks that the
// first result's link opens its page. Prints "ok - " / "not ok - " lines and "N passed, N failed".
import { launch, Report, watch } from './lib.mjs';
import { serveStatic } from './pages.mjs';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const opt = name => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const cases = JSON.parse(readFileSync(args[0], 'utf8'));
const online = opt('--online'), offline = opt('--offline'), only = opt('--lang');
const report = new Report();

const base = offline ? resolve(offline) : resolve(online);
// online: a static host, where folders answer with their index.html, as the published site's host does
const host = online ? await serveStatic(base) : null;
const server = host && host.server;
const pageUrl = (lang, query) => {
	const q = query ? `?q=${encodeURIComponent(query)}` : '';
	return online ? `${host.base}/${lang}/search/${q}`
		: pathToFileURL(join(base, lang, 'search/index.html')).href + q;
};
// What a result's link must be: the page's folder online, its index.html offline.
const link = (lang, url) => (online ? `${host.base}/${lang}/${url}`
	: pathToFileURL(join(base, lang, url, 'index.html')).href);

const browser = await launch();
try {
	const page = await browser.newPage();
	const watcher = watch(page);
	for (const c of cases) {
		if (only && c.lang !== only) continue;
		const what = `${offline ? 'offline' : 'online'} ${c.lang}: "${c.query}"` +
			Object.entries(c.facets || {}).map(([f, v]) => ` ${f}=${v.join('|')}`).join('') +
			(c.from || c.to ? ` years ${c.from || ''}-${c.to || ''}` : '');
		watcher.take();
		await page.goto(pageUrl(c.lang));
		await page.waitForSelector('#search[data-state="ready"]', { timeout: 10000 });
		// typed as a reader types, a key at a time (text a keyboard cannot press is inserted)
		await page.focus('#search-q');
		await page.keyboard.type(c.query);
		for (const [facet, values] of Object.entries(c.facets || {})) {
			for (const v of values) {
				// the index's value for this term: the checkbox with its place
				const place = await page.evaluate(([facet, v]) => {
					const labels = [...document.querySelectorAll(`fieldset[data-facet="${facet}"] label`)];
					return labels.findIndex(l => l.dataset.term === v);
				}, [facet, v]);
				if (place < 0) {
					report.check(false, `${what}: facet ${facet} has ${v}`);
					continue;
				}
				await page.locator(`fieldset[data-facet="${facet}"] input[type=checkbox]`).nth(place).check();
			}
		}
		if (c.from) await page.selectOption('#search-from', String(c.from));
		if (c.to) await page.selectOption('#search-to', String(c.to));
		const got = await page.$$eval('#search-results a', as => as.map(a => a.href));
		const want = (c.results || c.includes || [c.first]).map(u => link(c.lang, u));
		const ok = c.results
			? (c.ordered ? got.join() === want.join() : [...got].sort().join() === [...want].sort().join())
			: c.includes ? want.every(u => got.includes(u)) : got[0] === want[0];
		const short = u => u.replace(/^.*?\/(resources|news|products|events)\//, '$1/');
		report.check(ok, `${what} → ${c.results ? '' : c.includes ? 'includes ' : 'first '}${want.map(short).join(', ')}`,
			ok ? [] : [`got: ${got.map(short).join(', ')}`]);
		const status = await page.textContent('#search-status');
		report.check(/\p{Nd}/u.test(status) || !got.length, `${what}: the status says how many (${status.trim()})`);
		if (got.length) {
			// the first result opens its page
			await page.click('#search-results a >> nth=0');
			await page.waitForLoadState('load');
			const title = await page.title();
			report.check(page.url() === got[0] && title.length > 0, `${what}: the first result opens ${short(got[0])}`,
				[`at ${page.url()}`].filter(() => page.url() !== got[0]));
		}
		const problems = watcher.take();
		report.check(problems.length === 0, `${what}: no error in the browser`, problems);
	}
	// the header's form on the language's home page leads to the search page, which shows the results
	const lang = only || cases[0].lang, c = cases.find(x => x.lang === lang && x.query && !x.facets && !x.from && !x.to && !x.first);
	const home = online ? `${host.base}/${lang}/` : pathToFileURL(join(base, lang, 'index.html')).href;
	await page.goto(home);
	await page.fill('.site-search input[name=q]', c.query);
	await page.press('.site-search input[name=q]', 'Enter');
	await page.waitForSelector('#search[data-state="ready"]', { timeout: 10000 });
	const got = await page.$$eval('#search-results a', as => as.map(a => a.href));
	const prefilled = await page.inputValue('#search-q') === c.query && got.includes(link(lang, (c.results || c.includes)[0]));
	report.check(prefilled, `${offline ? 'offline' : 'online'} ${lang}: the header's form searches "${c.query}" from the home page`,
		prefilled ? [] : [`at ${page.url()}`, `got: ${got.join(', ')}`]);
	// without JavaScript: no form, and the page points at the listings instead
	const nojs = await browser.newContext({ javaScriptEnabled: false });
	const plain = await nojs.newPage();
	await plain.goto(pageUrl(lang, c.query));
	const state = await plain.evaluate(() => ({
		search: document.getElementById('search').hidden,
		fallback: getComputedStyle(document.getElementById('search-fallback')).display !== 'none',
		links: [...document.querySelectorAll('#search-fallback a')].map(a => a.href),
	}));
	report.check(state.search && state.fallback && state.links.length >= 2,
		`${offline ? 'offline' : 'online'} ${lang}: without JavaScript the search page points at ${state.links.length} listings`);
	for (const href of state.links) {
		const res = await plain.goto(href);
		report.check(!res || res.ok(), `${offline ? 'offline' : 'online'} ${lang}: the listing ${href.split(`/${lang}/`)[1]} opens`);
	}
	await nojs.close();
} catch (e) {
	report.check(false, `the test runs: ${e.message.split('\n')[0]}`);
} finally {
	await browser.close();
	if (server) server.close();
}
console.log(`${report.passed} passed, ${report.failed} failed`);
process.exit(report.ok ? 0 : 1);
