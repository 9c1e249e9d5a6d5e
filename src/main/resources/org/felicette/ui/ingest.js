// The ingest steps: a file chosen and previewed, its columns described, where it goes, how it is
// stored, who sees it; then created, loaded (or uploaded as a temporary table), and shown.
import { $, api, base, headers, hide, mb, message, refreshWho, show, state } from './api.js';
import { openConsole } from './console.js';

const TYPES = ['boolean', 'short', 'int', 'long', 'float', 'double', 'char', 'unicodeChar', 'unsignedByte'];

// A hint only: the service recognises a file's format from its first bytes, and the preview's
// answer names it; the file's name or the browser's type just help where bytes cannot tell.
function formatOf(file) {
  const n = file.name.toLowerCase();
  if (n.endsWith('.fits') || n.endsWith('.fit')) { return 'application/fits'; }
  if (n.endsWith('.csv')) { return 'text/csv'; }
  if (n.endsWith('.tsv')) { return 'text/tab-separated-values'; }
  if (n.endsWith('.ecsv')) { return 'text/x-ecsv'; }
  if (n.endsWith('.parquet')) { return 'application/vnd.apache.parquet'; }
  if (n.endsWith('.vot') || n.endsWith('.xml')) { return 'application/x-votable+xml'; }
  return file.type || 'application/octet-stream';
}

/** The media type of a format as the service names it in a preview. */
const MEDIA = { csv: 'text/csv', tsv: 'text/tab-separated-values', FITS: 'application/fits',
  VOTable: 'application/x-votable+xml', ECSV: 'text/x-ecsv', Parquet: 'application/vnd.apache.parquet' };

/** A spatial index needs pg_sphere: offered only where the service's capabilities say its geometry is there. */
export async function spatialOffered() {
  const r = await fetch(base + 'capabilities');
  const xml = r.ok ? await r.text() : '';
  const pgSphere = /<form>\s*INTERSECTS\s*<\/form>/.test(xml);
  $('spatial-choice').hidden = !pgSphere;
  if (!pgSphere) { $('spatial').checked = false; }
}

