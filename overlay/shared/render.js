// DOM building shared by the widgets and the control page. Chat text and names are data:
// they only ever become text nodes (textContent / createTextNode), and emotes only ever become
// <img> elements whose src is an https URL on a known emote CDN or is built from the platform's emote id.

const EMOTE_HOSTS = new Set([
  'static-cdn.jtvnw.net',   // Twitch
  'cdn.betterttv.net',      // BTTV
  'cdn.frankerfacez.com',   // FFZ
  'cdn.7tv.app',            // 7TV
  'yt3.ggpht.com',          // YouTube custom emoji
  'yt4.ggpht.com',
  'www.gstatic.com',        // YouTube standard emoji
  'fonts.gstatic.com',
]);

const PLATFORM_LABELS = { twitch: 'Twitch', youtube: 'YouTube', demo: 'Demo' };

/** Creates an element with classes and (optional) text, set through textContent only. */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/** The image URL for an emote fragment, or null when it is not one we trust. */
export function emoteSource(fragment, platform) {
  const url = typeof fragment?.url === 'string' ? fragment.url : null;
  if (url) {
    try {
      const parsed = new URL(url);
      if (parsed.protocol === 'https:' && EMOTE_HOSTS.has(parsed.hostname) && !parsed.username && !parsed.password) return parsed.href;
    } catch {
      // not a URL: fall through to the emote id
    }
  }
  const id = typeof fragment?.emoteId === 'string' ? fragment.emoteId : '';
  if ((platform === 'twitch' || platform === 'demo') && /^[A-Za-z0-9_]{1,64}$/.test(id)) {
    return `https://static-cdn.jtvnw.net/emoticons/v2/${id}/default/dark/2.0`;
  }
  return null;
}

/** An emote image; if the image cannot load (offline, removed emote) its name is shown instead. */
export function emoteImage(fragment, platform) {
  const src = emoteSource(fragment, platform);
  if (!src) return document.createTextNode(String(fragment?.text ?? ''));
  const img = document.createElement('img');
  img.className = 'lb-emote';
  img.alt = String(fragment.text ?? '');
  img.title = String(fragment.text ?? '');
  img.decoding = 'async';
  img.referrerPolicy = 'no-referrer';
  img.addEventListener('error', () => img.replaceWith(el('span', 'lb-emote-text', fragment.text ?? '')), { once: true });
  img.src = src;
  return img;
}

/** The message body: text fragments as text, emote fragments as images. */
export function messageBody(payload) {
  const body = el('span', 'lb-text');
  const fragments = Array.isArray(payload.fragments) && payload.fragments.length > 0
    ? payload.fragments
    : [{ type: 'text', text: payload.text ?? '' }];
  for (const fragment of fragments) {
    if (fragment?.type === 'emote') body.append(emoteImage(fragment, payload.platform));
    else body.append(document.createTextNode(String(fragment?.text ?? '')));
  }
  return body;
}

/** A small platform badge: a coloured mark with the platform's name for screen readers and custom CSS. */
export function platformBadge(platform) {
  const name = PLATFORM_LABELS[platform] ? platform : 'demo';
  const badge = el('span', `lb-platform lb-platform-${name}`);
  badge.title = PLATFORM_LABELS[name];
  badge.setAttribute('aria-label', PLATFORM_LABELS[name]);
  return badge;
}

/** A name colour from the payload, only when it is a plain #rgb / #rrggbb value; dark colours are lifted for contrast. */
export function safeNameColour(color) {
  if (typeof color !== 'string' || !/^#[0-9a-f]{6}$/i.test(color)) return null;
  const r = parseInt(color.slice(1, 3), 16), g = parseInt(color.slice(3, 5), 16), b = parseInt(color.slice(5, 7), 16);
  const luminance = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  if (luminance >= 0.35) return color;
  const lift = c => Math.round(c + (255 - c) * 0.45).toString(16).padStart(2, '0');
  return `#${lift(r)}${lift(g)}${lift(b)}`;
}

// Invisible characters a name can hide behind (zero-width space, joiner-less non-joiner, word joiner, BOM, soft hyphen,
// Mongolian vowel separator) and bidi controls: "Stream\u200Ber" must read as Streamer, and a name made only of them
// must not show as blank. The zero-width joiner stays: emoji sequences need it.
const INVISIBLE_IN_NAMES = /[\u200B\u200C\u2060\uFEFF\u00AD\u180E\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/g;

/** The name to show for an author: display name without invisible characters, else the login, else nothing. */
export function visibleName(author) {
  for (const candidate of [author?.displayName, author?.name]) {
    const cleaned = String(candidate ?? '').replace(INVISIBLE_IN_NAMES, '').trim();
    if (cleaned) return cleaned;
  }
  return '';
}

const ROLE_LABELS = { broadcaster: 'Host', moderator: 'Mod', vip: 'VIP', subscriber: 'Sub', verified: '✓' };

/** One chat line: platform badge, role marks, name, message. */
export function chatLine(payload) {
  const line = el('div', 'lb-line');
  line.dataset.id = String(payload.id ?? '');
  line.dataset.platform = String(payload.platform ?? '');
  line.dataset.user = String(payload.author?.id ?? '');
  line.dataset.channel = String(payload.channel ?? '');
  if (payload.sentiment) line.dataset.sentiment = String(payload.sentiment);
  if (payload.action) line.classList.add('lb-action');
  if (payload.firstMessage) line.classList.add('lb-first');
  if (payload.question) line.classList.add('lb-question');

  const meta = el('span', 'lb-meta');
  meta.append(platformBadge(payload.platform));
  const roles = Array.isArray(payload.author?.roles) ? payload.author.roles : [];
  for (const role of roles) {
    if (ROLE_LABELS[role]) {
      const mark = el('span', `lb-role lb-role-${role}`, ROLE_LABELS[role]);
      meta.append(mark);
    }
  }
  const name = el('span', 'lb-name', visibleName(payload.author));
  const colour = safeNameColour(payload.author?.color);
  if (colour) name.style.color = colour;
  meta.append(name);
  line.append(meta, el('span', 'lb-sep', payload.action ? ' ' : ': '), messageBody(payload));
  return line;
}

/** "1.2k" style counts. */
export function compact(n) {
  const v = Number(n) || 0;
  if (v >= 1_000_000) return `${(v / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
  if (v >= 10_000) return `${Math.round(v / 1000)}k`;
  if (v >= 1000) return `${(v / 1000).toFixed(1).replace(/\.0$/, '')}k`;
  return String(Math.round(v));
}
