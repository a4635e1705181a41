// The events' script (themes/default/static/events.js) in a real browser, from file:// as an offline copy
// is read: with the reader's clock set after an upcoming event's end, the event moves from the upcoming
// list to the top of the past one and its page says "Past"; the "as of" notes go once the script has run,
// and stay without it.
// usage: node tests/browser/events.mjs PUBLIC_DIR (an English build of the Network's site, made before
// the first upcoming event's end)
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { launch, Report, watch } from './lib.mjs';

const dir = process.argv[2];
const report = new Report();
const listing = pathToFileURL(join(dir, 'en/events/index.html')).href;

async function open(browser, url, now, javaScriptEnabled = true) {
	const context = await browser.newContext({ javaScriptEnabled });
	const page = await context.newPage();
	const problems = watch(page);
	if (now !== undefined)
		await page.addInitScript(t => { Date.now = () => t; }, now);
	await page.goto(url);
	return { page, problems, context };
}

// an entry's page: online builds link to folders, which file:// does not open as their index.html
const pageOf = href => new URL(href.endsWith('/') ? href + 'index.html' : href, listing).href;
const ids = sel => Array.from(document.querySelectorAll(sel), li => li.querySelector('a').getAttribute('href'));
const shown = sel => Array.from(document.querySelectorAll(sel)).filter(e => !e.hidden).length;

const browser = await launch();
try {
	// the build's view, and the reader's clock on the same day: nothing moves, the "as of" notes go
	let { page, problems, context } = await open(browser, listing);
	const up = await page.evaluate(ids, '#upcoming-events li');
	const past = await page.evaluate(ids, '#past-events li');
	report.check(up.length > 0 && past.length > 0, `the listing has upcoming (${up.length}) and past (${past.length}) events`);
	const first = up[0];
	const ends = await page.getAttribute('#upcoming-events li', 'data-ends');
	report.check(await page.evaluate(shown, '.as-of') === 0, 'with the script, the "as of" note is hidden');
	report.check(problems.take().length === 0, 'no error on the listing');
	await context.close();

	// after the first upcoming event's end: it tops the past list
	const later = Date.parse(ends) + 60000;
	({ page, problems, context } = await open(browser, listing, later));
	const up2 = await page.evaluate(ids, '#upcoming-events li');
	const past2 = await page.evaluate(ids, '#past-events li');
	report.check(!up2.includes(first) && past2[0] === first && past2.length === past.length + 1 &&
		     up2.length === up.length - 1,
		     'an event that has ended by the reader\'s clock moves to the top of the past list', [`${first} at ${ends}`]);
	report.check(problems.take().length === 0, 'no error on the listing, later');
	// its page says so
	await page.goto(pageOf(first));
	const status = await page.textContent('.status');
	report.check(status.trim() === 'Past', `its page says "Past" (${status.trim()})`);
	await context.close();

	// on the day: the event page says "Upcoming", without the note
	({ page, problems, context } = await open(browser, pageOf(first)));
	report.check((await page.textContent('.status')).startsWith('Upcoming') && await page.evaluate(shown, '.as-of') === 0,
		     'before its end, its page says "Upcoming"');
	await context.close();

	// after every event's end: the upcoming list is empty and says so
	({ page, problems, context } = await open(browser, listing, Date.parse('2100-01-01')));
	report.check((await page.evaluate(ids, '#upcoming-events li')).length === 0 &&
		     await page.isVisible('[data-empty="upcoming-events"]'), 'when all have ended, "No upcoming events" shows');
	await context.close();

	// the home page's next events: one that has ended by the reader's clock leaves the list
	const home = pathToFileURL(join(dir, 'en/index.html')).href;
	({ page, problems, context } = await open(browser, home));
	const next = await page.evaluate(() => Array.from(document.querySelectorAll('li[data-ends]'), li => ({
		href: li.querySelector('a').getAttribute('href'), ends: li.getAttribute('data-ends') })));
	report.check(next.length > 0 && problems.take().length === 0, `the home page lists its next events (${next.length})`);
	await context.close();
	if (next.length) {
		({ page, problems, context } = await open(browser, home, Date.parse(next[0].ends) + 60000));
		const left = await page.evaluate(() => Array.from(document.querySelectorAll('li[data-ends]'))
			.filter(li => !li.hidden).map(li => li.querySelector('a').getAttribute('href')));
		report.check(!left.includes(next[0].href) && left.length === next.length - 1,
			     'an event that has ended by the reader\'s clock leaves the home page', [`${next[0].href} at ${next[0].ends}`]);
		await context.close();
	}

	// without the script, the build's view says which day it is of
	({ page, problems, context } = await open(browser, listing, undefined, false));
	const note = await page.textContent('.as-of');
	report.check(await page.isVisible('.as-of') && /as of/.test(note), `without the script, the listing says ${note}`);
	await context.close();
} finally {
	await browser.close();
}
console.log(`${report.passed} passed, ${report.failed} failed`);
process.exit(report.ok ? 0 : 1);
