// End credits: when the control page or the end of a session rolls them, the session's followers, subs, gifters,
// cheerers, Super Chats, raiders, raffle winners and top chatters scroll up once, like a film's credits.
// speed= sets pixels per second (default 70); title= the heading. A page loaded mid-roll joins it where it is.
import { readParams, applyTheme } from './shared/params.js';
import { connectOverlay } from './shared/hub.js';
import { el, platformBadge, visibleName } from './shared/render.js';

const params = readParams();
applyTheme(params);
const speed = (() => {
  const n = Number(params.raw.get('speed'));
  return Number.isFinite(n) && n > 0 ? Math.min(400, Math.max(10, n)) : 70;
})();
const heading = (params.raw.get('title') ?? '').trim().slice(0, 80) || 'Thanks for watching!';
const stage = document.getElementById('credits');
let lastRolled = null;

function build(credits) {
  const roll = el('div', 'lb-credits-roll');
  roll.append(el('h1', 'lb-credits-title', heading));
  for (const section of Array.isArray(credits.sections) ? credits.sections : []) {
    const entries = Array.isArray(section?.entries) ? section.entries : [];
    if (entries.length === 0) continue;
    const block = el('section', 'lb-credits-section');
    block.dataset.kind = String(section.kind ?? '');
    block.append(el('h2', 'lb-credits-heading', section.title ?? ''));
    const list = el('ul', 'lb-credits-list');
    for (const entry of entries) {
      const item = el('li', 'lb-credits-entry');
      item.append(platformBadge(entry?.platform), el('span', 'lb-credits-name', visibleName({ displayName: entry?.name }) || 'Anonymous'));
      if (entry?.detail) item.append(el('span', 'lb-credits-detail', entry.detail));
      list.append(item);
    }
    block.append(list);
    roll.append(block);
  }
  roll.append(el('div', 'lb-credits-end', 'See you next stream'));
  return roll;
}

function rollCredits(credits) {
  if (!credits || typeof credits !== 'object' || !Array.isArray(credits.sections)) return;
  const rolledAt = Number(credits.rolledAt) || Date.now();
  if (lastRolled === rolledAt) return;
  const roll = build(credits);
  stage.replaceChildren(roll);
  // From just below the screen to just above it, at a steady speed.
  const distance = window.innerHeight + roll.offsetHeight;
  const duration = (distance / speed) * 1000;
  const elapsed = Math.max(0, Date.now() - rolledAt);
  if (elapsed >= duration) {
    stage.replaceChildren(); // rolled long ago: a reload does not show it again
    return;
  }
  lastRolled = rolledAt;
  stage.dataset.rolling = 'true';
  const animation = roll.animate(
    [{ transform: `translateY(${window.innerHeight}px)` }, { transform: `translateY(${-roll.offsetHeight}px)` }],
    { duration, easing: 'linear', fill: 'forwards' });
  animation.currentTime = elapsed;
  animation.finished.then(() => {
    if (stage.firstChild !== roll) return;
    stage.replaceChildren();
    delete stage.dataset.rolling;
  }).catch(() => {});
}

connectOverlay({
  key: params.key,
  platforms: params.platforms,
  handlers: {
    state: state => {
      rollCredits(state?.features?.credits ?? null);
      document.documentElement.dataset.live = 'true';
    },
    credits: rollCredits,
  },
});
