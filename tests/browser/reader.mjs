// The reader's checks on a built site (tests/e2e/reader.sh), in headless Chromium and the Nu Html Checker:
//
//   overflow  every page at each width (320 and 390 px), as it opens and with its <details> open (menus):
//             the page must not scroll sideways (document.documentElement.scrollWidth within the viewport)
//             and no visible element or text may stick out of it. One check per language and width, listing the pages that fail, each with
//             the element reaching furthest out: its selector, its text and by how much.
//   weight    every page's HTML and the stylesheets and scripts it loads, each gzipped at level 9, at most
//             --max-kb KB (the search index aside); and no request leaves the site (the local server), nor
//             would one later (a lazy image, a stylesheet for print: the URLs of the page's markup).
//             Measured on the same loads as the overflow check. One check each per language.
//   axe       axe-core on one page of every kind (home, resource, term, print page, ...; pages.mjs) in the
//             languages of --axe-langs, and the pages outside the languages, at 1280 px, and on their home
//             pages at 390 px too: 0 violations, each reported with its rule, impact, target and page. One
//             check per page and width.
//   vnu       the Nu Html Checker, in one JVM (and one for the CSS), on every page (--vnu-sample: one page of every kind in every
//             language) and every CSS and SVG file of the site: 0 errors, each reported as file:line:col:
//             message. One check per language, and one for the CSS and one for the SVG files (and one that
//             each run of vnu works).
//
// Checks print as "ok - " / "not ok - " lines with "#   " notes (lib.mjs's Report); timings as "# " lines.
// Pages are served from the folder by a local static server, as a host publishes them (pages.mjs's
// serveStatic; the offline copies read from file: are tests/e2e/browser.sh's): one browser, one page object
// per worker, each page loaded once and measured at every width by resizing the viewport.
//
// usage: node tests/browser/reader.mjs ROOT [--site-yaml FILE] [--checks overflow,weight,axe,vnu]
//        [--widths 320,390] [--max-kb 30] [--axe-langs en,ar,zh] [--axe-every-page] [--vnu-sample]
//        [--workers 2] [--groups en,root]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, Report } from './lib.mjs';
import { siteShape, sitePages, shown, weigh, local, serveStatic, urlOf } from './pages.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const AXE = resolve(here, '../../node_modules/axe-core/axe.min.js');
const VNU = resolve(here, '../../node_modules/vnu-jar/build/dist/vnu.jar');

function options(argv) {
	const o = { checks: ['overflow', 'weight', 'axe', 'vnu'], widths: [320, 390], maxKb: 30,
		axeLangs: ['en', 'ar', 'zh'], axeEveryPage: false, vnuSample: false, workers: 2, siteYaml: null, root: null, groups: null };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i], v = () => argv[++i];
		if (a === '--checks') o.checks = v().split(',');
		else if (a === '--widths') o.widths = v().split(',').map(Number);
		else if (a === '--max-kb') o.maxKb = Number(v());
		else if (a === '--axe-langs') o.axeLangs = v().split(',');
		else if (a === '--axe-every-page') o.axeEveryPage = true;
		else if (a === '--vnu-sample') o.vnuSample = true;
		else if (a === '--workers') o.workers = Math.max(1, Number(v()));
		else if (a === '--site-yaml') o.siteYaml = v();
		else if (a === '--groups') o.groups = v().split(',');
		else if (!a.startsWith('--') && !o.root) o.root = resolve(a);
		else throw new Error(`unknown argument: ${a}`);
	}
	if (!o.root) throw new Error('usage: reader.mjs ROOT [--site-yaml FILE] [--checks ...]');
	return o;
}

const seconds = t0 => ((Date.now() - t0) / 1000).toFixed(1);
const kb = bytes => (bytes / 1024).toFixed(1);

