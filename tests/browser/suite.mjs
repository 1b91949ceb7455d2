// End-to-end checks of a built scorecard site in headless Chromium.
//
//   node tests/browser/suite.mjs SITE_DIR [--no-sample-data]
//
// SITE_DIR is a site already built by `scorecard build`; this script builds
// nothing. It serves the folder on 127.0.0.1 (a free port) with the small
// static server below and checks, on the overview, a platform report, an
// action page, the methodology, the search page, an extra page, the 404 page
// and each edition's permalink overview (and, for axe, a platform's embed):
//   1. axe-core, WCAG 2.0/2.1/2.2 A and AA rules: no violation (desktop and
//      phone), the search page also with results shown;
//   2. at 360×740: no horizontal scrolling of the page; the comparison matrix
//      scrolls inside its own box with its first column sticky;
//   3. with JavaScript off: main, h1 and the navigation links are there;
//   4. keyboard: skip link first and visibly focused, Enter moves focus to
//      main, then Tab/Enter alone from overview to a report, to an action
//      page, to the methodology; on the search page of each language, Tab to
//      the box, type a platform's name, Tab to its result, Enter opens the
//      report (and with JavaScript off the page lists every report instead);
//   5. a platform report printed to PDF holds its name, every action title and
//      every source URL, and none of the navigation;
//   6. screenshots (1280×900 and 360×740, full page) into $SCREENSHOT_DIR
//      (default target/browser-screenshots/), and the sample-data banner is
//      visible on every page (absent with --no-sample-data).
// A site in several languages (its pages list `hreflang` alternates) also has
// the overview, a platform report, an action page, the methodology and the
// search page of each other language checked by 1, 2, 3 and 6 (`/ar/…`, and
// its embed by 1), each page's `lang` and,
// for a right-to-left language, `dir="rtl"` with the matrix scrolling the
// other way.
// One line per check, then `N passed, M failed`; exit status 1 on any failure.
//
// Environment: CHROMIUM_PATH (default /usr/bin/chromium), SCREENSHOT_DIR.

import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const AXE_SOURCE = require.resolve('axe-core/axe.min.js');

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SHOTS = path.resolve(process.env.SCREENSHOT_DIR || path.join(REPO, 'target', 'browser-screenshots'));
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740 };
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const MAX_TABS = 200;
const SUITE_TIMEOUT_MS = 10 * 60 * 1000;

// ---------------------------------------------------------------- arguments

const args = process.argv.slice(2);
const siteArg = args.find((a) => !a.startsWith('--'));
const unknown = args.filter((a) => a.startsWith('--') && a !== '--no-sample-data' && a !== '--sample-data');
if (!siteArg || unknown.length) {
  console.error('usage: node tests/browser/suite.mjs SITE_DIR [--no-sample-data]');
  process.exit(2);
}
const SITE = fs.realpathSync(path.resolve(siteArg));
const EXPECT_BANNER = !args.includes('--no-sample-data');
if (!fs.existsSync(path.join(SITE, 'index.html'))) {
  console.error(`${SITE} has no index.html: build the site first`);
  process.exit(2);
}

// ---------------------------------------------------------------- reporting

let passed = 0;
let failed = 0;
const started = Date.now();

function pass(name, detail = '') {
  passed += 1;
  console.log(`ok   ${name}${detail ? ` (${detail})` : ''}`);
}

function fail(name, detail) {
  failed += 1;
  console.log(`FAIL ${name}`);
  for (const line of String(detail).split('\n')) console.log(`       ${line}`);
}

/** Runs one check; `fn` returns a detail string on success and throws on failure. */
async function check(name, fn) {
  try {
    const detail = await fn();
    pass(name, detail || '');
  } catch (e) {
    fail(name, e && e.stack && !(e instanceof CheckError) ? e.stack : e.message || e);
  }
}

class CheckError extends Error {}
function assert(condition, message) {
  if (!condition) throw new CheckError(message);
}

