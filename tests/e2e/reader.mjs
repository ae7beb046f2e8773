// What readers do beyond reading (issue 19): search in each language, dark mode, and the
// screenshots of the home and the 2021 year page at 375 and 1280 px, light and dark.
// Called from check.mjs with its helpers, so that results land in the same summary.

import path from 'node:path';

/** Search "weglopers" on the Dutch home and "fugues" on the French home, by keyboard, and
 *  follow a result. Nothing may be asked of another host, and the console stays clean
 *  (a script or WebAssembly that the server's policy refuses shows up there). */
async function search(browser, { BASE, check, note }) {
  const origin = new URL(BASE).origin;
  for (const [home, query, word] of [['', 'weglopers', /weglop/i], ['fr/', 'fugues', /fugue/i]]) {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 } });
    const page = await context.newPage();
    const problems = [];
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(BASE + home);
    const form = await page.evaluate(() => {
      const f = document.querySelector('form[role="search"]');
      const input = f && f.querySelector('input[type="search"]');
      const label = input && document.querySelector(`label[for="${input.id}"]`);
      const status = document.querySelector('[role="status"][aria-live="polite"]');
      return {
        shown: !!f && !f.hidden && f.getBoundingClientRect().height > 0,
        label: label ? label.textContent.trim() : '',
        status: !!status,
        list: !!document.querySelector('form[role="search"]').parentNode.querySelector('ol'),
      };
    });
    if (!form.shown) problems.push('the search form is not shown with JavaScript on');
    if (!form.label) problems.push('the search field has no label');
    if (!form.status) problems.push('no live region for the count');
    // By keyboard: focus the field, type, Enter.
    await page.focus('input[type="search"]');
    await page.keyboard.type(query);
    await page.keyboard.press('Enter');
    let results = [];
    try {
      await page.waitForFunction(() => document.querySelectorAll('form[role="search"] ~ ol li a').length > 0, null, { timeout: 15_000 });
      results = await page.$$eval('form[role="search"] ~ ol li a', (as) => as.map((a) => ({ href: a.href, text: a.textContent.trim() })));
    } catch {
      problems.push(`no result for "${query}" (status: ${JSON.stringify(await page.textContent('[role="status"]'))})`);
    }
    const status = (await page.textContent('[role="status"]')).trim();
    if (results.length && !status.includes(query)) problems.push(`the live region says ${JSON.stringify(status)}`);
    const elsewhere = requests.filter((u) => !u.startsWith(origin + '/'));
    if (elsewhere.length) problems.push(`asked another host: ${elsewhere.slice(0, 3).join(', ')}`);
    const index = requests.filter((u) => u.includes('/pagefind/'));
    if (results.length) {
      // Follow the first result, by keyboard too.
      await page.focus('form[role="search"] ~ ol li a');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      const landed = page.url();
      const text = await page.textContent('main');
      if (landed !== results[0].href) problems.push(`the first result went to ${landed}, not ${results[0].href}`);
      if (!word.test(text)) problems.push(`${landed} does not mention ${word}`);
      note(`search "${query}" on ${BASE + home}: ${status} ${index.length} index files fetched; first result ${results[0].text} (${new URL(landed).pathname})`);
    }
    check(`search "${query}" on the ${home ? home.replace('/', '') : 'nl'} home, by keyboard, and a result followed`, problems);
    await context.close();
  }

  // Many results: 20 at a time, and a button (by keyboard) for the next ones, which puts
  // the focus on the first new result.
  {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(BASE);
    await page.focus('input[type="search"]');
    await page.keyboard.type('minderjarigen');
    await page.keyboard.press('Enter');
    const count = () => page.$$eval('form[role="search"] ~ ol li', (li) => li.length);
    try {
      await page.waitForFunction(() => document.querySelectorAll('form[role="search"] ~ ol li').length > 0, null, { timeout: 15_000 });
    } catch { problems.push('no result for "minderjarigen"'); }
    const status = (await page.textContent('[role="status"]')).trim();
    const found = Number((status.match(/\d+/) || [])[0]);
    const first = await count();
    const button = page.locator('button.search-more');
    if (!(found > 20)) problems.push(`"minderjarigen" finds ${found} pages; the test needs more than 20 (${JSON.stringify(status)})`);
    else {
      if (first !== 20) problems.push(`${first} results shown at first, not 20`);
      if (!(await button.isVisible())) problems.push('no button for more results');
      else {
        const label = await button.textContent();
        if (!label.includes(String(Math.min(20, found - 20)))) problems.push(`the button says ${JSON.stringify(label)}`);
        await button.focus();
        await page.keyboard.press('Enter');
        await page.waitForFunction((n) => document.querySelectorAll('form[role="search"] ~ ol li').length > n, first, { timeout: 5_000 })
          .catch(() => problems.push('the list did not grow'));
        const now = await count();
        if (now !== Math.min(40, found)) problems.push(`${now} results after "more", not ${Math.min(40, found)}`);
        const focus = await page.evaluate(() => {
          const items = [...document.querySelectorAll('form[role="search"] ~ ol li')];
          return items.findIndex((li) => li.contains(document.activeElement));
        });
        if (focus !== 20) problems.push(`the focus is on result ${focus + 1}, not 21`);
        if (found <= 40 && (await button.isVisible())) problems.push('the button stays when every result is shown');
      }
    }
    check(`search with more than 20 results shows them 20 at a time, the next by keyboard (${found} for "minderjarigen")`, problems);
    await context.close();
  }

  // Without JavaScript: the form stays hidden and the page says why.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(BASE);
  const nojs = await page.evaluate(() => ({
    hidden: document.querySelector('form[role="search"]').hidden,
    note: [...document.querySelectorAll('noscript')].map((n) => n.textContent).join(' '),
  }));
  check('without JavaScript the search form stays hidden and a note says search needs it', [
    nojs.hidden ? null : 'the form shows without JavaScript',
    /JavaScript/.test(nojs.note) ? null : 'no <noscript> note about JavaScript',
  ]);
  await context.close();
}

