// The control page: admin-key login, live chat with sentiment, poll and Q&A control, alerts, connections,
// points, raffle, quotes, counters and the Nightbot and Firebot imports, overlay URLs with previews, and the session list. Every /api call carries the admin key as a Bearer token;
// the hub is joined with the admin key too (it is also accepted as an overlay key).
import { connectOverlay } from './shared/hub.js';
import { el, messageBody, safeNameColour, compact, visibleName } from './shared/render.js';
import { initStage, renderGoals } from './control-stage.js';

const KEY_STORAGE = 'livebuddy.adminKey';
const $ = id => document.getElementById(id);
const WIDGETS = ['chat', 'alerts', 'poll', 'qa', 'mood', 'goal', 'credits'];
const MAX_CHAT = 300;

let adminKey = localStorage.getItem(KEY_STORAGE) ?? '';
let hub = null;
let pollState = null;
let stageReady = false;
const alertsById = new Map();

/** An API answer that was not 2xx, with the server's problem title and detail. */
class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail ? `${title}: ${detail}` : title);
    this.status = status;
    this.title = title;
    this.detail = detail;
  }
}

async function api(method, path, body) {
  const headers = { Authorization: `Bearer ${adminKey}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'LiveBuddy is not reachable', 'Is it still running?');
  }
  const type = response.headers.get('content-type') ?? '';
  if (!response.ok) {
    let problem = {};
    if (type.includes('json')) {
      try {
        problem = await response.json();
      } catch {
        problem = {};
      }
    }
    const title = typeof problem.title === 'string' ? problem.title : `${response.status} ${response.statusText || 'error'}`;
    const detail = typeof problem.detail === 'string' ? problem.detail
      : response.status === 404 ? `${method} ${path} is not available on this server.` : '';
    throw new ApiError(response.status, title, detail);
  }
  if (response.status === 204) return null;
  return type.includes('json') ? response.json() : response.text();
}

/** Shows an error in a box: the problem's title in bold, then its detail. Null hides the box. */
function showError(box, error) {
  if (!error) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  const status = error.status ? ` (${error.status})` : '';
  box.replaceChildren(el('strong', null, (error.title ?? 'Error') + status), document.createTextNode(error.detail ? ` — ${error.detail}` : ''));
  box.hidden = false;
  if (error.status === 401) signOut('The admin key was refused. Sign in again.');
}

/** Runs an API action from a button, showing its error in `box` and disabling the button meanwhile. */
async function act(box, button, action) {
  showError(box, null);
  if (button) button.disabled = true;
  try {
    return await action();
  } catch (error) {
    showError(box, error instanceof ApiError ? error : new ApiError(0, 'Error', String(error?.message ?? error)));
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}

// ---------- login ----------

function signOut(message) {
  localStorage.removeItem(KEY_STORAGE);
  adminKey = '';
  hub?.stop();
  hub = null;
  $('app').hidden = true;
  $('login').hidden = false;
  const box = $('login-error');
  box.hidden = !message;
  box.textContent = message ?? '';
}

$('login-form').addEventListener('submit', async event => {
  event.preventDefault();
  const box = $('login-error');
  box.hidden = true;
  adminKey = $('admin-key').value.trim();
  try {
    await api('GET', '/api/sessions');
  } catch (error) {
    box.replaceChildren(el('strong', null, error.title ?? 'Sign-in failed'), document.createTextNode(error.detail ? ` — ${error.detail}` : ''));
    box.hidden = false;
    adminKey = '';
    return;
  }
  localStorage.setItem(KEY_STORAGE, adminKey);
  start();
});

$('logout').addEventListener('click', () => signOut());

// ---------- live chat ----------

const chatList = $('chat');
function addChat(payload) {
  if (!payload?.id) return;
  const item = el('li');
  item.dataset.id = payload.id;
  item.dataset.platform = String(payload.platform ?? '');
  item.dataset.user = String(payload.author?.id ?? '');
  item.dataset.sentiment = ['positive', 'negative'].includes(payload.sentiment) ? payload.sentiment : 'neutral';
  if (payload.toxic) item.classList.add('toxic');
  if (payload.question) item.classList.add('question');
  const badge = el('span', `platform platform-${['twitch', 'youtube'].includes(payload.platform) ? payload.platform : 'demo'}`);
  badge.title = String(payload.platform ?? '');
  const name = el('span', 'name', visibleName(payload.author));
  const colour = safeNameColour(payload.author?.color);
  if (colour) name.style.color = colour;
  const score = el('span', 'score', Number.isFinite(payload.score) ? payload.score.toFixed(2) : '');
  const body = messageBody(payload);
  body.classList.add('text');
  item.append(score, badge, name, body);
  const atBottom = chatList.scrollHeight - chatList.scrollTop - chatList.clientHeight < 40;
  chatList.append(item);
  while (chatList.children.length > MAX_CHAT) chatList.firstElementChild.remove();
  if (atBottom) chatList.scrollTop = chatList.scrollHeight;
  $('chat-count').textContent = `${chatList.children.length} lines`;
}

function markDeleted(predicate) {
  for (const item of chatList.children) if (predicate(item)) item.classList.add('deleted');
}

// ---------- poll ----------

function renderPoll(poll) {
  pollState = poll ?? null;
  const view = $('poll-view');
  if (!poll) {
    view.replaceChildren(el('div', 'status', 'No poll yet.'));
    return;
  }
  const total = Number(poll.totalVotes) || 0;
  const left = poll.status === 'open' ? Math.max(0, Math.round((Number(poll.endsAt) - Date.now()) / 1000)) : null;
  const status = poll.status === 'open' ? `open · ${left}s left · ${total} votes` : `${poll.status} · ${total} votes`;
  const rows = (poll.options ?? []).map((option, i) => {
    const votes = Number(option.votes) || 0;
    const row = el('div', 'poll-opt');
    const bar = el('div', 'bar');
    const fill = el('span');
    fill.style.width = `${total > 0 ? (votes / total) * 100 : 0}%`;
    bar.append(fill);
    row.append(el('span', null, `${i + 1}. ${option.text ?? ''}`), el('span', 'muted', `${votes} (${total > 0 ? Math.round((votes / total) * 100) : 0}%)`), bar);
    return row;
  });
  view.replaceChildren(el('div', 'q', poll.question ?? ''), el('div', 'status', status), ...rows);
  view.dataset.status = poll.status ?? '';
}

$('poll-form').addEventListener('submit', event => {
  event.preventDefault();
  const options = $('poll-options').value.split('\n').map(s => s.trim()).filter(Boolean);
  const body = { question: $('poll-question').value.trim(), options, durationSeconds: Number($('poll-duration').value) || 120 };
  act($('poll-error'), event.submitter, async () => {
    const poll = await api('POST', '/api/polls', body);
    if (poll && typeof poll === 'object' && poll.id) renderPoll(poll);
    $('poll-form').reset();
  });
});
$('poll-end').addEventListener('click', event => act($('poll-error'), event.currentTarget, async () => {
  const poll = await api('POST', '/api/polls/end');
  if (poll?.id) renderPoll(poll);
}));
$('poll-cancel').addEventListener('click', event => act($('poll-error'), event.currentTarget, async () => {
  const poll = await api('POST', '/api/polls/cancel');
  if (poll?.id) renderPoll(poll);
}));
setInterval(() => { if (pollState?.status === 'open') renderPoll(pollState); }, 1000);

// ---------- Q&A ----------

const QA_ACTIONS = [['approve', 'Approve'], ['answering', 'Answer now'], ['answered', 'Answered'], ['dismiss', 'Dismiss']];
const QA_ORDER = { answering: 0, approved: 1, pending: 2, answered: 3, dismissed: 4 };

function renderQa(queue) {
  const questions = [...(Array.isArray(queue?.questions) ? queue.questions : [])]
    .sort((a, b) => (QA_ORDER[a.status] ?? 9) - (QA_ORDER[b.status] ?? 9) || (Number(b.upvotes) || 0) - (Number(a.upvotes) || 0));
  const open = questions.filter(q => !['answered', 'dismissed'].includes(q.status)).length;
  $('qa-count').textContent = `${open} open`;
  $('qa').replaceChildren(...questions.map(q => {
    const item = el('li');
    item.dataset.id = String(q.id);
    item.dataset.status = String(q.status);
    const head = el('div', 'head');
    const chip = el('span', 'status-chip', q.status);
    chip.dataset.status = String(q.status);
    head.append(el('span', `platform platform-${['twitch', 'youtube'].includes(q.platform) ? q.platform : 'demo'}`),
      el('b', null, q.author ?? ''), el('span', 'muted', `#${q.id}`), chip, el('span', 'votes', `▲ ${compact(q.upvotes)}`));
    const actions = el('div', 'actions');
    for (const [action, label] of QA_ACTIONS) {
      if (q.status === action || (action === 'approve' && q.status !== 'pending') || (action === 'answered' && q.status === 'answered')) continue;
      if (['answered', 'dismissed'].includes(q.status) && action !== 'answering') continue;
      const button = el('button', `small ${action === 'dismiss' ? 'ghost danger' : action === 'answering' ? '' : 'ghost'}`, label);
      button.type = 'button';
      button.dataset.action = action;
      button.addEventListener('click', () => act($('qa-error'), button, async () => {
        const result = await api('POST', `/api/qa/${encodeURIComponent(q.id)}/${action}`);
        if (result && Array.isArray(result.questions)) renderQa(result);
      }));
      actions.append(button);
    }
    item.append(head, el('div', 'text', q.text ?? ''), actions);
    return item;
  }));
  if (questions.length === 0) $('qa').replaceChildren(el('li', 'muted', 'No questions yet. Viewers ask with !ask.'));
}

