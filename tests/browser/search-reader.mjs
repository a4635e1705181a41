// The search page as a reader meets it on a built site (the Network's), served over HTTP, in headless
// Chromium: on a phone (390×844) the first result is on the first screen once a query is typed and the
// filters are folded; on a desktop they are open beside the results; the query, the filters and the page of
// results are in the URL, so Back, a reload and a shared link restore them; whole-title matches rank first.
//
//   node tests/browser/search-reader.mjs PUBLIC
//
// Prints "ok - " / "not ok - " lines and "N passed, N failed"; exit status 1 on any failure.
import { launch, Report, watch } from './lib.mjs';
import { serveStatic } from './pages.mjs';
import { resolve } from 'node:path';

const root = resolve(process.argv[2] || '');
const report = new Report();
const check = (ok, name, notes = []) => report.check(!!ok, name, ok ? [] : notes);
const eq = (got, want, name) => check(JSON.stringify(got) === JSON.stringify(want), name,
	[`got:  ${JSON.stringify(got)}`, `want: ${JSON.stringify(want)}`]);

// A static host: folders answer with their index.html, as the published site's host does.
const { server, base } = await serveStatic(root);
const short = u => u.replace(/^.*?\/(resources|news|products|events|opinion|podcasts|videos|sessions)\//, '$1/');

const browser = await launch();
try {
	const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
	const page = await phone.newPage();
	const watcher = watch(page);
	const ready = () => page.waitForSelector('#search[data-state="ready"]', { timeout: 10000 }).then(() => true, () => false);
	const results = () => page.$$eval('#search-results > li > a', as => as.map(a => a.href));
	const first = async () => short((await results())[0] || '');
	const type = async text => { await page.fill('#search-q', ''); await page.focus('#search-q'); await page.keyboard.type(text); };
	const search = () => new URL(page.url()).search;

	// a phone: results first
	await page.goto(`${base}/en/search/`);
	check(await ready(), 'phone: the index loads');
	check(await page.$eval('#search-filters', d => d.tagName === 'DETAILS' && !d.open), 'phone: the filters are folded in a closed <details>');
	await page.focus('#search-q');
	await page.keyboard.type('judicial');
	const box = await page.$eval('#search-results > li', li => { const r = li.getBoundingClientRect(); return [r.top, r.bottom]; });
	check(box[1] <= 844 && box[0] >= 0, `phone: after typing, the first result is on the first screen (${Math.round(box[0])}–${Math.round(box[1])} px of 844)`);
	check(await page.isVisible('#search-status') && /\d/.test(await page.textContent('#search-status')), 'phone: the count is shown above the results');

	// ranking: a whole title first, then titles holding every word, shorter first
	for (const [query, want] of [
		['bangalore principles', 'resources/bangalore-principles/'],
		['The Bangalore Principles of Judicial Conduct', 'resources/bangalore-principles/'],
		['doha declaration', 'resources/doha-declaration/'],
		['declaration on judicial integrity', 'resources/declaration-on-judicial-integrity/'],
		['Non-binding Guidelines on the Use of Social Media by Judges', 'products/social-media-guidelines/'],
	]) {
		await type(query);
		eq(await first(), want, `"${query}" ranks ${want} first`);
	}

	// the URL follows the query; typing replaces the entry, a new search adds one
	const before = await page.evaluate(() => history.length);
	await type('bangalore');
	eq(search(), '?q=bangalore', 'the URL holds the query (?q=bangalore)');
	eq(await page.evaluate(() => history.length), before, 'typing replaces the history entry: no entry per keystroke');

	// filters in the URL; following a result and coming Back restores query and filters
	await page.click('#search-filters > summary');
	check(await page.$eval('#search-filters', d => d.open), 'phone: the summary opens the filters');
	// the first topic the results have
	const place = await page.$$eval('fieldset[data-facet="topics"] label', ls => ls.findIndex(l => !/\(0\)/.test(l.textContent)));
	const topic = await page.$$eval('fieldset[data-facet="topics"] label', (ls, i) => ls[i].dataset.term, place);
	await page.locator('fieldset[data-facet="topics"] input[type=checkbox]').nth(place).check();
	check(search().startsWith('?q=bangalore&topics=' + encodeURIComponent(topic)), `the URL holds the ticked topic (${search()})`);
	check(/\(1\)/.test(await page.textContent('#search-filters > summary')), 'the summary says one filter is on');
	const got = await results();
	await page.click('#search-results a >> nth=0');
	await page.waitForLoadState('load');
	check(page.url() === got[0], `the first result opens (${short(page.url())})`);
	await page.goBack();
	await ready();
	eq([await page.inputValue('#search-q'), await page.$$eval('#search-facets input:checked', x => x.map(c => c.closest('label').dataset.term)),
		await results()], ['bangalore', [topic], got], 'Back restores the query, the ticked filter and the results');
	await page.reload();
	await ready();
	eq([await page.inputValue('#search-q'), await page.$$eval('#search-facets input:checked', x => x.map(c => c.closest('label').dataset.term)),
		await results()], ['bangalore', [topic], got], 'a reload restores them too');

	// a shared link: query, filter, years and page
	const years = await page.$$eval('#search-from option', os => os.map(o => o.value).filter(Boolean));
	const [from, to] = [years[1], years[years.length - 2]];
	await page.goto(`${base}/en/search/?q=court&types=report&from=${from}&to=${to}`);
	await ready();
	eq([await page.inputValue('#search-q'), await page.$$eval('#search-facets input:checked', x => x.map(c => c.closest('label').dataset.term)),
		await page.inputValue('#search-from'), await page.inputValue('#search-to')], ['court', ['report'], from, to],
	'a shared link sets the query, the filter and the years');
	await page.goto(`${base}/en/search/`);
	await ready();
	const all = await page.$$eval('#search-results > li', x => x.length);
	const total = +(await page.textContent('#search-status')).replace(/\D/g, '');
	check(all === 20 && total > 40, `the whole library: 20 results of ${total} shown`);
	await page.click('.search-more');
	eq([await page.$$eval('#search-results > li', x => x.length), search()], [40, '?page=2'], '"show more" is page 2 in the URL');
	await page.goBack();
	eq([await page.$$eval('#search-results > li', x => x.length), search()], [20, ''], 'Back from page 2 shows page 1');
	await page.goForward();
	eq(await page.$$eval('#search-results > li', x => x.length), 40, 'Forward shows page 2 again');
	await page.reload();
	await ready();
	eq(await page.$$eval('#search-results > li', x => x.length), 40, 'a reload of page 2 shows 40 results');
	check(watcher.take().length === 0, 'no error in the browser (phone)');

	// a desktop: the filters open beside the results
	const desk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
	await desk.goto(`${base}/en/search/`);
	await desk.waitForSelector('#search[data-state="ready"]', { timeout: 10000 });
	const layout = await desk.evaluate(() => {
		const d = document.getElementById('search-filters'), r = document.querySelector('#search-results > li');
		return { open: d.open, beside: d.getBoundingClientRect().top < r.getBoundingClientRect().bottom, top: r.getBoundingClientRect().top };
	});
	check(layout.open && layout.beside, 'desktop: the filters are open beside the results', [JSON.stringify(layout)]);
	check(layout.top < 900, `desktop: the first result is on the first screen (${Math.round(layout.top)} px)`);
	await desk.close();

	// an Arabic page: the script writes its numbers (the count, the years, the facets' counts) in the
	// page's digits, ICU's Arabic-Indic, whatever digits the browser's Intl would choose for Arabic
	const ar = await browser.newPage({ viewport: { width: 1280, height: 900 } });
	await ar.goto(`${base}/ar/search/`);
	await ar.waitForSelector('#search[data-state="ready"]', { timeout: 10000 });
	const shownText = await ar.evaluate(() => ['#search-status', '#search-results .search-meta', '.search-facet .search-count',
		'#search-from option:last-child'].map(sel => (document.querySelector(sel) || {}).textContent || '').join(' | '));
	check(/[٠-٩]/.test(shownText) && !/[0-9]/.test(shownText),
		'ar: the count, the years and the facets\' counts are in Arabic-Indic digits', [shownText]);
	await ar.selectOption('#search-from', { index: 1 });
	check(/^[0-9]{4}$/.test(new URL(ar.url()).searchParams.get('from') || ''),
		'ar: a year chosen in Arabic-Indic digits is a number in the URL', [ar.url()]);
	await ar.close();
} catch (e) {
	check(false, `the test runs: ${e.message.split('\n')[0]}`);
} finally {
	await browser.close();
	server.close();
}
console.log(`${report.passed} passed, ${report.failed} failed`);
process.exit(report.ok ? 0 : 1);
