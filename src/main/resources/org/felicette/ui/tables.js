// My tables (the caller's tables and temporary tables, to query, share, keep longer or drop) and
// the catalogue as the caller sees it (TAP_SCHEMA, read-only).
import { $, api, base, mb, message, refreshWho, showView, state } from './api.js';
import { openConsole } from './console.js';

// My tables: the tables the caller owns, with their rows, size and sharing, to share or drop
$('show-mine').addEventListener('click', listMine);

function sharing(t) {
  const parts = [];
  if (t.is_public) { parts.push('everyone'); }
  if (t.read_group) { parts.push('group ' + t.read_group + ' (read)'); }
  if (t.read_write_group) { parts.push('group ' + t.read_write_group + ' (read and change)'); }
  return parts.length ? parts.join(', ') : 'only you';
}

async function listMine() {
  showView('mine');
  const r = await api('quota');
  const body = $('mine-list').querySelector('tbody');
  body.innerHTML = '';
  if (!r.ok) {
    $('mine-status').textContent = message(r.body);
    return;
  }
  const tables = r.body.usage || [];
  $('mine-status').textContent = tables.length ? tables.length + ' table' + (tables.length === 1 ? '' : 's')
    + ', ' + mb(r.body.bytes) + ' of ' + mb(r.body.max_bytes) + '.' : 'You have no tables yet.';
  tables.forEach((t) => body.appendChild(mineRow(t)));
  await listTemporary();
  $('mine-title').focus();
}

/** The caller's temporary tables (TAP uploads): until when each is kept, keep it longer, drop it. */
async function listTemporary() {
  const r = await api('uploads');
  const body = $('temporary-list').querySelector('tbody');
  body.innerHTML = '';
  const uploads = r.ok ? r.body.uploads || [] : [];
  $('temporary-status').textContent = !r.ok ? message(r.body) : uploads.length ? '' : 'You have no temporary tables.';
  uploads.forEach((u) => {
    const tr = document.createElement('tr');
    tr.innerHTML = '<th scope="row"></th><td class="rows"></td><td class="until"></td>'
      + '<td><button type="button" class="query">Query</button> <button type="button" class="longer">Keep a day longer</button> <button type="button" class="danger drop-upload">Drop</button></td>';
    tr.querySelector('th').textContent = u.tap_upload;
    tr.querySelector('.rows').textContent = u.rows.toLocaleString();
    const until = tr.querySelector('.until');
    until.textContent = new Date(u.expires).toLocaleString();
    const query = tr.querySelector('.query');
    query.setAttribute('aria-label', 'query ' + u.tap_upload);
    query.addEventListener('click', () => openConsole('SELECT TOP 10 * FROM ' + u.tap_upload));
    const longer = tr.querySelector('.longer');
    longer.setAttribute('aria-label', 'keep ' + u.tap_upload + ' a day longer');
    longer.addEventListener('click', async () => {
      const left = Math.max(0, (new Date(u.expires).getTime() - Date.now()) / 1000);
      const k = await api('uploads/' + encodeURIComponent(u.id), { method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'expires=' + Math.round(left + 86400) });
      if (!k.ok) {
        $('temporary-status').textContent = u.tap_upload + ' is kept as it was: ' + message(k.body);
        return;
      }
      u.expires = k.body.expires;
      until.textContent = new Date(u.expires).toLocaleString();
      $('temporary-status').textContent = u.tap_upload + ' is kept until ' + until.textContent
        + ' (the longest an upload is kept is the service\'s limit).';
    });
    const drop = tr.querySelector('.drop-upload');
    drop.setAttribute('aria-label', 'drop ' + u.tap_upload);
    drop.addEventListener('click', async () => {
      const d = await api('uploads/' + encodeURIComponent(u.id), { method: 'DELETE' });
      $('temporary-status').textContent = d.status === 204 ? u.tap_upload + ' was dropped.' : 'Not dropped: ' + message(d.body);
      if (d.status === 204) { tr.remove(); refreshWho(); }
    });
    body.appendChild(tr);
  });
}

