// The event model's tenants: the list (#/tenants, a page at a time), one tenant's endpoints with each one's state,
// last delivery and success rate (#/tenants/<tenant>), and one endpoint with its health and a chart of its last hour
// (#/tenants/<tenant>/endpoints/<id>, refreshed every few seconds).

import {
  $, api, badge, cell, dash, duration, el, facts, fill, guarded, nextPage, pager, percent, search, seg, time,
} from './core.js';
import { seriesChart } from './chart.js';

export const HEALTH_STATES = ['closed', 'open', 'half_open', 'paused', 'rate_limited', 'disabled'];

const state = search();

const endpointHref = (tenant, id) => '#/tenants/' + seg(tenant) + '/endpoints/' + seg(id);
export const endpointPath = (tenant, id) => '/v1/tenants/' + seg(tenant) + '/endpoints/' + seg(id);

export function endpointLink(tenant, id) {
  return el('a', { href: endpointHref(tenant, id), class: 'mono', text: id });
}

export async function loadTenants(current) {
  const page = await api('GET', '/v1/tenants', { limit: $('tenants-limit').value, cursor: state.cursor });
  if (!current()) return;
  fill($('tenants-table').tBodies[0], page.items.map((t) => el('tr', { 'data-id': t.id },
    el('td', {}, el('a', { href: '#/tenants/' + seg(t.id), class: 'mono', text: t.id })),
    cell(t.endpoints), cell(t.disabledEndpoints), cell(time(t.createdAt)), cell(time(t.updatedAt)),
    el('td', {}, el('a', { href: '#/tenants/' + seg(t.id) + '/events', text: 'events' })))));
  $('tenants-empty').hidden = page.items.length > 0;
  pager($('tenants-next'), page.nextCursor);
}

/** The tenant's endpoints, then each one's health (one that cannot be read shows a dash). */
export async function loadTenant(tenant, current) {
  $('tenant-id').textContent = tenant;
  $('tenant-events').href = '#/tenants/' + seg(tenant) + '/events';
  fill($('tenant-endpoints-table').tBodies[0], []);
  const endpoints = (await api('GET', '/v1/tenants/' + seg(tenant) + '/endpoints')).items;
  const health = await Promise.all(endpoints.map((e) => api('GET', endpointPath(tenant, e.id) + '/health')
    .catch(() => null)));
  if (!current()) return;
  fill($('tenant-endpoints-table').tBodies[0], endpoints.map((e, i) => {
    const h = health[i];
    return el('tr', { 'data-id': e.id },
      el('td', {}, endpointLink(tenant, e.id)), el('td', {}, h ? badge(h.state, HEALTH_STATES) : dash),
      cell(time(h && h.lastDeliveredAt)), cell(h && h.lastHour ? percent(h.lastHour.successRate) : null),
      cell(e.url, 'url'), cell(e.eventTypes.length ? e.eventTypes.join(', ') : 'every type'));
  }));
  $('tenant-endpoints-empty').hidden = endpoints.length > 0;
}

/** One endpoint: what the registry says, its health, and its last hour per minute. */
export async function loadEndpoint(tenant, id, current) {
  const path = endpointPath(tenant, id);
  const [e, h, series] = await Promise.all([api('GET', path), api('GET', path + '/health'),
    api('GET', path + '/series')]);
  if (!current()) return;
  $('endpoint-id').textContent = e.id;
  $('endpoint-tenant').href = '#/tenants/' + seg(tenant);
  $('endpoint-tenant').textContent = tenant;
  facts($('endpoint-summary'), [['URL', e.url], ['Description', e.description],
    ['Event types', e.eventTypes.length ? e.eventTypes.join(', ') : 'every type'],
    ['Channels', e.channels.length ? e.channels.join(', ') : 'every event'],
    ['Rate limit', e.rateLimit === null ? 'none' : e.rateLimit + ' per second'],
    ['Disabled', e.disabled ? 'yes' + (e.disabledReason ? ': ' + e.disabledReason : '') : 'no'],
    ['Created', time(e.createdAt)], ['Updated', time(e.updatedAt)]]);
  const last = h.lastHour || {};
  const error = last.lastError;
  facts($('endpoint-health'), [['State', badge(h.state, HEALTH_STATES)], ['Open since', time(h.openedAt)],
    ['Paused until', time(h.pausedUntil)], ['Consecutive failures', h.consecutiveFailures],
    ['In flight', h.inFlight + (h.concurrencyLimit === null ? '' : ' (limit ' + h.concurrencyLimit + ')')],
    ['Held messages', h.held], ['Last delivery', time(h.lastDeliveredAt)],
    ['Attempts, last hour', last.attempts], ['Success rate, last hour', percent(last.successRate)],
    ['Latency p50 / p99', last.latencyP50Ms === undefined || last.latencyP50Ms === null ? null
      : duration(Math.round(last.latencyP50Ms)) + ' / ' + duration(Math.round(last.latencyP99Ms))],
    ['Last error', error ? [time(error.at), error.statusCode, error.errorClass, error.message]
      .filter((x) => x !== null && x !== undefined && x !== dash).join(' · ') : null]]);
  const history = h.historyUnavailable || series.historyUnavailable;
  $('endpoint-history').textContent = history || '';
  $('endpoint-history').hidden = !history;
  const open = $('endpoint-chart').querySelector('details')?.open;
  $('endpoint-chart').replaceChildren(seriesChart(series.minutes));
  if (open) $('endpoint-chart').querySelector('details').open = true;
}

export function startTenants(load) {
  $('tenants-next').addEventListener('click', nextPage(state, $('tenants-next'), load));
  $('tenants-form').addEventListener('submit', (event) => {
    event.preventDefault();
    state.cursor = null;
    guarded(load);
  });
}

/** Opening the list starts from its first page. */
export function firstTenantsPage() {
  state.cursor = null;
}
