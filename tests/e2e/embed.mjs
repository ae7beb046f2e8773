// A chart on someone else's page (issue 19): the embed code copied from a metric page into
// a page served from another origin, its frame looked at in a phone's and a desktop's
// width, light and dark; the copy button with and without JavaScript. The embed pages
// themselves are crawled with every other page (check.mjs: axe, the Nu checker, links).
// Called from check.mjs with its helpers, so that results land in the same summary.

import http from 'node:http';
import path from 'node:path';

const METRIC = 'cijfers/verdwijningen/';

/** A server on another port of loopback (another origin) that serves `html` at /. */
function hostPage(html) {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(html);
    });
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}/` }));
  });
}

/** The embed code as the metric page shows it: its text, which a reader copies. */
async function embedCode(browser, BASE) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(BASE + METRIC);
  const code = await page.evaluate(() => {
    const el = document.querySelector('details.embed pre code');
    return el ? el.textContent : null;
  });
  await context.close();
  return code;
}

/** The code pasted into another site's page; the frame fits its content, asks nothing of a
 *  third host, sets no cookie, and its link back opens outside the frame. */
async function embedded(browser, { BASE, check, note, SHOTS }, code) {
  const origin = new URL(BASE).origin;
  const { server, url } = await hostPage(`<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Een artikel elders</title>
<style>body { font-family: serif; max-width: 42rem; margin: 1rem auto; padding: 0 1rem; }</style></head>
<body><main><h1>Een artikel elders</h1><p>Een krant citeert een grafiek:</p>${code}<p>Verder in het artikel.</p></main></body></html>`);
  const made = [];
  try {
    for (const colorScheme of ['light', 'dark']) {
      for (const width of [375, 1280]) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
        const page = await context.newPage();
        const requests = [];
        const problems = [];
        page.on('request', (r) => requests.push(r.url()));
        page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
        const responses = [];
        page.on('response', (r) => responses.push(r));
        await page.goto(url, { waitUntil: 'load' });
        const iframe = await page.$('iframe');
        const frame = iframe && await iframe.contentFrame();
        if (!frame) {
          check(`embed ${width} px ${colorScheme}: the frame loads`, 'no frame');
          await context.close();
          continue;
        }
        await frame.waitForLoadState('load');
        const inside = await frame.evaluate(() => {
          const svg = document.querySelector('svg.chart');
          const back = document.querySelector('.back a');
          return {
            url: location.href,
            h1: (document.querySelector('h1') || {}).textContent || '',
            svg: !!svg && svg.getBoundingClientRect().width > 100,
            source: (document.querySelector('.source') || {}).textContent || '',
            back: back ? back.href : '',
            target: back ? back.target || (document.querySelector('base') || {}).target || '' : '',
            // What it shows with its table closed, to the bottom of the link back.
            height: Math.ceil(document.querySelector('main').getBoundingClientRect().bottom),
            width: document.documentElement.scrollWidth - document.documentElement.clientWidth,
            cookie: document.cookie,
            scripts: document.scripts.length,
          };
        });
        const box = await iframe.boundingBox();
        const title = await iframe.getAttribute('title');
        if (!inside.url.startsWith(BASE)) problems.push(`the frame shows ${inside.url}`);
        if (inside.h1.trim() !== title) problems.push(`the frame's heading ${JSON.stringify(inside.h1)} is not its title ${JSON.stringify(title)}`);
        if (!inside.svg) problems.push('no chart drawn in the frame');
        if (!/^Bron/.test(inside.source.trim())) problems.push(`no source line (${JSON.stringify(inside.source.slice(0, 40))})`);
        if (!inside.back.startsWith(`${BASE}${METRIC}#`)) problems.push(`the link back goes to ${inside.back}`);
        if (inside.target !== '_blank') problems.push('the link back opens inside the frame');
        if (inside.height > box.height + 1) problems.push(`the frame (${Math.round(box.height)} px high) cuts off its content (${inside.height} px)`);
        if (inside.width > 0) problems.push(`the frame scrolls sideways by ${inside.width} px`);
        if (inside.cookie !== '' || (await context.cookies()).length) problems.push('a cookie was set');
        if (inside.scripts) problems.push(`${inside.scripts} script(s) in the embed page`);
        for (const r of responses) {
          if (r.headers()['set-cookie']) problems.push(`${r.url()} sets a cookie`);
        }
        const elsewhere = requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith(url));
        if (elsewhere.length) problems.push(`asked another host: ${elsewhere.slice(0, 3).join(', ')}`);
        const file = path.join(SHOTS, `embed-${width}-${colorScheme}.png`);
        await page.screenshot({ path: file, fullPage: true });
        made.push(`${path.basename(file)} (frame ${Math.round(box.width)}×${Math.round(box.height)}, content ${inside.height} px high)`);
        check(`embed code on another origin at ${width} px, ${colorScheme}: the chart, its source and a link back, whole, nothing from elsewhere, no cookie`, problems);
        await context.close();
      }
    }
  } finally {
    server.close();
  }
  note(`embed screenshots: ${made.join(', ')}`);
}

