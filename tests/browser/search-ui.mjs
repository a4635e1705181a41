// The search page in headless Chromium, read from file:// like an offline copy: the hand-made fixture in
// tests/browser/fixture/search (a page with the C side's DOM contract, a small index, the pages its
// results link to) is copied to a temporary folder with themes/default/static/search.js and style.css
// as assets/, plus variants of the page made here (online URLs, a missing or broken index, a bigger
// index for "show more").
// How fast results follow a keystroke is measured by `make bench` (tests/bench/search_latency.mjs).
//
//   node tests/browser/search-ui.mjs
//
// Prints "ok - " / "not ok - " lines and "N passed, N failed"; exit status 1 on any failure.
import { launch, Report, watch } from './lib.mjs';
import { makeIndex, FIXTURE } from './fixture/search/make-index.mjs';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const theme = join(here, '../../themes/default/static');
const dir = mkdtempSync(join(tmpdir(), 'jisite-search-'));
cpSync(join(here, 'fixture/search'), dir, { recursive: true });
mkdirSync(join(dir, 'assets'));
cpSync(join(theme, 'search.js'), join(dir, 'assets/search.js'));
cpSync(join(theme, 'style.css'), join(dir, 'assets/style.css'));

// variants of the page
const pageHtml = readFileSync(join(dir, 'en/search/index.html'), 'utf8');
const variant = (name, from, to) => {
	if (!pageHtml.includes(from)) throw new Error(`fixture page lacks ${from}`);
	writeFileSync(join(dir, 'en/search', name), pageHtml.replace(from, to));
};
variant('online.html', 'data-offline="1"', 'data-offline=""');
variant('missing.html', 'data-index="search-index.js"', 'data-index="no-such-index.js"');
variant('broken.html', 'data-index="search-index.js"', 'data-index="broken-index.js"');
variant('bad.html', 'data-index="search-index.js"', 'data-index="bad-index.js"');
variant('big.html', 'data-index="search-index.js"', 'data-index="big-index.js"');
writeFileSync(join(dir, 'en/search/broken-index.js'), 'jisiteSearch({"v": 1, "docs": [\n');
writeFileSync(join(dir, 'en/search/bad-index.js'), 'jisiteSearch(null);\n');

// 45 documents sharing the word "common": three pages of results
const big = { ...FIXTURE, docs: [] };
for (let i = 0; i < 45; i++) {
	big.docs.push([`Common document ${i + 1}`, 'A common summary.', `resources/doc-${i + 1}/`, 2000 + (i % 20), 0, [0], [i % 3], []]);
}
writeFileSync(join(dir, 'en/search/big-index.js'), makeIndex(big));


const url = (name, query = '') => pathToFileURL(join(dir, 'en/search', name)).href + query;
const report = new Report();
const check = (ok, name, notes = []) => report.check(!!ok, name, ok ? [] : notes);
const eq = (got, want, name) => check(JSON.stringify(got) === JSON.stringify(want), name,
	[`got:  ${JSON.stringify(got)}`, `want: ${JSON.stringify(want)}`]);

