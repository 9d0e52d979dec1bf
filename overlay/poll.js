// Poll widget: question, options with growing bars split by platform, countdown, the winner once closed.
// The latest `poll` push (or the state snapshot's `poll`) is the whole truth; elements are reused so bars animate.
import { readParams, applyTheme, showsPlatform } from './shared/params.js';
import { connectOverlay } from './shared/hub.js';
import { el, platformBadge, compact } from './shared/render.js';

const params = readParams();
applyTheme(params);
const stage = document.getElementById('poll');
const PLATFORMS = ['twitch', 'youtube', 'demo'];
let current = null;   // { id, node, poll }
let hideTimer = 0;

function votesOn(dict, platform) {
  return Number(dict?.[platform]) || 0;
}

/** What this source may count: a Twitch-only scene shows Twitch votes only (simulcast rules). */
function countedVotes(dict, total) {
  if (params.platforms.length === 0) return Number(total) || 0;
  return PLATFORMS.filter(p => showsPlatform(params, p)).reduce((sum, p) => sum + votesOn(dict, p), 0);
}

function clockText(poll) {
  if (poll.status === 'cancelled') return 'Cancelled';
  if (poll.status === 'closed') return 'Final';
  const left = Math.max(0, Math.ceil((Number(poll.endsAt) - Date.now()) / 1000));
  return `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
}

function build(poll) {
  const node = el('section', 'lb-poll lb-poll-in');
  node.dataset.id = poll.id;
  const head = el('div', 'lb-poll-head');
  head.append(el('div', 'lb-poll-question'), el('div', 'lb-poll-clock'));
  const list = el('ol', 'lb-poll-options');
  const foot = el('div', 'lb-poll-foot');
  foot.append(el('div', 'lb-poll-hint'), el('div', 'lb-poll-split'));
  node.append(head, list, foot);
  return node;
}

function optionNode(index) {
  const item = el('li', 'lb-option');
  const row = el('div', 'lb-option-row');
  row.append(el('span', 'lb-option-number', index + 1), el('span', 'lb-option-text'), el('span', 'lb-option-votes'), el('span', 'lb-option-percent'));
  const bar = el('div', 'lb-bar');
  for (const p of PLATFORMS) {
    const part = el('span', `lb-bar-part lb-bar-${p}`);
    part.dataset.platform = p;
    bar.append(part);
  }
  item.append(row, bar);
  return item;
}

function render(poll) {
  const node = current.node;
  node.dataset.status = poll.status;
  node.querySelector('.lb-poll-question').textContent = poll.question ?? '';
  const clock = node.querySelector('.lb-poll-clock');
  clock.textContent = clockText(poll);
  const options = Array.isArray(poll.options) ? poll.options : [];
  const total = countedVotes(poll.votesByPlatform, poll.totalVotes);
  const list = node.querySelector('.lb-poll-options');
  while (list.children.length < options.length) list.append(optionNode(list.children.length));
  while (list.children.length > options.length) list.lastElementChild.remove();
  const counts = options.map(o => countedVotes(o.votesByPlatform, o.votes));
  const best = Math.max(0, ...counts);
  options.forEach((option, i) => {
    const item = list.children[i];
    const votes = counts[i];
    item.querySelector('.lb-option-text').textContent = option.text ?? '';
    item.querySelector('.lb-option-votes').textContent = compact(votes);
    item.querySelector('.lb-option-percent').textContent = `${total > 0 ? Math.round((votes / total) * 100) : 0}%`;
    item.classList.toggle('lb-winner', poll.status === 'closed' && best > 0 && votes === best);
    const byPlatform = option.votesByPlatform ?? {};
    const split = PLATFORMS.some(p => votesOn(byPlatform, p) > 0);
    for (const part of item.querySelectorAll('.lb-bar-part')) {
      const p = part.dataset.platform;
      const v = split ? (showsPlatform(params, p) ? votesOn(byPlatform, p) : 0) : (p === 'demo' ? votes : 0);
      // Set after layout so a new bar grows from zero.
      requestAnimationFrame(() => { part.style.width = `${total > 0 ? (v / total) * 100 : 0}%`; });
    }
  });
  const hint = node.querySelector('.lb-poll-hint');
  hint.replaceChildren();
  if (poll.status === 'open') hint.append(document.createTextNode('Vote: type '), el('b', null, options.length > 1 ? `1–${options.length}` : '1'));
  else hint.append(document.createTextNode(`${compact(total)} ${total === 1 ? 'vote' : 'votes'}`));
  const split = node.querySelector('.lb-poll-split');
  split.replaceChildren();
  for (const p of PLATFORMS) {
    const v = votesOn(poll.votesByPlatform, p);
    if (!showsPlatform(params, p) || (p === 'demo' && v === 0)) continue;
    const item = el('span');
    item.append(platformBadge(p), el('span', null, compact(v)));
    split.append(item);
  }
}

function hide() {
  if (!current) return;
  const node = current.node;
  current = null;
  node.classList.remove('lb-poll-in');
  node.classList.add('lb-poll-out');
  const gone = () => node.remove();
  node.addEventListener('animationend', gone, { once: true });
  setTimeout(gone, 700);
}

function show(poll) {
  clearTimeout(hideTimer);
  if (!poll || typeof poll.id !== 'string') {
    hide();
    return;
  }
  // A closed poll stays hide= seconds after it closed (endsAt is when it closed); a cancelled one a few seconds.
  const keepMs = poll.status === 'open' ? Infinity
    : poll.status === 'closed' ? params.hideSeconds * 1000 - (Date.now() - Number(poll.endsAt))
    : 3000 - (Date.now() - Number(poll.endsAt));
  if (poll.status !== 'open' && (!current || current.id !== poll.id) && keepMs <= 0) {
    hide();
    return;
  }
  if (!current || current.id !== poll.id) {
    if (current) current.node.remove();
    current = { id: poll.id, node: build(poll), poll };
    stage.replaceChildren(current.node);
  }
  current.poll = poll;
  render(poll);
  if (Number.isFinite(keepMs)) hideTimer = setTimeout(hide, Math.max(1000, keepMs));
}

setInterval(() => {
  if (!current || current.poll.status !== 'open') return;
  const clock = current.node.querySelector('.lb-poll-clock');
  clock.textContent = clockText(current.poll);
  clock.classList.toggle('lb-urgent', Number(current.poll.endsAt) - Date.now() < 10_000);
}, 250);

connectOverlay({
  key: params.key,
  platforms: params.platforms,
  handlers: {
    state: state => {
      show(state?.features?.poll ?? null);
      document.documentElement.dataset.live = 'true';
    },
    poll: show,
  },
});