// ---------- channel points ----------

function renderRedemptions(queue) {
  const waiting = Array.isArray(queue?.waiting) ? queue.waiting : [];
  $('redemptions-count').textContent = `${waiting.length} waiting`;
  $('redemptions').replaceChildren(...waiting.map(r => {
    const item = el('li');
    item.dataset.id = String(r.id);
    item.dataset.status = String(r.status);
    const head = el('div', 'head');
    head.append(el('span', 'platform platform-twitch'), el('b', null, r.viewer ?? ''), el('span', 'muted', `${r.reward ?? ''} · ${compact(r.cost)} points`));
    if (r.status === 'resolving') head.append(el('span', 'status-chip', 'sending…'));
    const actions = el('div', 'actions');
    for (const [action, label, style] of [['fulfil', 'Fulfil', ''], ['refund', 'Refund', 'ghost danger']]) {
      const button = el('button', `small ${style}`, label);
      button.type = 'button';
      button.dataset.action = action;
      button.disabled = r.status === 'resolving';
      button.addEventListener('click', () => act($('redemptions-error'), button, async () => {
        await api('POST', `/api/redemptions/${encodeURIComponent(r.id)}/${action}`);
      }).finally(refreshRedemptions));
      actions.append(button);
    }
    item.append(head);
    if (r.input) item.append(el('div', 'text', r.input));
    if (r.problem) item.append(el('div', 'error', r.problem));
    item.append(actions);
    return item;
  }));
  if (waiting.length === 0) $('redemptions').replaceChildren(el('li', 'muted', 'No redemptions waiting. Rewards come from Twitch:Rewards.'));
}