const drop = $('drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); choose(e.dataTransfer.files[0]); });
$('file').addEventListener('change', (e) => choose(e.target.files[0]));

async function choose(file) {
  if (!file) { return; }
  state.file = file;
  state.format = formatOf(file);
  $('file-error').textContent = '';
  let head = file;
  if (state.format !== 'application/vnd.apache.parquet' && file.size > 1048576) {
    head = file.slice(0, 1048576);
    if (state.format.startsWith('text/')) {
      const text = await head.text();
      head = new Blob([text.slice(0, text.lastIndexOf('\n') + 1)]); // whole lines only
    }
  }
  const r = await api('preview?rows=10', { method: 'POST', headers: { 'Content-Type': state.format }, body: head });
  if (!r.ok) {
    $('file-error').textContent = 'This file cannot be read: ' + message(r.body);
    return;
  }
  state.format = MEDIA[r.body.format] || state.format; // what the file is, as the service recognised it
  const taken = new Set();
  // the service proposes UCDs (and units) from the columns' names, and names the values that do not fit a type
  const proposed = new Map((r.body.proposals || []).map((p) => [p.column, p]));
  state.columns = r.body.columns.map((c, i) => ({
    fileName: c.name, name: identifier(c.name, i, taken), datatype: c.datatype || 'char', arraysize: c.arraysize,
    xtype: c.xtype, unit: c.unit || (proposed.get(c.name) || {}).unit || '',
    ucd: c.ucd || (proposed.get(c.name) || {}).ucd || '', description: c.description || '', principal: true,
    nullIfInvalid: false, problems: {}, kept: {} }));
  state.nearMisses = (r.body.near_misses || []).map((m) => ({ ...m, choice: null }));
  renderColumns(r.body.rows);
  renderNearMisses();
  $('table').value = file.name.replace(/\.[^.]*$/, '').toLowerCase().replace(/[^a-z0-9_]/g, '_').replace(/^([^a-z])/, 't_$1');
  show('step-describe');
  show('step-where');
  show('step-how');
  show('step-share');
  fillHow();
  checkNames();
  checkName();
  validate();
}

// Step 4: the position, the identifier, a link, indexes and Qserv's hints, proposed from the UCDs
function columnOptions(select, numeric, chosen) {
  select.innerHTML = '';
  const none = document.createElement('option');
  none.value = '';
  none.textContent = '(none)';
  select.appendChild(none);
  state.columns.forEach((c, i) => {
    if (numeric && !numeric.includes(c.datatype)) { return; }
    const o = document.createElement('option');
    o.value = String(i);
    o.textContent = c.name;
    select.appendChild(o);
  });
  select.value = chosen == null || chosen < 0 ? '' : String(chosen);
}

const ANGLES = ['float', 'double'];
const INTEGERS = ['short', 'int', 'long'];

function firstWithUcd(prefix) {
  return state.columns.findIndex((c) => c.ucd.toLowerCase().split(';')[0] === prefix);
}

function fillHow() {
  const ids = firstWithUcd('meta.id');
  columnOptions($('ra-col'), ANGLES, firstWithUcd('pos.eq.ra'));
  columnOptions($('dec-col'), ANGLES, firstWithUcd('pos.eq.dec'));
  columnOptions($('id-col'), null, ids);
  columnOptions($('fk-column'), null, -1);
  const list = $('index-columns');
  list.innerHTML = '';
  state.columns.forEach((c, i) => {
    const p = document.createElement('p');
    p.innerHTML = '<input type="checkbox"> <label></label>';
    const box = p.querySelector('input');
    box.id = 'index-' + i;
    box.value = String(i);
    const label = p.querySelector('label');
    label.htmlFor = box.id;
    label.textContent = 'index ' + c.name;
    list.appendChild(p);
  });
  visibleTables();
}

/** Marks a chosen column with its UCD (and unit) in step 2, unless it already says as much. */
function mark(select, ucd, unit) {
  const i = select.value === '' ? -1 : Number(select.value);
  if (i < 0) { return; }
  const c = state.columns[i];
  if (c.ucd.toLowerCase().split(';')[0] !== ucd) {
    c.ucd = ucd + ';meta.main';
    $('ucd-' + i).value = c.ucd;
  }
  if (unit && !c.unit) {
    c.unit = unit;
    $('unit-' + i).value = unit;
  }
  validateSoon();
}

$('ra-col').addEventListener('change', () => mark($('ra-col'), 'pos.eq.ra', 'deg'));
$('dec-col').addEventListener('change', () => mark($('dec-col'), 'pos.eq.dec', 'deg'));
$('id-col').addEventListener('change', () => mark($('id-col'), 'meta.id', null));

let visible = null;
async function visibleTables() {
  if (visible) { return; }
  const r = await api('tap_schema/tables?FORMAT=json');
  visible = r.ok ? r.body : [];
  const list = $('visible-tables');
  list.innerHTML = '';
  visible.forEach((t) => { const o = document.createElement('option'); o.value = t.table_name; list.appendChild(o); });
}

async function targetColumns() {
  const name = $('fk-table').value.trim();
  const list = $('fk-target-columns');
  list.innerHTML = '';
  if (!/^[A-Za-z][A-Za-z0-9_]*\.[A-Za-z][A-Za-z0-9_]*$/.test(name)) { return; }
  const r = await api('tables/' + encodeURIComponent(name));
  if (!r.ok) { return; }
  (r.body.columns || []).forEach((c) => { const o = document.createElement('option'); o.value = c.name; list.appendChild(o); });
}
$('fk-table').addEventListener('change', targetColumns);

function chosenColumn(id) {
  const v = $(id).value;
  return v === '' ? null : state.columns[Number(v)].name;
}

/** Qserv's fields for the choice made, or null when the table is not partitioned. */
function distribution() {
  const kind = document.querySelector('input[name=partition]:checked').value;
  if (kind === 'none') { return null; }
  if (kind === 'director') {
    return { is_partitioned: true, is_director: true, id_col_name: chosenColumn('id-col'),
      longitude_col_name: chosenColumn('ra-col'), latitude_col_name: chosenColumn('dec-col') };
  }
  return { is_partitioned: true, is_director: false, id_col_name: chosenColumn('id-col'),
    ref_director_table: $('director-table').value.trim() || null, ref_director_id_col_name: $('director-id').value.trim() || null };
}

/** The indexes asked for, as /table-update parameters. */
function indexes() {
  const out = [];
  const id = chosenColumn('id-col');
  if (id) { out.push({ index: id, unique: $('id-unique').checked }); }
  const ra = chosenColumn('ra-col');
  const dec = chosenColumn('dec-col');
  if ($('spatial').checked && ra && dec) { out.push({ index: ra + ',' + dec, unique: false, type: 'long-lat' }); }
  document.querySelectorAll('#index-columns input:checked').forEach((box) => {
    const name = state.columns[Number(box.value)].name;
    if (name !== id) { out.push({ index: name, unique: false }); }
  });
  return out;
}

document.querySelectorAll('input[name=keep]').forEach((r) => r.addEventListener('change', () => {
  const temporary = $('keep-temporary').checked;
  $('step-how').hidden = temporary;
  $('share-set').hidden = temporary;
  $('go').textContent = temporary ? 'Upload the file as a temporary table' : 'Create the table and load the file';
}));

/**
 * A column whose values nearly all fit its type, and the few that do not: the type is kept, the
 * values named with their line, and nothing is created until the person chooses what to do.
 */
function renderNearMisses() {
  const box = $('near-misses');
  box.innerHTML = '';
  state.nearMisses.forEach((m, k) => {
    const i = state.columns.findIndex((c) => c.fileName === m.column);
    if (i < 0) { return; }
    const c = state.columns[i];
    const set = document.createElement('fieldset');
    set.className = 'near-miss';
    set.id = 'near-miss-' + k;
    const legend = document.createElement('legend');
    legend.textContent = m.column + ' is typed ' + m.datatype + ': ' + m.message + '.';
    set.appendChild(legend);
    [['null', 'Load those values as NULL (empty): the column stays ' + m.datatype + '.'],
      ['text', 'Keep the column as text: every value is kept as written, and it cannot be compared as a number.'],
      ['fix', 'I will correct the file, then choose it again.']].forEach(([value, label], j) => {
      const id = 'near-miss-' + k + '-' + value;
      const p = document.createElement('p');
      p.innerHTML = '<input type="radio"><label></label>';
      const radio = p.querySelector('input');
      radio.name = 'near-miss-' + k;
      radio.value = value;
      radio.id = id;
      const l = p.querySelector('label');
      l.htmlFor = id;
      l.textContent = label;
      radio.addEventListener('change', () => {
        m.choice = value;
        c.nullIfInvalid = value === 'null';
        if (value === 'text') {
          c.datatype = 'char';
          c.arraysize = '*';
          c.xtype = null;
        } else if (c.datatype === 'char' && m.datatype !== 'timestamp') {
          c.datatype = m.datatype;
          c.arraysize = null;
        }
        const select = document.querySelector('#columns tbody tr:nth-child(' + (i + 1) + ') select');
        if (select) { select.value = c.datatype; }
        if (value === 'fix') { $('file').focus(); }
        $('columns-error').textContent = '';
      });
      set.appendChild(p);
    });
    box.appendChild(set);
  });
}

/** The near misses still waiting for a choice (or whose choice is to fix the file). */
function unchosen() {
  return state.nearMisses.filter((m) => m.choice === null || m.choice === 'fix');
}

const SYSTEM_COLUMNS = ['tableoid', 'xmin', 'cmin', 'xmax', 'cmax', 'ctid'];
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

/** A table column name for a file column: its own when it is one, else made one (RA (J2000) → RA_J2000). */
function identifier(fileName, i, taken) {
  let n = String(fileName || '').trim().replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (!n) { n = 'col' + (i + 1); } else if (!/^[A-Za-z]/.test(n)) { n = 'c_' + n; }
  if (SYSTEM_COLUMNS.includes(n.toLowerCase())) { n += '_'; }
  n = n.slice(0, 60);
  let out = n;
  for (let k = 2; taken.has(out.toLowerCase()); k++) { out = n + '_' + k; }
  taken.add(out.toLowerCase());
  return out;
}

/** What is wrong with a column's name (given the others), or ''. */
function nameProblem(c, i) {
  if (!c.name) { return 'A column needs a name.'; }
  if (!IDENTIFIER.test(c.name)) { return 'A column name is a letter, then letters, digits or _.'; }
  if (c.name.length > 63) { return 'A column name has at most 63 characters.'; } // ASCII: a character is a byte
  if (SYSTEM_COLUMNS.includes(c.name.toLowerCase())) { return c.name + ' is a name PostgreSQL keeps for itself.'; }
  const first = state.columns.findIndex((o) => o.name.toLowerCase() === c.name.toLowerCase());
  if (first !== i) { return 'Column ' + (first + 1) + ' has this name already.'; }
  return '';
}

/** Marks each column name that cannot be a table column's; the problems, in words. */
function checkNames() {
  const problems = [];
  state.columns.forEach((c, i) => {
    const input = $('name-' + i);
    const problem = nameProblem(c, i);
    input.classList.toggle('bad', !!problem);
    if (problem) {
      input.setAttribute('aria-invalid', 'true');
      input.title = problem;
      problems.push('Column ' + (i + 1) + ' (' + (c.name || 'no name') + '): ' + problem);
    } else {
      input.removeAttribute('aria-invalid');
      input.title = '';
    }
    showFrom(i);
  });
  $('columns-error').textContent = problems.join(' ');
  return problems;
}

/** Under a renamed column, the file's name for it (what the load renames). */
function showFrom(i) {
  const c = state.columns[i];
  $('from-' + i).textContent = c.fileName !== c.name ? ' from ' + c.fileName : '';
}

/** Step 4's lists name the columns as step 2 now names them. */
function relabel() {
  ['ra-col', 'dec-col', 'id-col', 'fk-column'].forEach((id) => {
    $(id).querySelectorAll('option').forEach((o) => { if (o.value !== '') { o.textContent = state.columns[Number(o.value)].name; } });
  });
  state.columns.forEach((c, i) => {
    const label = document.querySelector('label[for="index-' + i + '"]');
    if (label) { label.textContent = 'index ' + c.name; }
  });
}

/** The load's renames (each file column whose table column has another name) and its columns loaded leniently. */
function renames() {
  return state.columns.filter((c) => c.fileName !== c.name)
    .map((c) => '&rename=' + encodeURIComponent(c.fileName + '=' + c.name)).join('')
    + state.columns.filter((c) => c.nullIfInvalid).map((c) => '&nullIfInvalid=' + encodeURIComponent(c.name)).join('');
}

function renderColumns(rows) {
  const body = $('columns').querySelector('tbody');
  body.innerHTML = '';
  state.columns.forEach((c, i) => {
    const tr = document.createElement('tr');
    tr.innerHTML = '<th scope="row"><input class="name" autocomplete="off" spellcheck="false"><span class="hint"></span></th>'
      + '<td><select></select></td><td><input class="unit"><span class="field-error"></span></td>'
      + '<td><input class="ucd"><span class="field-error"></span></td><td><input class="description"></td><td><input type="checkbox" class="principal"></td>';
    const nameInput = tr.querySelector('.name');
    nameInput.value = c.name;
    nameInput.id = 'name-' + i;
    nameInput.setAttribute('aria-label', 'name of column ' + (i + 1) + (c.fileName ? ' (' + c.fileName + ' in the file)' : ''));
    const from = tr.querySelector('th .hint');
    from.id = 'from-' + i;
    nameInput.setAttribute('aria-describedby', from.id);
    nameInput.addEventListener('input', () => { c.name = nameInput.value.trim(); checkNames(); relabel(); });
    const select = tr.querySelector('select');
    select.setAttribute('aria-label', 'type of ' + c.name);
    TYPES.forEach((t) => { const o = document.createElement('option'); o.value = t; o.textContent = t; select.appendChild(o); });
    select.value = c.datatype;
    select.addEventListener('change', () => {
      const wasText = c.datatype === 'char' || c.datatype === 'unicodeChar';
      c.datatype = select.value;
      if (c.datatype === 'char' || c.datatype === 'unicodeChar') {
        c.arraysize = c.arraysize || '*';
      } else if (wasText) { // a string's length is no number's arraysize
        c.arraysize = null;
        c.xtype = null;
      }
    });
    [['unit', 'unit'], ['ucd', 'UCD'], ['description', 'description']].forEach(([k, label]) => {
      const input = tr.querySelector('.' + k);
      input.value = c[k];
      input.id = k + '-' + i;
      const err = input.parentElement.querySelector('.field-error');
      if (err) {
        err.id = k + '-err-' + i;
        err.setAttribute('role', 'status');
        input.setAttribute('aria-describedby', err.id);
      }
      input.setAttribute('aria-label', label + ' of ' + c.name);
      input.addEventListener('input', () => { c[k] = input.value; if (k !== 'description') { validateSoon(); } });
    });
    const principal = tr.querySelector('.principal');
    principal.checked = c.principal;
    principal.setAttribute('aria-label', c.name + ' is principal');
    principal.addEventListener('change', () => { c.principal = principal.checked; });
    body.appendChild(tr);
    showFrom(i);
  });
  const head = $('rows').querySelector('thead');
  head.innerHTML = '';
  const htr = document.createElement('tr');
  state.columns.forEach((c) => { const th = document.createElement('th'); th.scope = 'col'; th.textContent = c.fileName; htr.appendChild(th); });
  head.appendChild(htr);
  const rb = $('rows').querySelector('tbody');
  rb.innerHTML = '';
  (rows || []).forEach((row) => {
    const tr = document.createElement('tr');
    row.forEach((v) => { const td = document.createElement('td'); td.textContent = v === null ? '' : v; tr.appendChild(td); });
    rb.appendChild(tr);
  });
}

let timer = null;
function validateSoon() { clearTimeout(timer); timer = setTimeout(validate, 300); }

// Units and UCDs checked by the service, by the Felis rules (POST /preview/columns): for each
// column, what is wrong with each field in the rules' words, and the unit likely meant.
async function validate() {
  const columns = state.columns.map((c) => ({ unit: c.unit.trim(), ucd: c.ucd.trim() }));
  const r = await api('preview/columns', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ columns }) });
  document.querySelectorAll('#columns input').forEach((i) => { i.classList.remove('bad'); i.removeAttribute('aria-invalid'); });
  state.columns.forEach((c, i) => ['unit', 'ucd'].forEach((k) => { c.problems[k] = null; c.suggestions = {}; fieldError(i, k); }));
  if (!r.ok) { return; }
  r.body.columns.forEach((checked, i) => ['unit', 'ucd'].forEach((k) => {
    const problem = checked[k];
    const c = state.columns[i];
    if (!problem || !c) { return; }
    c.problems[k] = problem.message;
    c.suggestions = { ...c.suggestions, [k]: problem.suggestion };
    if (c.kept[k] !== c[k]) { c.kept[k] = undefined; } // kept as written: only while it stays so written
    const input = $(k + '-' + i);
    input.classList.add('bad');
    input.setAttribute('aria-invalid', 'true');
    fieldError(i, k);
  }));
}

