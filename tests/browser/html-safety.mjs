// The hostile raw HTML of tests/sites/hostile-html, as built, in Chromium: every page is loaded from a
// local server (pages.mjs's serveStatic), its content's elements get the events a reader causes (mouse over,
// focus, click: inline handlers run on synthetic events too), and then no dialog may have opened, no script
// may have failed, window.__pwned (which every vector tries to set) must be unset, and no request may have
// left the site. The DOM is walked for what the static check of tests/e2e/html_safety.sh looks for: no
// script but the theme's (from its assets, or inline without a vector's text), no on* attribute, no
// javascript:/data:/vbscript: URL, no embedded document, form, base, meta, svg or math in the page's
// content (its <div class="content">). Prints "ok - " lines (tests/e2e/html_safety.sh counts them).
//
// usage: node tests/browser/html-safety.mjs PUBLIC_DIR
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { launch, Report } from './lib.mjs';
import { serveStatic, local, urlOf } from './pages.mjs';

const [dir] = process.argv.slice(2);
const pages = [];
const walk = d => {
	for (const f of readdirSync(d)) {
		const p = join(d, f);
		if (statSync(p).isDirectory()) walk(p);
		else if (f.endsWith('.html')) pages.push(relative(dir, p));
	}
};
walk(dir);
pages.sort();

const { server, base } = await serveStatic(dir);
const browser = await launch();
const report = new Report();

// Runs in the page: what is wrong in its DOM.
const inspect = () => {
	const problems = [];
	const banned = new Set(['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'base', 'meta', 'link',
		'svg', 'math', 'style', 'template', 'noscript', 'textarea', 'select', 'button', 'plaintext', 'xmp']);
	const urlAttrs = new Set(['href', 'src', 'action', 'formaction', 'data', 'poster', 'background', 'cite', 'ping',
		'srcdoc', 'xlink:href', 'srcset', 'codebase', 'longdesc', 'usemap']);
	const contents = [...document.querySelectorAll('div.content')];
	for (const el of document.querySelectorAll('*')) {
		const name = el.localName;
		for (const a of el.attributes) {
			if (/^on/i.test(a.name)) problems.push(`<${name} ${a.name}>`);
			const v = a.value.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
			if (urlAttrs.has(a.name.toLowerCase()) && /^(javascript|data|vbscript):/i.test(v))
				problems.push(`<${name} ${a.name}="${a.value}">`);
		}
		const inContent = contents.some(c => c.contains(el));
		if (name === 'script' && (inContent || (el.hasAttribute('src') ? !el.getAttribute('src').includes('assets/')
			: el.textContent.includes('__pwned'))))
			problems.push(`<script>${el.textContent.slice(0, 60)}`);
		if (inContent && (banned.has(name) || el.namespaceURI !== 'http://www.w3.org/1999/xhtml' ||
			(name === 'input' && el.type !== 'checkbox')))
			problems.push(`<${name}> in the content`);
	}
	return problems;
};

// Runs in the page: the events a reader causes, on every element of the content but links (a click there
// would leave the page).
const provoke = () => {
	for (const el of document.querySelectorAll('div.content *')) {
		for (const type of ['mouseover', 'mouseenter', 'pointerenter', 'focus', 'toggle', 'animationstart'])
			el.dispatchEvent(new Event(type));
		if (!el.closest('a')) el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
		if (typeof el.focus === 'function') el.focus();
	}
};

try {
	for (const rel of pages) {
		const context = await browser.newContext();
		const page = await context.newPage();
		const trouble = [];
		page.on('dialog', d => { trouble.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
		page.on('pageerror', e => trouble.push(`script error: ${e.message}`));
		page.on('console', m => { if (m.type() === 'error') trouble.push(`console error: ${m.text()}`); });
		page.on('request', r => { if (!local(r.url(), base)) trouble.push(`request outside the site: ${r.url()}`); });
		page.on('popup', p => trouble.push(`popup: ${p.url()}`));
		await page.goto(urlOf(base, rel), { waitUntil: 'load' });
		await page.evaluate(provoke);
		await page.waitForTimeout(300);
		const pwned = await page.evaluate(() => typeof window.__pwned !== 'undefined');
		const problems = await page.evaluate(inspect);
		const url = page.url();
		report.check(!pwned && !trouble.length && url.startsWith(base), `${rel}: nothing ran`,
			[...(pwned ? ['window.__pwned is set'] : []), ...trouble, ...(url.startsWith(base) ? [] : [`left for ${url}`])]);
		report.check(!problems.length, `${rel}: the DOM holds nothing unsafe`, problems);
		await context.close();
	}
	report.check(pages.length >= 6, `every page was loaded (${pages.length})`);
} finally {
	await browser.close();
	server.close();
}
console.log(`# html safety: ${report.passed} passed, ${report.failed} failed`);
process.exit(report.ok ? 0 : 1);
