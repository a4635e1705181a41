/* Full-text search of the search page. A classic script, not a module: the offline copy is read from
   file://, where modules and fetch() are blocked, so the index is a script too (<lang>/search/
   search-index.js calls window.jisiteSearch with its data). The tokenizer must match the C side's
   exactly: both are tested against tests/search/tokens.txt. */
(function () {
	'use strict';

	// fold(): NFKD, drop nonspacing marks (accents, harakat) but keep the kana voicing marks so that
	// が stays が after NFC, unify Arabic letter variants, Arabic-Indic and Extended Arabic-Indic digits as
	// ASCII ones, lowercase one code point at a time (simple lowercase, like the C side's u_tolower: no
	// Final_Sigma context), then NFC.
	const MAP = { 0x671: 0x627, 0x649: 0x64A, 0x629: 0x647, 0x6CC: 0x64A, 0x6A9: 0x643, 0x131: 0x69 };
	const MN = /\p{Mn}/u;
	function fold(s) {
		let out = '';
		for (const ch of String(s).normalize('NFKD')) {
			const c = ch.codePointAt(0);
			if (c === 0x640 || (c !== 0x3099 && c !== 0x309A && MN.test(ch))) continue;
			const digit = (c >= 0x660 && c <= 0x669) || (c >= 0x6F0 && c <= 0x6F9);
			const l = String.fromCodePoint(digit ? 0x30 + (c & 0xF) : MAP[c] || c).toLowerCase();
			out += l === '\u03C2' ? '\u03C3' : l;
		}
		return out.normalize('NFC');
	}

	// Script, not Script_Extensions: the C side asks ICU for uscript_getScript.
	const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
	const WORD = /[\p{L}\p{N}\p{M}]/u;
	// Runs of letters, digits and marks are words (cut to 32 code points); runs of CJK, written without
	// spaces, become their overlapping pairs (a lone character stays itself).
	function tokens(s) {
		const out = [];
		let word = [], run = [];
		const flush = () => {
			if (word.length) out.push(word.slice(0, 32).join(''));
			if (run.length === 1) out.push(run[0]);
			for (let i = 1; i < run.length; i++) out.push(run[i - 1] + run[i]);
			word = []; run = [];
		};
		for (const ch of fold(s)) {
			if (CJK.test(ch)) { if (word.length) flush(); run.push(ch); }
			else if (WORD.test(ch)) { if (run.length) flush(); word.push(ch); }
			else flush();
		}
		flush();
		return out;
	}

	// Stems (generator/search_stem.c, which has the reasons): Arabic's article and attached particles in
	// every language, then the language's suffix rules: steps separated by ';', each "MIN suffix
	// suffix:replacement ...", replacing the longest suffix that leaves MIN characters. The strings must be
	// the C side's; both sides are tested against tests/search/stems.txt.
	const RULES = {
		ru: '3 иями оями ями ами иям иях оях оям ого его ому ему ыми ими оев ая яя ях юю ах ею их ия ию ою ую ям' +
			' ых ея ам ем еи ии ои ыи ом ов ев ью ья ье ми ые ое ие ее а е и о у ы я ь ю;3 ь',
		fr: '3 eaux:eau aux:al s x;3 e',
		es: '3 ces:z es s;3 a e o',
		pt: '3 oes:ao aes:ao ais:al eis:el ois:ol ns:m res:r zes:z ses:s s;3 a e o',
		it: '3 che:c chi:c ghe:g ghi:g io ia ie ii a e i o',
		ro: '3 urilor ului ilor elor urile ele ile uri ul ii ea ei a e i u',
		hr: '3 ovima evima ovi evi ova eva ove eve ima ama om em og ih im a e i u o',
		tr: '3 ndan nden dan den tan ten nin nun in un nda nde da de ta te ya ye yi yu lara:lar lere:ler' +
			' lari:lar leri:ler;3 lar ler',
		ms: '4 lah kah tah pun nya ku mu;4 kan an',
	};
	const ARTICLES = ['\u0648\u0627\u0644', '\u0628\u0627\u0644', '\u0643\u0627\u0644', '\u0641\u0627\u0644',
		'\u0648\u0644\u0644', '\u0641\u0644\u0644', '\u0627\u0644', '\u0644\u0644'];
	const PARTICLES = ['\u0648', '\u0641', '\u0628', '\u0643', '\u0644'];
	const chars = s => { let n = 0; for (const _ of s) n++; return n; };
	function arabicPrefix(t) {
		for (const p of ARTICLES) if (t.length > p.length && t.startsWith(p)) return chars(t.slice(p.length)) >= 2 ? p.length : 0;
		for (const p of PARTICLES) if (t.length > p.length && t.startsWith(p)) return chars(t.slice(p.length)) >= 4 ? p.length : 0;
		return 0;
	}
	const stemmers = new Map();
	function stepsOf(lang) {
		const code = String(lang || '').split(/[-_]/)[0];
		if (!stemmers.has(code)) {
			stemmers.set(code, (Object.prototype.hasOwnProperty.call(RULES, code) ? RULES[code] : '').split(';').filter(Boolean).map(step => {
				const [min, ...rules] = step.trim().split(/ +/);
				return { min: +min, rules: rules.map(r => { const [suffix, repl = ''] = r.split(':'); return [suffix, repl, chars(suffix)]; }) };
			}));
		}
		return stemmers.get(code);
	}
	function stem(t, lang) {
		let s = t.slice(arabicPrefix(t));
		for (const step of stepsOf(lang)) {
			const n = chars(s);
			let best = null;
			for (const r of step.rules) {
				if (r[0].length < s.length && r[2] + step.min <= n && (!best || r[2] > best[2]) && s.endsWith(r[0])) best = r;
			}
			if (best) s = s.slice(0, s.length - best[0].length) + best[1];
		}
		return s;
	}

	// One posting list: base-64 VLQ numbers, 5 bits a digit, least significant first, digits 32..63
	// saying "more follows". n = (gap - 1) << 1 | inTitle.
	const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
	const VAL = new Int8Array(128).fill(-1);
	for (let i = 0; i < 64; i++) VAL[B64.charCodeAt(i)] = i;
	function decodePostings(str) {
		let n = 0;
		for (let i = 0; i < str.length; i++) if (VAL[str.charCodeAt(i)] < 32) n++;
		const docs = new Int32Array(n), title = new Uint8Array(n);
		let prev = -1, v = 0, shift = 0, k = 0;
		for (let i = 0; i < str.length; i++) {
			const g = VAL[str.charCodeAt(i)];
			if (g === undefined || g < 0) throw new Error('search index: bad postings');
			v += (g & 31) * 2 ** shift;
			shift += 5;
			if (g < 32) {
				prev += Math.floor(v / 2) + 1;
				docs[k] = prev; title[k++] = v & 1;
				v = 0; shift = 0;
			}
		}
		return { docs, title };
	}

	const el = (tag, cls, text) => {
		const e = document.createElement(tag);
		if (cls) e.className = cls;
		if (text != null) e.textContent = text;
		return e;
	};

	function start(root) {
		const $ = id => document.getElementById(id);
		const form = $('search-form'), q = $('search-q'), box = $('search-facets'), filters = $('search-filters');
		const status = $('search-status'), list = $('search-results'), fallback = $('search-fallback');
		const d = root.dataset;
		let called = false;
		const fail = () => {
			root.hidden = true;
			if (!fallback) return;
			fallback.hidden = false;
			if (!fallback.querySelector('.search-failed')) fallback.appendChild(el('p', 'search-failed', d.failed));
		};
		// Enter must not reload the page: results follow every keystroke already. It ends a search: the
		// next keystroke starts a new one, with its own entry in the history.
		let committed = true;
		if (form) form.addEventListener('submit', e => { e.preventDefault(); committed = true; });
		// the filters are open beside the results on a wide screen, folded under the field on a phone
		if (filters && window.matchMedia && window.matchMedia('(min-width: 60em)').matches) filters.open = true;
		window.jisiteSearch = data => {
			called = true;
			try { setup(data); } catch (e) { fail(); throw e; }
		};
		const s = document.createElement('script');
		s.src = d.index; // relative: resolved against the page
		s.onerror = fail;
		// a script that loads but never calls jisiteSearch (a syntax error in it) is a failure too
		s.onload = () => { if (!called) fail(); };
		document.head.appendChild(s);

		function setup(data) {
			const docs = data.docs, N = docs.length, facets = data.facets || [], F = facets.length;
			const terms = data.terms ? data.terms.split(' ') : [];
			const posts = data.post ? data.post.split(' ') : [];
			const cache = new Array(terms.length);
			const langs = data.langs || [];
			// Numbers in the page's digits (data-numbering, ICU's default for the language, which a browser's
			// Intl may not share); a page language or digits Intl does not know must not break the search
			const html = document.documentElement, number = opts => {
				try { return new Intl.NumberFormat(html.lang || undefined, Object.assign({ numberingSystem: html.dataset.numbering }, opts)); }
				catch (e) { return new Intl.NumberFormat(undefined, opts); }
			};
			const fmt = number(), year = number({ useGrouping: false });

			// reused on every keystroke: nothing of the size of the index is allocated per search
			const hits = new Uint8Array(N), score = new Int32Array(N), tok = new Uint8Array(N);
			const inTitle = new Uint8Array(N), tier = new Uint8Array(N), titleLen = new Int16Array(N).fill(-1);
			const titleKey = new Array(N);
			const found = new Int32Array(N), sorted = new Int32Array(N);
			const sel = facets.map(f => new Uint8Array(f.values.length)), nsel = new Int32Array(F);
			const counts = facets.map(f => new Int32Array(f.values.length));
			const shownCounts = facets.map(f => new Int32Array(f.values.length).fill(-1));
			const countEls = facets.map(() => []);
			const boxes = [], boxOf = facets.map(() => []);
			const active = filters && filters.querySelector('.search-active'); // how many filters are on

			facets.forEach((f, i) => {
				if (!f.values.length) return;
				const fs = box.appendChild(el('fieldset', 'search-facet'));
				fs.dataset.facet = f.name;
				fs.appendChild(el('legend', null, f.label));
				f.values.forEach((v, j) => {
					const cb = el('input'), count = countEls[i][j] = el('span', 'search-count');
					cb.type = 'checkbox'; cb.value = j;
					cb.addEventListener('change', () => { sel[i][j] = +cb.checked; nsel[i] += cb.checked ? 1 : -1; run(); remember(); });
					const label = fs.appendChild(el('label'));
					label.dataset.term = v[0]; // the term as written in front matter: for styles and tests
					label.append(cb, ' ' + v[1] + ' ', count);
					boxes.push(cb); boxOf[i][j] = cb;
				});
			});

			let lo = Infinity, hi = 0; // years known (0 is unknown)
			for (const doc of docs) if (doc[3] > 0) { lo = Math.min(lo, doc[3]); hi = Math.max(hi, doc[3]); }
			const selects = [];
			if (hi) {
				const fs = el('fieldset', 'search-facet search-years');
				fs.appendChild(el('legend', null, data.year));
				[['search-from', d.from], ['search-to', d.to]].forEach(([id, text], k) => {
					const label = el('label', null, text + ' '), select = el('select');
					select.id = id;
					select.appendChild(el('option', null, d.any || '')).value = '';
					for (let y = lo; y <= hi; y++) select.appendChild(el('option', null, year.format(y))).value = String(y);
					select.addEventListener('change', () => { run(); remember(); });
					label.appendChild(select);
					if (k) fs.append(' ');
					fs.appendChild(label);
					selects.push(select);
				});
				box.appendChild(fs);
			}
			const clear = el('button', 'search-clear', d.clear);
			clear.type = 'button';
			clear.addEventListener('click', () => {
				for (const cb of boxes) cb.checked = false;
				for (const s of selects) s.value = '';
				sel.forEach(a => a.fill(0)); nsel.fill(0);
				run(); remember();
			});
			box.appendChild(clear);

			const more = el('button', 'search-more', d.more);
			more.type = 'button';
			more.hidden = true;
			list.after(more);
			let total = 0, shown = 0;
			more.addEventListener('click', () => {
				const first = show(shown + 20);
				if (first) first.focus();
				remember(true); // a page of results: Back shows the one before
			});

			// the documents of term t, decoded when first needed
			const postings = t => cache[t] || (cache[t] = decodePostings(posts[t] || ''));
			const lowerBound = x => {
				let a = 0, b = terms.length;
				while (a < b) { const m = (a + b) >> 1; if (terms[m] < x) a = m + 1; else b = m; }
				return a;
			};

			// A query's tokens, each with its stem in the page's language: a stem that only lost a prefix
			// (Arabic's article or particles) is still the beginning of a word being typed and is looked up
			// as a prefix; one that lost an ending is looked up whole (generator/search.h).
			const queryOf = text => [...new Set(tokens(text))].slice(0, 16).map(t => {
				const s = stem(t, data.lang);
				return { t, s, prefix: t.endsWith(s) };
			});
			const titleTokens = i => {
				if (titleLen[i] < 0) {
					const t = tokens(docs[i][0]);
					titleLen[i] = Math.min(t.length, 32767);
					titleKey[i] = t.join(' ');
				}
				return titleKey[i];
			};
			// marks the documents of the terms in [a, b) into tok[] (exact: the term is the token or its stem)
			const mark = (a, b, t0, s0) => {
				for (let t = a; t < b; t++) {
					const p = postings(t), exact = terms[t] === t0 || terms[t] === s0 ? 4 : 0;
					for (let i = 0; i < p.docs.length; i++) tok[p.docs[i]] |= 1 | (p.title[i] << 1) | exact;
				}
			};
			const prefixEnd = (a, x) => { while (a < terms.length && terms[a].startsWith(x)) a++; return a; };

			// Finds the documents of query (queryOf's of text) into sorted[0 .. total), and the facets' counts.
			function find(query, text) {
				const K = query.length;
				// Every query token is a prefix; a document must match them all. hits[d] counts the tokens
				// matched so far; tok[d] is this token's best: 1 match, 2 in the title, 4 an exact term.
				if (K) {
					hits.fill(0); score.fill(0); inTitle.fill(0);
					for (let k = 0; k < K; k++) {
						const { t: t0, s: s0, prefix } = query[k];
						tok.fill(0);
						let a = lowerBound(t0);
						mark(a, prefixEnd(a, t0), t0, s0);
						if (s0 !== t0) {
							a = lowerBound(s0);
							mark(a, prefix ? prefixEnd(a, s0) : a < terms.length && terms[a] === s0 ? a + 1 : a, t0, s0);
						}
						for (let i = 0; i < N; i++) {
							if (hits[i] !== k || !tok[i]) continue;
							hits[i]++;
							inTitle[i] += tok[i] >> 1 & 1;
							score[i] += (tok[i] & 2 ? 2 : 1) + (tok[i] >> 2);
						}
					}
				}
				const from = +(selects[0] && selects[0].value) || 0, to = +(selects[1] && selects[1].value) || 0;
				const ranged = from || to;
				counts.forEach(c => c.fill(0));
				// Disjunctive counts: a value's count ignores its own facet's selection. A document failing
				// exactly one facet counts for that facet's values only; failing none, it is a result.
				let n = 0;
				for (let i = 0; i < N; i++) {
					if (K && hits[i] !== K) continue;
					const doc = docs[i], y = doc[3];
					if (ranged && (!y || (from && y < from) || (to && y > to))) continue;
					let failed = -1, nfail = 0;
					for (let f = 0; f < F && nfail < 2; f++) {
						if (!nsel[f]) continue;
						const vals = doc[5 + f] || [];
						let ok = false;
						for (const v of vals) if (sel[f][v]) { ok = true; break; }
						if (!ok) { nfail++; failed = f; }
					}
					if (nfail > 1) continue;
					for (let f = 0; f < F; f++) {
						if (nfail && f !== failed) continue;
						for (const v of doc[5 + f] || []) counts[f][v]++;
					}
					if (!nfail) found[n++] = i;
				}
				// Ranks: a title that is the query (folded) first, then titles holding every word of it (the
				// shorter first: "bangalore principles" finds The Bangalore Principles… before a commentary on
				// them), then the rest; by score within each, then in the index's order.
				sorted.set(found.subarray(0, n));
				if (K) {
					const whole = tokens(text).join(' ');
					for (let j = 0; j < n; j++) {
						const i = found[j];
						tier[i] = inTitle[i] < K ? 2 : titleTokens(i) === whole ? 0 : 1;
					}
					sorted.subarray(0, n).sort((a, b) => tier[a] - tier[b] || score[b] - score[a] ||
						(tier[a] === 1 ? titleLen[a] - titleLen[b] : 0) || a - b);
				}
				total = n;
			}

			function run(pages = 1) {
				find(queryOf(q.value), q.value);
				const n = total;

				for (let f = 0; f < F; f++) {
					for (let v = 0; v < counts[f].length; v++) {
						if (counts[f][v] === shownCounts[f][v] || !countEls[f][v]) continue;
						shownCounts[f][v] = counts[f][v];
						countEls[f][v].textContent = '(' + fmt.format(counts[f][v]) + ')';
					}
				}
				status.textContent = n ? d.results.replace('{count}', fmt.format(n)) : d.none;
				// the results already on screen that stay in place are kept: rebuilding them all makes the
				// browser lay out and draw the whole list again at every keystroke
				const keep = Math.min(20 * pages, total);
				let same = 0;
				while (same < keep && same < list.children.length && +list.children[same].dataset.doc === sorted[same]) same++;
				while (list.children.length > same) list.lastChild.remove();
				shown = same;
				show(keep);
				if (active) {
					const on = nsel.reduce((a, b) => a + b, 0) + selects.filter(x => x.value).length;
					active.textContent = on ? '(' + fmt.format(on) + ')' : '';
				}
				root.dataset.state = 'ready';
				root.dispatchEvent(new CustomEvent('jisite:searched', { detail: { count: n } }));
			}

			// Adds results up to `upto`; returns the first link added.
			function show(upto) {
				const frag = document.createDocumentFragment();
				let first = null;
				for (; shown < Math.min(upto, total); shown++) {
					const doc = docs[sorted[shown]], li = el('li'), a = el('a', null, doc[0]);
					li.dataset.doc = sorted[shown];
					a.href = d.root + doc[2] + (d.offline === '1' ? 'index.html' : '');
					const meta = [];
					facets.forEach((f, i) => {
						if (f.name === 'collections' || f.name === 'types') for (const v of doc[5 + i] || []) meta.push(f.values[v][1]);
					});
					if (doc[3] > 0) meta.push(year.format(doc[3]));
					li.appendChild(a);
					if (meta.length) li.appendChild(el('p', 'search-meta', meta.join(' · ')));
					const sum = doc[1] ? li.appendChild(el('p', 'search-summary', doc[1])) : null;
					// a result shown in another language than the page's (a fallback) says which
					const l = langs[doc[4]];
					if (l && l[0] !== data.lang) for (const e of [a, sum]) if (e) { e.lang = l[0]; e.dir = l[1]; }
					frag.appendChild(li);
					first = first || a;
				}
				list.appendChild(frag);
				more.hidden = shown >= total;
				return first;
			}

			// The query, the filters and the page of results are the page's URL (?q=…&types=…&from=…&page=…,
			// a facet's values by their terms), so that Back, a reload and a shared link show the same search.
			// Typing replaces the history entry; a new search (the first keystroke after Enter or after a
			// result was followed) and a page of results add one.
			const pageOf = () => Math.max(1, Math.ceil(list.children.length / 20));
			function remember(push) {
				const p = new URLSearchParams();
				if (q.value) p.set('q', q.value);
				facets.forEach((f, i) => f.values.forEach((v, j) => { if (sel[i][j]) p.append(f.name, v[0]); }));
				if (selects[0] && selects[0].value) p.set('from', selects[0].value);
				if (selects[1] && selects[1].value) p.set('to', selects[1].value);
				if (pageOf() > 1) p.set('page', pageOf());
				const search = p.toString() ? '?' + p.toString() : '';
				if (search === location.search) return;
				try {
					const url = location.pathname + search + location.hash;
					if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
				} catch (e) { /* a browser refusing it for a file:// page searches on without */ }
			}
			function restore() {
				const p = new URLSearchParams(location.search);
				q.value = p.get('q') || '';
				facets.forEach((f, i) => {
					const want = new Set(p.getAll(f.name));
					nsel[i] = 0;
					f.values.forEach((v, j) => {
						sel[i][j] = want.has(v[0]) ? 1 : 0;
						nsel[i] += sel[i][j];
						if (boxOf[i][j]) boxOf[i][j].checked = !!sel[i][j];
					});
				});
				[['from', 0], ['to', 1]].forEach(([name, k]) => {
					const x = selects[k], v = p.get(name) || '';
					if (x) x.value = [...x.options].some(o => o.value === v) ? v : '';
				});
				run(Math.min(Math.max(parseInt(p.get('page'), 10) || 1, 1), 1000));
			}
			q.addEventListener('input', () => {
				run();
				remember(committed);
				committed = false;
			});
			q.addEventListener('change', () => { committed = true; });
			window.addEventListener('pagehide', () => { committed = true; });
			window.addEventListener('popstate', () => { restore(); committed = true; });
			let next = 0;
			const warm = () => {
				const end = Math.min(terms.length, next + 2000);
				for (; next < end; next++) postings(next);
				if (next < terms.length) return setTimeout(warm, 0);
				// and a search once, so that its code is compiled before the first keystroke
				find(queryOf(terms[0] || ''), terms[0] || '');
				find(queryOf(q.value), q.value);
			};
			setTimeout(warm, 0);
			root.hidden = false;
			if (fallback) fallback.hidden = true;
			restore();
		}
	}

	if (typeof document === 'object' && document) {
		const go = () => { const root = document.getElementById('search'); if (root) start(root); };
		if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', go); else go();
	}
	if (typeof module === 'object') module.exports = { fold, tokens, stem, decodePostings };
})();
