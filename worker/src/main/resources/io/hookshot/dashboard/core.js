// What every view of the dashboard shares: the /v1 API called with the signed-in token, elements built from text
// (never from markup), the error and notice banners, and which view shows. Everything taken from the API is rendered
// as text (textContent, text nodes, attributes), never as HTML.

export const TOKEN_KEY = 'hookshot.token';
export const STATUSES = ['pending', 'delivering', 'retrying', 'delivered', 'dead'];

export const $ = (id) => document.getElementById(id);

/** A failed API call: the problem+json body's title and detail, or what went wrong on the way. */
export class ApiError extends Error {
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

export async function api(method, path, params) {
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

/** A path segment, escaped. */
export const seg = (s) => encodeURIComponent(s);

// ---- rendering helpers -------------------------------------------------------------------------------------

/** An element with text, attributes and children; strings become text nodes, never markup. */
export function el(tag, attrs = {}, ...children) {
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

export const dash = '—';
export const orDash = (v) => (v === undefined || v === null || v === '' ? dash : String(v));
/** A table cell showing {@code v} as text; {@code cls} styles it only when there is something to show. */
export const cell = (v, cls) => el('td', { text: orDash(v), class: orDash(v) === dash ? null : cls });

export function time(iso) {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : dash;
}

export function duration(ms) {
  if (ms === undefined || ms === null) return dash;
  if (ms < 1000) return ms + ' ms';
  if (ms < 60_000) return (ms / 1000).toFixed(1) + ' s';
  if (ms < 3_600_000) return (ms / 60_000).toFixed(1) + ' min';
  return (ms / 3_600_000).toFixed(1) + ' h';
}

/** A share from 0 to 1 as a percentage, or a dash. */
export function percent(share) {
  return share === undefined || share === null ? dash : (share * 100).toFixed(1) + ' %';
}

export function badge(value, known) {
  return el('span', { class: 'badge ' + (known.includes(value) ? 'b-' + value : 'b-other'), text: orDash(value) });
}

export function messageLink(id) {
  return el('a', { href: '#/messages/' + seg(id), class: 'mono', text: id });
}

export function fill(tbody, rows) {
  tbody.replaceChildren(...rows);
}

/** A definition list's terms and values; a value that is an element is shown as it is, anything else as text. */
export function facts(dl, pairs) {
  dl.replaceChildren(...pairs.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', {}, v instanceof Node ? v : orDash(v))]));
}

export function formParams(form) {
  return Object.fromEntries(new FormData(form).entries());
}

// ---- banners -----------------------------------------------------------------------------------------------

export function showError(e) {
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

export function notify(text) {
  $('notice').textContent = text;
  $('notice').hidden = false;
}

export function clearBanners() {
  $('error').hidden = true;
  $('notice').hidden = true;
}

// ---- which view shows --------------------------------------------------------------------------------------

let generation = 0;
let refreshTimer = null; // a view's next refresh (a timeout)

/** A new view is shown: whatever the one before still has in flight is dropped. Returns the new generation. */
export function nextGeneration() {
  stopRefresh();
  return ++generation;
}

/** Runs an async view action; its result is dropped, and its error not shown, once the user went elsewhere. */
export function guarded(action) {
  const mine = generation;
  return action(() => mine === generation).catch((e) => {
    if (mine === generation) showError(e);
  });
}

/** Runs {@code load} now and again {@code everyMs} after each run ends (so a slow answer never piles requests up). */
export function refreshing(load, everyMs) {
  const mine = generation;
  const refresh = () => guarded(load).then(() => {
    if (mine === generation) refreshTimer = setTimeout(refresh, everyMs);
  });
  refresh();
}

function stopRefresh() {
  if (refreshTimer !== null) clearTimeout(refreshTimer);
  refreshTimer = null;
}

/** Shows one view; {@code section} is the navigation link to highlight (the view itself unless told). */
export function showView(name, section = name) {
  for (const v of document.querySelectorAll('.view')) v.hidden = v.id !== 'view-' + name;
  $('nav').hidden = name === 'login';
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.view === section);
  if (name === 'login') {
    stopRefresh();
    $('login-token').value = '';
    $('login-token').focus();
  }
}

/** A paged search's state: the filter it was run with and the cursor of the page shown (null: the first). */
export function search() {
  return { params: null, cursor: null };
}

/** A form's submit starts the search again from its first page. */
export function newSearch(state, form, load) {
  return (event) => {
    event.preventDefault();
    clearBanners();
    state.params = formParams(form);
    state.cursor = null;
    guarded(load);
  };
}

/** The next-page button continues from the cursor of the page shown. */
export function nextPage(state, button, load) {
  return () => {
    clearBanners();
    state.cursor = button.dataset.cursor || null;
    guarded(load);
  };
}

/** Shows a page's next-page button (with its cursor) when there is a next page. */
export function pager(button, nextCursor) {
  button.hidden = !nextCursor;
  button.dataset.cursor = nextCursor || '';
}
