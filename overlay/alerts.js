// Alerts widget: a queue, so alerts never overlap; each card enters, holds for duration= seconds, leaves, then the next.
// A reloaded or reconnected source finishes the alert it was showing (the hub's state snapshot carries recent alerts).
import { readParams, applyTheme, showsPlatform } from './shared/params.js';
import { connectOverlay } from './shared/hub.js';
import { el, platformBadge } from './shared/render.js';

const params = readParams();
applyTheme(params);
const stage = document.getElementById('alerts');
const queue = [];
const seen = new Set();
let showing = null;

// When each alert started showing, kept across reloads of this source (sessionStorage survives a reload).
const SHOWN_KEY = 'livebuddy.alerts.shown';
function shownLog() {
  try {
    return JSON.parse(sessionStorage.getItem(SHOWN_KEY) ?? '{}') ?? {};
  } catch {
    return {};
  }
}
function remember(id, at) {
  const log = shownLog();
  log[id] = at;
  const entries = Object.entries(log).sort((a, b) => b[1] - a[1]).slice(0, 50);
  try {
    sessionStorage.setItem(SHOWN_KEY, JSON.stringify(Object.fromEntries(entries)));
  } catch {
    // storage full or disabled: reload resume is best effort
  }
}

const number = new Intl.NumberFormat(undefined);
function money(amount, currency) {
  if (amount === null || amount === undefined) return null;
  if (!currency || currency === 'BITS') return `${number.format(amount)} bits`;
  if (currency === 'JEWELS') return `${number.format(amount)} Jewels`;
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount);
  } catch {
    return `${number.format(amount)} ${currency}`;
  }
}
const plural = (n, one, many) => `${number.format(n)} ${n === 1 ? one : many}`;

function tierName(tier) {
  if (!tier) return null;
  if (tier === 'Prime') return 'Prime';
  if (/^[123]000$/.test(tier)) return `Tier ${tier[0]}`;
  return tier;
}

/** The headline after the author's name, and the detail line. */
function describe(a) {
  const count = Number(a.count) || 0;
  const tier = tierName(a.tier);
  switch (a.kind) {
    case 'follow': return ['followed!', null];
    case 'subscription': return ['subscribed!', tier];
    case 'resubscription': return ['resubscribed!', [count > 0 ? plural(count, 'month', 'months') : null, tier].filter(Boolean).join(' · ') || null];
    case 'giftSubscription': return [a.recipient ? `gifted a sub to ${a.recipient}!` : 'gifted a sub!', tier];
    case 'giftBomb': return [`gifted ${plural(Math.max(count, 1), 'sub', 'subs')}!`, tier];
    case 'giftUpgrade': return ['continued their gifted sub!', tier];
    case 'bits': return ['cheered!', null];
    case 'raid': return ['is raiding!', count > 0 ? plural(count, 'viewer', 'viewers') : null];
    case 'redemption': return ['redeemed a reward', a.tier ?? null];
    case 'superChat': return ['sent a Super Chat!', null];
    case 'superSticker': return ['sent a Super Sticker!', null];
    case 'membership': return ['became a member!', a.tier ?? null];
    case 'membershipMilestone': return ['is a member', [count > 0 ? `for ${plural(count, 'month', 'months')}` : null, a.tier].filter(Boolean).join(' · ') || null];
    case 'membershipGift': return [`gifted ${plural(Math.max(count, 1), 'membership', 'memberships')}!`, a.tier ?? null];
    case 'membershipGiftReceived': return ['received a gifted membership!', a.tier ?? null];
    case 'hypeTrain': return hypeTrainText(a.hypeTrain, count);
    case 'gift': return [`sent ${a.itemName || 'a gift'}${count > 1 ? ` ×${number.format(count)}` : ''}!`, null];
    case 'raffleWinner': return ['won the raffle!', count > 0 ? `out of ${plural(count, 'entry', 'entries')}` : null];
    default: return ['', null];
  }
}