/** The reason a unit or UCD is not valid, beside its field, with the choice to keep it as written. */
function fieldError(i, k) {
  const c = state.columns[i];
  const box = $(k + '-err-' + i);
  if (!box) { return; }
  box.innerHTML = '';
  if (!c.problems[k]) { return; }
  const text = document.createElement('span');
  text.textContent = c.problems[k];
  box.appendChild(text);
  const fix = (c.suggestions || {})[k];
  if (fix) {
    const use = document.createElement('button');
    use.type = 'button';
    use.textContent = 'Use ' + fix;
    use.addEventListener('click', () => { c[k] = fix; $(k + '-' + i).value = fix; validate(); $(k + '-' + i).focus(); });
    box.appendChild(document.createTextNode(' '));
    box.appendChild(use);
  }
  const keep = document.createElement('label');
  keep.innerHTML = '<input type="checkbox"> keep it as written';
  const check = keep.querySelector('input');
  check.id = k + '-keep-' + i;
  check.checked = c.kept[k] === c[k];
  check.addEventListener('change', () => { c.kept[k] = check.checked ? c[k] : undefined; });
  box.appendChild(document.createTextNode(' '));
  box.appendChild(keep);
}

/** The first unit or UCD that is not valid and not kept as written, as [field, column], or null. */
function invalidField() {
  for (let i = 0; i < state.columns.length; i++) {
    for (const k of ['unit', 'ucd']) {
      const c = state.columns[i];
      if (c.problems[k] && c.kept[k] !== c[k]) { return [k, i]; }
    }
  }
  return null;
}