// In the page: where it overflows at the current width, as it opens and with every <details> open (a
// phone's menu or language list must fit too). Returns { width, scrollWidth, count, worst, opened }, opened
// being the same with the <details> open (null when there are none closed). worst is the offending element
// that most likely makes it overflow: the one whose own text reaches furthest out, else the box reaching
// furthest out (the innermost of those reaching as far).
// An element or a text counts when it is shown (checkVisibility: not in a closed <details>, not
// visibility: hidden) and its box crosses an edge of the viewport, unless an ancestor clips or scrolls it
// (that ancestor is then checked in its own right), or it is positioned wholly off the screen (the usual way
// to hide a skip link until it has focus).
async function measure() {
	await document.fonts.ready;
	const shut = [...document.querySelectorAll('details:not([open])')];
	const closed = scan();
	if (!shut.length) return { ...closed, opened: null };
	for (const d of shut) d.open = true;
	const opened = scan();
	for (const d of shut) d.open = false;
	return { ...closed, opened };

	function scan() {
		const de = document.documentElement;
		const width = de.clientWidth;
		const reachOf = r => Math.max(r.right - width, -r.left);
		const found = new Map();   // element -> { box, text }: how far its box, its own text reach out
		const note = (el, what, reach) => {
			if (reach <= 0.5) return;
			const f = found.get(el) || { box: 0, text: 0 };
			f[what] = Math.max(f[what], reach);
			found.set(el, f);
		};
		for (const el of [document.body, ...document.body.querySelectorAll('*')]) {
			const r = el.getBoundingClientRect();
			if (r.width > 0 && r.height > 0) note(el, 'box', reachOf(r));
		}
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		const range = document.createRange();
		for (let n = walker.nextNode(); n; n = walker.nextNode()) {
			if (!n.data.trim() || !n.parentElement) continue;
			range.selectNodeContents(n);
			const r = range.getBoundingClientRect();
			if (r.width > 0 || r.height > 0) note(n.parentElement, 'text', reachOf(r));
		}
		const clipping = s => s.overflowX !== 'visible' || s.clipPath !== 'none' || s.clip !== 'auto';
		const visible = (el, r) => {
			if (!el.checkVisibility({ visibilityProperty: true })) return false;
			const s = getComputedStyle(el);
			if (s.visibility !== 'visible' || s.clipPath !== 'none' || s.clip !== 'auto') return false;
			if (/absolute|fixed/.test(s.position) && (r.right <= 0 || r.left >= width)) return false;
			for (let a = el.parentElement; a && a !== document.body && a !== de; a = a.parentElement)
				if (clipping(getComputedStyle(a))) return false;
			return true;
		};
		const depth = el => { let d = 0; for (let e = el; e; e = e.parentElement) d++; return d; };
		const name = el => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') +
			[...el.classList].slice(0, 2).map(c => `.${c}`).join('');
		const selector = el => {
			const parts = [];
			for (let e = el; e && e !== de && parts.length < 4; e = e.parentElement) {
				parts.unshift(name(e));
				if (e.id || e === document.body) break;
			}
			return parts.join(' > ');
		};
		let worst = null, count = 0;
		const better = (a, b) => {   // is candidate a a likelier cause than b?
			if (!b) return true;
			if ((a.text > 0) !== (b.text > 0)) return a.text > 0;
			const ra = a.text || a.box, rb = b.text || b.box;
			if (Math.abs(ra - rb) > 0.5) return ra > rb;
			return a.depth > b.depth;
		};
		for (const [el, f] of found) {
			if (!visible(el, el.getBoundingClientRect())) continue;
			count++;
			const c = { el, box: f.box, text: f.text, depth: depth(el) };
			if (better(c, worst)) worst = c;
		}
		const describe = w => w && {
			selector: selector(w.el), reach: Math.round(Math.max(w.box, w.text)), byText: w.text > 0,
			text: (w.el.textContent || w.el.getAttribute('alt') || '').replace(/\s+/g, ' ').trim().slice(0, 60),
		};
		return { width, scrollWidth: de.scrollWidth, count, worst: describe(worst) };
	}
}

