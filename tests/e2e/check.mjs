// End-to-end check of the built site behind a real server, in a real browser.
//
// scripts/e2e.sh builds the site, serves it with nginx and runs this with:
//   E2E_BASE_URL  the site's base URL on the local server (http://127.0.0.1:PORT/jaarverslag/)
//   E2E_SITE_DIR  the built site on disk (for the Nu HTML checker and the no-JS scan)
//   E2E_TMP       a scratch folder (browser profile, PDF)
//   E2E_CHROMIUM  the browser (default /usr/bin/chromium)
//
// Plain Node, no test framework: every check prints on failure, and the last line is
// `e2e: N passed, M failed`. Exit status 1 on any failure.

import { chromium } from 'playwright-core';
import { readerChecks } from './reader.mjs';
import { embedChecks } from './embed.mjs';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { createHash } from 'node:crypto';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BASE = need('E2E_BASE_URL');
const SITE_DIR = need('E2E_SITE_DIR');
const TMP = process.env.E2E_TMP || fs.mkdtempSync('/tmp/jaarverslag-e2e-');
const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
const SHOTS = process.env.E2E_SCREENSHOTS || path.join(HERE, 'screenshots');
const AXE = path.join(HERE, 'node_modules/axe-core/axe.min.js');
const VNU = path.join(HERE, 'node_modules/vnu-jar/build/dist/vnu.jar');

const BASE_URL = new URL(BASE);
const ORIGIN = BASE_URL.origin;
const BASE_PATH = BASE_URL.pathname;
const HOME_BUDGET = 150_000; // bytes transferred, home page with all its assets
const SHARE_BUDGET = 60_000; // bytes, the share image
const CRAWL_WIDTH = 320; // WCAG 1.4.10 reflow: no sideways scrolling at 320 CSS px
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

function need(name) {
  const v = process.env[name];
  if (!v) {
    console.error(`e2e: ${name} is not set (run scripts/e2e.sh)`);
    process.exit(2);
  }
  return v;
}

// -- results ------------------------------------------------------------------------------

let passed = 0;
const failures = [];
const warnings = [];
const notes = [];
/** Each share image fetched: its name → a hash of its bytes (two pages' must differ). */
const shareImages = new Map();

function check(name, problems) {
  const list = (Array.isArray(problems) ? problems : [problems]).filter(Boolean);
  if (list.length === 0) {
    passed += 1;
    return true;
  }
  failures.push({ name, list });
  console.log(`FAIL ${name}`);
  for (const p of list.slice(0, 25)) console.log(`     ${p}`);
  if (list.length > 25) console.log(`     … and ${list.length - 25} more`);
  return false;
}
const warn = (text) => { warnings.push(text); console.log(`warn ${text}`); };
const note = (text) => { notes.push(text); console.log(`note ${text}`); };

const rel = (url) => (url.startsWith(ORIGIN) ? url.slice(ORIGIN.length) : url);
const kb = (n) => `${(n / 1000).toFixed(1)} kB`;

// -- plain HTTP (what any client gets from nginx) ------------------------------------------

function get(url, { gzip = true, method = 'GET' } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method,
      headers: gzip ? { 'Accept-Encoding': 'gzip' } : {},
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        let body = raw;
        try {
          if (res.headers['content-encoding'] === 'gzip') body = zlib.gunzipSync(raw);
        } catch (e) {
          return reject(new Error(`${url}: bad gzip body: ${e.message}`));
        }
        resolve({ status: res.statusCode, headers: res.headers, raw, body });
      });
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`${url}: timed out`)));
    req.end();
  });
}

// -- the URL space -------------------------------------------------------------------------

/** 'page' (HTML under the base), 'asset' (any other file under the base), 'outside' (this
 *  host, but not under the base path: the base_url was not honoured), 'external', 'bad'. */
function classify(href) {
  let u;
  try { u = new URL(href); } catch { return 'bad'; }
  if (u.protocol === 'mailto:' || u.protocol === 'tel:') return 'external';
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'bad';
  if (u.origin !== ORIGIN) return 'external';
  if (!u.pathname.startsWith(BASE_PATH)) return 'outside';
  if (u.pathname.endsWith('/') || u.pathname.endsWith('.html')) return 'page';
  return 'asset';
}
const stripHash = (href) => href.split('#')[0];

function pageType(url) {
  const p = new URL(url).pathname.slice(BASE_PATH.length);
  if (p === '') return 'home';
  if (p === '404.html' || p.startsWith('bestaat-niet')) return '404';
  if (/^\d{4}\/$/.test(p)) return 'year';
  if (p === 'cijfers/') return 'metric list';
  if (/^cijfers\/[^/]+\/$/.test(p)) return 'metric';
  if (p === 'themas/') return 'theme list';
  if (/^themas\/[^/]+\/$/.test(p)) return 'theme';
  if (p === 'publicaties/') return 'publication list';
  if (/^publicaties\/[^/]+\/$/.test(p)) return 'publication';
  if (/^[^/]+\/$/.test(p)) return 'static page';
  if (isEmbedFile(p)) return 'embed';
  return 'other';
}
const PAGE_TYPES = ['home', 'year', 'metric list', 'metric', 'theme list', 'theme',
  'publication list', 'publication', 'static page', '404', 'embed'];
