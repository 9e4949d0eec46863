// normsim serve: the body explorer (GET /api/negotiate). Each control change negotiates
// the body again; the page shows P(consensus) with its band, the package, the blockers and
// each blocker's objection per paragraph (the 'objections' column).
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict';

const $ = (id) => document.getElementById(id);
let seq = 0;
const tries = []; /* The settings tried, newest last (at most 12). */
let tried = 0;

// A short name for the settings of a try: what differs from the recorded body.
function describe(q) {
    const parts = [q.body];
    q.param.forEach((p) => parts.push(p.replace('forum_shopping', 'b')
                                       .replace('summary_available.' + q.body + '=0',
                                                'no summary')));
    for (const [k, v] of Object.entries(q)) {
        if (!['body', 'runs', 'param'].includes(k)) {
            parts.push(k + '=' + v);
        }
    }
    return parts.join(' ');
}

function query() {
    const body = $('body').value;
    const q = { body: body, runs: $('runs').value, param: [] };
    q.param.push('forum_shopping=' + $('b').value);
    q.param.push('will_scale=' + $('will-scale').value);
    if (!$('summary').checked) {
        q.param.push('summary_available.' + body + '=0');
    }
    const membership = $('membership').value;
    if (membership) {
        q.membership = membership;
    }
    if (membership === 'rotation' || membership === 'open') {
        q.seats = $('seats').value;
    }
    if ($('will-state').value) {
        q['will.' + $('will-state').value] = $('will-state-v').value;
    }
    if ($('camp').value) {
        q['camp_will.' + $('camp').value] = $('camp-v').value;
    }
    if ($('stakeholders').checked) {
        q.stakeholders = 1;
    }
    return q;
}

// "USA:7.14:20.2;CHN:3.58:20.2" -> [{iso3, objection, will_needed}]
function objections(text) {
    return (text || '').split(';').filter((s) => s).map((s) => {
        const [iso3, objection, will] = s.split(':');
        return { iso3: iso3, objection: Number(objection), will_needed: Number(will) };
    });
}

function syncOutputs() {
    $('b-out').textContent = $('b').value;
    $('will-scale-out').textContent = $('will-scale').value;
    $('will-state-out').textContent = $('will-state').value ? $('will-state-v').value : '-';
    $('camp-out').textContent = $('camp').value ? $('camp-v').value : '-';
    const m = $('membership').value;
    $('seats').disabled = !(m === 'rotation' || m === 'open');
    $('seats-out').textContent = $('seats').disabled ? 'as recorded' : $('seats').value;
}

async function negotiate() {
    syncOutputs();
    const mine = ++seq;
    const t0 = performance.now();
    ns.status('status', 'Negotiating ' + $('body').value + '...');
    const q = query();
    let rows;
    try {
        rows = await ns.api('negotiate', q);
    } catch (e) {
        if (mine === seq) {
            ns.status('status', e.message, true);
            $('verdict').textContent = '';
            document.body.dataset.seq = String(mine);
        }
        return;
    }
    if (mine !== seq) {
        return; /* A newer request is on its way. */
    }
    const ms = Math.round(performance.now() - t0);
    if (rows.length > 0) {
        tried++;
        tries.push({ n: tried, what: '#' + tried + ' ' + describe(q),
                     p: rows[0].p, lo: rows[0].p_lo, hi: rows[0].p_hi,
                     outcome: rows[0].adopted === 'yes' ? 'adopted' : 'no consensus' });
        if (tries.length > 12) {
            tries.shift();
        }
    }
    render(rows, ms);
    document.body.dataset.seq = String(mine);
    document.body.dataset.ready = '1';
}

