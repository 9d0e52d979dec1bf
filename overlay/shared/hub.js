// The overlay hub connection: the SignalR browser client from npm (lib/signalr.min.js, loaded before this module),
// automatic reconnect with jittered backoff, and a retry loop for the first connect (OBS often starts before LiveBuddy).
// The hub sends `state` on every connect and reconnect; pages apply it so a reloaded or reconnected source is in sync.

const signalR = globalThis.signalR;

/**
 * Milliseconds to wait before attempt `n` (0-based): 0.5 s doubling to 10 s, with jitter so many sources do not retry
 * in step. Retries to the streamer's own machine are cheap, and a source should be back soon after LiveBuddy is.
 */
export function backoffDelay(attempt) {
  const base = Math.min(10_000, 500 * 2 ** Math.min(attempt, 10));
  return Math.round(base * (0.5 + Math.random() * 0.5));
}

function isUnauthorized(error) {
  if (!error) return false;
  if (error.statusCode === 401 || error.statusCode === 403) return true;
  return /Status code '40[13]'/.test(String(error.message ?? error));
}

const wait = ms => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Connects to /hubs/overlay with the page's key and platforms and keeps connected.
 * handlers: { method: fn } for hub methods (state, chat, alert, …).
 * onStatus(status): 'connecting' | 'connected' | 'reconnecting' | 'unauthorized'.
 * Returns { connection, stop() }.
 */
export function connectOverlay({ key, platforms = [], handlers = {}, onStatus = () => {} }) {
  const status = value => {
    document.documentElement.dataset.hub = value;
    onStatus(value);
  };
  if (!key) {
    status('unauthorized');
    return { connection: null, stop: async () => {} };
  }
  const query = new URLSearchParams({ key });
  if (platforms.length > 0) query.set('platforms', platforms.join(','));
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(`/hubs/overlay?${query}`)
    .withAutomaticReconnect({
      nextRetryDelayInMilliseconds: context => isUnauthorized(context.retryReason) ? null : backoffDelay(context.previousRetryCount),
    })
    .configureLogging(signalR.LogLevel.Critical)
    .build();
  // A quiet stream sends nothing for minutes; the server pings every 15 s, so 40 s of silence means the link is gone.
  connection.serverTimeoutInMilliseconds = 40_000;
  for (const [method, handler] of Object.entries(handlers)) {
    connection.on(method, payload => {
      try {
        handler(payload);
      } catch (error) {
        console.error(`LiveBuddy: ${method} handler failed`, error);
      }
    });
  }

  let stopped = false;
  let unauthorized = false;

  async function startWithRetry() {
    for (let attempt = 0; !stopped; attempt++) {
      status('connecting');
      try {
        await connection.start();
        status('connected');
        return;
      } catch (error) {
        if (isUnauthorized(error)) {
          unauthorized = true;
          status('unauthorized');
          return;
        }
        await wait(backoffDelay(attempt));
      }
    }
  }

  connection.onreconnecting(() => status('reconnecting'));
  connection.onreconnected(() => status('connected'));
  connection.onclose(error => {
    if (stopped) return;
    if (unauthorized || isUnauthorized(error)) {
      status('unauthorized');
      return;
    }
    // Automatic reconnect gave up or the server closed us: start over, forever, with backoff.
    startWithRetry();
  });

  startWithRetry();
  return {
    connection,
    stop: async () => {
      stopped = true;
      await connection.stop();
    },
  };
}