/** The gift's picture (a YouTube gift's image), or null; an image that cannot load leaves the usual icon. */
function giftPicture(a) {
  if (typeof a.imageUrl !== 'string') return null;
  let url;
  try {
    url = new URL(a.imageUrl);
  } catch {
    return null;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) return null;
  const img = document.createElement('img');
  img.className = 'lb-alert-image';
  img.alt = String(a.itemName ?? 'gift');
  img.decoding = 'async';
  img.referrerPolicy = 'no-referrer';
  img.addEventListener('error', () => {
    img.parentElement?.classList.remove('lb-alert-picture');
    img.remove();
  }, { once: true });
  img.src = url.href;
  return img;
}

const TRAIN_NAMES = { regular: 'Hype train', golden_kappa: 'Golden Kappa train', treasure: 'Treasure train' };
const trainName = t => TRAIN_NAMES[t?.type] ?? 'Hype train';

/** A hype train's begin or end alert: the headline, and level / points / top contributors. */
function hypeTrainText(t, count) {
  if (!t) return ['Hype train!', count > 0 ? `Level ${count}` : null];
  const top = (Array.isArray(t.topContributors) ? t.topContributors : []).slice(0, 3).map(c => String(c.name ?? '')).filter(Boolean);
  if (t.phase === 'end') {
    return [`${trainName(t)} ended at level ${number.format(t.level)}!`,
      [`${plural(Number(t.total) || 0, 'point', 'points')}`, top.length ? `thanks ${top.join(', ')}` : null].filter(Boolean).join(' · ')];
  }
  return [`${trainName(t)} started!`, `Level ${number.format(t.level)}` + (t.shared && t.sharedWith?.length ? ` · shared with ${t.sharedWith.join(', ')}` : '')];
}

// The hype train bar: shown while a train runs (level, progress to the next, time left, top contributor), gone at its end.
const train = document.getElementById('hypetrain');
let trainId = null;
let trainTimer = null;
function onHypeTrain(t) {
  if (!t || typeof t.id !== 'string' || !showsPlatform(params, t.platform)) return;
  clearTimeout(trainTimer);
  if (t.phase === 'end' || (t.expiresAt && t.expiresAt < Date.now())) {
    if (trainId === t.id || t.phase !== 'end') hideTrain();
    return;
  }
  trainId = t.id;
  train.replaceChildren();
  train.dataset.id = t.id;
  train.dataset.type = /^[a-z_]+$/.test(t.type ?? '') ? t.type : 'regular';
  const head = el('div', 'lb-hypetrain-head');
  head.append(el('span', 'lb-hypetrain-name', trainName(t)), el('span', 'lb-hypetrain-level', `Level ${number.format(t.level)}`));
  const bar = el('div', 'lb-hypetrain-bar');
  const fill = el('div', 'lb-hypetrain-fill');
  const percent = Math.max(0, Math.min(100, Number(t.percent) || 0));
  fill.style.width = `${percent}%`;
  bar.append(fill);
  const foot = el('div', 'lb-hypetrain-foot');
  foot.append(el('span', 'lb-hypetrain-progress', `${number.format(t.progress)} / ${number.format(t.goal)}`));
  const top = Array.isArray(t.topContributors) && t.topContributors[0];
  if (top) foot.append(el('span', 'lb-hypetrain-top', `Top: ${top.name}`));
  train.append(head, bar, foot);
  train.hidden = false;
  // Twitch sends no end if we lose the socket: the bar leaves by itself when the train runs out.
  if (t.expiresAt) trainTimer = setTimeout(hideTrain, Math.max(0, t.expiresAt - Date.now()) + 5000);
}
function hideTrain() {
  trainId = null;
  train.hidden = true;
  train.replaceChildren();
}