async function refreshRedemptions() {
  try {
    renderRedemptions(await api('GET', '/api/redemptions'));
  } catch {
    // The panel keeps what it showed; the next refresh tries again.
  }
}

// ---------- alerts ----------

function alertSummary(a) {
  const money = a.amount !== null && a.amount !== undefined ? ` · ${a.amount} ${a.currency ?? ''}` : '';
  const count = a.count ? ` · ×${a.count}` : '';
  return `${a.kind}${money}${count}`;
}

function rememberAlert(a) {
  if (!a?.id) return;
  alertsById.delete(a.id);
  alertsById.set(a.id, a);
  while (alertsById.size > 30) alertsById.delete(alertsById.keys().next().value);
  renderAlerts();
}

function renderAlerts() {
  const items = [...alertsById.values()].reverse().map(a => {
    const item = el('li');
    item.dataset.id = a.id;
    const head = el('div', 'head');
    head.append(el('span', `platform platform-${['twitch', 'youtube'].includes(a.platform) ? a.platform : 'demo'}`), el('b', null, a.author ?? 'Anonymous'),
      el('span', 'muted', alertSummary(a)));
    if (a.test) head.append(el('span', 'status-chip', 'test'));
    head.append(el('span', 'spacer'));
    const replay = el('button', 'small ghost', 'Replay');
    replay.type = 'button';
    replay.addEventListener('click', () => act($('alert-error'), replay, () => api('POST', `/api/alerts/${encodeURIComponent(a.id)}/replay`)));
    head.append(replay);
    item.append(head);
    if (a.message) item.append(el('div', 'muted', a.message));
    return item;
  });
  $('alerts').replaceChildren(...items);
  if (items.length === 0) $('alerts').replaceChildren(el('li', 'muted', 'No alerts yet.'));
}