let nameTimer = null;
$('table').addEventListener('input', () => { clearTimeout(nameTimer); nameTimer = setTimeout(checkName, 300); });
$('schema').addEventListener('input', () => { clearTimeout(nameTimer); nameTimer = setTimeout(checkName, 300); });

// The schemas the caller may create tables in: their own, and those made through the API that
// they own or whose read-write group they are in (from the schemas' JSON views)
export async function writableSchemas() {
  const own = $('schema').value.trim();
  const writable = [own];
  const r = await api('tap_schema/schemas?FORMAT=json');
  const names = r.ok ? r.body.map((x) => x.schema_name).filter((n) => n !== own && n.toLowerCase() !== 'tap_schema') : [];
  const views = await Promise.all(names.map((n) => api('tables/' + encodeURIComponent(n))));
  views.forEach((v, i) => {
    const sc = v.body;
    if (v.ok && sc.api_created && (state.who.admin || sc.owner === state.who.user
        || (sc.read_write_group && (state.who.groups || []).includes(sc.read_write_group)))) {
      writable.push(names[i]);
    }
  });
  state.writable = writable;
  const list = $('writable-schemas');
  list.innerHTML = '';
  writable.forEach((n) => { const o = document.createElement('option'); o.value = n; list.appendChild(o); });
}