/** A chart's page for other sites, by its path under the base (the charts' folder of
 *  each language of this site). */
const isEmbedFile = (p) => /^(fr\/)?(grafieken|graphiques)\/[^/]+\.html$/.test(p);

// -- the Nu HTML checker (runs beside the browser) -----------------------------------------

function walk(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out.sort();
}

function vnu(args, files) {
  return new Promise((resolve) => {
    const child = spawn('java', ['-Xss4m', '-jar', VNU, '--errors-only', '--format', 'json',
      ...args, ...files]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', (e) => resolve({ error: e.message, files }));
    child.on('close', (code) => {
      const text = [stderr, stdout].find((t) => t.trim().startsWith('{'));
      if (!text) return resolve({ error: `vnu exited ${code}: ${(stderr + stdout).slice(0, 500)}`, files });
      try {
        resolve({ messages: JSON.parse(text).messages || [], files });
      } catch (e) {
        resolve({ error: `vnu output is not JSON: ${e.message}`, files });
      }
    });
  });
}

function reportVnu(kind, result) {
  if (result.error) return check(`vnu ${kind}: the checker ran`, result.error);
  const byFile = new Map(result.files.map((f) => [f, []]));
  const other = [];
  for (const m of result.messages) {
    if (m.type !== 'error' && m.type !== 'non-document-error') continue;
    const file = m.url ? decodeURIComponent(m.url.replace(/^file:/, '')) : '';
    const text = `${m.lastLine ? `line ${m.lastLine}: ` : ''}${m.message}${m.extract ? ` — ${JSON.stringify(m.extract.trim().slice(0, 120))}` : ''}`;
    if (byFile.has(file)) byFile.get(file).push(text);
    else other.push(`${file}: ${text}`);
  }
  let errors = other.length;
  for (const [file, list] of byFile) {
    errors += list.length;
    check(`vnu ${kind} ${path.relative(SITE_DIR, file)}`, list);
  }
  if (other.length) check(`vnu ${kind}`, other);
  note(`Nu HTML checker, ${kind}: ${result.files.length} files, ${errors} errors`);
  return errors;
}

// -- the site on disk: no JavaScript but the site's own two scripts ---------------------------

// Nothing needs JavaScript to be read. Two things use it, each in a file of the site: the
// copy button of a chart's embed code (static/copy.js, hashed; on every page, the button
// hidden without it), and search (static/search.js, hashed, on the pages with the search
// form, and Pagefind's files under pagefind/). A chart's page for other sites has none.
const SEARCH_SCRIPT = /^<script src="[^"]*\/search\.[0-9a-f]{8}\.js" defer><\/script>$/;
const COPY_SCRIPT = /^<script src="[^"]*\/copy\.[0-9a-f]{8}\.js" defer><\/script>$/;
const isSiteJs = (name) => /^(search|copy)\.[0-9a-f]{8}\.js$/.test(name) || /^pagefind\/pagefind(-worker)?\.js$/.test(name);

function scanForScripts(files) {
  const problems = [];
  for (const f of files) {
    const name = path.relative(SITE_DIR, f);
    if (/\.m?js$/.test(f) && !isSiteJs(name)) problems.push(`${name}: a JavaScript file`);
    if (!/\.(html|svg|xml)$/.test(f)) continue;
    const text = fs.readFileSync(f, 'utf8');
    const scripts = text.match(/<script\b[^>]*>[^<]*<\/script>|<script\b/gi) || [];
    const searchPage = /<form role="search"[^>]*data-search/.test(text);
    const page = /\.html$/.test(f) && !isEmbedFile(name);
    for (const tag of scripts) {
      const allowed = page && (COPY_SCRIPT.test(tag) || (searchPage && SEARCH_SCRIPT.test(tag)));
      if (!allowed) problems.push(`${name}: has a <script> element other than the copy button's and search's: ${tag.slice(0, 80)}`);
    }
    if (/<[^>]*\son[a-z]+\s*=/i.test(text)) problems.push(`${name}: has an on…= event handler attribute`);
    if (/javascript:/i.test(text)) problems.push(`${name}: has a javascript: URL`);
  }
  return problems;
}

// -- in the page -----------------------------------------------------------------------------

