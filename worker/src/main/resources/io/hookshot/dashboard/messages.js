// Messages: the search (#/messages, newest first, a page at a time) and one message with its attempts
// (#/messages/<id>), which replays it when it is dead.

import {
  $, api, badge, cell, clearBanners, dash, duration, el, facts, fill, formParams, guarded, messageLink, newSearch,
  nextPage, notify, pager, search, seg, STATUSES, time,
} from './core.js';

const SNIPPET_CHARS = 200;
const OUTCOMES = ['delivered', 'retrying', 'dead'];

const state = search();

export async function loadMessages(current) {
  if (state.params === null) state.params = formParams($('messages-form'));
  const page = await api('GET', '/v1/messages', { ...state.params, cursor: state.cursor });
  if (!current()) return;
  fill($('messages-table').tBodies[0], page.items.map((m) => el('tr', { 'data-id': m.id },
    el('td', {}, messageLink(m.id)), el('td', {}, badge(m.status, STATUSES)), cell(m.attempts),
    cell(m.url, 'url'), cell(time(m.createdAt)), cell(m.lastStatusCode), cell(m.lastError, 'error-text'))));
  $('messages-empty').hidden = page.items.length > 0;
  pager($('messages-next'), page.nextCursor);
}

/** {@code encodedId}: as the fragment has it (a malformed escape is an error shown like the API's). */
export async function loadMessage(encodedId, current) {
  const id = decodeURIComponent(encodedId);
  const path = '/v1/messages/' + seg(id);
  $('message-id').textContent = id;
  $('message-replay').hidden = true;
  $('message-summary').replaceChildren();
  fill($('attempts-table').tBodies[0], []);
  const [m, a] = await Promise.all([api('GET', path), api('GET', path + '/attempts')]);
  if (!current()) return;
  facts($('message-summary'), [['Status', badge(m.status, STATUSES)], ['URL', m.url], ['Queue', m.queue],
    ['Attempts', m.attempts], ['Created', time(m.createdAt)], ['Updated', time(m.updatedAt)],
    ['Next attempt', time(m.nextAttemptAt)], ['Finished', time(m.finishedAt)],
    ['Last status code', m.lastStatusCode], ['Last error', m.lastError]]);
  fill($('attempts-table').tBodies[0], a.attempts.map((t) => el('tr', { 'data-attempt': t.attempt },
    cell(t.attempt), cell(time(t.startedAt)), el('td', {}, badge(t.outcome, OUTCOMES)), cell(t.statusCode, 'status-code'),
    cell(duration(t.durationMs)), cell(attemptError(t), 'error-text'), el('td', {}, snippet(t.responseBody)),
    cell(t.workerId, 'muted'))));
  $('attempts-empty').hidden = a.attempts.length > 0;
  $('message-replay').hidden = m.status !== 'dead';
  $('message-replay').dataset.id = m.id;
}

/** Replays one dead letter to its URL and says so. */
export async function replay(id) {
  const r = await api('POST', '/v1/dead-letters/' + seg(id) + '/replay');
  notify('Replayed ' + r.id + ' to ' + r.url + '; its next attempt is number ' + r.firstAttempt + '.');
}

async function replayFromDetail() {
  clearBanners();
  const id = $('message-replay').dataset.id;
  await guarded(async (current) => {
    await replay(id);
    if (!current()) return;
    await loadMessage(id, current);
  });
}

function attemptError(t) {
  if (!t.errorClass && !t.errorMessage) return null;
  return [t.errorClass, t.errorMessage].filter(Boolean).join(': ');
}

function snippet(body) {
  if (!body) return dash;
  const short = body.length > SNIPPET_CHARS ? body.slice(0, SNIPPET_CHARS) + '…' : body;
  return el('code', { class: 'snippet', title: body, text: short });
}

export function startMessages() {
  $('messages-form').addEventListener('submit', newSearch(state, $('messages-form'), loadMessages));
  $('messages-next').addEventListener('click', nextPage(state, $('messages-next'), loadMessages));
  $('message-replay').addEventListener('click', replayFromDetail);
}
