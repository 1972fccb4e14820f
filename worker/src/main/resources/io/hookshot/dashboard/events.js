// Events: a tenant's events, newest first, searched by type and time (#/tenants/<tenant>/events), and one event's
// fan-out (#/events/<id>): each endpoint's message with its status and attempts.

import {
  $, api, badge, cell, el, facts, fill, formParams, messageLink, newSearch, nextPage, pager, search, seg, STATUSES,
  time,
} from './core.js';
import { endpointLink } from './tenants.js';

const state = { ...search(), tenant: null };

export async function loadEvents(tenant, current) {
  if (state.tenant !== tenant) {
    state.tenant = tenant;
    state.params = formParams($('events-form'));
    state.cursor = null;
  }
  $('events-tenant').textContent = tenant;
  $('events-tenant').href = '#/tenants/' + seg(tenant);
  const page = await api('GET', '/v1/tenants/' + seg(tenant) + '/events', { ...state.params, cursor: state.cursor });
  if (!current()) return;
  fill($('events-table').tBodies[0], page.items.map((e) => el('tr', { 'data-id': e.id },
    el('td', {}, el('a', { href: '#/events/' + seg(e.id), class: 'mono', text: e.id })), cell(e.eventType),
    cell(e.channels.join(', ')), cell(time(e.createdAt)), cell(e.endpoints), cell(time(e.fannedOutAt)))));
  $('events-empty').hidden = page.items.length > 0;
  pager($('events-next'), page.nextCursor);
}

export async function loadEvent(encodedId, current) {
  const id = decodeURIComponent(encodedId);
  $('event-id').textContent = id;
  $('event-summary').replaceChildren();
  fill($('event-messages-table').tBodies[0], []);
  const e = await api('GET', '/v1/events/' + seg(id));
  if (!current()) return;
  facts($('event-summary'), [
    ['Tenant', el('a', { href: '#/tenants/' + seg(e.tenant) + '/events', text: e.tenant })],
    ['Event type', e.eventType], ['Channels', e.channels.join(', ')], ['Idempotency key', e.idempotencyKey],
    ['Created', time(e.createdAt)], ['Fanned out', time(e.fannedOutAt)], ['Endpoints', e.endpoints],
    ['Payload', el('code', { class: 'snippet', text: JSON.stringify(e.payload) })]]);
  fill($('event-messages-table').tBodies[0], e.messages.map((m) => el('tr', { 'data-id': m.messageId },
    el('td', {}, endpointLink(e.tenant, m.endpointId)), el('td', {}, messageLink(m.messageId)),
    el('td', {}, badge(m.status, STATUSES)), cell(m.attempts), cell(m.url, 'url'))));
  $('event-messages-empty').hidden = e.messages.length > 0;
}

export function startEvents() {
  const load = (current) => loadEvents(state.tenant, current);
  $('events-form').addEventListener('submit', newSearch(state, $('events-form'), load));
  $('events-next').addEventListener('click', nextPage(state, $('events-next'), load));
}
