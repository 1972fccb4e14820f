// The Hookshot dashboard: a static page of the admin server whose data all comes from the /v1 API, called with
// the token the user signs in with (or gives as #token=... in the URL), kept in this tab's sessionStorage only.
//
// Views, chosen by the URL fragment: #/overview (live counts), #/messages (search), #/messages/<id> (a message
// and its attempts), #/dead-letters (list, replay one or by filter after a dry run, delete).
// Everything taken from the API is rendered as text (textContent, text nodes, attributes), never as HTML.

const TOKEN_KEY = 'hookshot.token';
const REFRESH_MS = 2000;
const SNIPPET_CHARS = 200;
/** The most dead letters one replay by filter re-enqueues (the API's default {@code max}). */
const MAX_PER_REPLAY = 1000;
const STATUSES = ['pending', 'delivering', 'retrying', 'delivered', 'dead'];
const OUTCOMES = ['delivered', 'retrying', 'dead'];

const $ = (id) => document.getElementById(id);

/** A failed API call: the problem+json body's title and detail, or what went wrong on the way. */
class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail);
    this.status = status;
    this.title = title;
  }
}

// ---- the API -----------------------------------------------------------------------------------------------

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && String(v).trim() !== '') q.set(k, String(v).trim());
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

async function api(method, path, params) {
  let response;
  try {
    response = await fetch(path + query(params), {
      method,
      headers: { Authorization: 'Bearer ' + sessionStorage.getItem(TOKEN_KEY), Accept: 'application/json' },
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'error',
    });
  } catch (e) {
    throw new ApiError(0, 'Network error', 'the server did not answer (' + e.message + ')');
  }
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    throw new ApiError(response.status, (body && body.title) || response.statusText || 'Error',
      (body && body.detail) || 'the server answered ' + response.status);
  }
  return body;
}

// ---- rendering helpers -------------------------------------------------------------------------------------

/** An element with text, attributes and children; strings become text nodes, never markup. */
function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null) continue;
    if (k === 'text') e.textContent = String(v);
    else if (k === 'class') e.className = v;
    else if (k === 'onclick') e.addEventListener('click', v);
    else e.setAttribute(k, String(v));
  }
  e.append(...children);
  return e;
}

const dash = '—';
const orDash = (v) => (v === undefined || v === null || v === '' ? dash : String(v));
/** A table cell showing {@code v} as text; {@code cls} styles it only when there is something to show. */
const cell = (v, cls) => el('td', { text: orDash(v), class: orDash(v) === dash ? null : cls });

function time(iso) {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : dash;
}

function duration(ms) {
  if (ms === undefined || ms === null) return dash;
  if (ms < 1000) return ms + ' ms';
  if (ms < 60_000) return (ms / 1000).toFixed(1) + ' s';
  if (ms < 3_600_000) return (ms / 60_000).toFixed(1) + ' min';
  return (ms / 3_600_000).toFixed(1) + ' h';
}

function badge(value, known) {
  return el('span', { class: 'badge ' + (known.includes(value) ? 'b-' + value : 'b-other'), text: orDash(value) });
}

function messageLink(id) {
  return el('a', { href: '#/messages/' + encodeURIComponent(id), class: 'mono', text: id });
}

function fill(tbody, rows) {
  tbody.replaceChildren(...rows);
}

// ---- banners -----------------------------------------------------------------------------------------------

function showError(e) {
  const box = $('error');
  const status = e instanceof ApiError && e.status ? e.status + ' ' : '';
  const title = e instanceof ApiError ? e.title : 'Error';
  box.replaceChildren(el('strong', { text: status + title }), ': ', el('span', { class: 'detail', text: e.message }));
  box.hidden = false;
  if (e instanceof ApiError && e.status === 401) {
    generation++; // whatever else is in flight was asked with the same token
    sessionStorage.removeItem(TOKEN_KEY);
    showView('login');
  }
}

function notify(text) {
  $('notice').textContent = text;
  $('notice').hidden = false;
}

function clearBanners() {
  $('error').hidden = true;
  $('notice').hidden = true;
}

// ---- views and routing -------------------------------------------------------------------------------------

let generation = 0;
let refreshTimer = null; // the overview's next refresh (a timeout)

/** Runs an async view action; its result is dropped, and its error not shown, once the user went elsewhere. */
function guarded(action) {
  const mine = generation;
  return action(() => mine === generation).catch((e) => {
    if (mine === generation) showError(e);
  });
}

/** Shows one view; {@code section} is the navigation link to highlight (the view itself unless told). */
function showView(name, section = name) {
  for (const v of document.querySelectorAll('.view')) v.hidden = v.id !== 'view-' + name;
  $('nav').hidden = name === 'login';
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.view === section);
  if (name === 'login') {
    stopRefresh();
    $('login-token').value = '';
    $('login-token').focus();
  }
}

function stopRefresh() {
  if (refreshTimer !== null) clearTimeout(refreshTimer);
  refreshTimer = null;
}