function card(a) {
  const kind = /^[a-zA-Z]+$/.test(a.kind ?? '') ? a.kind : 'other';
  const node = el('section', `lb-alert lb-kind-${kind}`);
  node.dataset.id = String(a.id ?? '');
  node.dataset.kind = kind;
  node.dataset.platform = String(a.platform ?? '');
  const icon = el('div', 'lb-alert-icon');
  const picture = giftPicture(a);
  if (picture) {
    icon.classList.add('lb-alert-picture');
    icon.append(picture);
  }
  node.append(icon);
  const title = el('div', 'lb-alert-title');
  const [headline, detail] = describe(a);
  if (a.kind === 'hypeTrain' || (!a.author && !headline)) {
    title.append(document.createTextNode(headline || a.message || 'New alert'));
  } else {
    title.append(el('span', 'lb-alert-author', a.author || 'Anonymous'), document.createTextNode(headline ? ` ${headline}` : ''));
  }
  node.append(title);
  const info = el('div', 'lb-alert-detail');
  info.append(platformBadge(a.platform));
  const amount = money(a.amount, a.currency);
  if (amount) info.append(el('span', 'lb-alert-amount', amount));
  if (detail) info.append(el('span', 'lb-alert-sub', detail));
  node.append(info);
  if (a.message && a.kind !== 'hypeTrain') node.append(el('div', 'lb-alert-message', a.message));
  if (a.test || a.replay) node.append(el('span', 'lb-alert-tag', a.test ? 'test' : 'replay'));
  node.append(el('div', 'lb-alert-timer'));
  return node;
}

function holdMs(a) {
  // Long messages stay a little longer so they can be read.
  const extra = Math.min(5000, (String(a.message ?? '').length / 40) * 1000);
  return params.alertSeconds * 1000 + extra;
}

function showNext() {
  if (showing || queue.length === 0) return;
  const { alert, remaining } = queue.shift();
  const node = card(alert);
  const total = holdMs(alert);
  const hold = Math.max(1500, remaining ?? total);
  node.style.setProperty('--lb-alert-duration', `${hold}ms`);
  node.classList.add('lb-alert-in');
  showing = node;
  stage.append(node);
  if (remaining === undefined) remember(alert.id, Date.now());
  setTimeout(() => {
    node.classList.replace('lb-alert-in', 'lb-alert-out');
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      node.remove();
      showing = null;
      setTimeout(showNext, 250); // a breath between alerts
    };
    node.addEventListener('animationend', event => { if (event.target === node) finish(); });
    setTimeout(finish, 800);
  }, hold);
}

function accepts(a) {
  return a && typeof a.id === 'string' && (a.test === true || showsPlatform(params, a.platform));
}

function enqueue(a, remaining) {
  queue.push({ alert: a, remaining });
  showNext();
}

function onAlert(a) {
  if (!accepts(a)) return;
  // The same alert twice (a redelivered push) shows once; a moderator's replay always shows.
  if (seen.has(a.id) && !a.replay) return;
  seen.add(a.id);
  enqueue(a);
}

function onState(state) {
  const features = state?.features ?? {};
  const recent = [];
  if (features.alert) recent.push(features.alert);
  if (Array.isArray(features.alerts?.recent)) recent.push(...features.alerts.recent);
  const log = shownLog();
  const now = Date.now();
  // Oldest first, so a burst missed while disconnected plays in order.
  const candidates = recent.filter(accepts).sort((a, b) => (a.sentAt ?? 0) - (b.sentAt ?? 0));
  for (const a of candidates) {
    if (seen.has(a.id) && !a.replay) continue;
    if (showing?.dataset.id === a.id || queue.some(q => q.alert.id === a.id)) continue;
    const total = holdMs(a);
    const started = log[a.id];
    if (started !== undefined) {
      // It was on screen when the source reloaded: finish it.
      const left = total - (now - started);
      seen.add(a.id);
      if (left > 1000) enqueue(a, left);
    } else if (now - (Number(a.sentAt) || 0) < total + params.alertSeconds * 1000) {
      // Announced while this source was away: show it now.
      seen.add(a.id);
      enqueue(a);
    } else {
      seen.add(a.id);
    }
  }
  if (features.hypeTrain) onHypeTrain(features.hypeTrain);
  document.documentElement.dataset.live = 'true';
}

// A raffle winner (the `raffle` push) shows as a card in the same queue as alerts.
function onRaffle(r) {
  if (!r || typeof r.winner !== 'string') return;
  onAlert({
    id: `raffle:${r.id}:${r.winner}:${r.winnerPlatform}`,
    kind: 'raffleWinner',
    platform: r.winnerPlatform,
    author: r.winner,
    count: r.entrants,
    sentAt: Date.now(),
  });
}

connectOverlay({
  key: params.key,
  platforms: params.platforms,
  handlers: { state: onState, alert: onAlert, raffle: onRaffle, hypeTrain: onHypeTrain },
});