$('test-alert').addEventListener('submit', event => {
  event.preventDefault();
  act($('alert-error'), event.submitter, async () => {
    const alert = await api('POST', '/api/alerts/test', { kind: $('test-kind').value });
    if (alert?.id) rememberAlert(alert);
  });
});

// ---------- connections (/healthz) ----------

async function refreshHealth() {
  try {
    const response = await fetch('/healthz');
    const health = await response.json();
    const status = $('health-status');
    status.textContent = health.status ?? '?';
    status.dataset.state = health.status ?? '';
    $('session-id').textContent = health.sessionId ? `session ${health.sessionId}` : 'no session';
    const sources = Array.isArray(health.sources) ? health.sources : [];
    $('sources').replaceChildren(...sources.map(s => {
      const item = el('li');
      item.dataset.name = String(s.name ?? '');
      const head = el('div', 'head');
      const pill = el('span', 'pill', s.state ?? '?');
      pill.dataset.state = String(s.state ?? '').toLowerCase();
      head.append(el('b', null, s.name ?? ''), pill, el('span', 'spacer'), el('span', 'muted', s.since ? `since ${new Date(s.since).toLocaleTimeString()}` : ''));
      item.append(head);
      if (s.detail) item.append(el('div', 'muted', s.detail));
      if (s.extra && typeof s.extra === 'object') {
        const extra = el('div', 'extra');
        for (const [key, value] of Object.entries(s.extra)) {
          const part = el('span');
          part.append(document.createTextNode(`${key} `), el('b', null, typeof value === 'object' ? JSON.stringify(value) : String(value)));
          extra.append(part);
        }
        item.append(extra);
      }
      return item;
    }));
    if (sources.length === 0) $('sources').replaceChildren(el('li', 'muted', 'No sources configured.'));
    const points = sources.find(s => s.name === 'twitch-channel-points');
    $('redemptions-status').textContent = points ? `${points.state}: ${points.detail ?? ''}` : '';
  } catch {
    $('health-status').textContent = 'unreachable';
    $('health-status').dataset.state = 'failed';
  }
}

// ---------- sessions ----------