/** Everything the test needs from a loaded page, read in one go. */
function readPage() {
  const links = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of ['href', 'src', 'xlink:href', 'poster', 'data', 'action']) {
      const raw = el.getAttribute(attr);
      if (raw === null) continue;
      let abs;
      try { abs = new URL(raw, document.baseURI).href; } catch { abs = `invalid:${raw}`; }
      links.push({ tag: el.tagName.toLowerCase(), attr, raw, abs, rel: el.getAttribute('rel') || '' });
    }
    const srcset = el.getAttribute('srcset');
    if (srcset) {
      for (const part of srcset.split(',')) {
        const raw = part.trim().split(/\s+/)[0];
        if (raw) links.push({ tag: el.tagName.toLowerCase(), attr: 'srcset', raw, abs: new URL(raw, document.baseURI).href, rel: '' });
      }
    }
  }
  const meta = {};
  for (const m of document.querySelectorAll('meta[name], meta[property]')) {
    const key = m.getAttribute('name') || m.getAttribute('property');
    meta[key] = meta[key] === undefined ? m.getAttribute('content') : `${meta[key]}\u0000${m.getAttribute('content')}`;
  }
  const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
  for (const a of document.querySelectorAll('a[name]')) ids.push(a.getAttribute('name'));

  // Sideways scrolling of the page itself, and what causes it.
  const width = document.documentElement.clientWidth;
  const overflow = document.documentElement.scrollWidth - width;
  const culprits = [];
  if (overflow > 0) {
    const scrolls = (el) => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        const ox = getComputedStyle(p).overflowX;
        if (ox === 'auto' || ox === 'scroll' || ox === 'hidden') return true;
      }
      return false;
    };
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right > width + 1 && !scrolls(el)) {
        culprits.push(`<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}> right edge at ${Math.round(r.right)} px`);
      }
    }
  }
  // Regions that scroll sideways must be reachable by keyboard and named.
  const scrollers = [];
  for (const el of document.body.querySelectorAll('*')) {
    const ox = getComputedStyle(el).overflowX;
    if ((ox === 'auto' || ox === 'scroll') && el.scrollWidth > el.clientWidth + 1) {
      scrollers.push({
        what: `<${el.tagName.toLowerCase()} class="${el.className}">`,
        tabindex: el.getAttribute('tabindex'),
        name: el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || '',
        role: el.getAttribute('role') || '',
      });
    }
  }
  return {
    title: document.title,
    lang: document.documentElement.lang,
    canonical: [...document.querySelectorAll('link[rel="canonical"]')].map((l) => l.href),
    h1: document.querySelectorAll('h1').length,
    scripts: [...document.scripts].filter((s) => !/\/copy\.[0-9a-f]{8}\.js$/.test(s.getAttribute('src') || '')
      && !(document.querySelector('form[data-search]')
      && /\/search\.[0-9a-f]{8}\.js$/.test(s.getAttribute('src') || ''))).length,
    allScripts: document.scripts.length,
    noscriptOrHandlers: [...document.querySelectorAll('*')].some((el) =>
      [...el.attributes].some((a) => /^on/i.test(a.name))),
    meta, links, ids, overflow, culprits: culprits.slice(0, 8), scrollers,
    charts: document.querySelectorAll('figure.chart-figure').length,
    embedCodes: [...document.querySelectorAll('details.embed pre code')].map((c) => c.textContent),
  };
}

// -- the run --------------------------------------------------------------------------------

async function main() {
  const t0 = Date.now();
  fs.mkdirSync(SHOTS, { recursive: true });
  const siteFiles = walk(SITE_DIR);
  const htmlFiles = siteFiles.filter((f) => f.endsWith('.html'));
  const svgFiles = siteFiles.filter((f) => f.endsWith('.svg'));
  const cssFiles = siteFiles.filter((f) => f.endsWith('.css'));

  // The Nu checker is a JVM: start it now, read it at the end.
  const vnuRuns = [
    ['HTML', vnu([], htmlFiles)],
    ['SVG', vnu(['--svg'], svgFiles)],
    ['CSS', vnu(['--css'], cssFiles)],
  ];

  check('no JavaScript in the built site but the copy button\'s and search\'s', scanForScripts(siteFiles));

  // Playwright gives every launch a new, empty --user-data-dir under TMPDIR.
  process.env.TMPDIR = TMP;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
  });
  try {
    await homeWeight(browser);
    const crawl = await crawlSite(browser);
    // Every page has its own share image (drawn at build time): they are not all one.
    check('share images differ between pages', shareImages.size < 2
      ? [`only ${shareImages.size} share image(s) fetched`]
      : new Set(shareImages.values()).size < 2 ? ['every page shares the same image'] : []);
    await keyboard(browser);
    await screenshots(browser);
    await print(browser, crawl);
    await readerChecks(browser, { BASE, check, note, axe, axeSource: fs.readFileSync(AXE, 'utf8'), SHOTS });
    await embedChecks(browser, { BASE, check, note, SHOTS }, crawl);
    coverage(crawl);
  } finally {
    await browser.close();
  }

  for (const [kind, run] of vnuRuns) reportVnu(kind, await run);

  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  const started = Number(process.env.E2E_STARTED_AT || 0);
  const whole = started ? `; ${Math.round(Date.now() / 1000 - started)} s with installs, build and server` : '';
  console.log('');
  for (const n of notes) console.log(`  ${n}`);
  if (warnings.length) console.log(`  ${warnings.length} warning(s), see "warn" lines above`);
  console.log(`  screenshots: ${path.relative(process.cwd(), SHOTS) || SHOTS}`);
  console.log(`  time: ${seconds} s in the browser and checkers${whole}`);
  if (failures.length) {
    console.log(`  failed: ${failures.map((f) => f.name).slice(0, 20).join('; ')}${failures.length > 20 ? '; …' : ''}`);
  }
  console.log(`e2e: ${passed} passed, ${failures.length} failed`);
  process.exitCode = failures.length ? 1 : 0;
}

