// The Hookshot dashboard: a static page of the admin server whose data all comes from the /v1 API, called with
// the token the user signs in with (or gives as #token=... in the URL), kept in this tab's sessionStorage only.
//
// Views, chosen by the URL fragment: #/overview (live counts), #/messages (search), #/messages/<id> (a message
// and its attempts), #/dead-letters (list, replay one or by filter after a dry run, delete), #/tenants (the event
// model's tenants), #/tenants/<tenant> (its endpoints), #/tenants/<tenant>/endpoints/<id> (one endpoint's health
// and last hour), #/tenants/<tenant>/events (its events), #/events/<id> (one event's fan-out), #/origins (the
// origins of messages sent to a URL, with their health and last hour).
// This file routes and shows the overview; each other view lives in a module of its own, core.js holds what they share.

import {
  $, api, cell, clearBanners, duration, el, fill, guarded, nextGeneration, orDash, refreshing, showView, TOKEN_KEY,
} from './core.js';
import { loadDeadLetters, startDeadLetters } from './dead-letters.js';
import { loadEvent, loadEvents, startEvents } from './events.js';
import { loadMessage, loadMessages, startMessages } from './messages.js';
import { loadOrigins } from './origins.js';
import { firstTenantsPage, loadEndpoint, loadTenant, loadTenants, startTenants } from './tenants.js';

const REFRESH_MS = 2000;
const ENDPOINT_REFRESH_MS = 10_000;

/** Fragment patterns and the view each shows: its section's id, the navigation link it belongs to, and its load. */
const ROUTES = [
  [/^#\/messages\/([^/?]+)$/, 'message', 'messages', (m, current) => loadMessage(m[1], current)],
  [/^#\/messages/, 'messages', 'messages', (m, current) => loadMessages(current)],
  [/^#\/dead-letters/, 'dead-letters', 'dead-letters', (m, current) => loadDeadLetters(current)],
  [/^#\/tenants\/([^/?]+)\/endpoints\/([^/?]+)$/, 'endpoint', 'tenants', null],
  [/^#\/tenants\/([^/?]+)\/events$/, 'events', 'tenants', (m, current) => loadEvents(decodeURIComponent(m[1]), current)],
  [/^#\/tenants\/([^/?]+)$/, 'tenant', 'tenants', (m, current) => loadTenant(decodeURIComponent(m[1]), current)],
  [/^#\/tenants/, 'tenants', 'tenants', (m, current) => {
    firstTenantsPage();
    return loadTenants(current);
  }],
  [/^#\/events\/([^/?]+)$/, 'event', 'tenants', (m, current) => loadEvent(m[1], current)],
  [/^#\/origins/, 'origins', 'origins', null],
];

function route() {
  nextGeneration();
  if (!sessionStorage.getItem(TOKEN_KEY)) {
    showView('login');
    return;
  }
  const hash = location.hash || '#/overview';
  for (const [pattern, view, section, load] of ROUTES) {
    const m = hash.match(pattern);
    if (!m) continue;
    showView(view, section);
    if (view === 'endpoint') {
      const [tenant, id] = [decodeURIComponent(m[1]), decodeURIComponent(m[2])];
      refreshing((current) => loadEndpoint(tenant, id, current), ENDPOINT_REFRESH_MS);
    } else if (view === 'origins') {
      refreshing(loadOrigins, REFRESH_MS);
    } else {
      guarded((current) => load(m, current));
    }
    return;
  }
  showView('overview');
  refreshing(loadOverview, REFRESH_MS);
}

// ---- overview ----------------------------------------------------------------------------------------------

function card(key, label, value) {
  return el('div', { class: 'card', 'data-stat': key },
    el('div', { class: 'value', text: orDash(value) }), el('div', { class: 'label', text: label }));
}

async function loadOverview(current) {
  const s = await api('GET', '/v1/stats');
  if (!current()) return;
  $('queue-name').textContent = 'queue ' + s.queue;
  $('overview-totals').replaceChildren(
    card('ready', 'ready', s.ready), card('delayed', 'delayed', s.delayed), card('inFlight', 'in flight', s.inFlight),
    card('deadAwaitingArchive', 'dead, awaiting archive', s.deadAwaitingArchive),
    card('deadLettersArchived', 'dead letters archived', s.deadLettersArchived),
    card('outboxLength', 'outbox', s.outboxLength));
  // Without PostgreSQL the API answers with the Redis part only, and says so: the history's figures show a dash.
  $('overview-history').textContent = s.historyUnavailable || '';
  $('overview-history').hidden = !s.historyUnavailable;
  const r = s.recent || {};
  $('overview-recent').replaceChildren(
    card('deliveredLastMinute', 'delivered, last minute', r.deliveredLastMinute),
    card('failedLastMinute', 'failed, last minute', r.failedLastMinute),
    card('deliveredLastHour', 'delivered, last hour', r.deliveredLastHour),
    card('failedLastHour', 'failed, last hour', r.failedLastHour));
  fill($('overview-partitions').tBodies[0], (s.partitions || []).map((p) => el('tr', {},
    cell(p.partition), cell(p.ready), cell(p.delayed), cell(p.inFlight), cell(p.deadAwaitingArchive),
    cell(duration(p.oldestReadyAgeMs)), cell(p.outboxLength), cell(duration(p.outboxLagMs)))));
  $('overview-updated').textContent = 'updated ' + new Date().toLocaleTimeString();
  $('error').hidden = true; // a refresh that failed before (server restarting, say) is over
}

// ---- start -------------------------------------------------------------------------------------------------

/** A token in the fragment (#token=...) signs in and leaves the address bar (and its history) at once. */
function takeTokenFromFragment() {
  const m = location.hash.match(/^#token=(.*)$/);
  if (!m) return;
  const token = decodeURIComponent(m[1]);
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  history.replaceState(null, '', location.pathname + location.search + '#/overview');
}

function start() {
  takeTokenFromFragment();
  $('login-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = $('login-token').value.trim();
    if (!token) return;
    clearBanners();
    sessionStorage.setItem(TOKEN_KEY, token);
    route();
  });
  $('sign-out').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    clearBanners();
    route();
  });
  startMessages();
  startDeadLetters();
  startTenants(loadTenants);
  startEvents();
  window.addEventListener('hashchange', () => {
    clearBanners();
    route();
  });
  route();
}

start();
