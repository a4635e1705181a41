// The "not found" pages in a browser, through `jisite serve` (which answers a missing address with the
// site's 404.html, as GitHub Pages does): the root page sends a reader to the page of their browser's
// language, styled, with the site's header; a reader of a language the site lacks, or without scripts,
// stays and finds every language's home. Prints "ok - " lines (tests/e2e/theme.sh counts them).
//
// usage: node tests/browser/notfound.mjs JISITE SITE_DIR
import { launch, startServe, Report } from './lib.mjs';

const [jisite, site] = process.argv.slice(2);
const { serve, base } = await startServe(jisite, site, ['--no-drafts']);
const browser = await launch();
const report = new Report();
const check = (ok, name, notes) => report.check(ok, name, ok ? [] : notes);
const visit = async (options, path) => {
	const context = await browser.newContext(options);
	const page = await context.newPage();
	const external = [];
	page.on('request', r => { if (!r.url().startsWith(base)) external.push(r.url()); });
	await page.goto(base + path, { waitUntil: 'load' });
	// the script replaces the address at once; serve's reload connection never lets the network idle
	await page.waitForURL(/\/404\.html$/, { timeout: 3000 }).catch(() => {});
	await page.waitForLoadState('load');
	const seen = await page.evaluate(() => ({
		url: location.pathname,
		lang: document.documentElement.lang,
		h1: document.querySelector('h1') && document.querySelector('h1').textContent.trim(),
		styled: getComputedStyle(document.body).margin === '0px',
		header: !!document.querySelector('header.site-header'),
		homes: [...document.querySelectorAll('a[hreflang]')].map(a => a.getAttribute('href')),
	}));
	await context.close();
	return { ...seen, external };
};
try {
	let s = await visit({ locale: 'ar-EG' }, '/no/such/page/');
	check(s.url === '/ar/404.html' && s.lang === 'ar', 'a reader of Arabic is sent to the Arabic page', [JSON.stringify(s)]);
	check(s.styled && s.header && s.h1 === 'الصفحة غير موجودة', 'which is styled, with the header and its message', [JSON.stringify(s)]);
	check(!s.external.length, 'and asks nothing of another host', s.external);
	s = await visit({ locale: 'zh-CN' }, '/en/resources/gone/');
	check(s.url === '/zh/404.html' && s.lang === 'zh', 'a reader of Chinese (zh-CN) is sent to the Chinese page', [JSON.stringify(s)]);
	s = await visit({ locale: 'de-DE' }, '/no/such/page/');
	check(s.url === '/no/such/page/' && s.homes.includes('/en/') && s.homes.includes('/ar/') && s.homes.length === 13,
		'a reader of a language the site lacks stays, with every language\'s home', [JSON.stringify(s)]);
	s = await visit({ locale: 'ar', javaScriptEnabled: false }, '/no/such/page/');
	check(s.url === '/no/such/page/' && s.homes.length === 13 && s.styled, 'without a script, the root page lists every language\'s home, styled', [JSON.stringify(s)]);
} finally {
	await browser.close();
	serve.kill('SIGTERM');
}
console.log(`# not found pages: ${report.passed} passed, ${report.failed} failed`);
process.exit(report.ok ? 0 : 1);
