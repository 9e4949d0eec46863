// normsim serve: the studies page (GET /api/studies, /api/export). Any metric of a study
// against any varied parameter, mean with its 95% confidence band, optionally one line
// per value of a second parameter.
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict';

const $ = (id) => document.getElementById(id);
let summary = [];
let params = [];

// RFC 4180 CSV, as `normsim export` writes it, into objects.
function parseCsv(text) {
    const rows = [];
    let row = [], field = '', quoted = false;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (quoted) {
            if (c === '"' && text[i + 1] === '"') {
                field += '"';
                i++;
            } else if (c === '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c === '"') {
            quoted = true;
        } else if (c === ',') {
            row.push(field);
            field = '';
        } else if (c === '\n' || c === '\r') {
            if (c === '\r' && text[i + 1] === '\n') {
                i++;
            }
            row.push(field);
            rows.push(row);
            row = [];
            field = '';
        } else {
            field += c;
        }
    }
    if (field !== '' || row.length > 0) {
        row.push(field);
        rows.push(row);
    }
    const head = rows.shift() || [];
    return rows.filter((r) => r.length === head.length)
        .map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
}

function fill(sel, values, keep) {
    const old = keep ? sel.value : null;
    sel.replaceChildren(...values.map((v) => ns.el('option', v)));
    if (old && values.includes(old)) {
        sel.value = old;
    }
}

async function loadStudy() {
    const study = $('study').value;
    ns.status('status', 'Reading the study...');
    try {
        summary = parseCsv(await ns.api('export', { study: study, table: 'summary' }, true));
    } catch (e) {
        ns.status('status', e.message, true);
        return;
    }
    const fixed = ['point', 'metric', 'n', 'mean', 'sd', 'se', 'ci_low', 'ci_high'];
    params = Object.keys(summary[0] || {}).filter((k) => !fixed.includes(k));
    fill($('metric'), [...new Set(summary.map((r) => r.metric))], true);
    fill($('param'), params, true);
    const colour = $('colour');
    const old = colour.value;
    colour.replaceChildren(ns.el('option', 'none'), ...params.map((p) => ns.el('option', p)));
    colour.options[0].value = '';
    // With two varied parameters or more, one line per value of another by default.
    colour.value = params.includes(old) ? old
                 : (params.find((p) => p !== $('param').value) || '');
    draw();
}

async function draw() {
    const metric = $('metric').value, param = $('param').value, colour = $('colour').value;
    if (!metric || !param) {
        ns.status('status', 'The study has no varied parameter or no metric.', true);
        return;
    }
    const values = summary.filter((r) => r.metric === metric).map((r) => ({
        x: Number(r[param]), mean: Number(r.mean), lo: Number(r.ci_low), hi: Number(r.ci_high),
        colour: colour ? r[colour] : 'all points', n: Number(r.n),
    }));
    ns.status('status', values.length + ' points of ' + metric + ' (' + summary.length +
              ' summary rows)');
    await ns.chart('study-chart', {
        title: metric + ' against ' + param + ' (line: mean over the replicates; band: 95% CI)',
        width: 760, height: 320,
        data: { values: values },
        transform: [{ aggregate: [{ op: 'mean', field: 'mean', as: 'mean' },
                                  { op: 'min', field: 'lo', as: 'lo' },
                                  { op: 'max', field: 'hi', as: 'hi' }],
                      groupby: ['x', 'colour'] }],
        encoding: {
            x: { field: 'x', type: 'quantitative', title: param + ' (parameter value)' },
            color: { field: 'colour', type: 'nominal',
                     title: (colour || 'series') + ' (band: 95% CI)' },
        },
        layer: [
            { mark: { type: 'area', opacity: 0.18 },
              encoding: { y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } },
            { mark: { type: 'line', point: true },
              encoding: { y: { field: 'mean', type: 'quantitative',
                               title: metric + ' (metric value, mean)' } } },
        ],
    });
    document.body.dataset.ready = '1';
}

async function init() {
    let studies;
    try {
        studies = await ns.api('studies');
    } catch (e) {
        ns.status('status', e.message, true);
        return;
    }
    if (studies.length === 0) {
        ns.status('status', 'No study: start the server with --study FILE (a file made by ' +
                  'normsim sweep).');
        document.body.dataset.ready = '1';
        return;
    }
    const sel = $('study');
    studies.forEach((s) => {
        const o = ns.el('option', s.name);
        o.value = String(s.index);
        sel.appendChild(o);
    });
    sel.addEventListener('change', loadStudy);
    ['metric', 'param', 'colour'].forEach((id) => $(id).addEventListener('change', draw));
    loadStudy();
}

init();