// In the page: what it would still load from its markup (lazy images below the fold, stylesheets of
// other media), as absolute URLs; not media that wait for the reader to press play (preload="none"),
// which the site may host elsewhere, as it does its videos.
function resources() {
	const out = [];
	const add = u => { if (u && u.trim()) out.push(new URL(u.trim(), document.baseURI).href); };
	const srcset = v => { if (v) for (const c of v.split(',')) add(c.trim().split(/\s+/)[0]); };
	for (const e of document.querySelectorAll('link[href]'))
		if (/\b(stylesheet|icon|preload|modulepreload|manifest)\b/i.test(e.rel)) add(e.getAttribute('href'));
	for (const e of document.querySelectorAll('img, source, script[src], iframe, embed, video, audio, track, input[type=image]')) {
		const media = e.closest('video, audio');
		if (media && media.getAttribute('preload') === 'none' && e.tagName !== 'IMG') continue;
		add(e.getAttribute('src'));
		srcset(e.getAttribute('srcset'));
	}
	for (const e of document.querySelectorAll('video[poster]')) add(e.getAttribute('poster'));
	return [...new Set(out)];
}

// The site on a local server (pages.mjs's serveStatic), set before the checks run.
let site = null;

// Pages open in German, a language the Network's site does not have, so that a page that sends the reader
// on to their own language (the root 404.html) stays to be checked itself.
const LOCALE = 'de-DE';

// Opens url in page and waits for it, or for the page a script of it went on to.
async function open(page, url) {
	await page.goto(url, { waitUntil: 'load', timeout: 15000 });
	await page.waitForLoadState('load', { timeout: 15000 });
}

// Loads every page once per worker page object, measures it at every width and records its requests.
async function loadAll(browser, root, pages, o, t0) {
	const results = new Map();
	const queue = pages.slice();
	const worker = async () => {
		const page = await browser.newPage({ viewport: { width: o.widths[0], height: 800 }, locale: LOCALE });
		let requests = [];
		page.on('request', r => requests.push({ url: r.url(), type: r.resourceType() }));
		let order = o.widths.slice();
		for (let p = queue.shift(); p; p = queue.shift()) {
			const result = { overflow: {}, requests: [], later: [], error: null };
			results.set(p.rel, result);
			requests = [];
			try {
				if (page.viewportSize().width !== order[0]) await page.setViewportSize({ width: order[0], height: 800 });
				await open(page, urlOf(site.base, p.rel));
				for (const w of order) {
					if (page.viewportSize().width !== w) await page.setViewportSize({ width: w, height: 800 });
					result.overflow[w] = await page.evaluate(measure);
				}
				result.later = await page.evaluate(resources);
			} catch (e) {
				result.error = e.message.split('\n')[0];
			}
			result.requests = requests;
			order = order.reverse();   // the next page starts at the width this one ended on
		}
		await page.close();
	};
	await Promise.all(Array.from({ length: o.workers }, worker));
	console.log(`# loaded ${pages.length} pages and measured them at ${o.widths.join(' and ')} px in ${seconds(t0)} s ` +
		`(${o.workers} page objects)`);
	return results;
}

const groupsOf = pages => [...new Set(pages.map(p => p.group))];

function overflowChecks(report, pages, results, o) {
	for (const group of groupsOf(pages)) {
		const mine = pages.filter(p => p.group === group);
		for (const w of o.widths) {
			const notes = [];
			for (const p of mine) {
				const r = results.get(p.rel);
				if (r.error) { notes.push(`${shown(p.rel)}: does not load: ${r.error}`); continue; }
				const fits = m => m.scrollWidth <= m.width && m.count === 0;
				const closed = r.overflow[w], opened = r.overflow[w].opened;
				const m = !fits(closed) ? closed : opened && !fits(opened) ? opened : null;
				if (!m) continue;
				let line = `${shown(p.rel)}: ${m === opened ? 'with its <details> open, ' : ''}` +
					`scrollWidth ${m.scrollWidth} in ${m.width} px`;
				if (m.worst) line += `; ${m.count} element(s) stick out, ${m.worst.byText ? 'text' : 'box'} ` +
					`${m.worst.reach} px out: ${m.worst.selector} "${m.worst.text}"`;
				notes.push(line);
			}
			report.check(notes.length === 0, `overflow at ${w} px: ${group}, ${mine.length} pages` +
				(notes.length ? `, ${notes.length} overflow` : ''), notes);
		}
	}
}