/** The home page with everything it loads, from an empty cache, as transferred (gzip). */
async function homeWeight(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const requests = [];
  page.on('requestfinished', (r) => requests.push(r));
  const failed = [];
  page.on('requestfailed', (r) => failed.push(`${rel(r.url())}: ${r.failure()?.errorText}`));
  await page.goto(BASE, { waitUntil: 'load' });
  await page.waitForLoadState('networkidle').catch(() => {});
  let transferred = 0;
  let decoded = 0;
  const seen = new Set();
  const lines = [];
  for (const r of requests) {
    const sizes = await r.sizes();
    const response = await r.response();
    const body = response ? await response.body().catch(() => Buffer.alloc(0)) : Buffer.alloc(0);
    const bytes = sizes.responseBodySize + sizes.responseHeadersSize;
    transferred += bytes;
    decoded += body.length;
    seen.add(r.url());
    lines.push(`${rel(r.url())} ${kb(bytes)}${response?.headers()['content-encoding'] ? ` (${response.headers()['content-encoding']})` : ''}`);
  }
  // Headless Chromium does not fetch the icon: count it as a browser would get it.
  const icons = await page.$$eval('link[rel~="icon"]', (ls) => ls.map((l) => l.href));
  for (const icon of icons) {
    if (seen.has(icon)) continue;
    const r = await get(icon);
    const headerBytes = Object.entries(r.headers).reduce((n, [k, v]) => n + k.length + String(v).length + 4, 20);
    transferred += r.raw.length + headerBytes;
    decoded += r.body.length;
    lines.push(`${rel(icon)} ${kb(r.raw.length + headerBytes)} (fetched apart)`);
  }
  await context.close();
  note(`home page: ${kb(transferred)} transferred in ${lines.length} requests (${kb(decoded)} uncompressed): ${lines.join(', ')}`);
  check(`home page transfer under ${kb(HOME_BUDGET)} (is ${kb(transferred)})`,
    [transferred < HOME_BUDGET ? null : `${transferred} bytes`, ...failed]);
}

