// normsim serve: the diffusion page (GET /api/diffuse). Per UN regional group, the mean
// number of states at a stage of the norm life cycle with its 5th-95th percentile band.
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict';

const $ = (id) => document.getElementById(id);

async function load() {
    const norm = $('norm').value, stage = $('stage').value, runs = $('runs').value;
    ns.status('status', 'Diffusing ' + norm + ' over ' + runs + ' runs...');
    let rows;
    try {
        rows = await ns.api('diffuse', { norm: norm, runs: runs });
    } catch (e) {
        ns.status('status', e.message, true);
        return;
    }
    const values = rows.map((r) => ({
        group: r.group, year: r.year, mean: r[stage], lo: r[stage + '_lo'],
        hi: r[stage + '_hi'], states: r.states,
    }));
    const last = rows.filter((r) => r.group === 'all').pop() || {};
    ns.status('status', norm + ': ' + rows.length + ' rows; all states by ' + last.year + ': ' +
              ns.fmt(last[stage], 1) + ' ' + stage + ' [' + last[stage + '_lo'] + ', ' +
              last[stage + '_hi'] + ']; P(tipped) ' + ns.fmt(last.p_tipped));
    await ns.chart('curves', {
        title: 'Norm ' + norm + ': states that ' + stage + ' it, by UN regional group ' +
               '(line: mean; band: 5th-95th percentile over ' + runs + ' runs)',
        width: 760, height: 320,
        data: { values: values },
        encoding: {
            x: { field: 'year', type: 'quantitative', axis: { format: 'd' }, title: 'Year' },
            color: { field: 'group', type: 'nominal', title: 'Group (band: 5-95%)' },
        },
        layer: [
            { mark: { type: 'area', opacity: 0.18 },
              encoding: { y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } },
            { mark: { type: 'line', point: true },
              encoding: { y: { field: 'mean', type: 'quantitative',
                               title: 'States ' + stage + ' (count)' } } },
        ],
    });
    document.body.dataset.ready = '1';
}

['norm', 'stage', 'runs'].forEach((id) => $(id).addEventListener('change', load));
load();