function weightChecks(report, pages, results, o) {
	for (const group of groupsOf(pages)) {
		const mine = pages.filter(p => p.group === group);
		const heavy = [], external = [];
		let heaviest = null;
		for (const p of mine) {
			const r = results.get(p.rel);
			const w = weigh(r.requests, site.path);
			if (!heaviest || w.total > heaviest.w.total) heaviest = { p, w };
			if (w.total > o.maxKb * 1024)
				heavy.push(`${shown(p.rel)}: ${kb(w.total)} KB (HTML ${kb(w.html)}, CSS ${kb(w.css)}, JS ${kb(w.js)})`);
			for (const q of r.requests) if (!local(q.url, site.base)) external.push(`${shown(p.rel)}: requests ${q.url}`);
			const asked = new Set(r.requests.map(q => q.url));
			for (const u of r.later) if (!local(u, site.base) && !asked.has(u)) external.push(`${shown(p.rel)}: would request ${u}`);
		}
		report.check(heavy.length === 0, `weight: ${group}, every page at most ${o.maxKb} KB gzipped ` +
			`(heaviest ${shown(heaviest.p.rel)}, ${kb(heaviest.w.total)} KB)`, heavy);
		report.check(external.length === 0, `no request outside the site: ${group}`, [...new Set(external)]);
	}
}

// One page of every kind of each group: the first in order of path (every page with --axe-every-page).
function samples(pages, groups, every) {
	const out = [];
	for (const g of groups) {
		const kinds = new Set();
		for (const p of pages) {
			if (p.group !== g || (!every && kinds.has(p.kind))) continue;
			kinds.add(p.kind);
			out.push(p);
		}
	}
	return out;
}

async function axeChecks(report, browser, root, pages, o) {
	const t0 = Date.now();
	// every sample at a desktop's width; the home pages also at a phone's, where the header folds into
	// buttons (a menu, the languages) that exist only there
	const todo = samples(pages, [...o.axeLangs, 'root'], o.axeEveryPage).map(p => ({ p, width: 1280 }));
	todo.push(...pages.filter(p => p.kind === 'home' && o.axeLangs.includes(p.group)).map(p => ({ p, width: 390 })));
	const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: LOCALE });
	for (const { p, width } of todo) {
		const notes = [];
		try {
			if (page.viewportSize().width !== width) await page.setViewportSize({ width, height: width > 800 ? 900 : 844 });
			await open(page, urlOf(site.base, p.rel));
			await page.addScriptTag({ path: AXE });
			const violations = await page.evaluate(async () =>
				(await window.axe.run(document, { resultTypes: ['violations'] })).violations.map(v =>
					({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' ')) })));
			for (const v of violations) {
				const more = v.targets.length > 5 ? ` and ${v.targets.length - 5} more` : '';
				notes.push(`${v.id} (${v.impact}): ${v.targets.slice(0, 5).join(', ')}${more}: ${v.help}`);
			}
		} catch (e) {
			notes.push(`axe did not run: ${e.message.split('\n')[0]}`);
		}
		report.check(notes.length === 0, `axe: ${shown(p.rel)} (${p.kind}${width === 1280 ? '' : `, ${width} px`})` +
			(notes.length ? `, ${notes.length} violation(s)` : ''), notes);
	}
	await page.close();
	console.log(`# axe: ${todo.length} pages in ${seconds(t0)} s`);
}

// Every CSS and SVG file under root.
function assetFiles(root, ext) {
	const out = [];
	const walk = dir => {
		for (const e of readdirSync(dir, { withFileTypes: true })) {
			const p = join(dir, e.name);
			if (e.isDirectory()) walk(p);
			else if (e.name.endsWith(ext)) out.push(relative(root, p).split(sep).join('/'));
		}
	};
	walk(root);
	return out.sort();
}