async function crawlSite(browser) {
  const context = await browser.newContext({ viewport: { width: CRAWL_WIDTH, height: 800 } });
  const page = await context.newPage();
  const axeSource = fs.readFileSync(AXE, 'utf8');

  let events = [];
  let expectedDocStatus = 200;
  let currentUrl = '';
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // Chromium reports a 404 document itself as a console error: expected on the 404 visit.
    if (expectedDocStatus === 404 && /status of 404/.test(m.text()) && (m.location()?.url || '') === currentUrl) return;
    events.push(`console error: ${m.text()} ${m.location()?.url ? `(${rel(m.location().url)})` : ''}`);
  });
  page.on('pageerror', (e) => events.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => events.push(`request failed: ${rel(r.url())} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.url() === currentUrl && r.request().isNavigationRequest()) return;
    if (r.status() >= 400) events.push(`${r.status()} for ${rel(r.url())}`);
  });

  const pages = new Map(); // url -> { from:Set, via:Set, info }
  const assets = new Map(); // url -> Set(from)
  const fragments = []; // { from, target, id }
  const externals = new Set();
  const queue = [];
  const enqueue = (url, from, via) => {
    const key = stripHash(url);
    if (!pages.has(key)) {
      pages.set(key, { from: new Set(), via: new Set(), info: null });
      queue.push(key);
    }
    if (from) pages.get(key).from.add(from);
    pages.get(key).via.add(via);
  };
  const addAsset = (url, from) => {
    const key = stripHash(url);
    if (!assets.has(key)) assets.set(key, new Set());
    assets.get(key).add(from);
  };

  enqueue(BASE, null, 'start');

  // sitemap.xml: every URL in it is visited (its host rewritten to the local one).
  const sitemap = await get(`${BASE}sitemap.xml`);
  const sitemapUrls = new Set();
  if (check('sitemap.xml is served', sitemap.status === 200 ? null : `status ${sitemap.status}`)) {
    const locs = [...sitemap.body.toString('utf8').matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/g)].map((m) => m[1]);
    const problems = locs.length ? [] : ['no <loc> in sitemap.xml'];
    for (const loc of locs) {
      const u = new URL(loc.replaceAll('&amp;', '&'));
      if (!u.pathname.startsWith(BASE_PATH)) { problems.push(`${loc} is not under ${BASE_PATH}`); continue; }
      if (u.origin !== ORIGIN) problems.push(`${loc}: not this site's host (the build's --base-url)`);
      const local = `${ORIGIN}${u.pathname}`;
      sitemapUrls.add(local);
      enqueue(local, null, 'sitemap');
    }
    check(`sitemap.xml lists ${locs.length} URLs of this site`, problems);
  }

  // robots.txt points at the sitemap.
  const robots = await get(`${BASE}robots.txt`);
  check('robots.txt names the sitemap', robots.status !== 200 ? `status ${robots.status}`
    : robots.body.toString().includes(`Sitemap: ${BASE}sitemap.xml`) ? null : `no "Sitemap: ${BASE}sitemap.xml" line`);

  // atom.xml: every entry links to a page of the site.
  const atom = await get(`${BASE}atom.xml`);
  if (check('atom.xml is served', atom.status === 200 ? null : `status ${atom.status}`)) {
    const hrefs = [...atom.body.toString('utf8').matchAll(/<link[^>]*href="([^"]+)"/g)].map((m) => m[1]);
    for (const h of hrefs) {
      const kind = classify(h);
      if (kind === 'page') enqueue(h, `${BASE}atom.xml`, 'atom');
      else if (kind === 'asset') addAsset(h, `${BASE}atom.xml`);
      else check(`atom.xml link ${h}`, `${kind} link`);
    }
  }

  // A missing page: nginx answers 404 with the site's own 404 page, assets and all.
  const missing = `${BASE}bestaat-niet/diep/pagina/`;
  const r404 = await get(missing);
  check('a missing URL answers 404 with the site\'s 404 page', [
    r404.status === 404 ? null : `status ${r404.status}`,
    r404.body.toString().includes('<h1>Pagina niet gevonden</h1>') ? null : 'not the 404 page',
  ]);
  enqueue(missing, null, 'missing');

  // A folder without its slash is redirected on the same host, under the sub-path.
  const redirect = await get(`${BASE}cijfers`, { gzip: false });
  check('/cijfers redirects to /cijfers/', [
    redirect.status === 301 ? null : `status ${redirect.status}`,
    [`${BASE_PATH}cijfers/`, `${BASE}cijfers/`].includes(redirect.headers.location) ? null : `Location: ${redirect.headers.location}`,
  ]);

  // Crawl.
  const descriptions = new Map();
  while (queue.length) {
    const url = queue.shift();
    const entry = pages.get(url);
    const isMissing = url === missing;
    expectedDocStatus = isMissing ? 404 : 200;
    currentUrl = url;
    events = [];
    let response;
    try {
      response = await page.goto(url, { waitUntil: 'load', timeout: 15_000 });
    } catch (e) {
      check(`page ${rel(url)}`, `could not load: ${e.message.split('\n')[0]}`);
      continue;
    }
    const status = response ? response.status() : 0;
    const headers = response ? response.headers() : {};
    // Open every <details> (the tables behind the charts), so that what follows sees them.
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
    const info = await page.evaluate(readPage);
    entry.info = info;
    entry.status = status;
    const from = [...entry.from].slice(0, 2).map(rel).join(', ');
    const problems = [...events];
    if (status !== expectedDocStatus) problems.push(`status ${status} (expected ${expectedDocStatus})${from ? `, linked from ${from}` : ''}`);
    if (!isMissing && status === 200) {
      if (!/^text\/html;\s*charset=utf-8$/i.test(headers['content-type'] || '')) problems.push(`Content-Type: ${headers['content-type']}`);
      if (!/no-cache/.test(headers['cache-control'] || '')) problems.push(`Cache-Control: ${headers['cache-control']} (HTML must be revalidated)`);
      if (headers['content-encoding'] !== 'gzip') problems.push('not gzip-compressed');
    }
    const embed = pageType(url) === 'embed';
    if (info.scripts > 0 || info.noscriptOrHandlers) problems.push('the page has script (other than the copy button\'s and search\'s)');
    if (embed && info.allScripts > 0) problems.push('a page for other sites has a script');
    if (info.overflow > 0) problems.push(`scrolls sideways at ${CRAWL_WIDTH} px by ${info.overflow} px: ${info.culprits.join('; ')}`);
    for (const s of info.scrollers) {
      if (s.tabindex !== '0' || !s.name) problems.push(`scrolling region ${s.what} needs tabindex="0" and a label (has tabindex=${s.tabindex}, label=${JSON.stringify(s.name)})`);
    }
    problems.push(...(embed ? embedMetaProblems(url, info, headers) : metaProblems(url, info, isMissing)));
    check(`page ${rel(url)}${isMissing ? ' (404)' : ''}`, problems);
    if (!isMissing && status === 200 && !['404', 'embed'].includes(pageType(url))) {
      const d = info.meta.description;
      if (!descriptions.has(d)) descriptions.set(d, []);
      descriptions.get(d).push(rel(url));
    }

    // Links.
    const bad = [];
    for (const l of info.links) {
      const kind = classify(l.abs);
      const hash = l.abs.includes('#') ? l.abs.slice(l.abs.indexOf('#') + 1) : null;
      if (kind === 'external') { externals.add(l.abs); continue; }
      if (kind === 'bad') { bad.push(`<${l.tag} ${l.attr}="${l.raw}">: not a usable URL`); continue; }
      if (kind === 'outside') { bad.push(`<${l.tag} ${l.attr}="${l.raw}">: leaves ${BASE_PATH} (base_url not honoured)`); continue; }
      if (hash !== null) {
        if (hash === '') bad.push(`<${l.tag} ${l.attr}="${l.raw}">: empty fragment`);
        else fragments.push({ from: url, target: stripHash(l.abs), id: decodeURIComponent(hash), raw: l.raw, kind });
      }
      const navigates = (l.tag === 'a' || l.tag === 'area');
      // <link rel="canonical"> and the like point at pages too, but are not links to follow.
      if (kind === 'page') enqueue(l.abs, url, navigates ? 'link' : 'ref');
      else addAsset(l.abs, url);
    }
    for (const key of ['og:image', 'twitter:image']) {
      if (info.meta[key] && classify(info.meta[key]) === 'asset') addAsset(info.meta[key], url);
    }
    check(`links on ${rel(url)}`, bad);

    // Accessibility: axe-core, injected through the DevTools protocol (the site's
    // Content-Security-Policy forbids scripts, and rightly so).
    if (status === expectedDocStatus) {
      const result = await axe(page, axeSource);
      entry.axe = result;
      check(`axe ${rel(url)}`, result.wcag);
      for (const v of result.other) warn(`axe best practice on ${rel(url)}: ${v}`);
    }
  }

  // Assets.
  for (const [url, from] of assets) {
    check(`asset ${rel(url)}`, await assetProblems(url, from));
  }

  // Fragments.
  const fragmentProblems = [];
  for (const f of fragments) {
    const target = pages.get(f.target);
    if (!target) { fragmentProblems.push(`${rel(f.from)}: ${f.raw} points into a file that is not a page`); continue; }
    if (!target.info) continue; // a failed page is reported already
    if (!target.info.ids.includes(f.id)) fragmentProblems.push(`${rel(f.from)}: ${f.raw} — no id "${f.id}" on ${rel(f.target)}`);
  }
  check(`all ${fragments.length} fragment links land on an existing id`, fragmentProblems);

  // The sitemap and the links agree.
  const linked = [...pages.entries()].filter(([, e]) => e.via.has('link') || e.via.has('start')).map(([u]) => u);
  // A chart's page for other sites asks not to be indexed: it is linked, never in the sitemap.
  const isEmbed = (u) => pageType(u) === 'embed';
  const notInSitemap = linked.filter((u) => !sitemapUrls.has(u) && u !== missing && !u.endsWith('/404.html') && !isEmbed(u) && pages.get(u).status === 200);
  check('every linked page is in sitemap.xml', notInSitemap.map((u) => `${rel(u)} is missing from sitemap.xml`));
  const embeds = [...pages.keys()].filter(isEmbed);
  check(`the ${embeds.length} charts' pages for other sites are linked and not in sitemap.xml`, [
    embeds.length ? null : 'no page for other sites found',
    ...embeds.filter((u) => sitemapUrls.has(u)).map((u) => `${rel(u)} is in sitemap.xml`),
    ...embeds.filter((u) => !pages.get(u).via.has('link')).map((u) => `no page links to ${rel(u)}`),
  ]);
  for (const u of sitemapUrls) {
    if (!pages.get(u).via.has('link') && !pages.get(u).via.has('start')) warn(`${rel(u)} is in sitemap.xml but no page links to it`);
  }
  for (const [d, list] of descriptions) {
    if (list.length > 1) warn(`${list.length} pages share one description (${list.slice(0, 4).join(', ')}${list.length > 4 ? ', …' : ''}): ${JSON.stringify((d || '').slice(0, 60))}`);
  }
  note(`crawled ${pages.size} pages, ${assets.size} assets, ${fragments.length} fragment links; ${externals.size} external links not followed (no network)`);
  await context.close();
  return { pages };
}

