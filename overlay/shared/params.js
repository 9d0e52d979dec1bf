// URL parameters every widget understands, and the theme they set.
// Every value is checked before it reaches the page: colours and fonts through CSS.supports,
// numbers through ranges, the custom CSS file only from this server.

const PLATFORMS = ['twitch', 'youtube', 'demo'];

function number(value, fallback, min, max) {
  if (value === null || value.trim() === '') return fallback;
  const n = Number(value);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

function colour(value) {
  if (!value) return null;
  const v = value.trim();
  if (CSS.supports('color', v)) return v;
  // '#' starts a URL fragment, so colours are usually written without it: color=ffcc00
  if (/^[0-9a-f]{3,8}$/i.test(v) && CSS.supports('color', '#' + v)) return '#' + v;
  return null;
}

function fontFamily(value) {
  if (!value) return null;
  const v = value.trim().slice(0, 80);
  return /^[\w\s,'"-]+$/.test(v) && CSS.supports('font-family', v) ? v : null;
}

/** Reads the page's URL parameters once. */
export function readParams(search = location.search) {
  const q = new URLSearchParams(search);
  const platforms = (q.get('platforms') ?? '')
    .split(',').map(p => p.trim().toLowerCase()).filter(p => PLATFORMS.includes(p));
  return {
    key: q.get('key') ?? '',
    platforms,
    font: fontFamily(q.get('font')),
    size: number(q.get('size'), null, 8, 200),
    color: colour(q.get('color')),
    background: colour(q.get('bg')),
    accent: colour(q.get('accent')),
    radius: number(q.get('radius'), null, 0, 60),
    maxLines: number(q.get('max'), 12, 1, 200),
    fadeSeconds: number(q.get('fade'), 0, 0, 3600),
    alertSeconds: number(q.get('duration'), 7, 2, 120),
    hideSeconds: number(q.get('hide'), 15, 0, 3600),
    queueLength: number(q.get('queue'), 3, 0, 20),
    showPending: q.get('pending') === '1',
    badges: q.get('badges') !== '0',
    shadow: q.get('shadow') !== '0',
    align: q.get('align') === 'right' ? 'right' : 'left',
    css: q.get('css'),
    raw: q,
  };
}

/** True when a payload's platform is one this page shows (no platforms parameter: all). */
export function showsPlatform(params, platform) {
  return params.platforms.length === 0 || params.platforms.includes(String(platform ?? '').toLowerCase());
}

/** Applies the theme parameters as CSS custom properties and loads the custom CSS file, if any. */
export function applyTheme(params, root = document.documentElement) {
  const set = (name, value) => { if (value !== null && value !== undefined) root.style.setProperty(name, value); };
  set('--lb-font', params.font ? `${params.font}, var(--lb-font-fallback)` : null);
  set('--lb-size', params.size !== null ? `${params.size}px` : null);
  set('--lb-text', params.color);
  set('--lb-panel', params.background);
  set('--lb-accent', params.accent);
  set('--lb-radius', params.radius !== null ? `${params.radius}px` : null);
  root.classList.toggle('lb-no-shadow', !params.shadow);
  root.classList.toggle('lb-no-badges', !params.badges);
  root.classList.toggle('lb-align-right', params.align === 'right');
  if (params.css) {
    try {
      const url = new URL(params.css, location.href);
      if (url.origin === location.origin) {
        const link = document.createElement('link');
        link.rel = 'stylesheet';
        link.href = url.href;
        document.head.append(link);
      } else {
        console.warn('LiveBuddy: css= must be a file on this server; ignored', url.origin);
      }
    } catch {
      console.warn('LiveBuddy: css= is not a URL; ignored');
    }
  }
}