const browser = await launch();
try {
	const page = await browser.newPage();
	const watcher = watch(page);
	const ready = () => page.waitForSelector('#search[data-state="ready"]', { timeout: 5000 }).then(() => true, () => false);
	const titles = () => page.$$eval('#search-results > li > a', as => as.map(a => a.textContent));
	const status = () => page.textContent('#search-status');
	const counts = () => page.$$eval('.search-facet[data-facet] label', ls => ls.map(l => l.textContent.trim()));
	const query = async text => { await page.fill('#search-q', ''); await page.type('#search-q', text); };
	const box = (facet, i) => `.search-facet[data-facet="${facet}"] input[value="${i}"]`;
	const T = FIXTURE.docs.map(d => d[0]);

	// loading
	await page.goto(url('index.html'));
	check(await ready(), 'the index loads (data-state="ready")');
	check(await page.$eval('#search', e => !e.hidden && getComputedStyle(e).display !== 'none'), 'the search UI is shown');
	check(await page.$eval('#search-fallback', e => e.hidden && getComputedStyle(e).display === 'none'), 'the fallback is hidden');
	eq(await titles(), T, 'an empty query lists every document in index order');
	eq(await status(), 'Results: 9', 'status of the whole library');
	eq(await page.$$eval('#search-facets > fieldset', fs => fs.map(f => [f.className, f.dataset.facet || '', f.querySelector('legend').textContent])),
		[['search-facet', 'collections', 'Section'], ['search-facet', 'types', 'Type of resource'],
			['search-facet', 'topics', 'Topics'], ['search-facet search-years', '', 'Year']],
		'facet fieldsets with legends, the year range last');
	eq(await counts(), ['Resources (7)', 'News (2)', 'Guide (3)', 'Report (3)', 'Handbook (1)',
		'Judicial independence (4)', 'Integrity (4)', 'Access to justice (2)'], 'facet values and counts');
	eq(await page.$$eval('#search-from option', os => os.map(o => o.textContent)),
		['', '2017', '2018', '2019', '2020', '2021', '2022', '2023', '2024'], 'the years range from the oldest to the newest');
	check(await page.$eval('#search-facets > fieldset:last-of-type + button', b => b.type === 'button' && b.textContent === 'Clear filters'),
		'the clear button follows the year range');
	eq(await page.$$eval('.search-years label', ls => ls.map(l => [l.firstChild.textContent.trim(), l.querySelector('select').id])),
		[['From', 'search-from'], ['To', 'search-to']], 'the year selects are labelled');
	eq(await page.$eval('#search-results > li', li => [...li.children].map(c => c.className || c.tagName)),
		['A', 'search-meta', 'search-summary'], 'a result: link, meta, summary');
	eq(await page.$$eval('#search-results .search-meta', ps => ps.map(p => p.textContent)),
		['Resources · Guide · 2024', 'Resources · Report · 2023', 'Resources · Guide · 2022', 'Resources · Guide · 2021',
			'News · 2020', 'Resources · Report · 2019', 'Resources · Handbook · 2018', 'Resources · Report · 2017', 'News'],
		'meta lines: collection, type and year (an unknown year left out)');

	// typing
	const events = [];
	await page.exposeFunction('searched', n => events.push(n));
	await page.evaluate(() => document.getElementById('search').addEventListener('jisite:searched', e => window.searched(e.detail.count)));
	await page.focus('#search-q');
	await page.keyboard.type('judges');
	eq(await titles(), [T[0], T[2], T[4]], '"judges": the title match first, then index order');
	eq(await status(), 'Results: 3', 'the status region says "Results: 3"');
	await page.waitForTimeout(50);
	check(events.length === 6 && events[5] === 3, 'one jisite:searched event a keystroke, with the count', [`events: ${events}`]);
	eq(await counts(), ['Resources (2)', 'News (1)', 'Guide (2)', 'Report (0)', 'Handbook (0)',
		'Judicial independence (2)', 'Integrity (1)', 'Access to justice (1)'], 'counts follow the query');
	await query('judg');
	eq(await titles(), [T[0], T[2], T[4]], 'a prefix finds the same ("judg")');
	await query('integ');
	eq(await titles(), [T[1], T[3], T[2]], '"integ": title matches (English and the French fallback) before a summary match');
	eq(await page.$$eval('#search-results > li', lis => lis.map(li => [li.querySelector('a').lang, li.querySelector('a').dir,
		li.querySelector('.search-summary').lang])), [['', '', ''], ['fr', 'ltr', 'fr'], ['', '', '']],
	'the fallback result carries lang and dir on its title and summary');
	await query('INTÉGRITÉ');
	eq(await titles(), [T[3]], 'the query is folded like the index ("INTÉGRITÉ")');
	await query('judicial');
	eq(await titles(), [T[6], T[2]], 'exact word in titles: the shorter title first');
	await query('in');
	eq(await titles(), [T[4], T[1], T[3], T[2]],
		'"in": titles first (an exact word scores 1 more, then the shorter title), then the summary match');
	await query('bangalore principles of judicial conduct');
	eq(await titles(), [T[2]], 'a whole title finds its document');
	await query('judicial conduct');
	eq((await titles())[0], T[2], 'a title holding every word ranks before a summary match');
	check(new URL(page.url()).search === '?q=judicial+conduct', 'the URL holds the query, from file:// too', [page.url()]);
	await query('judges vienna');
	eq(await titles(), [T[4]], 'every word must match');
	await query('القَضاء');
	eq(await titles(), [T[7]], 'Arabic with a haraka finds the Arabic title');
	check(await page.$eval('#search-results a', a => a.lang === 'ar' && a.dir === 'rtl'), 'the Arabic result is marked rtl');
	await query('quotes');
	eq(await titles(), [T[8]], 'a title with markup characters is found');
	check(await page.$eval('#search-results', ol => !ol.querySelector('b, img') &&
		ol.querySelector('.search-summary').textContent.includes('<img')), 'titles and summaries are text, never markup');
	await query('zzz');
	eq([await titles(), await status()], [[], 'No results.'], 'no match: no result, status says so');
	await page.fill('#search-q', '');
	eq((await titles()).length, 9, 'emptying the field lists everything again');

	// facets
	await page.check(box('types', 1));
	eq(await titles(), [T[1], T[5], T[7]], 'checking "Report" narrows to reports');
	eq(await counts(), ['Resources (3)', 'News (0)', 'Guide (3)', 'Report (3)', 'Handbook (1)',
		'Judicial independence (1)', 'Integrity (1)', 'Access to justice (1)'],
	'counts: other facets narrowed, the checked facet counted without its own selection');
	check(await page.$eval(box('collections', 1), e => !e.disabled), 'a value counted 0 stays enabled');
	await page.check(box('types', 2));
	eq(await titles(), [T[1], T[5], T[6], T[7]], 'values of one facet combine with OR');
	await page.check(box('topics', 2));
	eq(await titles(), [T[5]], 'facets combine with AND');
	eq(await counts(), ['Resources (1)', 'News (0)', 'Guide (0)', 'Report (1)', 'Handbook (0)',
		'Judicial independence (2)', 'Integrity (2)', 'Access to justice (1)'], 'counts with two facets checked');
	await page.type('#search-q', 'justice');
	eq(await titles(), [T[5]], 'query and facets combine');
	await page.click('.search-clear');
	eq([await titles(), await page.$$eval('#search-facets input:checked', x => x.length), await page.inputValue('#search-q')],
		[[T[5], T[4]], 0, 'justice'], 'clear filters unchecks every value and keeps the query');
	await page.fill('#search-q', '');

	// years
	await page.selectOption('#search-from', '2020');
	await page.selectOption('#search-to', '2022');
	eq(await titles(), [T[2], T[3], T[4]], 'year range 2020–2022 (inclusive)');
	await page.selectOption('#search-to', '');
	await page.selectOption('#search-from', '2023');
	eq(await titles(), [T[0], T[1]], 'from 2023: the document of unknown year is left out');
	await page.selectOption('#search-from', '');
	eq((await titles()).length, 9, 'no range: documents of unknown year come back');
	await page.selectOption('#search-to', '2017');
	await page.check(box('types', 1));
	eq(await titles(), [T[7]], 'year range and facets combine');
	await page.click('.search-clear');
	eq([(await titles()).length, await page.inputValue('#search-from'), await page.inputValue('#search-to')], [9, '', ''],
		'clear filters resets the years');

	// links
	const hrefs = await page.$$eval('#search-results a', as => as.map(a => [a.getAttribute('href'), a.href]));
	check(hrefs.every(([h]) => h.startsWith('../') && h.endsWith('/index.html')), 'offline: links end in index.html',
		hrefs.map(h => h[0]));
	const missing = hrefs.filter(([, abs]) => !existsSync(fileURLToPath(abs)));
	check(missing.length === 0, 'offline: every result link names a file', missing.map(h => h[0]));
	await page.click('#search-results a');
	eq(await page.textContent('h1'), T[0], 'following a result opens its page');
	watcher.take();

	// prefill, Enter, the header's form
	await page.goto(url('index.html', '?q=judges'));
	await ready();
	eq([await page.inputValue('#search-q'), await titles()], ['judges', [T[0], T[2], T[4]]], '?q= fills the field and searches');
	await page.evaluate(() => { window.stayed = true; });
	await page.focus('#search-q');
	await page.keyboard.press('Enter');
	await page.waitForTimeout(200);
	check(await page.evaluate(() => window.stayed === true), 'Enter in the field does not reload the page');
	await page.fill('.site-search input', 'vienna');
	await page.press('.site-search input', 'Enter');
	await page.waitForURL(/\?q=vienna$/);
	await ready();
	eq(await titles(), [T[4]], "the header's form leads to the search page with its query (file://)");
	check(watcher.take().length === 0, 'no console error on the search page (offline)');

	// online URLs
	await page.goto(url('online.html'));
	await ready();
	const online = await page.$$eval('#search-results a', as => as.map(a => a.getAttribute('href')));
	check(online.length === 9 && online.every(h => h.endsWith('/')) && online[0] === '../resources/judges-rule-of-law/',
		'online: links are folder URLs ending in "/"', online);

	// keyboard
	await page.goto(url('index.html'));
	await ready();
	const reached = [];
	for (let i = 0; i < 25; i++) {
		await page.keyboard.press('Tab');
		reached.push(await page.evaluate(() => {
			const e = document.activeElement;
			return e.id || (e.type === 'checkbox' ? `checkbox ${e.closest('fieldset').dataset.facet} ${e.value}` : e.tagName.toLowerCase());
		}));
	}
	check(reached.includes('search-q') && reached.includes('checkbox collections 0') && reached.includes('checkbox topics 2') &&
		reached.includes('search-from') && reached.includes('search-to'), 'Tab reaches the field, every facet and the years', [reached.join(', ')]);
	check(await page.$$eval('[tabindex]', es => es.every(e => e.tabIndex <= 0)), 'no positive tabindex');
	await page.focus(box('types', 0));
	await page.keyboard.press('Space');
	eq(await titles(), [T[0], T[2], T[3]], 'Space on a checkbox narrows the results');
	eq(await status(), 'Results: 3', 'the status region follows the facets');
	check(await page.evaluate(() => {
		const e = document.activeElement;
		return e.matches(':focus-visible') && getComputedStyle(e).outlineStyle !== 'none';
	}), 'the focused checkbox shows an outline');
	check(watcher.take().length === 0, 'no console error (keyboard)');

	// show more
	await page.goto(url('big.html'));
	await ready();
	const n = () => page.$$eval('#search-results > li', x => x.length);
	eq([await n(), await status(), await page.isVisible('.search-more')], [20, 'Results: 45', true], 'a long list shows 20 results and a "show more" button');
	eq(await page.textContent('.search-more'), 'Show more results', 'the button says data-more');
	await page.focus('.search-more');
	await page.keyboard.press('Enter');
	eq([await n(), await page.evaluate(() => document.activeElement.textContent)], [40, 'Common document 21'],
		'"show more" adds 20 and focuses the first new result');
	await page.click('.search-more');
	eq([await n(), await page.isVisible('.search-more')], [45, false], 'the last page hides the button');
	await query('common');
	eq([await n(), await page.isVisible('.search-more')], [20, true], 'a new search starts again at 20');
	check(watcher.take().length === 0, 'no console error (show more)');

	// failures: the fallback stays, with data-failed
	for (const [name, what] of [['missing.html', 'a missing index'], ['broken.html', 'an index with a syntax error'], ['bad.html', 'an index with bad data']]) {
		await page.goto(url(name));
		await page.waitForSelector('#search-fallback .search-failed', { timeout: 5000 }).catch(() => {});
		const state = await page.evaluate(() => ({
			search: document.getElementById('search').hidden,
			fallback: document.getElementById('search-fallback').hidden,
			failed: document.querySelector('#search-fallback .search-failed')?.textContent,
		}));
		eq(state, { search: true, fallback: false, failed: 'The search index could not be loaded.' }, `${what}: the fallback stays, saying so`);
		watcher.take();
	}

} catch (e) {
	check(false, `the test runs: ${e.message.split('\n')[0]}`);
} finally {
	await browser.close();
	rmSync(dir, { recursive: true, force: true });
}
console.log(`${report.passed} passed, ${report.failed} failed`);
process.exit(report.ok ? 0 : 1);