function route() {
  generation++;
  stopRefresh();
  if (!sessionStorage.getItem(TOKEN_KEY)) {
    showView('login');
    return;
  }
  const hash = location.hash || '#/overview';
  const detail = hash.match(/^#\/messages\/([^/?]+)$/);
  if (detail) {
    showView('message', 'messages');
    guarded((current) => loadMessage(detail[1], current));
  } else if (hash.startsWith('#/messages')) {
    showView('messages');
    guarded((current) => loadMessages(current));
  } else if (hash.startsWith('#/dead-letters')) {
    showView('dead-letters');
    guarded((current) => loadDeadLetters(current));
  } else {
    showView('overview');
    const mine = generation;
    // The next refresh is due REFRESH_MS after this one ends, so a slow answer never piles requests up.
    const refresh = () => guarded((current) => loadOverview(current)).then(() => {
      if (mine === generation) refreshTimer = setTimeout(refresh, REFRESH_MS);
    });
    refresh();
  }
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

// ---- paged searches (messages, dead letters) ---------------------------------------------------------------

function formParams(form) {
  return Object.fromEntries(new FormData(form).entries());
}

/** A search's state: the filter it was run with and the cursor of the page shown (null: the first). */
const searches = {
  messages: { params: null, cursor: null },
  dead: { params: null, cursor: null },
};

async function loadMessages(current) {
  const state = searches.messages;
  if (state.params === null) state.params = formParams($('messages-form'));
  const page = await api('GET', '/v1/messages', { ...state.params, cursor: state.cursor });
  if (!current()) return;
  fill($('messages-table').tBodies[0], page.items.map((m) => el('tr', { 'data-id': m.id },
    el('td', {}, messageLink(m.id)), el('td', {}, badge(m.status, STATUSES)), cell(m.attempts),
    cell(m.url, 'url'), cell(time(m.createdAt)), cell(m.lastStatusCode), cell(m.lastError, 'error-text'))));
  $('messages-empty').hidden = page.items.length > 0;
  $('messages-next').hidden = !page.nextCursor;
  $('messages-next').dataset.cursor = page.nextCursor || '';
}

async function loadDeadLetters(current) {
  const state = searches.dead;
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
  $('dead-next').hidden = !page.nextCursor;
  $('dead-next').dataset.cursor = page.nextCursor || '';
}

function newSearch(state, form, load) {
  return (event) => {
    event.preventDefault();
    clearBanners();
    state.params = formParams(form);
    state.cursor = null;
    guarded(load);
  };
}

function nextPage(state, button, load) {
  return () => {
    clearBanners();
    state.cursor = button.dataset.cursor || null;
    guarded(load);
  };
}

// ---- a message and its attempts ----------------------------------------------------------------------------

/** {@code encodedId}: as the fragment has it (a malformed escape is an error shown like the API's). */
async function loadMessage(encodedId, current) {
  const id = decodeURIComponent(encodedId);
  const path = '/v1/messages/' + encodeURIComponent(id);
  $('message-id').textContent = id;
  $('message-replay').hidden = true;
  $('message-summary').replaceChildren();
  fill($('attempts-table').tBodies[0], []);
  const [m, a] = await Promise.all([api('GET', path), api('GET', path + '/attempts')]);
  if (!current()) return;
  const facts = [['Status', badge(m.status, STATUSES)], ['URL', m.url], ['Queue', m.queue], ['Attempts', m.attempts],
    ['Created', time(m.createdAt)], ['Updated', time(m.updatedAt)], ['Next attempt', time(m.nextAttemptAt)],
    ['Finished', time(m.finishedAt)], ['Last status code', m.lastStatusCode], ['Last error', m.lastError]];
  $('message-summary').replaceChildren(...facts.flatMap(([k, v]) =>
    [el('dt', { text: k }), el('dd', {}, v instanceof Node ? v : orDash(v))]));
  fill($('attempts-table').tBodies[0], a.attempts.map((t) => el('tr', { 'data-attempt': t.attempt },
    cell(t.attempt), cell(time(t.startedAt)), el('td', {}, badge(t.outcome, OUTCOMES)), cell(t.statusCode, 'status-code'),
    cell(duration(t.durationMs)), cell(attemptError(t), 'error-text'), el('td', {}, snippet(t.responseBody)),
    cell(t.workerId, 'muted'))));
  $('attempts-empty').hidden = a.attempts.length > 0;
  $('message-replay').hidden = m.status !== 'dead';
  $('message-replay').dataset.id = m.id;
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

// ---- dead letters: replay and delete -----------------------------------------------------------------------

/** Replays one dead letter to its URL and says so. */
async function replay(id) {
  const r = await api('POST', '/v1/dead-letters/' + encodeURIComponent(id) + '/replay');
  notify('Replayed ' + r.id + ' to ' + r.url + '; its next attempt is number ' + r.firstAttempt + '.');
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
    await api('DELETE', '/v1/dead-letters/' + encodeURIComponent(id));
    if (!current()) return;
    notify('Deleted the dead letter ' + id + '.');
    await loadDeadLetters(current);
  });
}

/** The filter of the last dry run, which the confirm button replays. */
let previewFilter = null;

function filterOnly(params) {
  return { url: params.url, since: params.since, until: params.until };
}

/** Previews a replay by the form's filter, and lists the dead letters it matches. */
async function dryRun() {
  clearBanners();
  $('dead-preview').hidden = true;
  searches.dead.params = formParams($('dead-form'));
  searches.dead.cursor = null;
  const filter = filterOnly(searches.dead.params);
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
  $('messages-form').addEventListener('submit', newSearch(searches.messages, $('messages-form'), loadMessages));
  $('messages-next').addEventListener('click', nextPage(searches.messages, $('messages-next'), loadMessages));
  $('dead-form').addEventListener('submit', newSearch(searches.dead, $('dead-form'), loadDeadLetters));
  $('dead-next').addEventListener('click', nextPage(searches.dead, $('dead-next'), loadDeadLetters));
  $('message-replay').addEventListener('click', replayFromDetail);
  $('dead-dry-run').addEventListener('click', dryRun);
  $('dead-replay-confirm').addEventListener('click', confirmReplay);
  $('dead-replay-cancel').addEventListener('click', () => {
    previewFilter = null;
    $('dead-preview').hidden = true;
  });
  window.addEventListener('hashchange', () => {
    clearBanners();
    route();
  });
  route();
}

start();
