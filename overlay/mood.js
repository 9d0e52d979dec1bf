// Mood widget: sentiment gauge (-1..1), engagement ring (0..100), sparkline of both, messages per minute and chatters,
// and participation (chatters per 100 viewers, the figure the post-stream report charts) once viewers are known.
import { readParams, applyTheme } from './shared/params.js';
import { connectOverlay } from './shared/hub.js';
import { el, compact } from './shared/render.js';

const params = readParams();
applyTheme(params);
const stage = document.getElementById('mood');
const SVG = 'http://www.w3.org/2000/svg';
const HISTORY = 60;
const history = []; // [{ at, sentiment, engagement }]
// participation=0 hides the "chatters per 100 viewers" line.
const showParticipation = params.raw.get('participation') !== '0';

function svg(tag, attributes = {}, className) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (className) node.setAttribute('class', className);
  return node;
}

const clamp = (v, min, max) => Math.min(max, Math.max(min, Number(v) || 0));

function buildCard() {
  const card = el('section', 'lb-mood');
  card.append(el('div', 'lb-mood-title', 'Chat mood'));

  const left = el('div', 'lb-mood-left');
  const gauge = svg('svg', { viewBox: '0 0 120 70', role: 'img', 'aria-label': 'Sentiment' }, 'lb-gauge');
  const defs = svg('defs');
  const gradient = svg('linearGradient', { id: 'lb-gauge-gradient', x1: '0', x2: '1', y1: '0', y2: '0' });
  gradient.append(svg('stop', { offset: '0%', 'stop-color': '#ff5d73' }), svg('stop', { offset: '50%', 'stop-color': '#f4d35e' }), svg('stop', { offset: '100%', 'stop-color': '#3ddc97' }));
  defs.append(gradient);
  const arc = 'M 10 60 A 50 50 0 0 1 110 60';
  const needle = svg('g', {}, 'lb-gauge-needle');
  needle.append(svg('line', { x1: 60, y1: 60, x2: 60, y2: 18 }), svg('circle', { cx: 60, cy: 60, r: 5 }));
  gauge.append(defs, svg('path', { d: arc }, 'lb-gauge-track'), svg('path', { d: arc }, 'lb-gauge-arc'), needle);
  left.append(gauge, el('div', 'lb-mood-label', 'Neutral'));

  const right = el('div', 'lb-engagement');
  const wrap = el('div', 'lb-ring-wrap');
  const ring = svg('svg', { viewBox: '0 0 40 40' }, 'lb-ring');
  const circumference = 2 * Math.PI * 16;
  ring.append(svg('circle', { cx: 20, cy: 20, r: 16 }, 'lb-ring-track'),
    svg('circle', { cx: 20, cy: 20, r: 16, 'stroke-dasharray': circumference, 'stroke-dashoffset': circumference }, 'lb-ring-value'));
  wrap.append(ring, el('div', 'lb-ring-number', '0'));
  right.append(wrap, el('div', 'lb-engagement-label', 'Engagement'));

  const spark = svg('svg', { viewBox: '0 0 200 40', preserveAspectRatio: 'none' }, 'lb-spark');
  spark.append(svg('line', { x1: 0, x2: 200, y1: 20, y2: 20 }, 'lb-spark-zero'), svg('path', { d: '' }, 'lb-spark-area'),
    svg('polyline', { points: '' }, 'lb-spark-engagement'), svg('polyline', { points: '' }, 'lb-spark-sentiment'));

  const stats = el('div', 'lb-mood-stats');
  const mpm = el('span');
  mpm.append(el('b', 'lb-mpm', '0'), document.createTextNode(' msg/min'));
  const chatters = el('span');
  chatters.append(el('b', 'lb-chatters', '0'), document.createTextNode(' chatters'));
  // The audience across platforms (shown once a platform reports it): viewers, and YouTube's likes.
  const viewers = el('span', 'lb-mood-viewers');
  viewers.append(el('b', 'lb-viewers', '0'), document.createTextNode(' viewers'));
  viewers.hidden = true;
  const likes = el('span', 'lb-mood-likes');
  likes.append(el('b', 'lb-likes', '0'), document.createTextNode(' likes'));
  likes.hidden = true;
  const legend = el('span', 'lb-mood-legend');
  legend.append(el('span', 'lb-legend lb-legend-sentiment', 'mood'), el('span', 'lb-legend lb-legend-engagement', 'hype'));
  stats.append(mpm, chatters, viewers, likes, legend);

  // Participation: how many of the audience are chatting, shown once a platform reports viewers.
  const participation = el('div', 'lb-mood-participation');
  participation.append(el('b', 'lb-participation', '0'), document.createTextNode(' chatters per 100 viewers'));
  participation.hidden = true;

  // The current moment's kind (funny, hype, sad, shock, wholesome, angry), shown while it is fresh.
  const moment = el('div', 'lb-mood-moment');
  moment.hidden = true;

  card.append(left, right, spark, stats, participation, moment);
  return { card, circumference };
}