function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = el('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

async function openReport(id, format, button) {
  // The report needs the admin key, so it is fetched here and handed to the new tab as a blob.
  const tab = format === 'html' ? window.open('', '_blank') : null;
  await act($('sessions-error'), button, async () => {
    const path = `/api/sessions/${encodeURIComponent(id)}/${format === 'html' ? 'report' : format === 'json' ? 'report.json' : 'messages.csv'}`;
    const body = await api('GET', path);
    const text = typeof body === 'string' ? body : JSON.stringify(body, null, 2);
    const type = format === 'html' ? 'text/html' : format === 'json' ? 'application/json' : 'text/csv';
    const blob = new Blob([text], { type });
    if (tab) tab.location.href = URL.createObjectURL(blob);
    else download(blob, `livebuddy-${id}.${format === 'json' ? 'json' : 'csv'}`);
  });
  if (tab && !$('sessions-error').hidden) tab.close();
}

async function refreshSessions() {
  const sessions = await act($('sessions-error'), null, () => api('GET', '/api/sessions'));
  if (!Array.isArray(sessions)) return;
  $('sessions').replaceChildren(...sessions.map(s => {
    const item = el('li');
    item.dataset.id = String(s.id);
    const head = el('div', 'head');
    const started = s.startedAt ? new Date(s.startedAt) : null;
    head.append(el('b', null, s.title || s.id), el('span', 'spacer'), el('span', 'muted', started ? started.toLocaleString() : ''));
    const detail = el('div', 'muted',
      `${(s.platforms ?? []).join(' + ') || '—'} · ${compact(s.messages)} messages · ${compact(s.chatters)} chatters${s.endedAt ? '' : ' · live'}`);
    const actions = el('div', 'actions');
    for (const [format, label] of [['html', 'Report'], ['json', 'JSON'], ['csv', 'CSV']]) {
      const button = el('button', 'small ghost', label);
      button.type = 'button';
      button.dataset.format = format;
      button.addEventListener('click', () => openReport(s.id, format, button));
      actions.append(button);
    }
    item.append(head, detail, actions);
    return item;
  }));
  if (sessions.length === 0) $('sessions').replaceChildren(el('li', 'muted', 'No sessions yet.'));
}

// ---------- overlay URLs and previews ----------

async function copy(text, button) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const input = button.parentElement.querySelector('input');
    input.select();
    document.execCommand('copy');
  }
  const label = button.textContent;
  button.textContent = 'Copied';
  setTimeout(() => { button.textContent = label; }, 1200);
}

async function refreshOverlays() {
  const box = $('overlays-error');
  let urls = null;
  try {
    const answer = await api('GET', '/api/overlays');
    urls = answer?.urls ?? null;
    showError(box, null);
  } catch (error) {
    showError(box, error);
  }
  const scale = new ResizeObserver(entries => {
    for (const entry of entries) {
      const frame = entry.target.querySelector('iframe');
      if (frame) frame.style.transform = `scale(${entry.contentRect.width / 1920})`;
    }
  });
  $('overlays').replaceChildren(...WIDGETS.map(widget => {
    const card = el('div', 'overlay-card');
    card.dataset.widget = widget;
    card.append(el('b', null, widget));
    const url = typeof urls?.[widget] === 'string' ? urls[widget] : null;
    if (url) {
      const row = el('div', 'url');
      const input = el('input');
      input.readOnly = true;
      input.value = url;
      const button = el('button', 'small', 'Copy');
      button.type = 'button';
      button.addEventListener('click', () => copy(url, button));
      row.append(input, button);
      card.append(row);
    }
    // The preview shows the same page OBS would; without the overlay URL it uses the admin key, which the hub also accepts.
    const preview = el('div', 'preview');
    const frame = el('iframe');
    frame.title = `${widget} preview`;
    frame.loading = 'lazy';
    let src = `/overlay/${widget}.html?key=${encodeURIComponent(adminKey)}`;
    if (url) {
      try {
        const parsed = new URL(url, location.href);
        src = `/overlay/${widget}.html${parsed.search}`;
      } catch {
        // keep the admin-key preview
      }
    }
    frame.src = src;
    preview.append(frame);
    scale.observe(preview);
    card.append(preview);
    return card;
  }));
}

// ---------- Twitch bot sign-in ----------

