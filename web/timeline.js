// normsim serve: the timeline page (GET /api/run). Every body with P(consensus report)
// and its 90% band against the recorded outcome; every roll call, forecast against record.
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict';

function outcomeOf(actual) {
    if (/^FAILED/.test(actual)) {
        return 'failed';
    }
    if (/not yet known|not recorded/.test(actual)) {
        return 'not yet known';
    }
    return 'adopted';
}

async function loadTimeline() {
    const runs = document.getElementById('runs').value;
    ns.status('status', 'Replaying the process with ' + runs + ' replicates per body...');
    const t0 = performance.now();
    let rows;
    try {
        rows = await ns.api('run', { runs: runs });
    } catch (e) {
        ns.status('status', e.message, true);
        return;
    }
    const bodies = rows.filter((r) => r.p !== null).map((r) => ({
        id: r.id, year: r.year, event: r.event, members: String(r.members), p: r.p,
        p_lo: r.p_lo, p_hi: r.p_hi, recorded: outcomeOf(r.actual), actual: r.actual,
    }));
    const calls = [];
    rows.filter((r) => r.vote_yes !== null).forEach((r) => {
        const m = /recorded vote (\d+)-(\d+)-(\d+)/.exec(r.actual);
        const f = r.vote_yes + r.vote_no + r.vote_abstain;
        calls.push({ id: r.id, year: r.year, source: 'forecast (vote model)',
                     share: f > 0 ? r.vote_yes / f : null, yes: r.vote_yes });
        if (m) {
            const n = Number(m[1]) + Number(m[2]) + Number(m[3]);
            calls.push({ id: r.id, year: r.year, source: 'recorded',
                         share: n > 0 ? Number(m[1]) / n : null, yes: Number(m[1]) });
        }
    });
    ns.status('status', rows.length + ' events, ' + bodies.length + ' bodies, ' +
              calls.filter((c) => c.source === 'recorded').length + ' recorded roll calls (' +
              Math.round(performance.now() - t0) + ' ms)');
    const order = bodies.map((b) => b.id);
    await ns.chart('bodies', {
        title: 'P(consensus report) per body, 90% band over the replicates, by recorded outcome',
        width: 760, height: 260,
        data: { values: bodies },
        encoding: {
            y: { field: 'id', type: 'nominal', sort: order, title: 'Body (in date order)' },
        },
        layer: [
            { mark: { type: 'rule', strokeWidth: 3, opacity: 0.5 },
              encoding: { x: { field: 'p_lo', type: 'quantitative', scale: { domain: [0, 1] },
                               title: 'P(consensus report) (probability, 0-1)' },
                          x2: { field: 'p_hi' },
                          color: { field: 'recorded', type: 'nominal',
                                   title: 'Recorded outcome' } } },
            { mark: { type: 'point', filled: true, size: 90 },
              encoding: { x: { field: 'p', type: 'quantitative' },
                          color: { field: 'recorded', type: 'nominal' },
                          shape: { field: 'event', type: 'nominal', title: 'Kind of body' } } },
        ],
    });
    await ns.chart('rollcalls', {
        title: 'General Assembly roll calls: share of yes votes, forecast against record ' +
               '(band: gap between them)',
        width: 760, height: 240,
        data: { values: calls },
        layer: [
            { mark: { type: 'rule', color: '#bbb', strokeWidth: 6, opacity: 0.6 },
              transform: [{ aggregate: [{ op: 'min', field: 'share', as: 'lo' },
                                        { op: 'max', field: 'share', as: 'hi' }],
                            groupby: ['id', 'year'] }],
              encoding: { x: { field: 'year', type: 'quantitative', scale: { zero: false } },
                          y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } },
            { mark: { type: 'point', size: 70, filled: true },
              encoding: {
                  x: { field: 'year', type: 'quantitative', axis: { format: 'd' },
                       scale: { zero: false }, title: 'Year of the vote' },
                  y: { field: 'share', type: 'quantitative', scale: { domain: [0, 1] },
                       title: 'Yes votes (share of those voting, 0-1)' },
                  color: { field: 'source', type: 'nominal', title: 'Tally' },
                  shape: { field: 'source', type: 'nominal' } } },
        ],
    });
    ns.table(document.getElementById('events'), rows, [
        { key: 'date', label: 'date' }, { key: 'event' }, { key: 'id' },
        { key: 'members' }, { key: 'actual', label: 'what happened' },
        { key: 'forecast', label: 'forecast' },
        { key: 'p', label: 'p', value: (r) => ns.fmt(r.p), cls: 'num' },
        { key: 'band', label: '90% band',
          value: (r) => (r.p === null ? '' : ns.fmt(r.p_lo) + ' - ' + ns.fmt(r.p_hi)) },
        { key: 'tally', label: 'forecast tally',
          value: (r) => (r.vote_yes === null ? '' :
                         r.vote_yes + '-' + r.vote_no + '-' + r.vote_abstain) },
    ]);
    document.body.dataset.ready = '1';
}

document.getElementById('runs').addEventListener('change', loadTimeline);
const wanted = new URLSearchParams(location.search).get('runs');
if (wanted) {
    const sel = document.getElementById('runs');
    if ([...sel.options].some((o) => o.value === wanted)) {
        sel.value = wanted;
    }
}
loadTimeline();