async function checkName() {
  const name = $('table').value.trim();
  const out = $('table-check');
  const schema = $('schema').value.trim();
  if (state.writable && !state.writable.some((n) => n.toLowerCase() === schema.toLowerCase())) {
    out.textContent = 'You may not create tables in schema ' + schema + '; yours is ' + state.writable[0]
      + (state.writable.length > 1 ? ', and you may write to ' + state.writable.slice(1).join(', ') : '') + '.';
    return false;
  }
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
    out.textContent = 'A table name is a letter, then letters, digits or _.';
    return false;
  }
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(schema)) {
    out.textContent = 'A schema name is a letter, then letters, digits or _.';
    return false;
  }
  // asked of TAP_SCHEMA by a query that always answers 200: a free name is no error in the console
  const full = (schema + '.' + name).toLowerCase();
  const r = await api('sync?LANG=ADQL&RESPONSEFORMAT=json&QUERY=' + encodeURIComponent(
    "SELECT COUNT(*) AS n FROM tap_schema.tables WHERE LOWER(table_name) = '" + full + "'"));
  const taken = r.ok && r.body.data && r.body.data[0] ? Number(r.body.data[0][0]) > 0 : null;
  out.textContent = taken === false ? 'This name is free.' : taken ? 'A table of this name exists; choose another.' : '';
  return taken === false;
}



const VOSI = 'http://www.ivoa.net/xml/VOSITables/v1.0';
const VS = 'http://www.ivoa.net/xml/VODataService/v1.1';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** The table as a VOSI table document, built as XML (elements and attributes), then written out. */
function tableDocument(name) {
  const doc = document.implementation.createDocument(VOSI, 'vosi:table', null);
  const root = doc.documentElement;
  root.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns:vs', VS);
  root.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns:xsi', XSI);
  root.setAttribute('type', 'output');
  const add = (parent, tag, text) => {
    const e = doc.createElementNS(null, tag);
    if (text !== undefined) { e.textContent = text; }
    parent.appendChild(e);
    return e;
  };
  add(root, 'name', name);
  const description = $('table-description').value.trim();
  if (description) { add(root, 'description', description); }
  state.columns.forEach((c) => {
    const column = add(root, 'column');
    add(column, 'name', c.name);
    if (c.description) { add(column, 'description', c.description); }
    if (c.unit) { add(column, 'unit', c.unit); }
    if (c.ucd) { add(column, 'ucd', c.ucd); }
    const type = add(column, 'dataType', c.datatype);
    type.setAttributeNS(XSI, 'xsi:type', 'vs:VOTableType');
    if (c.arraysize) { type.setAttribute('arraysize', c.arraysize); }
    if (c.xtype) { type.setAttribute('extendedType', c.xtype); }
    if (c.principal) { add(column, 'flag', 'principal'); }
  });
  const from = chosenColumn('fk-column');
  if (from && $('fk-table').value.trim()) {
    const key = add(root, 'foreignKey');
    add(key, 'targetTable', $('fk-table').value.trim());
    const pair = add(key, 'fkColumn');
    add(pair, 'fromColumn', from);
    add(pair, 'targetColumn', $('fk-target').value.trim());
  }
  return new XMLSerializer().serializeToString(doc);
}