$('twitch-login').addEventListener('click', event => act($('banner'), event.currentTarget, async () => {
  const answer = await api('POST', '/api/login/twitch');
  const box = $('twitch-code');
  const uri = typeof answer?.verificationUri === 'string' && answer.verificationUri.startsWith('https://') ? answer.verificationUri : null;
  box.replaceChildren(document.createTextNode('Open '));
  if (uri) {
    const link = el('a', null, uri);
    link.href = uri;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    box.append(link);
  } else {
    box.append(document.createTextNode('the Twitch activation page'));
  }
  box.append(document.createTextNode(' and enter the code '), el('strong', null, answer?.userCode ?? '?'), document.createTextNode(' as the bot account.'));
  box.hidden = false;
}));

// ---------- YouTube sign-in ----------

// Google sends the browser back to LiveBuddy's /login/youtube/callback, which says when the token is stored.
$('youtube-login').addEventListener('click', event => act($('banner'), event.currentTarget, async () => {
  const answer = await api('POST', '/api/login/youtube');
  const box = $('youtube-signin');
  if (answer?.alreadySignedIn) {
    box.replaceChildren(document.createTextNode('YouTube is already signed in.'));
  } else {
    let url = null;
    try {
      const parsed = new URL(answer?.authorizationUrl ?? '');
      if (parsed.protocol === 'https:' || parsed.protocol === 'http:') url = parsed.href;
    } catch { /* no usable link */ }
    if (!url) throw new Error('LiveBuddy did not return a sign-in link.');
    const link = el('a', null, 'Google\'s sign-in page');
    link.id = 'youtube-signin-link';
    link.href = url;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    box.replaceChildren(document.createTextNode('Open '), link,
      document.createTextNode(' and sign in with the channel you stream on (the link works for 10 minutes).'));
  }
  box.hidden = false;
}));

// ---------- community: points, raffle, quotes, counters, import ----------

function listItem(head, detail, ...buttons) {
  const item = el('li');
  const line = el('div', 'head');
  line.append(el('b', null, head), el('span', 'spacer'), ...buttons);
  item.append(line);
  if (detail) item.append(el('div', 'muted', detail));
  return item;
}

async function refreshPoints() {
  const top = await act($('points-error'), null, () => api('GET', '/api/points/top?count=10'));
  if (!Array.isArray(top)) return;
  $('points-top').replaceChildren(...top.map((a, i) => listItem(`${i + 1}. ${a.displayName ?? a.name ?? ''}`, `${a.platform ?? ''} · ${compact(a.balance)}`)));
  if (top.length === 0) $('points-top').replaceChildren(el('li', 'muted', 'Nobody has points yet.'));
}

$('points-form').addEventListener('submit', event => {
  event.preventDefault();
  const body = { platform: $('points-platform').value, user: $('points-user').value.trim(), amount: Number($('points-amount').value) };
  act($('points-error'), event.submitter, async () => {
    await api('POST', '/api/points', body);
    $('points-form').reset();
    await refreshPoints();
  });
});

function renderRaffle(raffle) {
  const view = $('raffle-view');
  if (!raffle || typeof raffle !== 'object' || !raffle.id) {
    view.textContent = 'No raffle yet.';
    return;
  }
  const entrants = Array.isArray(raffle.entrants) ? raffle.entrants.length : 0;
  const winners = (Array.isArray(raffle.winners) ? raffle.winners : []).map(w => `${w.displayName} (${w.platform})`);
  view.dataset.status = String(raffle.status ?? '');
  view.textContent = `${raffle.status} · ${raffle.keyword ?? '!join'} · ${entrants} entries${raffle.cost ? ` · cost ${raffle.cost}` : ''}`
    + (winners.length ? ` · winners: ${winners.join(', ')}` : '');
}

async function refreshRaffle() {
  const raffle = await act($('raffle-error'), null, () => api('GET', '/api/raffles/current'));
  if (raffle !== undefined) renderRaffle(raffle);
}