function render(rows, ms) {
    const first = rows[0] || {};
    const adopted = first.adopted === 'yes';
    $('verdict').textContent = first.body + ' (' + first.year + ', ' + first.members +
        ' members, ' + first.decision + '): ' +
        (adopted ? 'REPORT ADOPTED' : 'NO CONSENSUS') + ' at the point estimates; ' +
        'P(report) = ' + ns.fmt(first.p) + ', 90% band [' + ns.fmt(first.p_lo) + ', ' +
        ns.fmt(first.p_hi) + '] over ' + first.replicates + ' replicates';
    $('verdict').className = 'verdict ' + (adopted ? 'yes' : 'no');
    ns.status('status', 'Negotiated in ' + ms + ' ms (b = ' + first.forum_shopping +
              ', will_scale = ' + first.will_scale + ', seed ' + first.seed + ', data ' +
              first.data + ')');

    // The members, for the will-of-a-state list.
    const sel = $('will-state');
    const members = (first.coalition || '').split(';').filter((s) => s).sort();
    const keep = sel.value;
    const have = [...sel.options].map((o) => o.value).slice(1).join(';');
    if (have !== members.join(';')) {
        sel.replaceChildren(ns.el('option', 'none'));
        sel.options[0].value = '';
        members.forEach((m) => sel.appendChild(ns.el('option', m)));
        sel.value = members.includes(keep) ? keep : '';
    }

    ns.table($('package'), rows, [
        { key: 'paragraph' },
        { key: 'status_quo', label: 'status quo', value: (r) => ns.fmt(r.status_quo, 1),
          cls: 'num' },
        { key: 'action' },
        { key: 'text', value: (r) => ns.fmt(r.text, 1), cls: 'num' },
        { key: 'moved', value: (r) => ns.fmt(r.moved, 1), cls: 'num' },
        { key: 'objections', label: 'objectors (objection on this paragraph)',
          value: (r) => objections(r.objections)
              .map((o) => o.iso3 + ' ' + o.objection.toPrecision(3)).join(', ') },
    ]);

    const blockers = new Map();
    const bars = [];
    rows.forEach((r) => objections(r.objections).forEach((o) => {
        if (!blockers.has(o.iso3)) {
            blockers.set(o.iso3, { iso3: o.iso3, will_needed: o.will_needed, paras: [] });
        }
        blockers.get(o.iso3).paras.push(r.paragraph + ' (' + o.objection.toPrecision(3) + ')');
        bars.push({ paragraph: r.paragraph, blocker: o.iso3, objection: o.objection });
    }));
    if (blockers.size === 0) {
        $('blockers').replaceChildren(ns.el('p', 'No blockers: every member accepts the package.'));
    } else {
        const t = ns.table($('blockers'), [...blockers.values()], [
            { key: 'iso3', label: 'blocker', cls: 'blocker' },
            { key: 'will_needed', label: 'will needed (how far short)',
              value: (b) => ns.fmt(b.will_needed, 2), cls: 'num' },
            { key: 'paras', label: 'paragraphs (objection)', value: (b) => b.paras.join(', ') },
        ]);
        t.id = 'blockers-table';
    }

    const points = [];
    rows.forEach((r) => {
        points.push({ paragraph: r.paragraph, what: 'status quo', x: r.status_quo,
                      action: r.action });
        points.push({ paragraph: r.paragraph, what: 'text (' + r.action + ')', x: r.text,
                      action: r.action });
    });
    ns.chart('package-chart', {
        title: 'The package: status quo and drafted text per paragraph (bar: how far the ' +
               'text moved)',
        width: 720, height: 260,
        data: { values: points },
        encoding: { y: { field: 'paragraph', type: 'nominal', title: 'Paragraph (dimension)',
                         sort: rows.map((r) => r.paragraph) } },
        layer: [
            { mark: { type: 'rule', strokeWidth: 4, opacity: 0.35 },
              transform: [{ aggregate: [{ op: 'min', field: 'x', as: 'lo' },
                                        { op: 'max', field: 'x', as: 'hi' }],
                            groupby: ['paragraph'] }],
              encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } },
            { mark: { type: 'point', filled: true, size: 80 },
              encoding: {
                  x: { field: 'x', type: 'quantitative', scale: { domain: [0, 100] },
                       title: 'Position on the paragraph\'s scale (0-100)' },
                  color: { field: 'what', type: 'nominal', title: 'Point' },
                  shape: { field: 'what', type: 'nominal' } } },
        ],
    });
    void bars;
    ns.chart('tries-chart', {
        title: 'Your what-ifs: P(consensus report) with its 90% band, per setting tried',
        width: 480, height: { step: 22 },
        data: { values: tries },
        encoding: { y: { field: 'what', type: 'nominal', sort: { field: 'n' },
                         title: 'Setting (newest last)',
                         axis: { labelLimit: 420, orient: 'right' } } },
        layer: [
            { mark: { type: 'rule', strokeWidth: 4, opacity: 0.45 },
              encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' },
                          color: { field: 'outcome', type: 'nominal',
                                   scale: { domain: ['adopted', 'no consensus'] },
                                   title: 'At the point estimates (band: 90%)' } } },
            { mark: { type: 'point', filled: true, size: 80 },
              encoding: { x: { field: 'p', type: 'quantitative', scale: { domain: [0, 1] },
                               title: 'P(consensus report) (probability, 0-1)' },
                          color: { field: 'outcome', type: 'nominal' } } },
        ],
    });
}

async function init() {
    let bodies;
    try {
        bodies = await ns.api('data', { table: 'bodies' });
    } catch (e) {
        ns.status('status', e.message, true);
        return;
    }
    const sel = $('body');
    bodies.filter((b) => b.kind !== 'ga' && b.decision !== 'majority').forEach((b) => {
        const o = ns.el('option', b.id + ' (' + b.start_year + ', ' + b.membership + ', ' +
                        b.n_members + ' members)');
        o.value = b.id;
        sel.appendChild(o);
    });
    const wanted = new URLSearchParams(location.search).get('body') || 'GGE5';
    if ([...sel.options].some((o) => o.value === wanted)) {
        sel.value = wanted;
    }
    const again = ns.debounce(negotiate, 120);
    ['body', 'membership', 'will-state', 'camp', 'summary', 'stakeholders', 'runs']
        .forEach((id) => $(id).addEventListener('change', negotiate));
    ['seats', 'b', 'will-scale', 'will-state-v', 'camp-v'].forEach((id) => {
        $(id).addEventListener('input', () => { syncOutputs(); again(); });
    });
    $('seats').addEventListener('input', () => {
        if (!$('membership').value || $('membership').value === 'historical') {
            $('membership').value = 'rotation';
        }
    });
    negotiate();
}

init();