$('where-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('where-error').textContent = '';
  $('qserv-error').textContent = '';
  const bad = checkNames();
  if (bad.length) {
    $('where-error').textContent = 'Some column names in step 2 cannot be used: ' + bad.join(' ');
    $('name-' + state.columns.findIndex((c, i) => nameProblem(c, i))).focus();
    return;
  }
  const invalid = invalidField();
  if (invalid) {
    const [k, i] = invalid;
    $('where-error').textContent = 'The ' + (k === 'ucd' ? 'UCD' : 'unit') + ' of column ' + state.columns[i].name
      + ' is not valid (' + state.columns[i].problems[k] + '); correct it in step 2, or keep it as written there.'
      + ' Nothing has been created.';
    $(k + '-' + i).focus();
    return;
  }
  const waiting = unchosen();
  if (waiting.length) {
    const k = state.nearMisses.indexOf(waiting[0]);
    $('where-error').textContent = 'Choose in step 2 what to do with the values of ' + waiting.map((m) => m.column).join(', ')
      + ' that do not fit their type; nothing has been created.';
    $('near-miss-' + k + '-null').focus();
    return;
  }
  if ($('keep-temporary').checked) { // described, checked and settled as a table kept is
    upload();
    return;
  }
  const name = $('schema').value.trim() + '.' + $('table').value.trim();
  const created = await api('tables/' + name, { method: 'PUT', headers: { 'Content-Type': 'text/xml' }, body: tableDocument(name) });
  if (created.status !== 201) {
    $('where-error').textContent = 'The table could not be created: ' + message(created.body);
    return;
  }
  const hints = distribution();
  if (hints) {
    const d = await api('tables/' + name + '/distribution', { method: 'PUT',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(hints) });
    if (!d.ok) {
      // nothing is left half-made: the new, empty table goes, and the choice can be corrected
      await api('tables/' + name, { method: 'DELETE' });
      $('qserv').open = true;
      $('qserv-error').textContent = 'Not created: ' + message(d.body);
      $('qserv-error').scrollIntoView();
      return;
    }
  }
  const share = document.querySelector('input[name=share]:checked').value;
  state.warning = null;
  if (share !== 'private') {
    const lines = share === 'public' ? 'public=true\n'
      : ($('group-access').value === 'rw' ? 'rw-group=' : 'r-group=') + $('group').value.trim() + '\n';
    const shared = await api('permissions/' + name, { method: 'POST',
      headers: { 'Content-Type': 'text/plain', 'Accept': 'text/plain' }, body: lines });
    state.warning = shared.ok ? null : 'The table was made, but not shared: ' + message(shared.body);
  }
  state.indexes = indexes();
  hide('step-file'); hide('step-describe'); hide('step-where'); hide('step-how'); hide('step-share');
  show('step-load');
  $('progress').textContent = 'Sending the file…';
  // the 303 to the load's job is followed: the job comes back as JSON, with its URL
  const load = await api('load/' + name + '?async=true' + renames(), { method: 'POST', headers: { 'Content-Type': state.format }, body: state.file });
  if (!load.ok || !load.body.job_id) {
    await api('tables/' + name, { method: 'DELETE' }); // nothing is left half-made: the new, empty table goes
    backToForm('The file was not accepted: ' + message(load.body));
    return;
  }
  state.cancelled = false;
  $('cancel-load').hidden = false;
  $('cancel-load').onclick = () => cancelLoad(load.url);
  watch(load.url, name, Date.now());
});

/** Cancel: the load's job is aborted (its statement cancelled, its transaction undone); the watch then drops the empty table. */
async function cancelLoad(jobUrl) {
  state.cancelled = true;
  $('cancel-load').disabled = true;
  $('progress').textContent = 'Cancelling…';
  await fetch(jobUrl + '/phase', { method: 'POST', headers: headers({ 'Content-Type': 'application/x-www-form-urlencoded' }),
    body: 'PHASE=ABORT' });
}

/**
 * An error that leaves the form as it was: the steps shown again with every choice made, the
 * reason beside the button that sent them, and the focus on it. No error strands the user.
 */
