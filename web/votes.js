// normsim serve: the votes page (GET /api/vote, /api/data). Per UN regional group, the
// forecast number of yes, abstain and no votes with a 90% band (the sum of the states'
// probabilities, plus or minus 1.645 standard deviations) against the recorded count.
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict';

const $ = (id) => document.getElementById(id);
let states = null;

async function load() {
    const res = $('resolution').value;
    ns.status('status', 'Forecasting ' + res + '...');
    let forecast, record;
    try {
        const opts = { resolution: res };
        if ($('recorded').checked) {
            opts['recorded-tally'] = 1;
        }
        [forecast, record] = await Promise.all([
            ns.api('vote', opts), ns.api('data', { table: 'votes', resolution: res })]);
    } catch (e) {
        ns.status('status', e.message, true);
        return;
    }
    const group = new Map(states.map((s) => [s.iso3, s.un_group]));
    const name = new Map(states.map((s) => [s.iso3, s.name]));
    const recorded = new Map(record.map((r) => [r.iso3, r.vote]));
    const acc = new Map();
    const key = (g, v) => g + '|' + v;
    const bump = (g, v, field, x) => {
        if (!acc.has(key(g, v))) {
            acc.set(key(g, v), { group: g, vote: v, mean: 0, variance: 0, recorded: 0 });
        }
        acc.get(key(g, v))[field] += x;
    };
    const misses = [];
    const perState = [];
    forecast.forEach((f) => {
        const g = group.get(f.iso3) || 'other';
        if (f.p_yes !== null && f.p_yes !== undefined) {
            perState.push({ iso3: f.iso3, group: g, p_yes: f.p_yes,
                            recorded: recorded.get(f.iso3) || 'not recorded' });
        }
        for (const v of ['yes', 'abstain', 'no']) {
            const p = f['p_' + v];
            if (p !== null && p !== undefined) {
                bump(g, v, 'mean', p);
                bump(g, v, 'variance', p * (1 - p));
            }
        }
        const rv = recorded.get(f.iso3);
        if (rv && rv !== f.vote) {
            misses.push({ iso3: f.iso3, name: name.get(f.iso3), group: g, forecast: f.vote,
                          recorded: rv, p_yes: f.p_yes, p_abstain: f.p_abstain, p_no: f.p_no });
        }
    });
    record.forEach((r) => {
        if (['yes', 'abstain', 'no'].includes(r.vote)) {
            bump(group.get(r.iso3) || 'other', r.vote, 'recorded', 1);
        }
    });
    const rows = [...acc.values()].map((a) => ({
        group: a.group, vote: a.vote, forecast: a.mean, recorded: a.recorded,
        lo: Math.max(0, a.mean - 1.645 * Math.sqrt(a.variance)),
        hi: a.mean + 1.645 * Math.sqrt(a.variance),
    }));
    const agree = forecast.length - misses.length;
    ns.status('status', res + ': ' + forecast.length + ' states forecast, ' + agree +
              ' as recorded, ' + misses.length + ' not');
    await ns.chart('groups', {
        title: res + ': votes per regional group, forecast (bar, 90% band) against record (dot)',
        data: { values: rows },
        facet: { column: { field: 'group', type: 'nominal', title: 'UN regional group' } },
        spec: {
            width: 130, height: 220,
            encoding: { x: { field: 'vote', type: 'nominal', sort: ['yes', 'abstain', 'no'],
                             title: 'Vote' } },
            layer: [
                { mark: { type: 'bar', opacity: 0.55 },
                  encoding: { y: { field: 'forecast', type: 'quantitative',
                                   title: 'States (count)' },
                              color: { field: 'vote', type: 'nominal',
                                       sort: ['yes', 'abstain', 'no'],
                                       title: 'Forecast (bar, 90% band)',
                                       legend: { titleLimit: 400 } } } },
                { mark: { type: 'rule', strokeWidth: 2 },
                  encoding: { y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } },
                { mark: { type: 'point', filled: true, size: 60, color: 'black' },
                  encoding: { y: { field: 'recorded', type: 'quantitative' },
                              shape: { datum: 'recorded', type: 'nominal',
                                       title: 'Record' } } },
            ],
        },
    });
    await ns.chart('states', {
        title: res + ': each state\'s forecast P(yes) by group (box: quartiles and range), ' +
               'coloured by its recorded vote',
        data: { values: perState },
        width: 640, height: 230,
        encoding: { x: { field: 'group', type: 'nominal', title: 'UN regional group',
                         axis: { labelAngle: 0 } } },
        layer: [
            { mark: { type: 'boxplot', extent: 'min-max', opacity: 0.3, color: '#888' },
              encoding: { y: { field: 'p_yes', type: 'quantitative',
                               title: 'Forecast P(yes) (probability, 0-1)' } } },
            { mark: { type: 'point', filled: true, size: 40, opacity: 0.8 },
              encoding: {
                  xOffset: { field: 'iso3', type: 'nominal', legend: null },
                  y: { field: 'p_yes', type: 'quantitative', scale: { domain: [0, 1] },
                       title: 'Forecast P(yes) (probability, 0-1)' },
                  color: { field: 'recorded', type: 'nominal', title: 'Recorded vote',
                           sort: ['yes', 'abstain', 'no'] } } },
        ],
    });
    if (misses.length === 0) {
        $('misses').replaceChildren(ns.el('p', 'None: every forecast matches the record.'));
    } else {
        ns.table($('misses'), misses, [
            { key: 'iso3' }, { key: 'name' }, { key: 'group' }, { key: 'forecast' },
            { key: 'recorded' },
            { key: 'p_yes', value: (r) => ns.fmt(r.p_yes), cls: 'num' },
            { key: 'p_abstain', value: (r) => ns.fmt(r.p_abstain), cls: 'num' },
            { key: 'p_no', value: (r) => ns.fmt(r.p_no), cls: 'num' },
        ]);
    }
    document.body.dataset.ready = '1';
}

async function init() {
    let resolutions;
    try {
        [resolutions, states] = await Promise.all([
            ns.api('data', { table: 'resolutions' }), ns.api('data', { table: 'states' })]);
    } catch (e) {
        ns.status('status', e.message, true);
        return;
    }
    const sel = $('resolution');
    resolutions.filter((r) => r.yes !== null).forEach((r) => {
        const o = ns.el('option', r.id + ' (' + r.date + ', ' + r.yes + '-' + r.no + '-' +
                        r.abstain + ')');
        o.value = r.id;
        sel.appendChild(o);
    });
    const wanted = new URLSearchParams(location.search).get('resolution');
    if (wanted && [...sel.options].some((o) => o.value === wanted)) {
        sel.value = wanted;
    } else if (sel.options.length > 0) {
        sel.selectedIndex = sel.options.length - 1;
    }
    sel.addEventListener('change', load);
    $('recorded').addEventListener('change', load);
    load();
}

init();