function metaProblems(url, info, isMissing) {
  const p = [];
  const m = info.meta;
  const one = (key) => {
    const v = m[key];
    if (v === undefined || v === null || v.trim() === '') { p.push(`no ${key}`); return null; }
    if (v.includes('\u0000')) p.push(`${key} twice`);
    return v;
  };
  if (!info.title.trim()) p.push('empty <title>');
  if (!info.lang) p.push('no <html lang>');
  if (info.h1 !== 1) p.push(`${info.h1} <h1> elements`);
  const description = one('description');
  if (info.canonical.length !== 1) p.push(`${info.canonical.length} canonical links`);
  const canonical = info.canonical[0] || '';
  if (!canonical.startsWith(BASE)) p.push(`canonical ${canonical} is not under ${BASE}`);
  if (!isMissing && canonical !== url) p.push(`canonical ${canonical} is not this page's URL`);
  for (const key of ['og:type', 'og:site_name', 'og:title', 'og:image:alt', 'twitter:title', 'twitter:image:alt']) one(key);
  if (one('og:description') !== description) p.push('og:description differs from the description');
  if (one('twitter:description') !== description) p.push('twitter:description differs from the description');
  if (one('og:url') !== canonical) p.push('og:url differs from the canonical URL');
  const image = one('og:image');
  if (image && !/^https?:\/\/.+\/share\.png$/.test(image)) p.push(`og:image ${image} is not the full URL of share.png`);
  if (one('twitter:image') !== image) p.push('twitter:image differs from og:image');
  if (m['og:image:width'] !== '1200' || m['og:image:height'] !== '630') p.push('og:image:width/height are not 1200×630');
  if (m['twitter:card'] !== 'summary_large_image') p.push(`twitter:card is ${m['twitter:card']}, not summary_large_image`);
  return p;
}

/** A chart's page for other sites: a title, one heading, its language; not indexed; its
 *  canonical URL is the chart on its own page (check.mjs follows it as a fragment link);
 *  any site may frame it, and it sets no cookie. */
