// The origins of messages sent to a URL (#/origins, refreshed every few seconds): each one with a breaker, a pause,
// a limit, jobs in flight or attempts in the last hour, with its state, the messages it holds and its last hour
// (attempts, success rate, latency, the latest failure), all from Redis, as GET /v1/origins/health gives them.

import { $, api, badge, cell, el, fill, percent } from './core.js';
import { HEALTH_STATES } from './tenants.js';

const ms = (v) => (v === undefined || v === null ? null : v + ' ms');

function failure(e) {
  if (!e) return null;
  const what = e.statusCode ? 'status ' + e.statusCode : e.errorClass;
  return e.message ? what + ': ' + e.message : what;
}

export async function loadOrigins(current) {
  const items = (await api('GET', '/v1/origins/health')).items;
  if (!current()) return;
  fill($('origins-table').tBodies[0], items.map((o) => {
    const h = o.lastHour || {};
    return el('tr', { 'data-id': o.endpoint },
      cell(o.endpoint, 'mono'), el('td', {}, badge(o.state, HEALTH_STATES)), cell(o.held), cell(o.inFlight),
      cell(h.attempts), cell(h.attempts ? percent(h.successRate) : null), cell(ms(h.latencyP50Ms)),
      cell(ms(h.latencyP99Ms)), cell(failure(h.lastError)));
  }));
  $('origins-empty').hidden = items.length > 0;
  $('origins-updated').textContent = 'updated ' + new Date().toLocaleTimeString();
}
