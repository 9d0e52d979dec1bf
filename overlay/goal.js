// Goal bar: one goal (kind=followers|subs|bits|superchat|points|messages) with its label, progress and a celebration
// when it is reached. The server counts; target= and label= in the URL are used until a goal is set on the control page.
import { readParams, applyTheme } from './shared/params.js';
import { connectOverlay } from './shared/hub.js';
import { el } from './shared/render.js';

const KINDS = ['followers', 'subs', 'bits', 'superchat', 'points', 'messages'];
const UNITS = { followers: 'followers', subs: 'subs', bits: 'bits', superchat: '', points: 'points', messages: 'messages' };
const CELEBRATION_MS = 8000;

const params = readParams();
applyTheme(params);
const kindParam = (params.raw.get('kind') ?? 'followers').trim().toLowerCase();
const kind = KINDS.includes(kindParam) ? kindParam : 'followers';
const urlTarget = (() => {
  const n = Number(params.raw.get('target'));
  return Number.isFinite(n) && n > 0 ? Math.min(n, 1e12) : 0;
})();
const urlLabel = (params.raw.get('label') ?? '').trim().slice(0, 60);
const stage = document.getElementById('goal');

const bar = el('section', 'lb-goal');
bar.dataset.kind = kind;
const label = el('div', 'lb-goal-label');
const numbers = el('div', 'lb-goal-numbers');
const track = el('div', 'lb-goal-track');
const fill = el('div', 'lb-goal-fill');
const percent = el('div', 'lb-goal-percent');
const confetti = el('div', 'lb-goal-confetti');
track.append(fill, percent);
bar.append(label, numbers, track, confetti);
stage.append(bar);

let wasReached = null; // unknown until the first state: a goal already reached at load does not celebrate again
let celebrationTimer = null;

function formatAmount(value, currency) {
  const n = Number(value) || 0;
  if (kind === 'superchat') {
    try {
      return new Intl.NumberFormat(undefined, { style: 'currency', currency: currency || 'USD', maximumFractionDigits: 2 }).format(n);
    } catch {
      return `${n.toFixed(2)} ${currency ?? ''}`.trim();
    }
  }
  return new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 }).format(Math.floor(n));
}

function celebrate() {
  bar.classList.remove('lb-goal-celebrate');
  void bar.offsetWidth; // restart the animation
  bar.classList.add('lb-goal-celebrate');
  confetti.replaceChildren(...Array.from({ length: 24 }, (_, i) => {
    const piece = el('i', 'lb-confetti-piece');
    piece.style.setProperty('--x', `${(i * 37) % 100}%`);
    piece.style.setProperty('--delay', `${(i % 8) * 70}ms`);
    piece.style.setProperty('--hue', `${(i * 47) % 360}`);
    return piece;
  }));
  clearTimeout(celebrationTimer);
  celebrationTimer = setTimeout(() => {
    bar.classList.remove('lb-goal-celebrate');
    confetti.replaceChildren();
  }, CELEBRATION_MS);
}

function render(goals) {
  const list = Array.isArray(goals?.goals) ? goals.goals : [];
  const goal = list.find(g => g && g.kind === kind);
  if (!goal) return;
  const target = Number(goal.target) > 0 ? Number(goal.target) : urlTarget;
  const current = Math.max(0, Number(goal.current) || 0);
  const text = urlLabel && !(Number(goal.target) > 0) ? urlLabel : String(goal.label ?? '');
  label.textContent = text;
  const unit = UNITS[kind];
  numbers.textContent = target > 0
    ? `${formatAmount(current, goal.currency)} / ${formatAmount(target, goal.currency)}${unit ? ' ' + unit : ''}`
    : `${formatAmount(current, goal.currency)}${unit ? ' ' + unit : ''}`;
  const ratio = target > 0 ? Math.min(1, current / target) : 0;
  fill.style.width = `${(ratio * 100).toFixed(2)}%`;
  percent.textContent = target > 0 ? `${Math.floor(ratio * 100)}%` : '';
  const reached = target > 0 && current >= target;
  bar.dataset.reached = String(reached);
  if (reached && wasReached === false) celebrate();
  wasReached = reached;
}

connectOverlay({
  key: params.key,
  platforms: params.platforms,
  handlers: {
    state: state => {
      render(state?.features?.goals ?? null);
      document.documentElement.dataset.live = 'true';
    },
    goals: render,
  },
});