function embedMetaProblems(url, info, headers) {
  const p = [];
  if (!info.title.trim()) p.push('empty <title>');
  if (!info.lang) p.push('no <html lang>');
  if (info.h1 !== 1) p.push(`${info.h1} <h1> elements`);
  if (info.meta.robots !== 'noindex') p.push(`robots is ${info.meta.robots}, not noindex`);
  if (info.canonical.length !== 1) p.push(`${info.canonical.length} canonical links`);
  const canonical = info.canonical[0] || '';
  if (!canonical.startsWith(BASE) || !canonical.includes('#') || stripHash(canonical) === url) {
    p.push(`canonical ${canonical} is not a chart on its own page`);
  }
  if (info.charts !== 1) p.push(`${info.charts} charts`);
  if (!/frame-ancestors \*/.test(headers['content-security-policy'] || '')) p.push(`other sites may not frame it: ${headers['content-security-policy']}`);
  if (headers['set-cookie']) p.push('sets a cookie');
  return p;
}

async function axe(page, source) {
  await page.evaluate(source);
  const results = await page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: [...tags, 'best-practice'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, tags: v.tags, help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}${n.failureSummary ? ` (${n.failureSummary.split('\n').slice(1).join(' ').trim().slice(0, 160)})` : ''}`),
      count: v.nodes.length,
    }));
  }, AXE_TAGS);
  const wcag = [];
  const other = [];
  for (const v of results) {
    const line = `${v.id} [${v.impact}] ${v.help}: ${v.count}× e.g. ${v.nodes.join(' | ')}`;
    if (v.tags.some((t) => AXE_TAGS.includes(t))) wcag.push(line);
    else other.push(line);
  }
  return { wcag, other };
}

function pngSize(buf) {
  if (buf.length < 24 || buf.readUInt32BE(0) !== 0x89504e47) return null;
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

async function assetProblems(url, from) {
  const where = `linked from ${[...from].slice(0, 2).map(rel).join(', ')}`;
  let r;
  try { r = await get(url); } catch (e) { return [`${e.message}, ${where}`]; }
  if (r.status !== 200) return [`status ${r.status}, ${where}`];
  const p = [];
  const name = new URL(url).pathname;
  const ext = path.extname(name).slice(1);
  const type = (r.headers['content-type'] || '').split(';')[0].trim();
  const expected = {
    css: ['text/css'], js: ['application/javascript', 'text/javascript'], svg: ['image/svg+xml'], csv: ['text/csv'], json: ['application/json'],
    xml: ['text/xml', 'application/xml', 'application/atom+xml'], png: ['image/png'],
    txt: ['text/plain'], html: ['text/html'],
    xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  }[ext];
  if (!expected) p.push(`unexpected kind of file (${type})`);
  else if (!expected.includes(type)) p.push(`Content-Type ${type}, expected ${expected[0]}`);
  // PNG and XLSX (a zip) are compressed already.
  const text = !['png', 'xlsx'].includes(ext);
  if (ext === 'xlsx' && r.body.subarray(0, 4).toString('latin1') !== 'PK\x03\x04') p.push('not an XLSX (zip) file');
  if (text && r.body.length > 1024 && r.headers['content-encoding'] !== 'gzip') p.push('not gzip-compressed');
  const hashed = /\.[0-9a-f]{8}\.(css|js)$/.test(name);
  const cc = r.headers['cache-control'] || '';
  if (hashed && !/max-age=31536000/.test(cc)) p.push(`hashed asset with Cache-Control: ${cc || '(none)'}`);
  if (!hashed && !/no-cache|max-age=\d+/.test(cc)) p.push(`Cache-Control: ${cc || '(none)'}`);
  const body = r.body.toString('utf8');
  if (ext === 'json') { try { JSON.parse(body); } catch (e) { p.push(`invalid JSON: ${e.message}`); } }
  if (ext === 'xml' && !body.startsWith('<?xml')) p.push('no XML declaration');
  if (ext === 'svg' && !/<svg\b/.test(body)) p.push('no <svg> element');
  if (ext === 'csv') {
    const lines = body.trimEnd().split(/\r?\n/);
    if (lines.length < 2) p.push('a CSV without data rows');
  }
  if (ext === 'png') {
    const size = pngSize(r.body);
    if (!size) p.push('not a PNG');
    else if (name.endsWith('/share.png')) {
      if (size.width !== 1200 || size.height !== 630) p.push(`share image is ${size.width}×${size.height}, not 1200×630`);
      if (r.body.length > SHARE_BUDGET) p.push(`share image is ${kb(r.body.length)}, over ${kb(SHARE_BUDGET)}`);
      note(`share image: ${size.width}×${size.height}, ${kb(r.body.length)}`);
      shareImages.set(name, createHash('sha256').update(r.body).digest('hex'));
    }
  }
  return p;
}

/** The skip link is the first stop, visible when focused, and focus is visible. */
async function keyboard(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(BASE);
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const el = document.activeElement;
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return { cls: el.className, text: el.textContent.trim(), top: r.top, bottom: r.bottom, outline: s.outlineStyle, outlineWidth: s.outlineWidth };
  });
  await page.keyboard.press('Enter');
  const afterSkip = await page.evaluate(() => ({ hash: location.hash, active: document.activeElement.id }));
  await page.keyboard.press('Tab');
  const next = await page.evaluate(() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    return { tag: el.tagName, text: el.textContent.trim().slice(0, 40), outline: s.outlineStyle, width: parseFloat(s.outlineWidth) };
  });
  check('keyboard: skip link first, visible on focus, focus outline shown', [
    first.cls.includes('skip-link') ? null : `first Tab stop is ${JSON.stringify(first.text)}, not the skip link`,
    first.top >= 0 && first.bottom > first.top ? null : 'the focused skip link is off screen',
    first.outline !== 'none' ? null : 'the focused skip link has no outline',
    afterSkip.hash === '#inhoud' ? null : `skip link went to ${afterSkip.hash}`,
    next.outline !== 'none' && next.width >= 2 ? null : `focused ${next.tag} "${next.text}" has no visible outline`,
  ]);
  await context.close();
}

const SHOT_PAGES = [
  ['home', ''],
  ['year-2020', '2020/'],
  ['metric-weglopers', 'cijfers/weglopers/'],
  ['theme-verdwijningen', 'themas/verdwijningen/'],
  ['metric-list', 'cijfers/'],
];

async function screenshots(browser) {
  for (const width of [375, 1280]) {
    const context = await browser.newContext({ viewport: { width, height: width < 600 ? 812 : 900 } });
    const page = await context.newPage();
    for (const [name, p] of SHOT_PAGES) {
      const response = await page.goto(BASE + p);
      const file = path.join(SHOTS, `${name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      check(`screenshot ${path.basename(file)}`, response?.status() === 200 ? null : `status ${response?.status()}`);
    }
    await context.close();
  }
}