/** axe-core with the reader's preference for dark, on one page of each kind, and proof
 *  that the dark colours apply to the page and its charts. */
async function darkMode(browser, { BASE, check, axe, axeSource, pages }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
  const page = await context.newPage();
  for (const p of pages) {
    await page.goto(BASE + p);
    const looks = await page.evaluate(() => {
      const rgb = (c) => (c.match(/\d+(\.\d+)?/g) || []).slice(0, 3).map(Number);
      const light = (c) => { const [r, g, b] = rgb(c); return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255; };
      const text = document.querySelector('svg.chart .fill-axis-text, svg.chart .fill-text');
      return {
        paper: light(getComputedStyle(document.body).backgroundColor),
        ink: light(getComputedStyle(document.body).color),
        chart: text ? light(getComputedStyle(text).fill) : null,
      };
    });
    const result = await axe(page, axeSource);
    check(`dark mode ${p || '(home)'}: dark paper, light text and chart text, axe clean`, [
      looks.paper < 0.2 ? null : `the page's background is light (${looks.paper.toFixed(2)})`,
      looks.ink > 0.7 ? null : `the text is dark (${looks.ink.toFixed(2)})`,
      looks.chart === null || looks.chart > 0.6 ? null : `chart text is dark (${looks.chart.toFixed(2)})`,
      ...result.wcag,
    ]);
  }
  await context.close();
}

/** The home and the 2021 year page, at a phone's and a desktop's width, light and dark. */
async function screenshots(browser, { BASE, check, note, SHOTS }) {
  const made = [];
  for (const colorScheme of ['light', 'dark']) {
    for (const width of [375, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: width < 600 ? 812 : 900 }, colorScheme });
      const page = await context.newPage();
      for (const [name, p] of [['home', ''], ['year-2021', '2021/']]) {
        const response = await page.goto(BASE + p);
        const header = await page.evaluate(() => Math.round(document.querySelector('.site-header').getBoundingClientRect().height));
        const file = path.join(SHOTS, `reader-${name}-${width}-${colorScheme}.png`);
        await page.screenshot({ path: file });
        made.push(`${path.basename(file)} (header ${header} px)`);
        check(`screenshot ${path.basename(file)}`, response?.status() === 200 ? null : `status ${response?.status()}`);
      }
      await context.close();
    }
  }
  note(`first-screen screenshots: ${made.join(', ')}`);
}

export async function readerChecks(browser, helpers) {
  await search(browser, helpers);
  await darkMode(browser, {
    ...helpers,
    pages: ['', 'fr/', '2021/', 'cijfers/', 'cijfers/weglopers/', 'themas/verdwijningen/', 'publicaties/', 'over-child-focus/',
      'grafieken/verdwijningen.html'],
  });
  await screenshots(browser, helpers);
}