let view = null;

function points(values, toY) {
  if (values.length === 0) return '';
  // The line spans the whole width from the first reading on, and gets denser as history fills up.
  const step = values.length > 1 ? 200 / (values.length - 1) : 0;
  return values.map((v, i) => `${(values.length > 1 ? i * step : 200).toFixed(1)},${toY(v).toFixed(1)}`).join(' ');
}

function render(mood) {
  if (!mood || typeof mood !== 'object') return;
  if (!view) {
    view = buildCard();
    stage.replaceChildren(view.card);
  }
  const sentiment = clamp(mood.sentiment, -1, 1);
  const engagement = clamp(mood.engagement, 0, 100);
  const card = view.card;
  card.dataset.mood = sentiment > 0.15 ? 'positive' : sentiment < -0.15 ? 'negative' : 'neutral';
  card.querySelector('.lb-gauge-needle').style.transform = `rotate(${sentiment * 90}deg)`;
  const label = sentiment > 0.5 ? 'Hyped' : sentiment > 0.15 ? 'Positive' : sentiment < -0.5 ? 'Salty' : sentiment < -0.15 ? 'Negative' : 'Neutral';
  card.querySelector('.lb-mood-label').textContent = label;
  card.querySelector('.lb-ring-value').setAttribute('stroke-dashoffset', String(view.circumference * (1 - engagement / 100)));
  card.querySelector('.lb-ring-number').textContent = String(Math.round(engagement));
  card.querySelector('.lb-mpm').textContent = compact(mood.messagesPerMinute);
  card.querySelector('.lb-chatters').textContent = compact(mood.chatters);
  const hasViewers = typeof mood.viewers === 'number';
  card.querySelector('.lb-mood-viewers').hidden = !hasViewers;
  if (hasViewers) card.querySelector('.lb-viewers').textContent = compact(mood.viewers);
  const hasLikes = typeof mood.likes === 'number';
  card.querySelector('.lb-mood-likes').hidden = !hasLikes;
  if (hasLikes) card.querySelector('.lb-likes').textContent = compact(mood.likes);
  const hasParticipation = showParticipation && typeof mood.participation === 'number' && Number.isFinite(mood.participation);
  card.querySelector('.lb-mood-participation').hidden = !hasParticipation;
  if (hasParticipation) card.querySelector('.lb-participation').textContent = mood.participation.toFixed(1);

  // The server may send its own recent history; otherwise the widget keeps what it has seen.
  if (Array.isArray(mood.history) && mood.history.length > 0) {
    history.length = 0;
    for (const h of mood.history.slice(-HISTORY)) history.push({ sentiment: clamp(h.sentiment, -1, 1), engagement: clamp(h.engagement, 0, 100) });
  } else {
    history.push({ sentiment, engagement });
    if (history.length > HISTORY) history.shift();
  }
  const sentimentPoints = points(history.map(h => h.sentiment), v => 20 - v * 17);
  const engagementPoints = points(history.map(h => h.engagement), v => 38 - (v / 100) * 34);
  card.querySelector('.lb-spark-sentiment').setAttribute('points', sentimentPoints);
  card.querySelector('.lb-spark-engagement').setAttribute('points', engagementPoints);
  const area = engagementPoints ? `M ${engagementPoints.split(' ')[0].split(',')[0]},40 L ${engagementPoints.replaceAll(' ', ' L ')} L 200,40 Z` : '';
  card.querySelector('.lb-spark-area').setAttribute('d', area);
}

const MOMENT_SHOWN_MS = 90_000;
const MOMENT_WORDS = { hype: 'Hype moment', funny: 'Funny moment', sad: 'Sad moment', shock: 'Shock moment', wholesome: 'Wholesome moment', angry: 'Angry moment' };
let momentTimer = null;

function renderMoment(moment) {
  if (!moment || typeof moment !== 'object' || !MOMENT_WORDS[moment.kind]) return;
  if (!view) {
    view = buildCard();
    stage.replaceChildren(view.card);
  }
  const badge = view.card.querySelector('.lb-mood-moment');
  badge.textContent = MOMENT_WORDS[moment.kind];
  badge.title = String(moment.reason ?? '');
  badge.dataset.kind = moment.kind;
  badge.hidden = false;
  view.card.dataset.moment = moment.kind;
  clearTimeout(momentTimer);
  const age = Date.now() - Date.parse(moment.detectedAt ?? '');
  momentTimer = setTimeout(() => { badge.hidden = true; delete view.card.dataset.moment; }, Math.max(0, MOMENT_SHOWN_MS - (Number.isFinite(age) ? age : 0)));
}

connectOverlay({
  key: params.key,
  platforms: params.platforms,
  handlers: {
    state: state => {
      render(state?.features?.mood ?? null);
      renderMoment(state?.features?.moment ?? null);
      document.documentElement.dataset.live = 'true';
    },
    mood: render,
    moment: renderMoment,
  },
});
