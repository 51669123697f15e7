// pa11y's in-page part, as pa11y itself would put it into a page, for the runner's own browser (pa11y_page.py).
//
//   node tests/accessibility/pa11y_bundle.js tests/accessibility/pa11y-ci.json
//
// Prints one JSON object: {script, options, versions}.
// * script: pa11y's client runner (pa11y/lib/runner.js) followed by each configured runner's bundle, made
//   exactly as pa11y 9's loadRunnerScript makes it (the runner's `scripts`, joined, then its `run` function
//   registered on window.__pa11y.runners); that function is not exported, so its five lines are repeated here.
// * options: what pa11y passes to window.__pa11y.run in the page (pa11y.js runPa11yWithOptions), from the
//   config's `defaults` completed by pa11y's own option.parseArguments (its defaults, `ignore` lower-cased,
//   warnings and notices ignored unless included).
// * versions: of pa11y and each runner's scripts.
// Everything comes from the pinned pa11y that pa11y-ci depends on (node_modules/pa11y).
'use strict';

const fs = require('fs');
const path = require('path');

const pa11yDir = path.dirname(require.resolve('pa11y/package.json'));
const pa11y = require('pa11y');
const option = require(path.join(pa11yDir, 'lib', 'option'));
const {version: pa11yVersion} = require(path.join(pa11yDir, 'package.json'));

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')).defaults || {};
const [, options] = option.parseArguments('http://127.0.0.1/', config, pa11y.defaults);
option.verifyOptions(options, pa11y.allowedStandards);

const semver = require(require.resolve('semver', {paths: [pa11yDir]}));
const parts = [fs.readFileSync(path.join(pa11yDir, 'lib', 'runner.js'), 'utf-8')];
const versions = {pa11y: pa11yVersion};
for (const name of options.runners) {
	if (!['axe', 'htmlcs'].includes(name)) {
		throw new Error(`runner ${name}: only pa11y's built-in runners are supported here`);
	}
	const {scripts, supports, run} = require(path.join(pa11yDir, 'lib', 'runners', name));
	if (!supports || !semver.satisfies(pa11yVersion, supports)) {
		throw new Error(`The installed "${name}" runner does not support Pa11y ${pa11yVersion}`);
	}
	const runnerBundle = scripts.map(script => fs.readFileSync(script, 'utf-8')).join('\n\n');
	parts.push(`
		;${runnerBundle};
		;window.__pa11y.runners[${JSON.stringify(name)}] = ${run.toString()};
	`);
	for (const script of scripts) {
		let dir = path.dirname(script);
		while (!fs.existsSync(path.join(dir, 'package.json')) && dir !== path.dirname(dir)) {
			dir = path.dirname(dir);
		}
		const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
		versions[pkg.name] = pkg.version;
	}
}

const {hideElements, ignore, levelCapWhenNeedsReview, rootElement, rules, runners, standard, wait} = options;
process.stdout.write(JSON.stringify({
	script: parts,
	options: {pa11yVersion, hideElements, ignore, levelCapWhenNeedsReview, rootElement, rules, runners, standard, wait},
	viewport: options.viewport,
	userAgent: options.userAgent,
	versions
}));
