// Felicette's ingest wizard: plain JavaScript against the public HTTP API only.
(function () {
  'use strict';
  const base = location.pathname.replace(/\/ui(\/.*)?$/, '/');
  const $ = (id) => document.getElementById(id);
  const state = { token: sessionStorage.getItem('felicette-token'), who: null, file: null, format: null, columns: [] };
  const TYPES = ['boolean', 'short', 'int', 'long', 'float', 'double', 'char', 'unicodeChar', 'unsignedByte'];

  function headers(extra) {
    const h = Object.assign({}, extra || {});
    if (state.token) { h['Authorization'] = 'Bearer ' + state.token; }
    return h;
  }

  async function api(path, options) {
    const o = Object.assign({}, options || {});
    o.headers = headers(Object.assign({ 'Accept': 'application/json' }, o.headers || {}));
    const r = await fetch(base + path, o);
    const text = await r.text();
    let body = text;
    try { body = JSON.parse(text); } catch (e) { /* plain text */ }
    return { status: r.status, ok: r.ok, body: body, url: r.url };
  }

  function message(body) {
    return typeof body === 'string' ? body.trim() : (body && body.message) || JSON.stringify(body);
  }

  function show(id) { $(id).hidden = false; }
  function hide(id) { $(id).hidden = true; }

  function formatOf(name) {
    const n = name.toLowerCase();
    if (n.endsWith('.fits') || n.endsWith('.fit')) { return 'application/fits'; }
    if (n.endsWith('.csv')) { return 'text/csv'; }
    if (n.endsWith('.tsv')) { return 'text/tab-separated-values'; }
    if (n.endsWith('.ecsv')) { return 'text/x-ecsv'; }
    if (n.endsWith('.parquet')) { return 'application/vnd.apache.parquet'; }
    return 'application/x-votable+xml';
  }

  async function start() {
    const who = await api('whoami');
    if (!who.ok || who.body.anonymous) {
      $('who').textContent = 'You are not signed in.';
      show('signin');
      $('token').focus();
      return;
    }
    state.who = who.body;
    hide('signin');
    const quota = await api('quota');
    const q = quota.ok ? quota.body : null;
    $('who').textContent = 'Signed in as ' + state.who.user
      + (q ? ' — ' + q.tables + ' of ' + q.max_tables + ' tables, ' + mb(q.bytes) + ' of ' + mb(q.max_bytes) + ' used' : '');
    $('schema').value = 'user_' + state.who.user.toLowerCase().replace(/[^a-z0-9_]/g, '_');
    show('show-mine');
    show('step-file');
  }

  // My tables: those of the caller's schema, each with its description, a link and a drop
  $('show-mine').addEventListener('click', listMine);

  async function listMine() {
    show('mine');
    const schema = $('schema').value.trim();
    const r = await api('tables/' + encodeURIComponent(schema));
    const body = $('mine-list').querySelector('tbody');
    body.innerHTML = '';
    if (!r.ok) {
      $('mine-status').textContent = r.status === 404 ? 'You have no tables yet.' : message(r.body);
      return;
    }
    const tables = r.body.tables || [];
    $('mine-status').textContent = tables.length + ' table' + (tables.length === 1 ? '' : 's') + ' in ' + schema + '.';
    tables.forEach((t) => {
      const tr = document.createElement('tr');
      tr.innerHTML = '<th scope="row"><a></a></th><td></td><td><button type="button">Drop</button></td>';
      const link = tr.querySelector('a');
      link.textContent = t.name;
      link.href = base + 'tables/' + encodeURIComponent(t.name);
      tr.querySelector('td').textContent = t.description || '';
      const drop = tr.querySelector('button');
      drop.setAttribute('aria-label', 'drop ' + t.name);
      drop.addEventListener('click', async () => {
        if (!window.confirm('Drop ' + t.name + ' and all its rows? This cannot be undone.')) {
          return;
        }
        const d = await api('tables/' + encodeURIComponent(t.name), { method: 'DELETE' });
        $('mine-status').textContent = d.status === 204 ? t.name + ' was dropped.' : 'Not dropped: ' + message(d.body);
        if (d.status === 204) { tr.remove(); }
      });
      body.appendChild(tr);
    });
  }

  function mb(bytes) { return (bytes / 1048576).toFixed(1) + ' MB'; }

  $('signin-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    state.token = $('token').value.trim();
    const who = await api('whoami');
    if (!who.ok || who.body.anonymous) {
      $('signin-error').textContent = 'That token is not known to the service.';
      state.token = null;
      return;
    }
    sessionStorage.setItem('felicette-token', state.token);
    $('signin-error').textContent = '';
    start();
  });

  const drop = $('drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); choose(e.dataTransfer.files[0]); });
  $('file').addEventListener('change', (e) => choose(e.target.files[0]));

  async function choose(file) {
    if (!file) { return; }
    state.file = file;
    state.format = formatOf(file.name);
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
    state.columns = r.body.columns.map((c) => ({
      name: c.name, datatype: c.datatype || 'char', arraysize: c.arraysize, xtype: c.xtype,
      unit: c.unit || '', ucd: c.ucd || guessUcd(c.name), description: c.description || '', principal: true }));
    renderColumns(r.body.rows);
    $('table').value = file.name.replace(/\.[^.]*$/, '').toLowerCase().replace(/[^a-z0-9_]/g, '_').replace(/^([^a-z])/, 't_$1');
    show('step-describe');
    show('step-where');
    checkName();
    validate();
  }

  function guessUcd(name) {
    const n = name.toLowerCase();
    if (n === 'ra' || n === 'raj2000' || n === 'ra_deg') { return 'pos.eq.ra;meta.main'; }
    if (n === 'dec' || n === 'dej2000' || n === 'decl' || n === 'dec_deg') { return 'pos.eq.dec;meta.main'; }
    if (n === 'id' || n === 'objid' || n === 'object_id') { return 'meta.id;meta.main'; }
    return '';
  }

  function renderColumns(rows) {
    const body = $('columns').querySelector('tbody');
    body.innerHTML = '';
    state.columns.forEach((c, i) => {
      const tr = document.createElement('tr');
      tr.innerHTML = '<th scope="row"></th><td><select></select></td><td><input class="unit"></td>'
        + '<td><input class="ucd"></td><td><input class="description"></td><td><input type="checkbox" class="principal"></td>';
      tr.querySelector('th').textContent = c.name;
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
        input.setAttribute('aria-label', label + ' of ' + c.name);
        input.addEventListener('input', () => { c[k] = input.value; if (k !== 'description') { validateSoon(); } });
      });
      const principal = tr.querySelector('.principal');
      principal.checked = c.principal;
      principal.setAttribute('aria-label', c.name + ' is principal');
      principal.addEventListener('change', () => { c.principal = principal.checked; });
      body.appendChild(tr);
    });
    const head = $('rows').querySelector('thead');
    head.innerHTML = '';
    const htr = document.createElement('tr');
    state.columns.forEach((c) => { const th = document.createElement('th'); th.scope = 'col'; th.textContent = c.name; htr.appendChild(th); });
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

  function yamlString(s) { return JSON.stringify(s); }

  // Units and UCDs checked by the service's Felis validator: one column per line block, so that
  // each problem's line says which column and field it is about.
  async function validate() {
    const lines = ['name: wizard', 'tables:', '- name: t', '  "@id": "#t"', '  columns:'];
    const where = {};
    state.columns.forEach((c, i) => {
      lines.push('  - name: c' + i, '    "@id": "#t.c' + i + '"', '    datatype: double');
      if (c.unit.trim()) { where[lines.length + 1] = ['unit', i]; lines.push('    ivoa:unit: ' + yamlString(c.unit.trim())); }
      if (c.ucd.trim()) { where[lines.length + 1] = ['ucd', i]; lines.push('    ivoa:ucd: ' + yamlString(c.ucd.trim())); }
    });
    const r = await api('schemas/validate', { method: 'POST', headers: { 'Content-Type': 'application/yaml' }, body: lines.join('\n') + '\n' });
    document.querySelectorAll('#columns input').forEach((i) => { i.classList.remove('bad'); i.removeAttribute('aria-invalid'); i.title = ''; });
    if (!r.ok) { return; }
    (r.body.errors || []).concat(r.body.warnings || []).forEach((problem) => {
      const m = /:(\d+):\d+/.exec(problem);
      const at = m && where[Number(m[1])];
      if (at) {
        const input = $(at[0] + '-' + at[1]);
        input.classList.add('bad');
        input.setAttribute('aria-invalid', 'true');
        input.title = problem.replace(/^[^ ]* /, '');
      }
    });
  }

  let nameTimer = null;
  $('table').addEventListener('input', () => { clearTimeout(nameTimer); nameTimer = setTimeout(checkName, 300); });
  $('schema').addEventListener('input', () => { clearTimeout(nameTimer); nameTimer = setTimeout(checkName, 300); });

  async function checkName() {
    const name = $('table').value.trim();
    const out = $('table-check');
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
      out.textContent = 'A table name is a letter, then letters, digits or _.';
      return false;
    }
    const r = await api('tables/' + encodeURIComponent($('schema').value.trim() + '.' + name));
    out.textContent = r.status === 404 ? 'This name is free.' : r.ok ? 'A table of this name exists; choose another.' : '';
    return r.status === 404;
  }

  function escapeXml(s) { return String(s).replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]); }

  function tableDocument(name) {
    const cols = state.columns.map((c) => '<column><name>' + escapeXml(c.name) + '</name>'
      + (c.description ? '<description>' + escapeXml(c.description) + '</description>' : '')
      + (c.unit ? '<unit>' + escapeXml(c.unit) + '</unit>' : '')
      + (c.ucd ? '<ucd>' + escapeXml(c.ucd) + '</ucd>' : '')
      + '<dataType xsi:type="vs:VOTableType"' + (c.arraysize ? ' arraysize="' + escapeXml(c.arraysize) + '"' : '')
      + (c.xtype ? ' extendedType="' + escapeXml(c.xtype) + '"' : '') + '>' + c.datatype + '</dataType>'
      + (c.principal ? '<flag>principal</flag>' : '') + '</column>').join('');
    return '<vosi:table xmlns:vosi="http://www.ivoa.net/xml/VOSITables/v1.0" xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1"'
      + ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" type="output"><name>' + escapeXml(name) + '</name>' + cols + '</vosi:table>';
  }

  $('where-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    $('where-error').textContent = '';
    const name = $('schema').value.trim() + '.' + $('table').value.trim();
    const created = await api('tables/' + name, { method: 'PUT', headers: { 'Content-Type': 'text/xml' }, body: tableDocument(name) });
    if (created.status !== 201) {
      $('where-error').textContent = 'The table could not be created: ' + message(created.body);
      return;
    }
    const share = document.querySelector('input[name=share]:checked').value;
    if (share !== 'private') {
      const lines = share === 'public' ? 'public=true\n' : 'r-group=' + $('group').value.trim() + '\n';
      const shared = await api('permissions/' + name, { method: 'POST',
        headers: { 'Content-Type': 'text/plain', 'Accept': 'text/plain' }, body: lines });
      state.warning = shared.ok ? null : 'The table was made, but not shared: ' + message(shared.body);
    }
    hide('step-file'); hide('step-describe'); hide('step-where');
    show('step-load');
    $('progress').textContent = 'Sending the file…';
    // the 303 to the load's job is followed: the job comes back as JSON, with its URL
    const load = await api('load/' + name + '?async=true', { method: 'POST', headers: { 'Content-Type': state.format }, body: state.file });
    if (!load.ok || !load.body.job_id) {
      $('load-error').textContent = 'The file was not accepted: ' + message(load.body);
      return;
    }
    watch(load.url, name, Date.now());
  });

  async function watch(jobUrl, name, started) {
    const r = await fetch(jobUrl, { headers: headers({ 'Accept': 'application/json' }) });
    const job = await r.json();
    const p = job.progress || {};
    const seconds = (Date.now() - started) / 1000;
    if (typeof p.percent === 'number') { $('bar').value = p.percent; }
    $('progress').textContent = job.phase.toLowerCase() + (p.percent != null ? ': ' + p.percent.toFixed(1) + '%' : '')
      + (p.rows != null ? ', ' + p.rows.toLocaleString() + ' rows' : '') + (p.bytes != null ? ', ' + mb(p.bytes) : '')
      + ', ' + seconds.toFixed(1) + ' s' + (p.rows && seconds > 0 ? ', ' + Math.round(p.rows / seconds).toLocaleString() + ' rows/s' : '');
    if (job.phase === 'COMPLETED') {
      $('bar').value = 100;
      done(name, p);
      return;
    }
    if (job.phase === 'ERROR' || job.phase === 'ABORTED') {
      $('load-error').textContent = 'Nothing was loaded: ' + (job.error ? job.error.message : job.phase)
        + '. Correct the file and load it again; the table is still there, empty.';
      return;
    }
    setTimeout(() => watch(jobUrl, name, started), 500);
  }

  function done(name, progress) {
    show('step-done');
    $('done-summary').textContent = 'Table ' + name + ' holds ' + (progress.rows != null ? progress.rows.toLocaleString() : 'its') + ' rows.'
      + (state.warning ? ' ' + state.warning : '');
    $('adql').textContent = 'SELECT TOP 10 * FROM ' + name;
    $('pyvo').textContent = 'import pyvo\nservice = pyvo.dal.TAPService("' + location.origin + base + '")\n'
      + 'service.run_sync("SELECT TOP 10 * FROM ' + name + '").to_table()';
    $('again').focus();
  }

  $('again').addEventListener('click', () => location.reload());

  start();
}());
