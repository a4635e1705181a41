// Checks the browser's tokenizer (themes/default/static/search.js) against tests/search/tokens.txt, the
// expectations the C index writer is tested against too, and decodePostings() against postings encoded
// by hand.
//
//   node tests/search/tokens.mjs
//
// Prints "ok - " / "not ok - " lines and "N passed, N failed"; exit status 1 on any failure.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const require = createRequire(import.meta.url);
const { tokens, stem, decodePostings } = require(`${here}../../themes/default/static/search.js`);

let passed = 0, failed = 0, n = 0;
function check(ok, name, notes = []) {
	if (ok) passed++; else failed++;
	console.log(`${ok ? 'ok' : 'not ok'} - ${name}`);
	if (!ok) for (const x of notes) console.log(`#   ${x}`);
}
// invisible characters spelled out, so a failure can be read
const show = s => s.replace(/[\u0000-\u001f\u0300-\u036f\u0640\u064b-\u065f\u0670\u200b-\u200f\u3099\u309a\ufe00-\ufe0f]/gu,
	c => `<U+${c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);

const text = readFileSync(`${here}tokens.txt`, 'utf8');
text.split('\n').forEach((line, i) => {
	if (line === '' || line.startsWith('#')) return;
	n++;
	const tab = line.indexOf('\t');
	if (tab < 0) { check(false, `${n}: line ${i + 1} has no tab`); return; }
	const input = line.slice(0, tab), want = line.slice(tab + 1);
	let got;
	try { got = tokens(input).join(' '); } catch (e) { got = `(throws ${e.message})`; }
	check(got === want, `${n}: ${show(input)}`, [`got: ${show(got)}`, `want: ${show(want)}`]);
});

// Stems by language: the same cases as the C unit test's
let stems = 0;
readFileSync(`${here}stems.txt`, 'utf8').split('\n').forEach((line, i) => {
	if (line === '' || line.startsWith('#')) return;
	const [lang, token, want] = line.split('\t');
	if (want === undefined) { check(false, `stems.txt line ${i + 1} has not three fields`); return; }
	let got;
	try { got = stem(token, lang); } catch (e) { got = `(throws ${e.message})`; }
	check(got === want, `stem of ${lang} ${token}`, [`got: ${got}`, `want: ${want}`]);
	stems++;
});
check(stems >= 100, `stems.txt has its cases (${stems})`);

// decodePostings: n = (doc - prev - 1) << 1 | inTitle, base-64 VLQ, least significant 5 bits first
const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
for (const [str, docs, title, what] of [
	['', [], [], 'empty'],
	['A', [0], [0], 'n=0: doc 0, not in title'],
	['B', [0], [1], 'n=1: doc 0 in title'],
	['AAA', [0, 1, 2], [0, 0, 0], 'consecutive docs'],
	['CDE', [1, 3, 6], [0, 1, 0], 'gaps 2, 2 (title), 3'],
	['f', [15], [1], 'n=31: the largest one-digit number'],
	['gB', [16], [0], 'n=32: two digits'],
	['hBA', [16, 17], [1, 0], 'n=33 then 0'],
	['ggB', [512], [0], 'n=1024: three digits'],
	['/f', [511], [1], 'n=1023: two digits, all ones'],
	['BgBB', [0, 17, 17 + 1], [1, 0, 1], 'mixed lengths'],
]) {
	let d;
	try { d = decodePostings(str); } catch (e) { d = { docs: [], title: [], error: e.message }; }
	const ok = d.docs instanceof Int32Array && d.title instanceof Uint8Array &&
		same([...d.docs], docs) && same([...d.title], title);
	check(ok, `decodePostings "${str}": ${what}`,
		[`got: docs ${[...d.docs]} title ${[...d.title]}${d.error ? ` (${d.error})` : ''}`, `want: docs ${docs} title ${title}`]);
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