function mineRow(t) {
  const tr = document.createElement('tr');
  tr.innerHTML = '<th scope="row"><a></a></th><td class="rows"></td><td class="size"></td><td class="shared"></td>'
    + '<td><button type="button" class="query">Query</button> <button type="button" class="share">Share…</button> <button type="button" class="danger drop-table">Drop</button>'
    + '<form class="share-form" hidden><select aria-label="who may read it">'
    + '<option value="private">only me</option><option value="public">everyone</option>'
    + '<option value="r">a group may read it</option><option value="rw">a group may read and change it</option></select> '
    + '<input aria-label="group name" placeholder="group"> <button type="submit">Apply</button></form></td>';
  const link = tr.querySelector('a');
  link.textContent = t.table;
  link.href = base + 'tables/' + encodeURIComponent(t.table);
  tr.querySelector('.rows').textContent = t.rows == null ? '—' : t.rows.toLocaleString();
  tr.querySelector('.size').textContent = mb(t.bytes);
  tr.querySelector('.shared').textContent = sharing(t);
  const shareButton = tr.querySelector('.share');
  const form = tr.querySelector('.share-form');
  shareButton.setAttribute('aria-label', 'share ' + t.table);
  shareButton.setAttribute('aria-expanded', 'false');
  shareButton.addEventListener('click', () => {
    form.hidden = !form.hidden;
    shareButton.setAttribute('aria-expanded', String(!form.hidden));
    if (!form.hidden) { form.querySelector('select').focus(); }
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const choice = form.querySelector('select').value;
    const group = form.querySelector('input').value.trim();
    if ((choice === 'r' || choice === 'rw') && !group) {
      $('mine-status').textContent = 'Name the group to share ' + t.table + ' with.';
      return;
    }
    // a choice replaces the sharing the table had
    const lines = 'public=' + (choice === 'public') + '\nr-group=' + (choice === 'r' ? group : '')
      + '\nrw-group=' + (choice === 'rw' ? group : '') + '\n';
    const p = await api('permissions/' + encodeURIComponent(t.table), { method: 'POST',
      headers: { 'Content-Type': 'text/plain', 'Accept': 'text/plain' }, body: lines });
    if (!p.ok) {
      $('mine-status').textContent = t.table + ' was not shared: ' + message(p.body);
      return;
    }
    const now = { is_public: choice === 'public', read_group: choice === 'r' ? group : null,
      read_write_group: choice === 'rw' ? group : null };
    tr.querySelector('.shared').textContent = sharing(now);
    $('mine-status').textContent = t.table + ' may now be read by ' + sharing(now) + '.';
    form.hidden = true;
    shareButton.setAttribute('aria-expanded', 'false');
    shareButton.focus();
  });
  // the form opens on the table's sharing as it is, so that Apply changes only what is changed
  const select = form.querySelector('select');
  const groupInput = form.querySelector('input');
  select.value = t.is_public ? 'public' : t.read_write_group ? 'rw' : t.read_group ? 'r' : 'private';
  groupInput.value = t.read_write_group || t.read_group || '';
  const query = tr.querySelector('.query');
  query.setAttribute('aria-label', 'query ' + t.table);
  query.addEventListener('click', () => openConsole('SELECT TOP 10 * FROM ' + t.table));
  const drop = tr.querySelector('.drop-table');
  drop.setAttribute('aria-label', 'drop ' + t.table);
  drop.addEventListener('click', async () => {
    if (!window.confirm('Drop ' + t.table + ' and all its rows? This cannot be undone.')) {
      return;
    }
    const d = await api('tables/' + encodeURIComponent(t.table), { method: 'DELETE' });
    $('mine-status').textContent = d.status === 204 ? t.table + ' was dropped.' : 'Not dropped: ' + message(d.body);
    if (d.status === 204) { tr.remove(); refreshWho(); }
  });
  return tr;
}

// The caller's TAP_SCHEMA, read-only: schemas, then a schema's tables, then a table's columns
$('show-browse').addEventListener('click', browse);

function pressedOne(list, button) {
  list.querySelectorAll('button').forEach((b) => b.setAttribute('aria-pressed', String(b === button)));
}

function item(list, text, title, onChoose) {
  const li = document.createElement('li');
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.setAttribute('aria-pressed', 'false');
  if (title) { b.title = title; }
  b.addEventListener('click', () => { pressedOne(list, b); onChoose(); });
  li.appendChild(b);
  list.appendChild(li);
  return b;
}

async function browse() {
  showView('browse');
  const [schemas, tables] = await Promise.all([api('tap_schema/schemas?FORMAT=json'), api('tap_schema/tables?FORMAT=json')]);
  const list = $('browse-schemas');
  list.innerHTML = '';
  $('browse-tables').innerHTML = '';
  if (!schemas.ok || !tables.ok) {
    list.textContent = message(schemas.ok ? tables.body : schemas.body);
    return;
  }
  schemas.body.forEach((s) => item(list, s.schema_name, s.description, () => browseSchema(s.schema_name, tables.body)));
  const first = list.querySelector('button');
  if (first) { first.focus(); }
}

function browseSchema(schema, tables) {
  const list = $('browse-tables');
  list.innerHTML = '';
  tables.filter((t) => t.schema_name === schema)
    .forEach((t) => item(list, t.table_name, t.description, () => browseTable(t.table_name)));
  const first = list.querySelector('button');
  if (first) { first.focus(); }
}

async function browseTable(name) {
  const r = await api('tables/' + encodeURIComponent(name));
  const body = $('browse-columns').querySelector('tbody');
  body.innerHTML = '';
  if (!r.ok) {
    $('browse-table').textContent = message(r.body);
    return;
  }
  $('browse-table').textContent = name + (r.body.description ? ': ' + r.body.description : '')
    + (r.body.nrows != null ? ' (about ' + r.body.nrows.toLocaleString() + ' rows)' : '');
  (r.body.columns || []).forEach((c) => {
    const tr = document.createElement('tr');
    [c.name, c.datatype + (c.arraysize ? '[' + c.arraysize + ']' : ''), c.unit || '', c.ucd || '', c.description || '']
      .forEach((v, i) => { const cell = document.createElement(i === 0 ? 'th' : 'td'); cell.textContent = v; if (i === 0) { cell.scope = 'row'; } tr.appendChild(cell); });
    body.appendChild(tr);
  });
}