function backToForm(reason) {
  hide('step-load');
  const temporary = $('keep-temporary').checked;
  show('step-file'); show('step-describe'); show('step-where'); show('step-share'); // the button is in step 5
  if (!temporary) { show('step-how'); }
  $('where-error').textContent = reason;
  $('where-error').tabIndex = -1;
  $('where-error').focus();
}

// A temporary table for TAP UPLOAD: POST /uploads, the file as a part with its description, kept for the hours asked
async function upload() {
  const name = $('table').value.trim();
  const form = new FormData();
  form.append('UPLOAD', name + ',param:t');
  form.append('expires', String(Math.round(Number($('hours').value) * 3600)));
  // the columns as step 2 describes them (names, types, units, UCDs), and its near misses settled
  form.append(name + '.table', tableDocument(name));
  state.columns.filter((c) => c.nullIfInvalid).forEach((c) => form.append(name + '.nullIfInvalid', c.name));
  form.append('t', new Blob([state.file], { type: state.format }), state.file.name);
  hide('step-file'); hide('step-describe'); hide('step-where'); hide('step-how'); hide('step-share');
  show('step-load');
  $('progress').textContent = 'Sending the file…';
  const r = await api('uploads', { method: 'POST', body: form });
  if (r.status !== 201) {
    backToForm('The file was not taken: ' + message(r.body) + '. Change what it says, or choose another file.');
    return;
  }
  const u = r.body.uploads[0];
  $('bar').value = 100;
  $('progress').textContent = 'completed: ' + u.rows.toLocaleString() + ' rows';
  show('step-done');
  refreshWho();
  $('done-summary').textContent = 'Temporary table ' + u.tap_upload + ' holds ' + u.rows.toLocaleString()
    + ' rows until ' + new Date(u.expires).toLocaleString() + '.';
  $('adql').textContent = 'SELECT TOP 10 * FROM ' + u.tap_upload;
  $('query-it').onclick = () => openConsole('SELECT TOP 10 * FROM ' + u.tap_upload);
  $('pyvo').textContent = 'import pyvo\nservice = pyvo.dal.TAPService("' + location.origin + base.replace(/\/$/, '') + '")\n'
    + 'service.run_sync("SELECT TOP 10 * FROM ' + u.tap_upload + '", uploads={"' + name + '": "' + state.file.name + '"})';
  $('again').focus();
}

/** Runs each index build (a /table-update job) in turn, listing each with how it ended. */
async function buildIndexes(name) {
  for (const ix of state.indexes || []) {
    const li = document.createElement('li');
    li.textContent = 'Indexing ' + ix.index + '…';
    $('after-load').appendChild(li);
    const params = new URLSearchParams({ table: name, index: ix.index, unique: String(ix.unique), PHASE: 'RUN' });
    if (ix.type) { params.set('INDEX_TYPE', ix.type); }
    const r = await api('table-update', { method: 'POST', body: params });
    let job = r.body;
    while (r.ok && job && ['PENDING', 'QUEUED', 'EXECUTING'].includes(job.phase)) {
      await new Promise((done) => setTimeout(done, 300));
      const j = await fetch(r.url, { headers: headers({ 'Accept': 'application/json' }) });
      job = await j.json();
    }
    const ok = r.ok && job && job.phase === 'COMPLETED';
    li.textContent = ok ? 'Indexed ' + ix.index + (ix.unique ? ' (unique)' : '') + (ix.type ? ' (spatial)' : '') + '.'
      : 'Not indexed ' + ix.index + ': ' + (r.ok && job && job.error ? job.error.message : message(r.body));
    li.className = ok ? '' : 'error';
  }
}

async function watch(jobUrl, name, started) {
  const r = await fetch(jobUrl, { headers: headers({ 'Accept': 'application/json' }) });
  const job = await r.json();
  const p = job.progress || {};
  const seconds = (Date.now() - started) / 1000;
  if (typeof p.percent === 'number') { $('bar').value = p.percent; }
  $('progress').textContent = job.phase.toLowerCase() + (p.percent != null ? ': ' + p.percent.toFixed(1) + '%' : '')
    + (p.rows != null ? ', ' + p.rows.toLocaleString() + ' rows' : '') + (p.bytes != null ? ', ' + mb(p.bytes) : '')
    + ', ' + seconds.toFixed(1) + ' s' + (p.rows && seconds > 0 ? ', ' + Math.round(p.rows / seconds).toLocaleString() + ' rows/s' : '');
  if (job.phase === 'ABORTED' && state.cancelled) {
    $('cancel-load').hidden = true;
    $('cancel-load').disabled = false;
    await api('tables/' + name, { method: 'DELETE' }); // the table made for the load goes too: nothing is kept
    refreshWho();
    backToForm('The load was cancelled: nothing was kept. Change what you like and try again.');
    return;
  }
  if (job.phase === 'COMPLETED') {
    $('cancel-load').hidden = true;
    $('bar').value = 100;
    await buildIndexes(name);
    done(name, p);
    return;
  }
  if (job.phase === 'ERROR' || job.phase === 'ABORTED') {
    $('cancel-load').hidden = true;
    failed(name, job.error ? job.error.message : job.phase);
    return;
  }
  setTimeout(() => watch(jobUrl, name, started), 500);
}

