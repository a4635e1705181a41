// The pages of a built site, for the reader's checks (tests/browser/reader.mjs) and `make bench`
// (tests/browser/weight.mjs): every HTML file of the output folder, grouped by language, each with its
// kind (home, resource, term, print page, ...) told from its path, and what a page weighs gzipped.
//
// The kinds come from the URL scheme of the generator and the collections and taxonomies of site.yaml,
// never from the theme's markup, so the checks hold for any theme.
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join, relative, resolve, sep, extname } from 'node:path';
import { gzipSync } from 'node:zlib';

// The languages, collections and taxonomies of site.yaml, read line by line (no YAML parser in the
// tests' packages): language codes under `languages:`, and the keys two spaces in under `collections:`
// and `taxonomies:`. A missing file gives an empty shape: every page is then a plain page, the home or
// one of the special pages, enough for the hand-made fixtures.
export function siteShape(yamlPath) {
	const shape = { languages: [], collections: [], taxonomies: [] };
	if (!yamlPath || !existsSync(yamlPath)) return shape;
	let section = null;
	for (const line of readFileSync(yamlPath, 'utf8').split('\n')) {
		let m;
		if ((m = line.match(/^([A-Za-z_]\w*):/))) { section = m[1]; continue; }
		if (section === 'languages' && (m = line.match(/\bcode:\s*["']?([A-Za-z][\w-]*)/)))
			shape.languages.push(m[1]);
		else if ((m = line.match(/^ {2}([A-Za-z_][\w-]*):/))) {
			if (section === 'collections') shape.collections.push(m[1]);
			else if (section === 'taxonomies') shape.taxonomies.push(m[1]);
		}
	}
	return shape;
}

// Every .html file under root, as paths relative to it with '/' separators, sorted.
export function htmlFiles(root) {
	const out = [];
	const walk = dir => {
		for (const e of readdirSync(dir, { withFileTypes: true })) {
			const p = join(dir, e.name);
			if (e.isDirectory()) walk(p);
			else if (e.isFile() && e.name.endsWith('.html')) out.push(relative(root, p).split(sep).join('/'));
		}
	};
	walk(root);
	return out.sort();
}

// The kind of the page at rel (a path inside one language's folder, such as "resources/x/index.html"),
// given the site's shape.
export function kindOf(rel, shape) {
	if (/^404(\.html|\/index\.html)$/.test(rel)) return '404';
	const p = rel.replace(/(^|\/)index\.html$/, '$1').replace(/\.html$/, '/');
	const s = p.split('/').filter(Boolean);
	if (s.length === 0) return 'home';
	if (s.includes('page') && /^\d+$/.test(s[s.indexOf('page') + 1] || '')) return 'paginated listing';
	if (shape.collections.includes(s[0])) {
		if (s.length === 1) return `${s[0]} listing`;
		if (s.length === 2) return `${s[0]} item`;
		if (s.length === 3) return s[2] === 'print' ? 'print page' : 'chapter';
		return 'other';
	}
	if (shape.taxonomies.includes(s[0])) return s.length === 1 ? 'taxonomy' : s.length === 2 ? 'term' : 'other';
	if (s.length === 1 && ['search', 'downloads', 'submit'].includes(s[0])) return s[0];
	return s.length === 1 ? 'plain page' : 'other';
}

// The pages of the site in root: [{ rel, group, kind }], where group is the language (the first folder,
// when site.yaml lists it or, without a site.yaml, when it looks like a language code) or "root" for the
// pages outside them (the root index.html that chooses a language, a root 404.html).
export function sitePages(root, shape) {
	const isLang = d => shape.languages.length ? shape.languages.includes(d) : /^[a-z]{2,3}(-[A-Za-z0-9]+)?$/.test(d);
	return htmlFiles(root).map(rel => {
		const slash = rel.indexOf('/');
		const first = slash < 0 ? null : rel.slice(0, slash);
		if (first && isLang(first)) return { rel, group: first, kind: kindOf(rel.slice(slash + 1), shape) };
		return { rel, group: 'root', kind: /^404(\.html|\/index\.html)$/.test(rel) ? '404' : 'root page' };
	});
}

// A page's URL path for reports: "en/resources/x/" for en/resources/x/index.html.
export function shown(rel) {
	return rel.replace(/(^|\/)index\.html$/, '$1') || './';
}

// The size of a file gzipped at level 9, as a host serving it compressed sends it; cached by path.
const gzipped = new Map();
export function gzipSize(path) {
	if (!gzipped.has(path)) gzipped.set(path, gzipSync(readFileSync(path), { level: 9 }).length);
	return gzipped.get(path);
}

// What counts in a page's weight: the page itself and the stylesheets and scripts it loads, not the search
// index (the data the search page loads, written beside it in <lang>/search/ as search-index.js; its size
// is measured by `make bench`), nor images, fonts and media.
export function counts(resourceType, url) {
	if (!['document', 'stylesheet', 'script'].includes(resourceType)) return false;
	return !/(^|\/)search-index[^/]*$|\.json$|(^|\/)search\/[^/]+\.js$/.test(new URL(url).pathname);
}

// Serves the folder root over HTTP on 127.0.0.1, as a static host publishes the site at the root of its
// domain (GitHub Pages): a folder's URL gives its index.html, a missing file the root 404.html with status
// 404. The pages' absolute links (a 404 page's, which the host shows at any depth) then work, which they do
// not from file:. Resolves to { server, base, path(url) }: base without a trailing slash; path() is the
// file a URL of the server names, or null.
const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
	'.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.webp': 'image/webp',
	'.ico': 'image/x-icon', '.woff2': 'font/woff2', '.xml': 'application/xml', '.atom': 'application/atom+xml',
	'.ics': 'text/calendar', '.txt': 'text/plain; charset=utf-8', '.mp3': 'audio/mpeg', '.vtt': 'text/vtt',
	'.pdf': 'application/pdf', '.zip': 'application/zip', '.epub': 'application/epub+zip' };
export async function serveStatic(root) {
	root = resolve(root);
	const path = url => {
		let u;
		try { u = new URL(url); } catch { return null; }
		if (u.origin !== base) return null;
		let p = resolve(root, '.' + decodeURIComponent(u.pathname));
		if (p !== root && !p.startsWith(root + sep)) return null;
		try { if (statSync(p).isDirectory()) p = join(p, 'index.html'); } catch { return null; }
		return existsSync(p) ? p : null;
	};
	const server = createServer(async (req, res) => {
		const file = path(base + req.url);
		const missing = join(root, '404.html');
		try {
			if (file) {
				res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
				res.end(await readFile(file));
			} else {
				res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
				res.end(existsSync(missing) ? await readFile(missing) : 'not found');
			}
		} catch (e) {
			res.writeHead(500);
			res.end(String(e));
		}
	});
	let base;
	await new Promise(r => server.listen(0, '127.0.0.1', r));
	base = `http://127.0.0.1:${server.address().port}`;
	return { server, base, path };
}

// The URL of the page rel (a path inside the site) on the server at base.
export function urlOf(base, rel) {
	return `${base}/${rel.split('/').map(encodeURIComponent).join('/')}`;
}

// Whether a request stays inside the site: the local server at base, or inline data.
export function local(url, base) {
	return url === base || url.startsWith(base + '/') || /^(data|blob|about):/.test(url);
}

// What a page weighs: { html, css, js, total } in bytes, gzipped, from the requests of its load in the
// browser ([{ url, type }] with Playwright's resource types): each file once. path(url) is the file a
// request names (serveStatic's), or null.
export function weigh(requests, path) {
	const w = { html: 0, css: 0, js: 0, total: 0 };
	const seen = new Set();
	for (const r of requests) {
		if (!counts(r.type, r.url)) continue;
		const file = path(r.url);
		if (!file || seen.has(file)) continue;
		seen.add(file);
		const n = gzipSize(file);
		w[r.type === 'document' ? 'html' : r.type === 'stylesheet' ? 'css' : 'js'] += n;
		w.total += n;
	}
	return w;
}