$('raffle-form').addEventListener('submit', event => {
  event.preventDefault();
  const body = { keyword: $('raffle-keyword').value.trim() || null, durationSeconds: Number($('raffle-duration').value) || null, cost: Number($('raffle-cost').value) || 0 };
  act($('raffle-error'), event.submitter, async () => renderRaffle(await api('POST', '/api/raffles', body)));
});
for (const action of ['draw', 'close', 'cancel']) {
  $(`raffle-${action}`).addEventListener('click', event => act($('raffle-error'), event.currentTarget, async () => {
    renderRaffle(await api('POST', `/api/raffles/${action}`));
    await refreshPoints();
  }));
}

async function refreshQuotes() {
  const quotes = await act($('quotes-error'), null, () => api('GET', '/api/quotes'));
  if (!Array.isArray(quotes)) return;
  $('quotes').replaceChildren(...[...quotes].reverse().slice(0, 50).map(q => {
    const remove = el('button', 'small ghost danger', 'Delete');
    remove.type = 'button';
    remove.addEventListener('click', () => act($('quotes-error'), remove, async () => {
      await api('DELETE', `/api/quotes/${encodeURIComponent(q.number)}`);
      await refreshQuotes();
    }));
    const item = listItem(`#${q.number}`, `${q.saidBy ? `— ${q.saidBy} · ` : ''}${q.category ? `${q.category} · ` : ''}${q.addedAt ? new Date(q.addedAt).toLocaleDateString() : ''}`, remove);
    item.dataset.number = String(q.number);
    item.insertBefore(el('div', 'text', q.text ?? ''), item.children[1] ?? null);
    return item;
  }));
  if (quotes.length === 0) $('quotes').replaceChildren(el('li', 'muted', 'No quotes yet. Moderators add them with !quote add.'));
}

$('quote-form').addEventListener('submit', event => {
  event.preventDefault();
  act($('quotes-error'), event.submitter, async () => {
    await api('POST', '/api/quotes', { text: $('quote-text').value });
    $('quote-form').reset();
    await refreshQuotes();
  });
});

async function refreshCounters() {
  const counters = await act($('counters-error'), null, () => api('GET', '/api/counters'));
  if (!counters || typeof counters !== 'object') return;
  const names = Object.keys(counters);
  $('counters').replaceChildren(...names.map(name => {
    const item = listItem(name, `{count:${name}}`);
    item.dataset.name = name;
    item.querySelector('.head').append(el('span', 'muted', String(counters[name])));
    return item;
  }));
  if (names.length === 0) $('counters').replaceChildren(el('li', 'muted', 'No counters yet.'));
}

$('counter-form').addEventListener('submit', event => {
  event.preventDefault();
  act($('counters-error'), event.submitter, async () => {
    await api('POST', `/api/counters/${encodeURIComponent($('counter-name').value.trim())}`, { value: Number($('counter-value').value) });
    $('counter-form').reset();
    await refreshCounters();
  });
});

