// Chat widget: shows chat lines pushed by the hub, removes deleted ones and those of timed-out or banned viewers.
import { readParams, applyTheme, showsPlatform } from './shared/params.js';
import { connectOverlay } from './shared/hub.js';
import { chatLine } from './shared/render.js';

const params = readParams();
applyTheme(params);
const list = document.getElementById('chat');
/** id → line element, in arrival order. */
const lines = new Map();

function removeLine(id, how) {
  const line = lines.get(id);
  if (!line) return;
  lines.delete(id);
  line.classList.remove('lb-enter');
  line.classList.add(how);
  const gone = () => line.remove();
  line.addEventListener('animationend', gone, { once: true });
  setTimeout(gone, 600); // no animation (hidden page, reduced motion): still goes
}

function scheduleFade(id, ageMs) {
  if (params.fadeSeconds <= 0) return;
  const left = params.fadeSeconds * 1000 - Math.max(0, ageMs);
  setTimeout(() => removeLine(id, 'lb-leave'), Math.max(0, left));
}

function trim() {
  while (lines.size > params.maxLines) {
    const [oldest, line] = lines.entries().next().value;
    lines.delete(oldest);
    line.remove();
  }
}

// &shared=0 hides the lines a Twitch Shared Chat partner channel's viewers typed.
const hideShared = new URLSearchParams(location.search).get('shared') === '0';

function accepts(payload) {
  return payload && typeof payload.id === 'string' && showsPlatform(params, payload.platform)
    && !(hideShared && payload.shared);
}

/** A small marker naming the partner channel a Shared Chat line came from. */
function markShared(line, payload) {
  if (!payload.shared) return line;
  line.classList.add('lb-shared');
  const from = document.createElement('span');
  from.className = 'lb-shared-from';
  from.textContent = '\u21C4 ' + (payload.shared.channel || 'partner');
  line.prepend(from);
  return line;
}

function onChat(payload) {
  if (!accepts(payload) || lines.has(payload.id)) return;
  const line = markShared(chatLine(payload), payload);
  line.classList.add('lb-enter');
  line.addEventListener('animationend', () => line.classList.remove('lb-enter'), { once: true });
  list.append(line);
  lines.set(payload.id, line);
  trim();
  scheduleFade(payload.id, 0);
}

function onState(state) {
  // The snapshot is the truth after a (re)connect: keep the lines it still has, drop the rest, add what we missed.
  const wanted = (Array.isArray(state?.chat) ? state.chat : []).filter(accepts);
  const now = Date.now();
  const kept = [];
  const next = new Map();
  for (const payload of wanted.slice(-params.maxLines)) {
    const age = now - (Number(payload.receivedAt) || now);
    if (params.fadeSeconds > 0 && age >= params.fadeSeconds * 1000) continue;
    if (next.has(payload.id)) continue;
    const line = lines.get(payload.id) ?? markShared(chatLine(payload), payload);
    if (!lines.has(payload.id)) scheduleFade(payload.id, age);
    kept.push(line);
    next.set(payload.id, line);
  }
  lines.clear();
  for (const [id, line] of next) lines.set(id, line);
  list.replaceChildren(...kept);
  document.documentElement.dataset.live = 'true';
}

function onChatDeleted(payload) {
  if (payload?.id) removeLine(String(payload.id), 'lb-removed');
}

function onUserCleared(payload) {
  if (!payload) return;
  for (const [id, line] of [...lines]) {
    if (line.dataset.platform !== payload.platform) continue;
    if (payload.channel && line.dataset.channel && line.dataset.channel !== payload.channel) continue;
    if (payload.userId && line.dataset.user !== String(payload.userId)) continue;
    removeLine(id, 'lb-removed');
  }
}

connectOverlay({
  key: params.key,
  platforms: params.platforms,
  handlers: { state: onState, chat: onChat, chatDeleted: onChatDeleted, userCleared: onUserCleared },
});
