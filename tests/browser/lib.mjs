// Helpers of the browser tests: launch Debian's Chromium through playwright-core, watch a page for errors,
// check the links and resources of a page read from disk, crawl an offline copy of the site, and print
// "ok - " / "not ok - " lines that tests/run.sh counts (through tests/e2e/browser.sh).
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { resolve, relative, isAbsolute, sep } from 'node:path';

// Debian's package (`apt-get install chromium`, see TEST_DEBS in the Makefile): playwright-core cannot
// download a browser of its own here. CHROMIUM chooses another binary.
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// No flag that loosens file:// rules (such as --allow-file-access-from-files): the copy must work in a
// reader's own browser, so the test sees what the reader sees.
export function launch() {
	return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

// Counts and prints checks like tests/e2e/lib.sh; `notes` go under the line as "#   note".
export class Report {
	constructor() { this.passed = 0; this.failed = 0; }
	check(ok, name, notes = []) {
		if (ok) this.passed++; else this.failed++;
		console.log(`${ok ? 'ok' : 'not ok'} - ${name}`);
		for (const n of notes) console.log(`#   ${n}`);
		return ok;
	}
	get ok() { return this.failed === 0; }
}

// Collects what goes wrong on a page: console errors, uncaught exceptions, failed requests and
// responses with an error status. take() returns the problems since the last take().
export function watch(page) {
	let problems = [];
	page.on('console', m => {
		if (m.type() !== 'error') return;
		const at = m.location()?.url;
		problems.push(`console error: ${m.text()}${at ? ` (${at})` : ''}`);
	});
	page.on('pageerror', e => problems.push(`page error: ${e.message}`));
	// The page's icon loads after the page, and leaving the page (a test clicking a link) cancels it:
	// cancelled, not failed. A missing icon still shows as a failure of another kind, or as HTTP 404.
	page.on('requestfailed', r => {
		const error = r.failure()?.errorText;
		if (error === 'net::ERR_ABORTED' && /\/favicon\.svg$/.test(new URL(r.url()).pathname)) return;
		problems.push(`failed request: ${r.url()} (${error})`);
	});
	page.on('response', r => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
	return { take() { const p = problems; problems = []; return p; } };
}

// The kinds of pages a crawl makes sure to visit, by the path of the page inside the copy
// (en/resources/index.html, en/resources/page/2/index.html, en/resources/<slug>/index.html, ...).
export const KINDS = [
	['listing', /(^|\/)resources\/(page\/\d+\/)?$/],
	['item', /(^|\/)resources\/(?!page\/)[^/]+\/$/],
	['term', /(^|\/)topics\/[^/]+\/$/],
	['book', /(^|\/)products\/(?!page\/)[^/]+\/$/],
	['chapter', /(^|\/)products\/[^/]+\/(?!print\/)[^/]+\/$/],
	['print', /(^|\/)products\/[^/]+\/print\/$/],
];

export function kindOf(path) {
	const p = path.replace(/(^|\/)index\.html$/, '$1').replace(/\.html$/, '/');
	for (const [kind, re] of KINDS) if (re.test(p)) return kind;
	return 'other';
}

// What a file: URL names on disk: 'file', 'folder' or 'missing', and whether it lies inside root.
function onDisk(url, root) {
	const path = fileURLToPath(url);
	const rel = relative(root, path);
	const inside = rel !== '..' && !rel.startsWith('..' + sep) && !isAbsolute(rel);
	let what = 'missing';
	try { what = statSync(path).isDirectory() ? 'folder' : 'file'; } catch { /* missing */ }
	return { path, rel: rel.split(sep).join('/') || '.', inside, what };
}

// Links and resources of the page now open, as absolute URLs without their fragment.
function collect(page) {
	return page.evaluate(() => {
		const abs = u => { const x = new URL(u, document.baseURI); x.hash = ''; return x.href; };
		const links = [];
		for (const a of document.querySelectorAll('a[href]')) {
			const h = a.getAttribute('href').trim();
			if (h === '' || h.startsWith('#')) continue;
			links.push(abs(h));
		}
		const resources = [];
		const add = u => { if (u && u.trim()) resources.push(abs(u.trim())); };
		const srcset = s => { if (s) for (const c of s.split(',')) add(c.trim().split(/\s+/)[0]); };
		for (const e of document.querySelectorAll('link[href]')) {
			if (/\b(stylesheet|icon|preload|manifest)\b/i.test(e.rel)) add(e.getAttribute('href'));
		}
		// Media that load nothing until the reader presses play (preload="none") may live elsewhere, like
		// a link: the site hosts its videos on another website. Their posters must be in the copy.
		const waits = e => {
			const m = e.closest('video, audio');
			return m && m.getAttribute('preload') === 'none' && e.tagName !== 'IMG';
		};
		for (const e of document.querySelectorAll('video[poster]')) add(e.getAttribute('poster'));
		for (const e of document.querySelectorAll('img, script[src], source, video, audio, track, iframe, embed')) {
			const src = e.getAttribute('src');
			if (waits(e) && src && /^https?:/i.test(src.trim())) continue;
			add(src);
			srcset(e.getAttribute('srcset'));
		}
		return {
			links, resources,
			lang: document.documentElement.getAttribute('lang') || '',
			// Chromium's page for a folder: its title, and its table of files
			listing: document.title.startsWith('Index of ') && !!document.querySelector('#parentDirLinkBox, table#table'),
		};
	});
}

// A page that sends the reader on at once (<meta http-equiv="refresh">: an offline copy's front door) is
// checked by where it leads, as a link: the browser leaves it before it can be looked at. Returns
// { problems, links } for such a page, or null.
async function checkRefresh(page, url, root) {
	const html = readFileSync(fileURLToPath(url), 'utf8');
	const refresh = /<meta http-equiv="refresh" content="\d+; *url=([^"]+)">/i.exec(html);
	if (!refresh) return null;
	const problems = [];
	const target = new URL(refresh[1].replace(/&amp;/g, '&'), url);
	target.hash = '';
	const d = onDisk(target.href, root);
	if (!/<html [^>]*lang="[^"]+"/.test(html)) problems.push('<html> has no lang');
	if (!d.inside) problems.push(`refresh out of the copy: ${target.href}`);
	else if (d.what !== 'file') problems.push(`refresh to a ${d.what === 'folder' ? 'folder' : 'missing file'}: ${d.rel}`);
	try {
		await page.goto(url, { waitUntil: 'load', timeout: 15000 }).catch(() => {});
		await page.waitForURL(u => u.href.split('#')[0] === target.href, { timeout: 5000 });
	} catch (e) {
		problems.push(`does not move on to ${d.rel}: ${e.message.split('\n')[0]}`);
	}
	return { problems, links: d.inside && d.what === 'file' ? [pathToFileURL(d.path).href] : [] };
}

