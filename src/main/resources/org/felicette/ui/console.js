// The query console: ADQL through /sync, as any TAP client sends it.
import { $, api, base, headers, mb, message, showView, state } from './api.js';

$('show-console').addEventListener('click', () => openConsole($('console-adql').value || 'SELECT TOP 10 * FROM tap_schema.tables'));

export function openConsole(query) {
  showView('console');
  $('console-adql').value = query;
  $('console-error').textContent = '';
  $('console-pyvo').textContent = pyvoSnippet(query, Number($('console-max').value));
  $('console-title').focus();
  $('console').scrollIntoView();
}

function pyvoSnippet(query, maxrec) {
  return 'import pyvo, requests\nsession = requests.Session()\n'
    + (state.token ? 'session.headers["Authorization"] = "Bearer YOUR-TOKEN"\n' : '')
    + 'service = pyvo.dal.TAPService("' + location.origin + base.replace(/\/$/, '') + '", session=session)\n'
    + 'service.run_sync(' + JSON.stringify(query) + ', maxrec=' + maxrec + ').to_table()';
}

/** The request a TAP client sends: the query as a form, in the format asked for. */
function syncRequest(format, maxrec) {
  const form = new URLSearchParams({ LANG: 'ADQL', QUERY: $('console-adql').value, RESPONSEFORMAT: format });
  if (maxrec) { form.set('MAXREC', String(maxrec)); }
  return { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString() };
}

/** A refused query's reason, from TAP's error VOTable (its QUERY_STATUS), with the line and column of a syntax error. */
function queryError(body) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  const status = [...doc.getElementsByTagName('INFO')].find((i) => i.getAttribute('name') === 'QUERY_STATUS');
  return status && status.textContent.trim() ? status.textContent.trim() : message(body);
}

$('console-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const maxrec = Number($('console-max').value) || 100;
  $('console-error').textContent = '';
  $('console-status').textContent = 'Running…';
  $('console-pyvo').textContent = pyvoSnippet($('console-adql').value, maxrec);
  const started = Date.now();
  const r = await api('sync', syncRequest('json', maxrec));
  const head = $('console-result').querySelector('thead');
  const body = $('console-result').querySelector('tbody');
  head.innerHTML = '';
  body.innerHTML = '';
  if (!r.ok) {
    $('console-status').textContent = '';
    $('console-error').textContent = 'The query was refused: ' + queryError(r.body);
    $('console-adql').focus();
    return;
  }
  const htr = document.createElement('tr');
  r.body.metadata.forEach((c) => {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = c.name + (c.unit ? ' [' + c.unit + ']' : '');
    if (c.description) { th.title = c.description; }
    htr.appendChild(th);
  });
  head.appendChild(htr);
  r.body.data.forEach((row) => {
    const tr = document.createElement('tr');
    row.forEach((v) => { const td = document.createElement('td'); td.textContent = v === null ? '' : Array.isArray(v) ? v.join(' ') : v; tr.appendChild(td); });
    body.appendChild(tr);
  });
  $('console-status').textContent = r.body.data.length.toLocaleString() + ' row' + (r.body.data.length === 1 ? '' : 's')
    + (r.body.query_status === 'OVERFLOW' ? ', the first ' + maxrec.toLocaleString() + ': there are more (download them all below the limit of the service)' : '')
    + ' in ' + ((Date.now() - started) / 1000).toFixed(2) + ' s.';
});

document.querySelectorAll('#console-form .download').forEach((b) => b.addEventListener('click', async () => {
  const format = b.dataset.format;
  $('console-error').textContent = '';
  $('console-status').textContent = 'Preparing the ' + b.textContent + ' file…';
  const r = await fetch(base + 'sync', Object.assign(syncRequest(format, 0), { headers: headers({ 'Content-Type': 'application/x-www-form-urlencoded' }) }));
  if (!r.ok) {
    $('console-status').textContent = '';
    $('console-error').textContent = 'The query was refused: ' + queryError(await r.text());
    return;
  }
  const blob = await r.blob();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = 'result.' + { csv: 'csv', votable: 'vot', parquet: 'parquet' }[format];
  document.body.appendChild(a);
  a.click();
  a.remove();
  $('console-status').textContent = 'Downloaded ' + a.download + ' (' + mb(blob.size) + ').';
}));
