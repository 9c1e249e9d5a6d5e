// The page's link to the service: its address, the caller's token, requests and their answers, and the
// small helpers every part of the page shares.

export const base = location.pathname.replace(/\/ui(\/.*)?$/, '/');
export const $ = (id) => document.getElementById(id);
export const state = { token: sessionStorage.getItem('felicette-token'), who: null, file: null, format: null, columns: [], nearMisses: [] };

export function headers(extra) {
  const h = Object.assign({}, extra || {});
  if (state.token) { h['Authorization'] = 'Bearer ' + state.token; }
  return h;
}

export async function api(path, options) {
  const o = Object.assign({}, options || {});
  o.headers = headers(Object.assign({ 'Accept': 'application/json' }, o.headers || {}));
  const r = await fetch(base + path, o);
  const text = await r.text();
  let body = text;
  try { body = JSON.parse(text); } catch (e) { /* plain text */ }
  return { status: r.status, ok: r.ok, body: body, url: r.url };
}

export function message(body) {
  return typeof body === 'string' ? body.trim() : (body && body.message) || JSON.stringify(body);
}

export function show(id) { $(id).hidden = false; }
export function hide(id) { $(id).hidden = true; }

/** The page's views: the ingest steps, or one of My tables, the catalogue and the console. */
const VIEWS = ['mine', 'browse', 'console'];
const STEPS = ['step-file', 'step-describe', 'step-where', 'step-how', 'step-share', 'step-load', 'step-done'];
let stepsShown = null;

/** Opens one view in place of the others (the steps as they were are kept, to come back to). */
export function showView(id) {
  if (stepsShown === null) {
    stepsShown = STEPS.filter((s) => !$(s).hidden);
  }
  STEPS.forEach(hide);
  VIEWS.filter((v) => v !== id).forEach(hide);
  show(id);
  show('show-steps');
}

/** Back to the ingest steps, as they were left. */
export function showSteps() {
  VIEWS.forEach(hide);
  (stepsShown && stepsShown.length ? stepsShown : ['step-file']).forEach(show);
  stepsShown = null;
  hide('show-steps');
}

export function mb(bytes) { return (bytes / 1048576).toFixed(1) + ' MB'; }


/** The header's line: who is signed in, and how much of their quota their tables use (after every change too). */
export async function refreshWho() {
  const quota = await api('quota');
  const q = quota.ok ? quota.body : null;
  $('who').textContent = 'Signed in as ' + state.who.user
    + (q ? ' — ' + q.tables + ' of ' + q.max_tables + ' tables, ' + mb(q.bytes) + ' of ' + mb(q.max_bytes) + ' used' : '');
}