// Opens one page of the copy in `page` and checks it; returns { problems, links } with links to other
// pages of the copy (file: URLs ending in .html, inside root, without their query).
export async function checkPage(page, watcher, url, root) {
	const problems = [];
	watcher.take();
	const moving = await checkRefresh(page, url, root);
	if (moving) return moving;
	try {
		await page.goto(url, { waitUntil: 'load', timeout: 15000 });
	} catch (e) {
		return { problems: [`does not load: ${e.message.split('\n')[0]}`], links: [] };
	}
	// one more frame, for errors of scripts that run on load
	await page.evaluate(() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0))));
	const info = await collect(page);
	if (info.listing) problems.push('shows a folder listing, not a page');
	if (!info.lang) problems.push('<html> has no lang');
	const links = [];
	for (const u of info.links) {
		if (!u.startsWith('file:')) {
			if (!/^(https?|mailto|tel):/i.test(u)) problems.push(`link of an unexpected scheme: ${u}`);
			continue;
		}
		const d = onDisk(u, root);
		if (!d.inside) problems.push(`link out of the copy: ${u}`);
		else if (d.what === 'folder') problems.push(`link to a folder (shows a listing offline): ${d.rel}/`);
		else if (d.what === 'missing') problems.push(`link to a missing file: ${d.rel}`);
		else if (d.rel.endsWith('.html')) links.push(pathToFileURL(d.path).href);
	}
	for (const u of info.resources) {
		if (/^(data|blob):/.test(u)) continue;
		if (!u.startsWith('file:')) { problems.push(`resource from outside the copy: ${u}`); continue; }
		const d = onDisk(u, root);
		if (!d.inside) problems.push(`resource out of the copy: ${u}`);
		else if (d.what !== 'file') problems.push(`missing resource: ${d.rel}`);
	}
	problems.push(...watcher.take());
	// URLs inside the copy are shown relative to it
	const base = pathToFileURL(root).href.replace(/\/?$/, '/');
	return { problems: [...new Set(problems.map(p => p.split(base).join('')))], links: [...new Set(links)] };
}

// Crawls the copy in folder `dir` from its index.html, breadth first, at most maxPages pages. The first
// link found to a kind of page not visited yet (KINDS) goes before the others, so every kind the crawl
// finds is visited even when the limit cuts it short. Prints one line per page; returns
// { report, visited: Map(rel -> kind), kinds: Set }.
export async function crawl(dir, { maxPages = 40, report = new Report(), browser } = {}) {
	const root = resolve(dir);
	const own = !browser;
	if (own) browser = await launch();
	const visited = new Map();
	const kinds = new Set();
	try {
		const page = await browser.newPage();
		const watcher = watch(page);
		const start = pathToFileURL(resolve(root, 'index.html')).href;
		const seen = new Set([start]);
		const first = [];   // first links to kinds not queued yet
		const queue = [start];
		const queuedKinds = new Set();
		while (visited.size < maxPages && (first.length || queue.length)) {
			const url = first.length ? first.shift() : queue.shift();
			const rel = onDisk(url, root).rel;
			const kind = kindOf(rel);
			kinds.add(kind);
			const { problems, links } = await checkPage(page, watcher, url, root);
			visited.set(rel, kind);
			report.check(problems.length === 0, `${rel} (${kind})`, problems);
			for (const l of links) {
				if (seen.has(l)) continue;
				seen.add(l);
				const k = kindOf(onDisk(l, root).rel);
				if (k !== 'other' && !kinds.has(k) && !queuedKinds.has(k)) { queuedKinds.add(k); first.push(l); }
				else queue.push(l);
			}
		}
	} finally {
		if (own) await browser.close();
	}
	return { report, visited, kinds };
}

// Starts `jisite serve -C SITE --port 0 [OPTIONS]` and resolves to { serve, base } once it prints its address (base
// has no trailing slash); what serve writes on stderr is kept in serve.stderrText, for a failure's message.
export function startServe(jisite, site, options = []) {
	const serve = spawn(jisite, ['serve', '-C', site, '--port', '0', ...options], { stdio: ['ignore', 'pipe', 'pipe'] });
	serve.stderrText = '';
	serve.stderr.on('data', d => { serve.stderrText += d; });
	return new Promise((resolve, reject) => {
		let out = '';
		serve.stdout.on('data', d => {
			out += d;
			const m = out.match(/^serving (http:\/\/\S+)\/$/m);
			if (m) resolve({ serve, base: m[1] });
		});
		serve.on('exit', code => reject(new Error(`serve exited with ${code}: ${serve.stderrText}`)));
	});
}
