// How fast the search page answers, for `make bench`: headless Chromium (Debian's, through playwright-core)
// opens PUBLIC/<lang>/search/index.html from disk, with the CPU slowed down 4 times (DevTools' CPU
// throttling), waits for the index, then types queries a key at a time. A keystroke's time runs from its
// keydown event to the frame that shows its results (search.js's "jisite:searched" event, then the next
// animation frame and the task after it).
//
//   node tests/bench/search_latency.mjs PUBLIC LANG [QUERY...]
//
// Prints one line: "search LANG: load MS ms, N keystrokes, median MS ms, worst MS ms".
import { launch } from '../browser/lib.mjs';
import { pathToFileURL } from 'node:url';
import { join, resolve } from 'node:path';

const [publicDir, lang, ...given] = process.argv.slice(2);
if (!publicDir || !lang) {
	console.error('usage: search_latency.mjs PUBLIC LANG [QUERY...]');
	process.exit(2);
}
const queries = given.length ? given : ['judicial integrity', 'court ethics training', 'tr', 'independence 12'];
const browser = await launch();
try {
	const page = await browser.newPage();
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
	const url = pathToFileURL(resolve(join(publicDir, lang, 'search/index.html'))).href;
	const t0 = Date.now();
	await page.goto(url);
	await page.waitForSelector('#search[data-state="ready"]', { timeout: 60000 });
	const load = Date.now() - t0;
	await page.evaluate(() => {
		const q = document.getElementById('search-q'), root = document.getElementById('search');
		let down = 0;
		window.latencies = [];
		q.addEventListener('keydown', e => { down = e.timeStamp; }, true);
		root.addEventListener('jisite:searched', () => {
			if (!down) return; /* cleared by the script, not typed */
			const start = down;
			down = 0;
			requestAnimationFrame(() => {
				const ch = new MessageChannel();
				ch.port1.onmessage = () => window.latencies.push(performance.now() - start);
				ch.port2.postMessage(0);
			});
		});
	});
	let typed = 0;
	for (const query of queries) {
		await page.fill('#search-q', '');
		await page.focus('#search-q');
		for (const ch of query) {
			await page.keyboard.press(ch === ' ' ? 'Space' : ch);
			typed++;
			await page.waitForFunction(n => window.latencies.length >= n, typed, { timeout: 30000 });
		}
	}
	const times = (await page.evaluate(() => window.latencies)).sort((a, b) => a - b);
	const median = times[Math.floor(times.length / 2)], worst = times[times.length - 1];
	console.log(`search ${lang}: load ${load} ms, ${times.length} keystrokes, median ${median.toFixed(1)} ms, ` +
		`worst ${worst.toFixed(1)} ms`);
} finally {
	await browser.close();
}
