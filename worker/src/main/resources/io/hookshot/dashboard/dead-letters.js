// Dead letters (#/dead-letters): the list by URL and time of death; per row Replay and Delete (a second click
// confirms); Replay by filter, after a dry run that shows how many match and a sample.

import {
  $, api, cell, clearBanners, el, fill, formParams, guarded, messageLink, newSearch, nextPage, notify, pager, search,
  seg, time,
} from './core.js';
import { replay } from './messages.js';

/** The most dead letters one replay by filter re-enqueues (the API's default {@code max}). */
const MAX_PER_REPLAY = 1000;

const state = search();
/** The filter of the last dry run, which the confirm button replays. */
let previewFilter = null;

export async function loadDeadLetters(current) {
  if (state.params === null) state.params = formParams($('dead-form'));
  const page = await api('GET', '/v1/dead-letters', { ...state.params, cursor: state.cursor });
  if (!current()) return;
  fill($('dead-table').tBodies[0], page.items.map((d) => el('tr', { 'data-id': d.id },
    el('td', {}, messageLink(d.id)), cell(d.url, 'url'), cell(d.reason, 'error-text'), cell(d.attempts),
    cell(time(d.diedAt)), cell(time(d.archivedAt)),
    el('td', { class: 'actions' },
      el('button', { type: 'button', class: 'replay', onclick: () => replayOne(d.id), text: 'Replay' }),
      el('button', { type: 'button', class: 'delete danger', onclick: (e) => deleteOne(d.id, e.target), text: 'Delete' })))));
  $('dead-empty').hidden = page.items.length > 0;
  pager($('dead-next'), page.nextCursor);
}

async function replayOne(id) {
  clearBanners();
  await guarded(async (current) => {
    await replay(id);
    if (!current()) return;
    await loadDeadLetters(current);
  });
}

/** Deleting is for good: the first click arms the button, the second deletes. */
async function deleteOne(id, button) {
  clearBanners();
  if (!button.classList.contains('armed')) {
    button.classList.add('armed');
    button.textContent = 'Confirm delete';
    return;
  }
  await guarded(async (current) => {
    await api('DELETE', '/v1/dead-letters/' + seg(id));
    if (!current()) return;
    notify('Deleted the dead letter ' + id + '.');
    await loadDeadLetters(current);
  });
}

function filterOnly(params) {
  return { url: params.url, since: params.since, until: params.until };
}

/** Previews a replay by the form's filter, and lists the dead letters it matches. */
async function dryRun() {
  clearBanners();
  $('dead-preview').hidden = true;
  state.params = formParams($('dead-form'));
  state.cursor = null;
  const filter = filterOnly(state.params);
  await guarded(async (current) => {
    const r = await api('POST', '/v1/dead-letters/replay', { ...filter, dryRun: 'true' });
    if (!current()) return;
    await loadDeadLetters(current);
    if (!current()) return;
    previewFilter = filter;
    $('dead-preview-text').replaceChildren('Dry run: ', el('strong', { id: 'dead-preview-count', text: r.matched }),
      r.matched === 1 ? ' dead letter matches' : ' dead letters match',
      ' this filter; nothing was replayed.',
      r.matched > MAX_PER_REPLAY ? ' One replay takes the first ' + MAX_PER_REPLAY + '; repeat it for the rest.' : '',
      r.sample.length ? ' Sample:' : '');
    $('dead-preview-sample').replaceChildren(...r.sample.map((id) => el('li', {}, messageLink(id))));
    $('dead-replay-confirm').textContent = 'Replay ' + r.matched + ' now';
    $('dead-replay-confirm').disabled = r.matched === 0;
    $('dead-preview').hidden = false;
  });
}

async function confirmReplay() {
  clearBanners();
  const filter = previewFilter;
  if (!filter) return;
  $('dead-replay-confirm').disabled = true;
  $('dead-replay-confirm').textContent = 'Replaying…';
  await guarded(async (current) => {
    const r = await api('POST', '/v1/dead-letters/replay', filter);
    if (!current()) return;
    previewFilter = null;
    $('dead-preview').hidden = true;
    const refused = r.refused.map((x) => x.id + ' (' + x.reason + ')').join(', ');
    notify('Replayed ' + r.replayed + ' of ' + r.matched + ' dead letters' + (refused ? '; refused: ' + refused : '') + '.');
    await loadDeadLetters(current);
  });
}

export function startDeadLetters() {
  $('dead-form').addEventListener('submit', newSearch(state, $('dead-form'), loadDeadLetters));
  $('dead-next').addEventListener('click', nextPage(state, $('dead-next'), loadDeadLetters));
  $('dead-dry-run').addEventListener('click', dryRun);
  $('dead-replay-confirm').addEventListener('click', confirmReplay);
  $('dead-replay-cancel').addEventListener('click', () => {
    previewFilter = null;
    $('dead-preview').hidden = true;
  });
}