// ---------------------------------------------------------------- static server

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file inside SITE that `urlPath` names, or null: never a file outside it. */
function resolveFile(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  let file = path.resolve(SITE, '.' + path.posix.normalize('/' + decoded));
  try {
    if (fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    const real = fs.realpathSync(file);
    if (real !== SITE && !real.startsWith(SITE + path.sep)) return null;
    return fs.statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}

function serve() {
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://127.0.0.1');
    let file = req.method === 'GET' || req.method === 'HEAD' ? resolveFile(pathname) : null;
    let status = 200;
    if (!file) {
      status = 404;
      file = resolveFile('/404.html');
    }
    const headers = { 'content-type': TYPES[path.extname(file || '')] || 'application/octet-stream' };
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(status, headers);
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// ---------------------------------------------------------------- the pages

function subdirs(dir) {
  try {
    return fs
      .readdirSync(path.join(SITE, dir), { withFileTypes: true })
      .filter((e) => e.isDirectory() && fs.existsSync(path.join(SITE, dir, e.name, 'index.html')))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

function firstOf(dir, what) {
  const found = subdirs(dir);
  if (!found.length) {
    fail(`the site has a ${what}`, `nothing under ${dir}/`);
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(1);
  }
  return `/${dir}/${found[0]}/`;
}

/** The site's public base URL, ending in `/`, read from the 404 page's canonical link. */
function publicBase() {
  const html = fs.readFileSync(path.join(SITE, '404.html'), 'utf8');
  const m = html.match(/<link rel="canonical" href="([^"]+\/)404\.html">/);
  return m ? m[1] : null;
}
// The 404 page links by absolute URL (it answers at any depth): requests for
// the public base URL are answered from the folder, as if deployed there.
const PUBLIC = publicBase();

const PLATFORM = firstOf('platforms', 'platform report');
const ACTION = firstOf('actions', 'action page');
const OVERVIEW = { name: 'overview', path: '/' };
const PAGES = [
  OVERVIEW,
  { name: 'platform', path: PLATFORM },
  { name: 'action', path: ACTION },
  { name: 'methodology', path: '/methodology/' },
  { name: 'search', path: '/search/' },
  { name: '404', path: '/404.html' },
];
const SEARCH = PAGES[4];
const EXTRA = subdirs('pages');
// The site's languages, from the root page's hreflang alternates: the default
// first. Each other language is built under /<lang>/.
const LANGUAGES = [...fs.readFileSync(path.join(SITE, 'index.html'), 'utf8').matchAll(/<link rel="alternate" hreflang="([^"]+)"/g)]
  .map((m) => m[1])
  .filter((tag) => tag !== 'x-default');
const OTHER_LANGUAGES = LANGUAGES.slice(1);
const RTL = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb']);
const isRtl = (tag) => RTL.has(tag.split('-')[0]);
const EDITIONS = subdirs('.').filter(
  (d) => !LANGUAGES.includes(d) && fs.existsSync(path.join(SITE, d, 'methodology', 'index.html')),
);
// The main kinds of page in every other language.
const LANGUAGE_PAGES = OTHER_LANGUAGES.flatMap((tag) =>
  [OVERVIEW, PAGES[1], PAGES[2], PAGES[3], SEARCH].map((p) => ({ name: `${tag}-${p.name}`, path: `/${tag}${p.path}`, lang: tag })),
);
// Where each language's pages are: the root, then /<lang>/ for the others.
const TREES = ['', ...OTHER_LANGUAGES.map((tag) => `/${tag}`)];
// A platform's chart alone, for an iframe: at the newest edition's permalink
// of each language.
const EMBEDS = TREES.flatMap((prefix) =>
  EDITIONS.slice(-1)
    .map((e) => ({ name: `embed${prefix}`, path: `${prefix}/${e}${PLATFORM}embed/` }))
    .filter((p) => fs.existsSync(path.join(SITE, p.path, 'index.html'))),
);
// Every page of check 3: the above, an extra page, each edition's overview and
// the pages of the other languages.
const NO_JS_PAGES = [
  ...PAGES,
  ...EXTRA.slice(0, 1).map((p) => ({ name: `page-${p}`, path: `/pages/${p}/` })),
  ...EDITIONS.map((e) => ({ name: `edition-${e}`, path: `/${e}/` })),
  ...LANGUAGE_PAGES,
];

// ---------------------------------------------------------------- offline

// Every request is for the local server, or for the public base URL (answered
// from the folder); anything else is recorded and refused, so that the suite
// never reaches the network and a third-party resource is a failure.
const external = new Set();
let mapped = 0;

async function offline(context, local) {
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith(local + '/')) return route.continue();
    if (PUBLIC && url.startsWith(PUBLIC)) {
      mapped += 1;
      const file = resolveFile('/' + new URL(url).pathname.slice(new URL(PUBLIC).pathname.length));
      return route.fulfill(file ? { path: file } : { status: 404, path: resolveFile('/404.html') });
    }
    external.add(url);
    return route.abort('blockedbyclient');
  });
}

// ---------------------------------------------------------------- the checks

async function axeCheck(context, base, p, label) {
  await check(`axe WCAG 2.2 A/AA, ${label}: ${p.path}`, async () => {
    const page = await context.newPage();
    try {
      await page.goto(base + p.path);
      await page.addScriptTag({ path: AXE_SOURCE });
      const result = await page.evaluate(
        (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
        WCAG_TAGS,
      );
      const lines = [];
      for (const v of result.violations) {
        lines.push(`${v.id} [${v.impact}] ${v.help} (${v.helpUrl})`);
        for (const node of v.nodes) {
          lines.push(`  at ${node.target.join(' ')}`);
          lines.push(`     ${node.html.slice(0, 200)}`);
          for (const s of (node.failureSummary || '').split('\n')) lines.push(`     ${s}`);
        }
      }
      assert(!result.violations.length, `${result.violations.length} violation(s):\n${lines.join('\n')}`);
      return `${result.passes.length} rules passed, 0 violations`;
    } finally {
      await page.close();
    }
  });
}

async function phoneLayoutCheck(context, base, p) {
  await check(`phone 360×740, no horizontal page scroll: ${p.path}`, async () => {
    const page = await context.newPage();
    try {
      await page.goto(base + p.path);
      // A phone widens the layout viewport to fit content that overflows, so
      // innerWidth itself must still be the phone's width.
      const m = await page.evaluate((width) => ({
        scroll: document.documentElement.scrollWidth,
        inner: window.innerWidth,
        wide: [...document.querySelectorAll('body *')]
          .filter((e) => !e.closest('.table-scroll') && !e.closest('.visually-hidden') && !e.closest('.skip-link'))
          .filter((e) => e.getBoundingClientRect().right > width + 0.5)
          .slice(0, 5)
          .map((e) => `<${e.tagName.toLowerCase()} class="${e.className.baseVal ?? e.className}"> ends at ${Math.round(e.getBoundingClientRect().right)}px`),
      }), PHONE.width);
      const detail = m.wide.length ? `; too wide: ${m.wide.join(', ')}` : '';
      assert(m.inner === PHONE.width, `the layout viewport grew to ${m.inner}px to fit the page${detail}`);
      assert(m.scroll <= m.inner, `page is ${m.scroll}px wide in a ${m.inner}px viewport${detail}`);
      assert(!m.wide.length, `elements stick out of the viewport${detail}`);
      return `scrollWidth ${m.scroll} <= innerWidth ${m.inner}`;
    } finally {
      await page.close();
    }
  });
}

async function matrixCheck(context, base, overview = '/') {
  await check(`phone 360×740, matrix scrolls in its own box with a sticky first column: ${overview}`, async () => {
    const page = await context.newPage();
    try {
      await page.goto(base + overview);
      const m = await page.evaluate(async () => {
        // Right to left, the names sit at the right and the matrix scrolls leftwards.
        const rtl = getComputedStyle(document.documentElement).direction === 'rtl';
        const box = document.querySelector('.matrix-scroll');
        if (!box) return { missing: true };
        const firstHead = box.querySelector('tbody th');
        const corner = box.querySelector('thead th');
        const out = {
          pageScroll: document.documentElement.scrollWidth,
          inner: window.innerWidth,
          scrollWidth: box.scrollWidth,
          clientWidth: box.clientWidth,
          overflowX: getComputedStyle(box).overflowX,
          position: getComputedStyle(firstHead).position,
          cornerPosition: getComputedStyle(corner).position,
        };
        // Scroll the matrix to its far end: the platform names must stay in view.
        box.scrollIntoView({ block: 'center' });
        const edge = (el) => (rtl ? el.getBoundingClientRect().right : el.getBoundingClientRect().left);
        const boxEdge = edge(box) + (rtl ? -box.clientLeft : box.clientLeft);
        box.scrollLeft = rtl ? -box.scrollWidth : box.scrollWidth;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        out.scrolledBy = Math.abs(box.scrollLeft);
        out.headOffset = Math.round(edge(firstHead) - boxEdge);
        // Nothing paints over the sticky names: the topmost element at their middle is inside them.
        const r = firstHead.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        out.headOnTop = !!hit && firstHead.contains(hit);
        out.headBackground = getComputedStyle(firstHead).backgroundColor;
        return out;
      });
      assert(!m.missing, 'no .matrix-scroll on the overview');
      assert(m.pageScroll <= m.inner, `the page itself scrolls sideways (${m.pageScroll} > ${m.inner})`);
      assert(m.scrollWidth > m.clientWidth, `the matrix fits (${m.scrollWidth} <= ${m.clientWidth}): nothing to scroll at 360px`);
      assert(['auto', 'scroll'].includes(m.overflowX), `.matrix-scroll overflow-x is ${m.overflowX}`);
      assert(m.position === 'sticky', `platform names are position: ${m.position}, not sticky`);
      assert(m.cornerPosition === 'sticky', `the corner header is position: ${m.cornerPosition}, not sticky`);
      assert(m.scrolledBy > 0, 'the matrix did not scroll');
      assert(Math.abs(m.headOffset) <= 1, `after scrolling ${m.scrolledBy}px the platform names moved by ${m.headOffset}px`);
      assert(m.headOnTop, 'scrolled cells paint over the sticky platform names');
      assert(!/rgba\(0, 0, 0, 0\)|transparent/.test(m.headBackground), 'sticky names have a transparent background');
      return `box ${m.clientWidth}px shows ${m.scrollWidth}px; names stay put after scrolling ${m.scrolledBy}px`;
    } finally {
      await page.close();
    }
  });
}

async function noJsCheck(context, base, p) {
  await check(`JavaScript off, main, h1 and navigation present: ${p.path}`, async () => {
    const page = await context.newPage();
    try {
      const response = await page.goto(base + p.path);
      assert(response.status() === 200, `HTTP ${response.status()}`);
      const main = page.locator('main');
      assert((await main.count()) === 1, `${await main.count()} main elements`);
      assert((await main.innerText()).trim().length > 0, 'main is empty');
      const h1 = page.locator('h1');
      assert((await h1.count()) === 1, `${await h1.count()} h1 elements`);
      const title = (await h1.innerText()).replace(/\s+/g, ' ').trim();
      assert(title.length > 0 && (await h1.isVisible()), 'h1 is empty or hidden');
      const nav = page.locator('nav.site-nav a[href]');
      const labels = (await nav.allInnerTexts()).map((t) => t.trim());
      // In any language: the first two links lead to an overview and a methodology.
      const hrefs = await nav.evaluateAll((links) => links.map((a) => a.getAttribute('href')));
      assert(
        hrefs.length >= 2 && /(^|\/)index\.html$/.test(hrefs[0]) && /methodology\/index\.html$/.test(hrefs[1]),
        `navigation links: ${JSON.stringify(labels)} → ${JSON.stringify(hrefs)}`,
      );
      for (const label of labels) assert(label.length > 0, 'an empty navigation link');
      assert(await nav.first().isVisible(), 'navigation is hidden');
      return `h1 "${title}", ${labels.length} nav links`;
    } finally {
      await page.close();
    }
  });
}

async function missingCheck(context, base) {
  await check('a missing URL answers 404 with the styled 404 page: /no/such/page/', async () => {
    const page = await context.newPage();
    try {
      const response = await page.goto(base + '/no/such/page/');
      assert(response.status() === 404, `HTTP ${response.status()}`);
      const expected = fs.readFileSync(path.join(SITE, '404.html'), 'utf8').match(/<h1>([^<]*)<\/h1>/);
      const h1 = (await page.locator('h1').innerText()).trim();
      assert(!expected || h1 === expected[1].trim(), `h1 "${h1}"`);
      const styled = await page.evaluate(() => getComputedStyle(document.querySelector('.skip-link')).position === 'absolute');
      assert(styled, 'the stylesheet did not load');
      return `h1 "${h1}", stylesheet loaded`;
    } finally {
      await page.close();
    }
  });
}

async function languageCheck(context, base, p) {
  const rtl = isRtl(p.lang);
  await check(`lang="${p.lang}"${rtl ? ' dir="rtl"' : ''} and a language switcher: ${p.path}`, async () => {
    const page = await context.newPage();
    try {
      const response = await page.goto(base + p.path);
      assert(response.status() === 200, `HTTP ${response.status()}`);
      const html = await page.evaluate(() => ({
        lang: document.documentElement.lang,
        dir: getComputedStyle(document.documentElement).direction,
        switcher: [...document.querySelectorAll('nav.language-nav a')].map((a) => ({
          lang: a.lang,
          hreflang: a.hreflang,
          current: a.getAttribute('aria-current'),
        })),
        chart: document.querySelector('svg.chart') ? getComputedStyle(document.querySelector('svg.chart')).direction : null,
      }));
      assert(html.lang === p.lang, `<html lang="${html.lang}">`);
      assert(html.dir === (rtl ? 'rtl' : 'ltr'), `direction ${html.dir}`);
      assert(html.chart === null || html.chart === html.dir, `the chart reads ${html.chart}`);
      const langs = html.switcher.map((l) => l.lang);
      assert(JSON.stringify(langs) === JSON.stringify(LANGUAGES), `switcher languages ${JSON.stringify(langs)}`);
      assert(html.switcher.every((l) => l.hreflang === l.lang), 'a switcher link without its hreflang');
      const current = html.switcher.filter((l) => l.current).map((l) => l.lang);
      assert(JSON.stringify(current) === JSON.stringify([p.lang]), `current language ${JSON.stringify(current)}`);
      return `${html.dir}, switcher ${langs.join(' ')}`;
    } finally {
      await page.close();
    }
  });
}

async function searchCheck(context, base, prefix) {
  const at = `${prefix}/search/`;
  await check(`search: Tab to the box, type a platform name, Tab to its result and Enter opens its report; axe with results: ${at}`, async () => {
    const page = await context.newPage();
    try {
      await page.goto(base + at);
      // The first report of the lists; results lead to it at the edition
      // permalink, where the index is.
      const target = await page.evaluate(() => {
        const a = document.querySelector('#lists-heading').parentElement.querySelector('ul a');
        const index = new URL(document.getElementById('search-form').dataset.index, document.baseURI);
        const report = a.getAttribute('href').replace(/^.*platforms\//, 'platforms/');
        return { name: a.textContent.trim(), path: new URL(report, index).pathname };
      });
      const presses = await tabTo(page, () => document.activeElement && document.activeElement.id === 'search-input', null, 'the search box');
      await page.keyboard.type(target.name);
      await page.waitForSelector('#search-results li a', { timeout: 10_000 });
      const shown = await page.evaluate(() => ({
        first: [...document.querySelectorAll('#search-results li a')].map((a) => ({ text: a.textContent.trim(), path: new URL(a.href).pathname })),
        status: document.getElementById('search-status').textContent.trim(),
      }));
      const hit = shown.first.find((r) => r.path === target.path);
      assert(hit, `no result links to ${target.path}: ${JSON.stringify(shown.first.slice(0, 5))}`);
      assert(shown.first[0].path === target.path, `the first result is ${shown.first[0].path}, not the report`);
      assert(/[0-9]/.test(shown.status) && shown.status.includes(target.name), `the live status says "${shown.status}"`);
      assert(!/[{}]/.test(shown.status), `a placeholder left in "${shown.status}"`);
      await page.addScriptTag({ path: AXE_SOURCE });
      const result = await page.evaluate(
        (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
        WCAG_TAGS,
      );
      const ids = result.violations.map((v) => `${v.id} (${v.nodes.length})`);
      assert(!ids.length, `axe with the results shown: ${ids.join(', ')}`);
      const isLink = (p) => {
        const e = document.activeElement;
        return !!e && e.tagName === 'A' && new URL(e.href).pathname === p;
      };
      await tabTo(page, isLink, target.path, `the result for ${target.name}`);
      await Promise.all([page.waitForURL((u) => u.pathname === target.path), page.keyboard.press('Enter')]);
      return `${presses} Tab presses to the box; "${target.name}": ${shown.status}; Enter opened ${target.path}`;
    } finally {
      await page.close();
    }
  });
}

async function searchNoJsCheck(context, base, prefix) {
  const at = `${prefix}/search/`;
  await check(`search with JavaScript off: no form, and lists that link every platform report: ${at}`, async () => {
    const page = await context.newPage();
    try {
      await page.goto(base + at);
      assert(!(await page.locator('#search-form').isVisible()), 'the search form shows without its script');
      const reports = await page.evaluate(() =>
        [...document.querySelectorAll('main a[href]')].map((a) => new URL(a.href).pathname).filter((p) => /\/platforms\/[^/]+\/(index\.html)?$/.test(p)),
      );
      for (const slug of subdirs('platforms')) assert(reports.some((p) => p.includes(`/platforms/${slug}/`)), `no link to the ${slug} report`);
      return `${reports.length} report links`;
    } finally {
      await page.close();
    }
  });
}

/** Presses Tab until the focused element matches `wanted` (an in-page predicate on it). */
async function tabTo(page, wanted, arg, what) {
  for (let i = 1; i <= MAX_TABS; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(wanted, arg)) return i;
  }
  throw new CheckError(`${what} not reached in ${MAX_TABS} presses of Tab`);
}

async function keyboardChecks(context, base) {
  const page = await context.newPage();
  try {
    await page.goto(base + '/');
    await check('keyboard: first Tab focuses a visible skip link', async () => {
      await page.keyboard.press('Tab');
      const f = await page.evaluate(() => {
        const e = document.activeElement;
        const s = getComputedStyle(e);
        const r = e.getBoundingClientRect();
        return {
          cls: e.className,
          text: e.textContent.trim(),
          href: e.getAttribute('href'),
          outline: s.outlineStyle,
          outlineWidth: parseFloat(s.outlineWidth),
          shadow: s.boxShadow,
          inView: r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth,
        };
      });
      assert(f.cls.includes('skip-link'), `focused ${f.cls || 'an element'} "${f.text}"`);
      assert(f.text === 'Skip to content', `skip link says "${f.text}"`);
      assert(f.href === '#main', `skip link goes to ${f.href}`);
      assert(f.inView, 'the focused skip link is not on screen');
      const ring = (f.outline !== 'none' && f.outlineWidth > 0) || (f.shadow && f.shadow !== 'none');
      assert(ring, `no visible focus indicator (outline ${f.outline}, box-shadow ${f.shadow})`);
      return `outline ${f.outline} ${f.outlineWidth}px`;
    });
    await check('keyboard: Enter on the skip link moves focus to main', async () => {
      await page.keyboard.press('Enter');
      const tag = await page.evaluate(() => document.activeElement && document.activeElement.id);
      assert(tag === 'main', `focus is on #${tag}`);
      return 'document.activeElement is main#main';
    });

    const isLinkTo = (target) => {
      const e = document.activeElement;
      return !!e && e.tagName === 'A' && new URL(e.href).pathname.replace(/index\.html$/, '') === target;
    };
    const steps = [
      { from: '/', to: PLATFORM, what: 'a platform report' },
      { from: PLATFORM, to: ACTION, what: 'an action page' },
      { from: ACTION, to: '/methodology/', what: 'the methodology' },
    ];
    for (const step of steps) {
      await check(`keyboard: Tab/Enter from ${step.from} to ${step.what} ${step.to}`, async () => {
        assert(new URL(page.url()).pathname.replace(/index\.html$/, '') === step.from, `on ${page.url()}`);
        const presses = await tabTo(page, isLinkTo, step.to, `a link to ${step.to}`);
        await Promise.all([page.waitForURL((u) => u.pathname.replace(/index\.html$/, '') === step.to), page.keyboard.press('Enter')]);
        return `${presses} Tab presses, then Enter`;
      });
    }
  } finally {
    await page.close();
  }
}

function pdfText(file) {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

async function printCheck(context, base) {
  await check(`print: platform report to PDF holds the report and no navigation: ${PLATFORM}`, async () => {
    const page = await context.newPage();
    try {
      await page.goto(base + PLATFORM);
      const facts = await page.evaluate(() => ({
        name: document.querySelector('h1').textContent.trim(),
        actions: [...document.querySelectorAll('section.action > h2')].map((h) => {
          const copy = h.cloneNode(true);
          copy.querySelector('.action-number')?.remove();
          return copy.textContent.trim();
        }),
        sources: [...new Set([...document.querySelectorAll('.source a.source-title')].map((a) => a.getAttribute('href')))],
        skip: document.querySelector('.skip-link')?.textContent.trim(),
        nav: [...document.querySelectorAll('.site-nav a')].map((a) => a.textContent.trim()),
        main: document.querySelector('main').textContent.replace(/\s+/g, ' '),
      }));
      fs.mkdirSync(SHOTS, { recursive: true });
      const file = path.join(SHOTS, 'platform-print.pdf');
      await page.pdf({ path: file, format: 'A4', printBackground: true });
      const text = pdfText(file);
      const flat = text.replace(/\s+/g, ' ');
      const bare = text.replace(/\s+/g, '');
      const problems = [];
      if (!flat.includes(facts.name)) problems.push(`no platform name "${facts.name}"`);
      assert(facts.actions.length > 0, 'the report has no action sections');
      for (const t of facts.actions) if (!flat.includes(t)) problems.push(`no action title "${t}"`);
      assert(facts.sources.length > 0, 'the report cites no source');
      // Long URLs wrap in print: compare with all white space removed.
      for (const u of facts.sources) if (!bare.includes(u.replace(/\s+/g, ''))) problems.push(`no source URL ${u}`);
      if (facts.skip && flat.includes(facts.skip)) problems.push(`the skip link "${facts.skip}" is printed`);
      if (facts.nav.length > 1 && flat.includes(facts.nav.join(' '))) problems.push(`the menu "${facts.nav.join(' ')}" is printed`);
      // A label that the report's own text also uses may appear; the menu must not.
      const strict = facts.nav.filter((label) => !facts.main.includes(label));
      for (const label of strict) if (flat.includes(label)) problems.push(`the menu label "${label}" is printed`);
      assert(!problems.length, problems.join('\n'));
      const pages = (text.match(/\f/g) || []).length;
      return `${pages} pages; name, ${facts.actions.length} action titles, ${facts.sources.length} source URLs; no skip link, none of ${strict.length} menu labels`;
    } finally {
      await page.close();
    }
  });
}

async function screenshotChecks(browser, base) {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const [device, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    await offline(context, base);
    try {
      for (const p of NO_JS_PAGES) {
        await check(`screenshot ${device} ${viewport.width}×${viewport.height}, sample-data banner ${EXPECT_BANNER ? 'visible' : 'absent'}: ${p.path}`, async () => {
          const page = await context.newPage();
          try {
            await page.goto(base + p.path);
            const file = path.join(SHOTS, `${p.name}-${device}.png`);
            await page.screenshot({ path: file, fullPage: true });
            const banner = page.locator('.sample-banner');
            if (EXPECT_BANNER) {
              assert((await banner.count()) === 1, `${await banner.count()} .sample-banner elements`);
              assert(await banner.isVisible(), 'the sample-data banner is hidden');
              const box = await banner.boundingBox();
              assert(box && box.y < viewport.height && box.height > 0, 'the sample-data banner is not in the first screen');
              const text = (await banner.innerText()).trim();
              const english = (await page.getAttribute('html', 'lang')).startsWith('en');
              assert(english ? /sample data/i.test(text) : text.length > 0, `the banner says "${text}"`);
            } else {
              assert((await banner.count()) === 0, 'a sample-data banner on a site without sample data');
            }
            return path.relative(process.cwd(), file);
          } finally {
            await page.close();
          }
        });
      }
    } finally {
      await context.close();
    }
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const timer = setTimeout(() => {
    console.log(`FAIL the suite did not finish in ${SUITE_TIMEOUT_MS / 1000}s`);
    console.log(`${passed} passed, ${failed + 1} failed`);
    process.exit(1);
  }, SUITE_TIMEOUT_MS);
  timer.unref();

  const server = await serve();
  const base = `http://127.0.0.1:${server.address().port}`;
  console.log(`browser suite: ${SITE} served at ${base}; screenshots in ${SHOTS}`);
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const desktop = await browser.newContext({ viewport: DESKTOP });
    const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const noJs = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false });
    for (const ctx of [desktop, phone, noJs]) {
      ctx.setDefaultTimeout(30_000);
      await offline(ctx, base);
    }

    // 1. Accessibility.
    for (const p of [...NO_JS_PAGES, ...EMBEDS]) await axeCheck(desktop, base, p, 'desktop');
    for (const p of [...PAGES, ...EMBEDS]) await axeCheck(phone, base, p, 'phone');
    // 2. Phones.
    for (const p of NO_JS_PAGES) await phoneLayoutCheck(phone, base, p);
    await matrixCheck(phone, base);
    for (const tag of OTHER_LANGUAGES) await matrixCheck(phone, base, `/${tag}/`);
    for (const p of LANGUAGE_PAGES) await languageCheck(desktop, base, p);
    // 3. No JavaScript.
    for (const p of NO_JS_PAGES) await noJsCheck(noJs, base, p);
    await missingCheck(noJs, base);
    for (const prefix of TREES) await searchNoJsCheck(noJs, base, prefix);
    // 4. Keyboard.
    await keyboardChecks(desktop, base);
    for (const prefix of TREES) await searchCheck(desktop, base, prefix);
    // 5. Print.
    await printCheck(desktop, base);
    // 6. Screenshots and the sample-data banner.
    await screenshotChecks(browser, base);
    await check('no request left the site (no third-party resource)', async () => {
      assert(!external.size, `requests refused:\n${[...external].join('\n')}`);
      return `${mapped} requests for ${PUBLIC} answered from the folder`;
    });
  } catch (e) {
    fail('the suite ran to its end', e.stack || e);
  } finally {
    if (browser) await browser.close().catch(() => {});
    server.close();
  }
  console.log(`browser suite took ${((Date.now() - started) / 1000).toFixed(1)}s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