function vnuChecks(report, root, pages, o) {
	const t0 = Date.now();
	const html = (o.vnuSample ? samples(pages, groupsOf(pages), false) : pages).map(p => p.rel);
	const css = assetFiles(root, '.css'), svg = assetFiles(root, '.svg');
	// Two runs: with --also-check-css, vnu 26.9.27 numbers the lines of HTML and SVG files from 0.
	const vnu = (args, files) => spawnSync('java', ['-jar', VNU, '--format', 'json', '--exit-zero-always', '--stdout',
		...args, ...files], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
	const messages = [];
	for (const [args, files] of [[['--also-check-svg'], [...html, ...svg]], [['--css'], css]]) {
		if (!files.length) continue;
		const run = vnu(args, files);
		let found = null;
		try { found = JSON.parse(run.stdout).messages; } catch { /* reported below */ }
		if (!report.check(run.status === 0 && found !== null, `vnu ${args.join(' ')}: runs and reports in JSON`,
			found ? [] : [`exit ${run.status}: ${(run.stderr || run.error?.message || '').trim().slice(0, 500)}`])) return;
		messages.push(...found);
	}
	const byFile = new Map();
	for (const m of messages) {
		if (m.type !== 'error' && m.type !== 'non-document-error') continue;
		const rel = m.url ? relative(root, fileURLToPath(m.url.replace(/^file:(?!\/\/)/, 'file://'))).split(sep).join('/') : '?';
		if (!byFile.has(rel)) byFile.set(rel, []);
		byFile.get(rel).push(`${rel}:${m.lastLine ?? m.firstLine ?? 0}:${m.firstColumn ?? m.lastColumn ?? 0}: ${m.message}`);
	}
	const group = rel => pages.find(p => p.rel === rel)?.group;
	for (const g of groupsOf(pages)) {
		const mine = html.filter(r => group(r) === g);
		const notes = mine.flatMap(r => byFile.get(r) || []);
		report.check(notes.length === 0, `vnu: ${g}, ${mine.length} pages` + (notes.length ? `, ${notes.length} error(s)` : ''), notes);
	}
	for (const [name, files] of [['CSS', css], ['SVG', svg]]) {
		const notes = files.flatMap(r => byFile.get(r) || []);
		report.check(notes.length === 0, `vnu: ${files.length} ${name} file(s)` + (notes.length ? `, ${notes.length} error(s)` : ''), notes);
	}
	const other = [...byFile.keys()].filter(r => !html.includes(r) && !css.includes(r) && !svg.includes(r));
	if (other.length) report.check(false, 'vnu: no error outside the files checked', other.flatMap(r => byFile.get(r)));
	console.log(`# vnu: ${html.length} pages, ${css.length} CSS and ${svg.length} SVG files in ${seconds(t0)} s`);
}

const o = options(process.argv.slice(2));
const shape = siteShape(o.siteYaml);
const pages = sitePages(o.root, shape).filter(p => !o.groups || o.groups.includes(p.group));
const report = new Report();
const kinds = new Set(pages.map(p => p.kind));
console.log(`# ${pages.length} pages in ${groupsOf(pages).length} groups; kinds: ${[...kinds].join(', ')}`);
const needBrowser = o.checks.some(c => ['overflow', 'weight', 'axe'].includes(c));
const browser = needBrowser ? await launch() : null;
if (needBrowser) site = await serveStatic(o.root);
try {
	if (o.checks.includes('overflow') || o.checks.includes('weight')) {
		const results = await loadAll(browser, o.root, pages, o, Date.now());
		if (o.checks.includes('overflow')) overflowChecks(report, pages, results, o);
		if (o.checks.includes('weight')) weightChecks(report, pages, results, o);
	}
	if (o.checks.includes('axe')) await axeChecks(report, browser, o.root, pages, o);
} finally {
	if (browser) await browser.close();
	if (site) site.server.close();
}
if (o.checks.includes('vnu')) vnuChecks(report, o.root, pages, o);
console.log(`# reader.mjs: ${report.passed} checks passed and ${report.failed} failed`);
process.exit(report.ok ? 0 : 1);
