// Q&A widget: the question being answered now and the best approved questions up next (pending=1 adds pending ones).
import { readParams, applyTheme, showsPlatform } from './shared/params.js';
import { connectOverlay } from './shared/hub.js';
import { el, platformBadge, compact } from './shared/render.js';

const params = readParams();
applyTheme(params);
const currentBox = document.querySelector('.lb-qa-current');
const nextBox = document.querySelector('.lb-qa-next');
const list = document.querySelector('.lb-qa-list');
let currentId = null;

function who(q, withVotes) {
  const line = el('div', 'lb-qa-who');
  line.append(platformBadge(q.platform), el('span', 'lb-qa-author', q.author ?? ''));
  if (withVotes && Number(q.upvotes) > 0) line.append(el('span', 'lb-qa-votes', compact(q.upvotes)));
  return line;
}

function render(queue) {
  const questions = (Array.isArray(queue?.questions) ? queue.questions : []).filter(q => q && showsPlatform(params, q.platform));
  const current = queue?.current && showsPlatform(params, queue.current.platform) && !['answered', 'dismissed'].includes(queue.current.status) ? queue.current : null;

  if (current) {
    if (current.id !== currentId) {
      currentBox.classList.remove('lb-qa-in');
      void currentBox.offsetWidth; // restart the entrance for a new question
      currentBox.classList.add('lb-qa-in');
    }
    currentBox.dataset.id = String(current.id);
    currentBox.replaceChildren(el('div', 'lb-qa-label', 'Now answering'), el('div', 'lb-qa-text', current.text ?? ''), who(current, true));
    currentBox.hidden = false;
  } else {
    currentBox.hidden = true;
    currentBox.replaceChildren();
  }
  currentId = current?.id ?? null;

  const wanted = new Set(params.showPending ? ['approved', 'pending'] : ['approved']);
  const next = questions
    .filter(q => wanted.has(q.status) && q.id !== currentId)
    .sort((a, b) => (a.status === b.status ? 0 : a.status === 'approved' ? -1 : 1) || (Number(b.upvotes) || 0) - (Number(a.upvotes) || 0))
    .slice(0, params.queueLength);
  list.replaceChildren(...next.map(q => {
    const item = el('li', 'lb-qa-item');
    item.dataset.id = String(q.id);
    item.dataset.status = String(q.status);
    item.append(platformBadge(q.platform), el('span', 'lb-qa-q', q.text ?? ''), el('span', 'lb-qa-votes', compact(q.upvotes)));
    return item;
  }));
  nextBox.hidden = next.length === 0;
}

connectOverlay({
  key: params.key,
  platforms: params.platforms,
  handlers: {
    state: state => {
      render(state?.features?.qa ?? null);
      document.documentElement.dataset.live = 'true';
    },
    qa: render,
  },
});
