// The editor's loop of jisite serve, timed (tests/bench/serve.sh): starts `jisite serve` on SITE, measures
// the time until it answers its first request, connects to its event stream as an open page does, then
// EDITS times appends a sentence to FILE's body and measures from the write to the build's event arriving.
// Prints one line: "startup_s median_ms max_ms peak_rss_mb" (peak RSS: VmHWM of serve's process).
//
// usage: node tests/bench/serve_latency.mjs JISITE SITE FILE [EDITS]
import { appendFileSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { startServe } from '../browser/lib.mjs';

const [jisite, site, file, editsArg] = process.argv.slice(2);
const edits = Number(editsArg || 10);
const t0 = performance.now();
const { serve, base } = await startServe(jisite, site);
const stop = () => { try { serve.kill('SIGTERM'); } catch { /* gone */ } };
process.on('exit', stop);
await fetch(base + '/').then(r => r.text());
const startup = (performance.now() - t0) / 1000;

// the event stream, read line by line: each build's event resolves the waiter of its build number
let waiter = null;
await new Promise((resolve, reject) => {
	http.get(base + '/_jisite/events', res => {
		let buf = '';
		res.setEncoding('utf8');
		res.on('data', chunk => {
			buf += chunk;
			let i;
			while ((i = buf.indexOf('\n\n')) >= 0) {
				const block = buf.slice(0, i);
				buf = buf.slice(i + 2);
				const data = block.split('\n').find(l => l.startsWith('data: '));
				if (!data) continue;
				const ev = JSON.parse(data.slice(6));
				if (ev.hello) resolve();
				else if (waiter) waiter(ev);
			}
		});
	}).on('error', reject);
});

const times = [];
for (let i = 1; i <= edits; i++) {
	const arrived = new Promise(resolve => { waiter = resolve; });
	const start = performance.now();
	appendFileSync(file, `\nA sentence added by the benchmark (${i}).\n`);
	const ev = await arrived;
	times.push(performance.now() - start);
	if (!ev.ok) throw new Error(`build ${ev.build} failed: ${ev.diagnostics.join('; ')}`);
	await new Promise(r => setTimeout(r, 150)); // an editor does not save 10 times a second
}
const hwm = readFileSync(`/proc/${serve.pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+) kB/m);
times.sort((a, b) => a - b);
const median = (times[(times.length - 1) >> 1] + times[times.length >> 1]) / 2;
console.log(`${startup.toFixed(2)} ${median.toFixed(0)} ${times[times.length - 1].toFixed(0)} ${(hwm ? hwm[1] / 1024 : 0).toFixed(0)}`);
stop();
process.exit(0);