/** A year report prints with its charts and tables, without navigation: the year page
 *  with the most charts. */
async function print(browser, { pages }) {
  const years = [...pages].filter(([u, e]) => pageType(u) === 'year' && e.info)
    .sort(([a, x], [b, y]) => (y.info.charts - x.info.charts) || b.localeCompare(a));
  if (!check('print: a year page to print', years.length ? null : 'no year page')) return;
  const [url] = years[0];
  const name = `print-${new URL(url).pathname.slice(BASE_PATH.length).replace(/\/$/, '')}`;
  const context = await browser.newContext({ viewport: { width: 800, height: 1100 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.emulateMedia({ media: 'print' });
  const state = await page.evaluate(() => {
    const shown = (el) => el.checkVisibility({ opacityProperty: true, visibilityProperty: true })
      && el.getBoundingClientRect().height > 0;
    const hidden = (sel) => [...document.querySelectorAll(sel)].filter(shown).map(() => sel);
    return {
      navs: [...document.querySelectorAll('nav')].filter(shown).map((n) => n.getAttribute('aria-label') || n.className),
      skip: hidden('.skip-link'),
      charts: document.querySelectorAll('figure.chart-figure svg').length,
      chartsShown: [...document.querySelectorAll('figure.chart-figure svg')].filter(shown).length,
      tables: document.querySelectorAll('main table').length,
      tablesShown: [...document.querySelectorAll('main table')].filter(shown).length,
      summaries: [...document.querySelectorAll('summary')].filter(shown).length,
      h1: shown(document.querySelector('h1')),
    };
  });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  await page.pdf({ path: path.join(SHOTS, `${name}.pdf`), format: 'A4', printBackground: true });
  check(`print: ${rel(url)} without navigation, with its charts and tables`, [
    state.navs.length === 0 ? null : `navigation printed: ${state.navs.join(', ')}`,
    state.skip.length === 0 ? null : 'skip link printed',
    state.summaries === 0 ? null : `${state.summaries} "show table" toggles printed`,
    state.h1 ? null : 'the title does not print',
    state.charts > 0 && state.chartsShown === state.charts ? null : `${state.chartsShown} of ${state.charts} charts print`,
    state.tables > 0 && state.tablesShown === state.tables ? null : `${state.tablesShown} of ${state.tables} tables print`,
  ]);
  note(`print: ${rel(url)} prints ${state.chartsShown} charts and ${state.tablesShown} tables, no navigation (screenshots/${name}.pdf)`);
  await context.close();
}

function coverage({ pages }) {
  const byType = new Map(PAGE_TYPES.map((t) => [t, []]));
  for (const [url, e] of pages) {
    const t = pageType(url);
    if (byType.has(t) && e.axe) byType.get(t).push(e.axe.wcag.length === 0);
  }
  check('axe ran on every page type with zero WCAG 2.1 A/AA violations', [...byType]
    .filter(([, results]) => results.length === 0 || results.includes(false))
    .map(([t, results]) => (results.length === 0 ? `no ${t} page checked` : `${t}: violations`)));
  const counted = [...byType].map(([t, r]) => `${t} ${r.length}`).join(', ');
  const total = [...pages.values()].filter((e) => e.axe).length;
  const clean = [...pages.values()].filter((e) => e.axe && e.axe.wcag.length === 0).length;
  note(`axe-core (${AXE_TAGS.join(', ')}): ${clean} of ${total} pages without violations (${counted})`);
}

main().catch((e) => {
  console.error(e);
  console.log(`e2e: ${passed} passed, ${failures.length + 1} failed`);
  process.exit(1);
});
