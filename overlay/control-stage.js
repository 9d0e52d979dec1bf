// The control page's shoutout, goal and credits actions (POST /api/shoutouts, /api/goals/{kind}, /api/credits).
import { el } from './shared/render.js';

const $ = id => document.getElementById(id);

function amount(goal, value) {
  const n = Number(value) || 0;
  return goal.kind === 'superchat' ? `${n.toFixed(2)} ${goal.currency ?? ''}`.trim() : new Intl.NumberFormat().format(Math.floor(n));
}

/** Shows every goal with its progress (the `goals` hub payload or GET /api/goals). */
export function renderGoals(payload) {
  const goals = Array.isArray(payload?.goals) ? payload.goals : [];
  $('goals').replaceChildren(...goals.map(goal => {
    const item = el('li');
    item.dataset.kind = String(goal.kind ?? '');
    item.dataset.reached = String(Number(goal.target) > 0 && Number(goal.current) >= Number(goal.target));
    item.append(el('b', null, goal.label ?? goal.kind), el('span', 'muted',
      Number(goal.target) > 0 ? `${amount(goal, goal.current)} / ${amount(goal, goal.target)}` : `${amount(goal, goal.current)} (no target)`));
    return item;
  }));
}

/** Wires the forms to the API; `api(method, path, body)` and `act(box, button, action)` come from the control page. */
export function initStage({ api, act }) {
  $('shoutout-form').addEventListener('submit', event => {
    event.preventDefault();
    const button = event.submitter ?? event.currentTarget.querySelector('button');
    act($('shoutout-error'), button, async () => {
      $('shoutout-result').textContent = '';
      const answer = await api('POST', '/api/shoutouts', { platform: $('shoutout-platform').value, user: $('shoutout-user').value.trim() });
      const native = answer?.native ? ` · native shoutout: ${answer.native}${answer.detail ? ` (${answer.detail})` : ''}` : '';
      $('shoutout-result').textContent = `${answer?.reply ?? 'Nothing said'}${native}`;
    });
  });

  $('goal-form').addEventListener('submit', event => {
    event.preventDefault();
    const button = event.submitter ?? event.currentTarget.querySelector('button');
    act($('goal-error'), button, async () => {
      const body = { label: $('goal-label').value };
      if ($('goal-target').value !== '') body.target = Number($('goal-target').value);
      if ($('goal-current').value !== '') body.current = Number($('goal-current').value);
      await api('POST', `/api/goals/${encodeURIComponent($('goal-kind').value)}`, body);
      renderGoals(await api('GET', '/api/goals'));
    });
  });

  $('credits-roll').addEventListener('click', event => act($('credits-error'), event.currentTarget, async () => {
    const credits = await api('POST', '/api/credits');
    $('credits-summary').textContent = summary(credits, 'Rolling');
  }));
  $('credits-preview').addEventListener('click', event => act($('credits-error'), event.currentTarget, async () => {
    $('credits-summary').textContent = summary(await api('GET', '/api/credits'), 'Would roll');
  }));

  act($('goal-error'), null, async () => renderGoals(await api('GET', '/api/goals')));
}

function summary(credits, verb) {
  const sections = Array.isArray(credits?.sections) ? credits.sections : [];
  if (sections.length === 0) return `${verb}: nobody to credit yet this session.`;
  return `${verb}: ` + sections.map(s => `${s.title} (${Array.isArray(s.entries) ? s.entries.length : 0})`).join(', ');
}