/**
 * A load that failed: its message, next to the column it names when it names one (back in
 * step 2, marked), and a way to put it right: the new table, still empty, is dropped so that
 * it can be made again with the corrected description, or the file is corrected and sent again.
 */
function failed(name, text) {
  $('load-error').textContent = 'Nothing was loaded: ' + text + '.';
  const m = /column '([^']+)'/.exec(text);
  const at = m ? state.columns.findIndex((c) => c.name.toLowerCase() === m[1].toLowerCase()) : -1;
  const help = document.createElement('p');
  help.id = 'load-help';
  help.textContent = at >= 0
    ? 'The column ' + state.columns[at].name + ' is marked in step 2: give it a type its values fit (char holds any text), or correct the file. '
    : 'Correct the file, or its description in step 2. ';
  const retry = document.createElement('button');
  retry.type = 'button';
  retry.id = 'retry';
  retry.textContent = 'Change the description and try again';
  retry.addEventListener('click', async () => {
    // the table made for this load is empty: it goes, and is made again as now described
    await api('tables/' + name, { method: 'DELETE' });
    $('load-error').textContent = '';
    help.remove();
    hide('step-load');
    show('step-file'); show('step-describe'); show('step-where'); show('step-how'); show('step-share');
    checkName();
    if (at >= 0) {
      const select = $('columns').querySelectorAll('select')[at];
      select.setAttribute('aria-invalid', 'true');
      select.classList.add('bad');
      select.title = text;
      select.addEventListener('change', () => { select.removeAttribute('aria-invalid'); select.classList.remove('bad'); select.title = ''; }, { once: true });
      select.focus();
    } else {
      $('file').focus();
    }
  });
  help.appendChild(retry);
  $('load-error').after(help);
  retry.focus();
}

async function done(name, progress) {
  show('step-done');
  refreshWho();
  $('done-summary').textContent = 'Table ' + name + ' holds ' + (progress.rows != null ? progress.rows.toLocaleString() : 'its') + ' rows.'
    + (state.warning ? ' ' + state.warning : '');
  $('adql').textContent = 'SELECT TOP 10 * FROM ' + name;
  $('query-it').onclick = () => openConsole('SELECT TOP 10 * FROM ' + name);
  $('pyvo').textContent = 'import pyvo, requests\nsession = requests.Session()\n'
    + 'session.headers["Authorization"] = "Bearer YOUR-TOKEN"\n'
    + 'service = pyvo.dal.TAPService("' + location.origin + base.replace(/\/$/, '') + '", session=session)\n'
    + 'service.run_sync("SELECT TOP 10 * FROM ' + name + '").to_table()';
  $('again').focus();
  firstRows(name);
  // the table as the service now describes it (what TAP_SCHEMA holds)
  const r = await api('tables/' + encodeURIComponent(name));
  const body = $('done-columns').querySelector('tbody');
  body.innerHTML = '';
  if (r.ok) {
    $('done-link').href = base + 'tables/' + encodeURIComponent(name);
    (r.body.columns || []).forEach((c) => {
      const tr = document.createElement('tr');
      [c.name, c.datatype + (c.arraysize ? '[' + c.arraysize + ']' : ''), c.unit || '', c.ucd || '',
        c.indexed ? 'yes' : '', c.description || ''].forEach((v, i) => {
        const cell = document.createElement(i === 0 ? 'th' : 'td');
        if (i === 0) { cell.scope = 'row'; }
        cell.textContent = v;
        tr.appendChild(cell);
      });
      body.appendChild(tr);
    });
  }
}

/** The table's first rows, asked of /sync in ADQL as any TAP client would (JSON: metadata, data). */
async function firstRows(name) {
  const query = 'SELECT TOP 5 * FROM ' + name;
  const r = await api('sync?LANG=ADQL&RESPONSEFORMAT=json&QUERY=' + encodeURIComponent(query));
  const head = $('done-rows').querySelector('thead tr');
  const body = $('done-rows').querySelector('tbody');
  head.innerHTML = '';
  body.innerHTML = '';
  if (!r.ok || typeof r.body !== 'object') {
    $('done-rows-note').textContent = 'The first rows could not be read: ' + message(r.body);
    return;
  }
  r.body.metadata.forEach((c) => {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = c.name;
    head.appendChild(th);
  });
  r.body.data.forEach((row) => {
    const tr = document.createElement('tr');
    row.forEach((v) => {
      const td = document.createElement('td');
      td.textContent = v == null ? '' : Array.isArray(v) ? v.join(' ') : String(v);
      tr.appendChild(td);
    });
    body.appendChild(tr);
  });
}
