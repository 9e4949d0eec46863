// normsim serve: helpers shared by every page. Names and values from the data only ever
// reach the page through textContent (never innerHTML), so every name is escaped.
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict';

const ns = {};

// GET /api/COMMAND?params; resolves to JSON (or text for CSV), rejects with the server's
// one-line message.
ns.api = async function (command, params, asText) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) {
        if (Array.isArray(v)) {
            v.forEach((x) => q.append(k, x));
        } else if (v !== undefined && v !== null && v !== '') {
            q.append(k, v);
        }
    }
    const url = '/api/' + encodeURIComponent(command) + (q.toString() ? '?' + q : '');
    const r = await fetch(url);
    const text = await r.text();
    if (!r.ok) {
        throw new Error(text.trim() || r.status + ' ' + r.statusText);
    }
    return asText ? text : JSON.parse(text);
};

// An element with text content and optional class: ns.el('td', '12.5', 'num').
ns.el = function (tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) {
        e.textContent = String(text);
    }
    if (cls) {
        e.className = cls;
    }
    return e;
};

// Replace the children of a container with a table of rows (objects) and columns.
ns.table = function (container, rows, columns) {
    const t = ns.el('table');
    const head = t.createTHead().insertRow();
    columns.forEach((c) => head.appendChild(ns.el('th', c.label || c.key)));
    const body = t.createTBody();
    rows.forEach((r) => {
        const tr = body.insertRow();
        columns.forEach((c) => {
            const v = c.value ? c.value(r) : r[c.key];
            tr.appendChild(ns.el('td', v === null || v === undefined ? '' : v, c.cls));
        });
    });
    container.replaceChildren(t);
    return t;
};

ns.status = function (id, text, isError) {
    const e = document.getElementById(id);
    if (e) {
        e.textContent = text;
        e.className = isError ? 'status error' : 'status';
    }
};

// Vega-Lite under the page's Content-Security-Policy: the expression interpreter instead
// of generated code, no injected style sheet, no export menu.
ns.chart = function (id, spec) {
    const full = Object.assign({ $schema: 'https://vega.github.io/schema/vega-lite/v6.json' },
                               spec);
    return vegaEmbed('#' + id, full, {
        ast: true,
        expr: vegaInterpreter.expressionInterpreter,
        actions: false,
        defaultStyle: false,
        renderer: 'svg',
        tooltip: false,
    });
};

ns.fmt = function (x, digits) {
    return x === null || x === undefined || x === '' ? '' : Number(x).toFixed(digits ?? 2);
};

ns.debounce = function (fn, ms) {
    let timer = null;
    return function () {
        clearTimeout(timer);
        timer = setTimeout(fn, ms);
    };
};

// Mark the current page in the navigation.
document.addEventListener('DOMContentLoaded', () => {
    const here = location.pathname === '/' ? '/index.html' : location.pathname;
    document.querySelectorAll('nav a').forEach((a) => {
        if (a.getAttribute('href') === here) {
            a.className = 'here';
        }
    });
});
