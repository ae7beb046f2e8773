// Makes static/share.png, the default image for Open Graph and Twitter cards (1200×630),
// by screenshotting a small HTML card in Debian's Chromium. Run it by hand after a change
// to the card, and commit the PNG (it is not made during the build):
//
//   cd tests/e2e && npm ci --ignore-scripts && node share-card.mjs [--title "…"] [--out FILE]
import { chromium } from 'playwright-core';
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const title = arg('title', 'Child Focus in cijfers');
const subtitle = arg('subtitle', 'Verdwijningen, seksuele uitbuiting en online veiligheid van kinderen, van jaar tot jaar');
const out = path.resolve(arg('out', path.join(HERE, '../../static/share.png')));
const esc = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));

const html = `<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><style>
  html, body { margin: 0; }
  body { width: 1200px; height: 630px; box-sizing: border-box; padding: 84px 96px;
         background: #1f4e79; color: #fff; font-family: "DejaVu Sans", "Liberation Sans", sans-serif;
         display: flex; flex-direction: column; justify-content: space-between; }
  .bars { display: flex; align-items: flex-end; gap: 22px; height: 150px; }
  .bars span { width: 44px; background: #fff; border-radius: 6px 6px 0 0; }
  h1 { font-size: 76px; line-height: 1.05; margin: 0; letter-spacing: -1px; }
  p { font-size: 32px; line-height: 1.35; margin: 22px 0 0; color: #dce7f2; max-width: 960px; }
  .rule { height: 8px; width: 160px; background: #f0b35a; border-radius: 4px; }
</style></head><body>
  <div class="bars" aria-hidden="true"><span style="height:40%"></span><span style="height:75%"></span><span style="height:55%"></span><span style="height:100%"></span></div>
  <div><div class="rule"></div><h1>${esc(title)}</h1><p>${esc(subtitle)}</p></div>
</body></html>`;

const browser = await chromium.launch({
  executablePath: process.env.E2E_CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1200, height: 630 } });
await page.setContent(html);
await page.screenshot({ path: out, type: 'png' });
await browser.close();
console.log(`wrote ${out} (${fs.statSync(out).size} bytes)`);
