// Felicette's ingest page: plain JavaScript modules against the public HTTP API only. This one signs
// the caller in and opens the page's parts.
import { $, api, hide, refreshWho, show, showSteps, state } from './api.js';
import { spatialOffered, writableSchemas } from './ingest.js';
import './tables.js';
import './console.js';

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
  await refreshWho();
  $('schema').value = 'user_' + state.who.user.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  show('show-mine');
  show('show-browse');
  show('show-console');
  if (state.token) { show('sign-out'); } // behind a gateway, signing out is the gateway's
  spatialOffered();
  writableSchemas();
  show('step-file');
}

$('sign-out').addEventListener('click', () => {
  sessionStorage.removeItem('felicette-token');
  state.token = null;
  location.reload();
});

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

$('again').addEventListener('click', () => location.reload());
$('show-steps').addEventListener('click', showSteps);

start();
