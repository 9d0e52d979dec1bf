// tmi.js as a client that only parses: the yardstick for LiveBuddy's end-to-end rate (tests/LiveBuddy.LoadTest,
// --compare-tmi). It connects anonymously to the load tool's fake Twitch chat server, joins the channel, and counts
// the chat messages tmi.js hands it (each line framed, parsed, tags, badges and emotes read), doing nothing else.
//   node parse-only.js ws://127.0.0.1:PORT/ CHANNEL EXPECTED_LINES
// Prints "joined" once in the channel and, after EXPECTED_LINES messages, one JSON line with its count and CPU.
const tmi = require('tmi.js');

const [url, channel, expectedText] = process.argv.slice(2);
const expected = Number(expectedText);
const address = new URL(url);
const quiet = { info() {}, warn() {}, error() {}, setLevel() {}, getLevel() { return 'error'; } };
const client = new tmi.Client({
  connection: { server: address.hostname, port: Number(address.port), secure: false, reconnect: false },
  channels: [channel],
  logger: quiet,
  options: { skipMembership: true, skipUpdatingEmotesets: true },
});

let count = 0;
client.on('join', (_channel, _user, self) => {
  if (self) console.log('joined');
});
client.on('message', () => {
  if (++count === expected) {
    const cpu = process.cpuUsage();
    console.log(JSON.stringify({ lines: count, cpuSeconds: (cpu.user + cpu.system) / 1e6, rssMb: process.memoryUsage().rss / 1048576 }));
    process.exit(0);
  }
});
client.connect().catch(error => {
  console.error('tmi.js could not connect: ' + error);
  process.exit(1);
});
