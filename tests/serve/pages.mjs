// Page tests of normsim serve in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core: no browser is downloaded). Each page loads with no console error and no
// failed request; the explorer's sliders change the blockers; a screenshot of each page.
//   node tests/serve/pages.mjs BASE_URL OUT_DIR   (with NODE_PATH at build/web-npm/node_modules)
// SPDX-License-Identifier: GPL-3.0-or-later
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.resolve(process.env.NS_WEB_NPM || '.', 'node_modules', 'x.js'));
const { chromium } = require('playwright-core');
const [base, out] = process.argv.slice(2);
const failures = [];
const fail = (msg) => {
    failures.push(msg);
    console.error('FAIL: ' + msg);
};

const browser = await chromium.launch({
    executablePath: process.env.NS_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });

async function open(name, url, check) {
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') {
            errors.push(m.type() + ': ' + m.text());
        }
    });
    page.on('pageerror', (e) => errors.push('page error: ' + e.message));
    page.on('requestfailed', (r) => errors.push('request failed: ' + r.url()));
    page.on('response', (r) => {
        if (r.status() >= 400) {
            errors.push('HTTP ' + r.status() + ': ' + r.url());
        }
        if (!r.url().startsWith(base)) {
            errors.push('outside request: ' + r.url());
        }
    });
    const t0 = Date.now();
    try {
        await page.goto(base + url);
        await page.waitForSelector('body[data-ready="1"]', { timeout: 60000 });
        await page.waitForSelector('.chart svg, #status.error', { timeout: 20000 });
        if (await page.$('#status.error')) {
            fail(name + ': ' + (await page.textContent('#status')));
        }
        if (check) {
            await check(page);
        }
    } catch (e) {
        fail(name + ': ' + e.message.split('\n')[0]);
    }
    await page.screenshot({ path: path.join(out, 'serve-' + name + '.png'), fullPage: true });
    for (const e of errors) {
        fail(name + ': ' + e);
    }
    console.log(name + ': ' + (Date.now() - t0) + ' ms, ' + errors.length + ' console errors');
    await page.close();
}

await open('explorer', '/explorer.html?body=GGE5', async (page) => {
    const before = await page.textContent('#blockers');
    if (!/No blockers/.test(before)) {
        fail('explorer: GGE5 at the defaults should have no blockers, has: ' + before);
    }
    // b = 0.5, will_scale = 4: the 2017 failure (docs/PROCESS.md section 6).
    const seq = await page.getAttribute('body', 'data-seq');
    await page.fill('#b', '0.5');
    await page.fill('#will-scale', '4');
    const t0 = Date.now();
    await page.waitForFunction((s) => document.body.dataset.seq !== s &&
                               document.querySelector('#blockers-table'), seq,
                               { timeout: 20000 });
    const after = await page.textContent('#blockers');
    console.log('explorer: sliders to b=0.5, will 4: blockers in ' + (Date.now() - t0) + ' ms: ' +
                after.replace(/\s+/g, ' ').slice(0, 120));
    if (!/USA/.test(after) || !/CHN/.test(after)) {
        fail('explorer: expected USA and CHN among the blockers, got ' + after);
    }
    if (!/NO CONSENSUS/.test(await page.textContent('#verdict'))) {
        fail('explorer: the verdict did not turn to no consensus');
    }
    // More will for the two blockers' camps brings the report back.
    const seq2 = await page.getAttribute('body', 'data-seq');
    await page.selectOption('#will-state', 'USA');
    await page.waitForFunction((s) => document.body.dataset.seq !== s, seq2, { timeout: 20000 });
    const seq3 = await page.getAttribute('body', 'data-seq');
    await page.fill('#will-state-v', '3');
    await page.waitForFunction((s) => document.body.dataset.seq !== s, seq3, { timeout: 20000 });
    const blockers = await page.textContent('#blockers');
    if (/USA/.test(blockers)) {
        fail('explorer: USA with will 3 still blocks: ' + blockers);
    }
});

await open('votes', '/votes.html?resolution=A/RES/73/27');
await open('diffusion', '/diffusion.html');
await open('studies', '/studies.html');
// Last: the shell test started the same replay when the server started.
await open('timeline', '/?runs=2', async (page) => {
    const rows = await page.$$eval('#events tbody tr', (r) => r.length);
    if (rows < 20) {
        fail('timeline: ' + rows + ' events in the table');
    }
});


await browser.close();
if (failures.length > 0) {
    console.error(failures.length + ' failure(s)');
    process.exit(1);
}
console.log('all pages fine');
