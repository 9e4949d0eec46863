// Load test of normsim serve: TOTAL requests, CONCURRENCY at once, round-robin over pages,
// vendored scripts, API answers (the first computes, the rest come from the cache, as a
// page reloaded by many users would) and refused requests, each with its expected status.
//   node tests/serve/load.mjs BASE_URL TOTAL CONCURRENCY
// SPDX-License-Identifier: GPL-3.0-or-later
import http from 'node:http';

const [base, total = '2000', concurrency = '50'] = process.argv.slice(2);
const mix = [
    ['/', 200],
    ['/explorer.html', 200],
    ['/common.js', 200],
    ['/vendor/vega-embed.min.js', 200],
    ['/api/negotiate?body=GGE5&runs=20', 200],
    ['/api/data?table=bodies', 200],
    ['/api/studies', 200],
    ['/api/negotiate?body=GGE5&runs=0', 400],
    ['/api/nothing', 404],
    ['/../etc/passwd', 404],
];
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(concurrency) });
let next = 0, done = 0, errors = 0;
const latencies = [];

function one(i) {
    const [path, want] = mix[i % mix.length];
    const t0 = process.hrtime.bigint();
    return new Promise((resolve) => {
        const req = http.get(base + path, { agent }, (res) => {
            res.resume();
            res.on('end', () => {
                latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
                if (res.statusCode !== want) {
                    errors++;
                    if (errors < 5) {
                        console.error(`${path}: ${res.statusCode}, expected ${want}`);
                    }
                }
                resolve();
            });
        });
        req.setTimeout(30000, () => req.destroy(new Error('timeout')));
        req.on('error', (e) => {
            errors++;
            if (errors < 5) {
                console.error(`${path}: ${e.message}`);
            }
            resolve();
        });
    });
}

async function worker() {
    while (next < Number(total)) {
        await one(next++);
        done++;
    }
}

const t0 = Date.now();
await Promise.all(Array.from({ length: Number(concurrency) }, worker));
const secs = (Date.now() - t0) / 1000;
latencies.sort((a, b) => a - b);
const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
console.log(`${done} requests, ${concurrency} at once, in ${secs.toFixed(2)} s ` +
            `(${(done / secs).toFixed(0)}/s); latency median ${q(0.5).toFixed(1)} ms, ` +
            `95% ${q(0.95).toFixed(1)} ms, max ${q(1).toFixed(1)} ms; errors ${errors}`);
agent.destroy();
process.exit(errors === 0 ? 0 : 1);