/** With JavaScript the copy button shows and puts the code on the clipboard, and says so in
 *  a live region; without, there is no button, and the code is there to select. */
async function copyButton(browser, { BASE, check }, code) {
  const origin = new URL(BASE).origin;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(BASE + METRIC);
  await page.click('details.embed summary');
  const button = page.locator('details.embed button[data-copy]');
  if (!(await button.isVisible())) problems.push('no copy button with JavaScript on');
  else {
    await button.click();
    await page.waitForFunction(() => document.querySelector('details.embed [role="status"]').textContent.trim() !== '', null, { timeout: 5_000 })
      .catch(() => problems.push('the live region says nothing after the click'));
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    if (copied !== code) problems.push(`the clipboard holds ${JSON.stringify(copied.slice(0, 60))}, not the code`);
    const said = await page.textContent('details.embed [role="status"]');
    if (!/gekopieerd/i.test(said)) problems.push(`the live region says ${JSON.stringify(said)}`);
  }
  check('the copy button copies the embed code and says so', problems);
  await context.close();

  const nojs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await nojs.newPage();
  await plain.goto(BASE + METRIC);
  await plain.click('details.embed summary');
  const state = await plain.evaluate(() => {
    const b = document.querySelector('details.embed button[data-copy]');
    const c = document.querySelector('details.embed pre code');
    return { button: !!b && b.getBoundingClientRect().height > 0, code: c ? c.getBoundingClientRect().height : 0 };
  });
  check('without JavaScript: no copy button, the embed code is shown as text to select', [
    state.button ? 'a copy button shows that cannot work' : null,
    state.code > 0 ? null : 'the code is not shown',
  ]);
  await nojs.close();
}

/** Every chart's embed code, from every page crawled, shows a page that fits its frame: at
 *  320, 375 and 640 px wide, the frame's height holds all it shows (its table closed), and
 *  nothing scrolls sideways. And every chart's page for other sites is offered by a code. */
async function everyFrameFits(browser, { check, note }, { pages }) {
  const frames = new Map();
  const problems = [];
  for (const [url, e] of pages) {
    for (const code of e.info?.embedCodes || []) {
      const src = (code.match(/ src="([^"]+)"/) || [])[1];
      const height = Number((code.match(/ height="(\d+)"/) || [])[1]);
      if (!src || !height) { problems.push(`${url}: an embed code without src or height: ${code.slice(0, 80)}`); continue; }
      if (frames.has(src) && frames.get(src) !== height) problems.push(`${src}: two heights, ${frames.get(src)} and ${height}`);
      frames.set(src, height);
    }
  }
  const embedPages = [...pages.keys()].filter((u) => /\/(grafieken|graphiques)\/[^/]+\.html$/.test(u));
  for (const u of embedPages) if (!frames.has(u)) problems.push(`no embed code shows ${u}`);
  for (const src of frames.keys()) if (pages.get(src)?.status !== 200) problems.push(`an embed code shows ${src}, which is not a page of the site`);
  const slack = [];
  for (const width of [320, 375, 640]) {
    const context = await browser.newContext({ viewport: { width, height: 600 } });
    const page = await context.newPage();
    for (const [src, height] of frames) {
      await page.setViewportSize({ width, height });
      await page.goto(src, { waitUntil: 'load' });
      const shown = await page.evaluate(() => ({
        bottom: Math.ceil(document.querySelector('main').getBoundingClientRect().bottom),
        sideways: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      }));
      if (shown.bottom > height) problems.push(`${src} at ${width} px: ${shown.bottom} px of content in a ${height} px frame`);
      if (shown.sideways > 0) problems.push(`${src} at ${width} px: scrolls sideways by ${shown.sideways} px`);
      slack.push(height - shown.bottom);
    }
    await context.close();
  }
  check(`all ${frames.size} embed codes show their chart whole at 320, 375 and 640 px`, [
    frames.size ? null : 'no embed code found',
    ...problems,
  ]);
  if (slack.length) note(`embed frames: ${frames.size} charts, space left below the content from ${Math.min(...slack)} to ${Math.max(...slack)} px`);
}

export async function embedChecks(browser, helpers, crawl) {
  await everyFrameFits(browser, helpers, crawl);
  // Its text, as a reader selects it: escaped twice, it would start with "&lt;".
  const code = await embedCode(browser, helpers.BASE);
  if (!helpers.check(`the embed code is on ${METRIC}`, code && /^<iframe [^<>]*><\/iframe>$/.test(code) ? null : `found ${JSON.stringify(code)}`)) return;
  await embedded(browser, helpers, code);
  await copyButton(browser, helpers, code);
}
