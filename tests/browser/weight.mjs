// `make bench`: what each kind of page of a built site weighs in one language, as a reader downloads it:
// the HTML and every stylesheet and script the page loads in Chromium (served by pages.mjs's serveStatic),
// each gzipped at level 9 (pages.mjs's weigh: the search index aside). One line per kind of page (home,
// resource, term, print page, ...; pages.mjs): how many pages, the mean, and the heaviest with its HTML,
// CSS and JS.
//
// usage: node tests/browser/weight.mjs ROOT [--site-yaml FILE] [--lang en]
import { resolve } from 'node:path';
import { launch } from './lib.mjs';
import { siteShape, sitePages, shown, weigh, serveStatic, urlOf } from './pages.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(name); return i < 0 ? def : args[i + 1]; };
const root = resolve(args[0]);
const lang = opt('--lang', 'en');
const pages = sitePages(root, siteShape(opt('--site-yaml', null))).filter(p => p.group === lang);

const site = await serveStatic(root);
const browser = await launch();
const kinds = new Map();   // kind -> { n, sum, heaviest: { rel, w } }
try {
	const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
	let requests = [];
	page.on('request', r => requests.push({ url: r.url(), type: r.resourceType() }));
	for (const p of pages) {
		requests = [];
		await page.goto(urlOf(site.base, p.rel), { waitUntil: 'load', timeout: 15000 });
		const w = weigh(requests, site.path);
		const k = kinds.get(p.kind) || { n: 0, sum: 0, heaviest: null };
		k.n++;
		k.sum += w.total;
		if (!k.heaviest || w.total > k.heaviest.w.total) k.heaviest = { rel: p.rel, w };
		kinds.set(p.kind, k);
	}
} finally {
	await browser.close();
	site.server.close();
}
const kb = b => (b / 1024).toFixed(1);
console.log([
	'kind'.padEnd(18), 'pages'.padStart(5), 'mean_kb'.padStart(7), 'max_kb'.padStart(7), 'html_kb'.padStart(7),
	'css_kb'.padStart(7), 'js_kb'.padStart(7), ' heaviest'].join(' '));
for (const [kind, k] of [...kinds].sort((a, b) => b[1].heaviest.w.total - a[1].heaviest.w.total)) {
	const w = k.heaviest.w;
	console.log([kind.padEnd(18), String(k.n).padStart(5), kb(k.sum / k.n).padStart(7), kb(w.total).padStart(7),
		kb(w.html).padStart(7), kb(w.css).padStart(7), kb(w.js).padStart(7), ` ${shown(k.heaviest.rel)}`].join(' '));
}
