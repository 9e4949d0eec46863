// Build step of `normsim serve`: copy Vega, Vega-Lite and vega-embed from the npm
// packages installed by `npm ci` (web/package-lock.json) into OUT, turn the CSP-safe
// expression interpreter (an ES module) into a classic script, and gather the licences
// of every package shipped (LICENSES.txt).
//   node web/vendor.mjs NODE_MODULES_PARENT OUT
// SPDX-License-Identifier: GPL-3.0-or-later
import fs from 'node:fs';
import path from 'node:path';

const [root, out] = process.argv.slice(2);
if (!root || !out) {
    console.error('usage: node vendor.mjs NPM_DIR OUT');
    process.exit(2);
}
const nm = path.join(root, 'node_modules');
fs.mkdirSync(out, { recursive: true });

// Minified bundles, without the source-map comment (the maps are not shipped).
const strip = (text) => text.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
const copies = [
    ['vega/build/vega.min.js', 'vega.min.js'],
    ['vega-lite/build/vega-lite.min.js', 'vega-lite.min.js'],
    ['vega-embed/build/vega-embed.min.js', 'vega-embed.min.js'],
];
for (const [from, to] of copies) {
    fs.writeFileSync(path.join(out, to), strip(fs.readFileSync(path.join(nm, from), 'utf8')));
}

// vega-interpreter: `import {...} from 'vega-util'` -> the same names from the vega
// bundle (which re-exports vega-util); `export { expression as expressionInterpreter }`
// -> a global, so that a plain <script src> loads it under script-src 'self'.
let interp = fs.readFileSync(path.join(nm, 'vega-interpreter/build/vega-interpreter.js'), 'utf8');
interp = interp.replace(/^import \{([^}]*)\} from 'vega-util';$/m, 'const {$1} = globalThis.vega;');
interp = interp.replace(/^export \{ (\w+) as expressionInterpreter \};$/m,
    'globalThis.vegaInterpreter = { expressionInterpreter: $1 };');
interp = strip(interp);
if (/^\s*(import|export)\b/m.test(interp)) {
    console.error('vendor.mjs: vega-interpreter still has an import or export; update the rewrite');
    process.exit(1);
}
fs.writeFileSync(path.join(out, 'vega-interpreter.js'), `(function () {\n${interp}\n})();\n`);

// Licences of every package that is shipped (the non-dev entries of the lock file).
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
let text = 'Third-party software built into normsim serve (web/package-lock.json).\n';
for (const [key, info] of Object.entries(lock.packages).sort()) {
    if (key === '' || info.dev) {
        continue;
    }
    const dir = path.join(root, key);
    const files = fs.existsSync(dir)
        ? fs.readdirSync(dir).filter((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f))
        : [];
    text += `\n==== ${key.replace(/^node_modules\//, '')} ${info.version} (${info.license}) ====\n`;
    for (const f of files) {
        text += fs.readFileSync(path.join(dir, f), 'utf8').trim() + '\n';
    }
    if (files.length === 0) {
        text += `(no licence file in the package; its package.json says ${info.license})\n`;
    }
}
fs.writeFileSync(path.join(out, 'LICENSES.txt'), text);
