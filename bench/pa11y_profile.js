// Where pa11y's CPU goes: one mode per process (bench/pa11y_profile.py runs each and reads the CPU time of the
// whole process tree from /proc). A tool for finding what to cut; its figures go into no document.
//
//   node bench/pa11y_profile.js MODE CONFIG.json URL...
//
// MODE:
//   start      launch the browser and close it (nothing else)
//   ci         what pa11y-ci 4 does per URL: a new incognito browser context, a new tab, pa11y(url) in it
//   ci-shared  pa11y-ci with useIncognitoBrowserContext false: a new tab per URL in the one context
//   reuse      one tab for every URL: pa11y(url, {browser, page}) (goto + inject + run in the same tab)
//   newtab     a new incognito context and tab per URL, setViewport + goto only (no pa11y)
//   load       one tab, goto only (networkidle2, as pa11y waits)
//   load-dom   one tab, goto waiting for the load event only
//   inject     one tab, goto + pa11y's runner.js and HTMLCS.js evaluated (not run)
'use strict';

const fs = require('fs');
const path = require('path');
const puppeteer = require('puppeteer');
const pa11y = require('pa11y');

const [mode, configPath, ...urls] = process.argv.slice(2);
const config = JSON.parse(fs.readFileSync(configPath, 'utf8')).defaults;
const pa11yDir = path.dirname(require.resolve('pa11y/package.json'));
const runnerJs = fs.readFileSync(path.join(pa11yDir, 'lib', 'runner.js'), 'utf8');
const htmlcsJs = fs.readFileSync(require.resolve('@pa11y/html_codesniffer/build/HTMLCS.js', {paths: [pa11yDir]}), 'utf8');

async function main() {
	const browser = await puppeteer.launch(config.chromeLaunchConfig);
	const options = {...config};
	delete options.concurrency;
	delete options.chromeLaunchConfig;
	let issues = 0;
	const t0 = Date.now();
	try {
		if (mode === 'start') {
			return;
		}
		let page = null;
		if (['reuse', 'load', 'load-dom', 'inject'].includes(mode)) {
			page = await browser.newPage();
			await page.setViewport(config.viewport);
		}
		for (const url of urls) {
			if (mode === 'ci' || mode === 'ci-shared') {
				const ctx = mode === 'ci' ? await browser.createBrowserContext() : browser;
				const r = await pa11y(url, {...options, browser: ctx});
				issues += r.issues.length;
				if (mode === 'ci') {
					await ctx.close();
				}
			} else if (mode === 'reuse') {
				const r = await pa11y(url, {...options, browser, page});
				issues += r.issues.length;
			} else if (mode === 'newtab') {
				const ctx = await browser.createBrowserContext();
				const p = await ctx.newPage();
				await p.setViewport(config.viewport);
				await p.goto(url, {waitUntil: 'networkidle2'});
				await ctx.close();
			} else if (mode === 'load') {
				await page.goto(url, {waitUntil: 'networkidle2'});
			} else if (mode === 'load-dom') {
				await page.goto(url, {waitUntil: 'load'});
			} else if (mode === 'inject') {
				await page.goto(url, {waitUntil: 'networkidle2'});
				await page.evaluate(runnerJs);
				await page.evaluate(htmlcsJs);
			} else {
				throw new Error(`unknown mode ${mode}`);
			}
		}
	} finally {
		await browser.close();
		console.log(JSON.stringify({mode, pages: urls.length, issues, ms: Date.now() - t0}));
	}
}

main().catch(error => {
	console.error(error);
	process.exit(2);
});