// One import panel: `panel` prefixes its element ids, `route` is /api/import/<route>, `render` lists what comes over.
async function runImport(panel, route, dryRun, button, render) {
  await act($(`${panel}-error`), button, async () => {
    const file = $(`${panel}-file`).files?.[0];
    if (!file) throw new Error('Pick the export file first.');
    const response = await fetch(`/api/import/${route}?dryRun=${dryRun}`, {
      method: 'POST', headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': file.type || 'text/plain' }, body: await file.text(),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) throw new ApiError(response.status, answer.title ?? 'Import failed', answer.detail ?? '');
    const skipped = (answer.skipped ?? []).map(s => listItem(`skipped ${s.name}`, s.reason));
    $(`${panel}-result`).replaceChildren(...render(answer, dryRun ? 'would add' : 'added'), ...skipped);
  });
}

const nightbotLines = (answer, verb) => (answer.commands ?? []).map(c => listItem(`${verb} !${c.name}`, c.response));
$('import-dry').addEventListener('click', event => runImport('import', 'nightbot', true, event.currentTarget, nightbotLines));
$('import-run').addEventListener('click', event => runImport('import', 'nightbot', false, event.currentTarget, nightbotLines));

function firebotLines(answer, verb) {
  const quotes = answer.quotes ?? [];
  const counters = answer.counters ?? [];
  const summary = el('li', 'muted', `${verb} ${quotes.length} quote(s) and ${counters.length} counter(s); ${(answer.skipped ?? []).length} skipped`);
  const short = text => (text ?? '').length > 80 ? `${text.slice(0, 79)}…` : (text ?? '');
  return [
    summary,
    ...quotes.map(q => listItem(`${verb} #${q.quote.number}${q.from !== q.quote.number ? ` (Firebot #${q.from})` : ''}`,
      `${short(q.quote.text)}${q.quote.saidBy ? ` — ${q.quote.saidBy}` : ''}`)),
    ...counters.map(c => listItem(`${verb} counter ${c.name} = ${c.value}`, c.label)),
  ];
}
$('firebot-dry').addEventListener('click', event => runImport('firebot', 'firebot', true, event.currentTarget, firebotLines));
$('firebot-run').addEventListener('click', async event => {
  await runImport('firebot', 'firebot', false, event.currentTarget, firebotLines);
  refreshQuotes();
  refreshCounters();
});

function refreshCommunity() {
  refreshPoints();
  refreshRaffle();
  refreshQuotes();
  refreshCounters();
}

// ---------- hub ----------

function applyState(state) {
  chatList.replaceChildren();
  for (const line of Array.isArray(state?.chat) ? state.chat : []) addChat(line);
  const features = state?.features ?? {};
  renderPoll(features.poll ?? null);
  renderQa(features.qa ?? null);
  for (const a of [...(features.alerts?.recent ?? [])].reverse()) rememberAlert(a);
  if (features.alert) rememberAlert(features.alert);
  renderMood(features.mood ?? null);
  if (features.goals) renderGoals(features.goals);
  renderAlerts();
}

function renderMood(mood) {
  if (!mood) {
    $('mood-mini').textContent = '';
    return;
  }
  const s = Number(mood.sentiment) || 0;
  const label = s > 0.15 ? 'positive' : s < -0.15 ? 'negative' : 'neutral';
  $('mood-mini').textContent = `mood ${label} (${s.toFixed(2)}) · engagement ${Math.round(Number(mood.engagement) || 0)} · ${compact(mood.messagesPerMinute)} msg/min`;
}

function connectHub() {
  hub = connectOverlay({
    key: adminKey,
    handlers: {
      state: applyState,
      chat: addChat,
      chatDeleted: p => markDeleted(item => item.dataset.id === String(p?.id)),
      userCleared: p => markDeleted(item => item.dataset.platform === p?.platform && (!p?.userId || item.dataset.user === String(p.userId))),
      poll: renderPoll,
      qa: renderQa,
      alert: rememberAlert,
      mood: renderMood,
      raffle: () => { refreshRaffle(); refreshPoints(); },
      goals: renderGoals,
    },
    onStatus: status => {
      const pill = $('hub-status');
      pill.textContent = status === 'connected' ? 'live' : status;
      pill.dataset.state = status;
      if (status === 'unauthorized') signOut('The admin key was refused. Sign in again.');
    },
  });
}

function start() {
  $('login').hidden = true;
  $('app').hidden = false;
  renderPoll(null);
  renderQa(null);
  renderAlerts();
  connectHub();
  refreshHealth();
  refreshRedemptions();
  refreshSessions();
  refreshOverlays();
  refreshCommunity();
  if (!stageReady) initStage({ api, act });
  stageReady = true;
}

setInterval(() => { if (adminKey) refreshHealth(); }, 5000);
setInterval(() => { if (adminKey) refreshRedemptions(); }, 3000);
setInterval(() => { if (adminKey) refreshSessions(); }, 60_000);
setInterval(() => { if (adminKey) refreshCommunity(); }, 15_000);

if (adminKey) start();
else signOut();
