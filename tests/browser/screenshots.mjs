// Screenshots to look at before a page is called done (`make screenshots`): the home page, a resource, an
// event and the search page of the Network's site, in English, Arabic and Chinese, at 390×844 (a phone) and
// 1280×900, the first screen of each, as a reader sees it. The site is copied to a temporary folder and
// served by `jisite serve --no-drafts` (the site as published); the files are named PAGE-LANG-WIDTH.png.
//
// usage: node tests/browser/screenshots.mjs JISITE OUT
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, startServe } from './lib.mjs';

const [jisite, out] = process.argv.slice(2);
const first = dir => readdirSync(join('content', dir), { withFileTypes: true }).filter(e => e.isDirectory())
	.map(e => e.name).sort()[0];
const pages = { home: '', resource: `resources/${first('resources')}/`, event: `events/${first('events')}/`,
	search: 'search/' };
const sizes = [[390, 844], [1280, 900]];

const dir = mkdtempSync(join(tmpdir(), 'jisite-screenshots-'));
for (const f of ['content', 'themes', 'translations', 'site.yaml']) cpSync(f, join(dir, f), { recursive: true });
mkdirSync(out, { recursive: true });
const { serve, base } = await startServe(jisite, dir, ['--no-drafts']);
const browser = await launch();
let written = 0;
try {
	for (const [width, height] of sizes) {
		const page = await browser.newPage({ viewport: { width, height } });
		for (const lang of ['en', 'ar', 'zh']) {
			for (const [name, path] of Object.entries(pages)) {
				const response = await page.goto(`${base}/${lang}/${path}`, { waitUntil: 'load' });
				if (!response || response.status() !== 200)
					throw new Error(`${lang}/${path}: status ${response && response.status()}`);
				await page.screenshot({ path: join(out, `${name}-${lang}-${width}.png`) });
				written++;
			}
		}
		await page.close();
	}
} finally {
	await browser.close();
	serve.kill('SIGTERM');
	rmSync(dir, { recursive: true, force: true });
}
console.log(`${written} screenshots in ${out}/: ${Object.keys(pages).join(', ')} in en, ar, zh at 390 and 1280 px`);
