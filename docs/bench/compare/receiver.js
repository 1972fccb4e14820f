'use strict';
/*
 * The one receiver both systems post to in the side-by-side (issue #13): node:http on 127.0.0.1, answering 200 with
 * a two-byte body to every POST, and counting at the receiver.
 *
 *   node receiver.js [port]          port from the argument, else $RECEIVER_PORT, else 0 (any free port)
 *
 * At start it prints one line on stdout, `port=<port> pid=<pid>`, then nothing more.
 *
 * What it records, kept lean (a Set and an array: the handler must cost about 100 µs of CPU per request):
 *   - the first-seen time (performance.now(), ms) of every new `webhook-id` header value, in order of arrival;
 *   - requests in all, and requests without a `webhook-id` (answered 200, counted apart, not timed).
 *
 * Control routes (requests without a `webhook-id` only):
 *   GET  /stats?last=N   JSON: uniqueIds, requests, requestsWithoutId, and for the last N new ids (fewer when fewer
 *                        arrived: `counted`, with `complete` false) the first and last first-seen times and the rate
 *                        N / (last - first) per second. Taking the last N leaves out a warm-up burst sent before.
 *   POST /reset          forgets every id and count.
 * Any other request is a delivery.
 */
const http = require('node:http');
const { performance } = require('node:perf_hooks');

const DEFAULT_PORT = 0;
const HOST = '127.0.0.1';
const ID_HEADER = 'webhook-id';
/** Longer than any pause between runs, so no pooled client finds its idle connection closed under it. */
const KEEP_ALIVE_MS = 120_000;
const BACKLOG = 4096;
const OK_BODY = 'ok';
const OK_HEADERS = { 'content-type': 'text/plain', 'content-length': String(OK_BODY.length) };
const JSON_HEADERS = { 'content-type': 'application/json' };

let ids = new Set();
let firstSeenMs = [];
let requests = 0;
let requestsWithoutId = 0;

function parsePort(text) {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`port must be an integer from 0 to 65535, got '${text}'`);
  }
  return port;
}

function deliver(req, res) {
  requests++;
  const id = req.headers[ID_HEADER];
  if (id === undefined) {
    requestsWithoutId++;
  } else if (!ids.has(id)) {
    ids.add(id);
    firstSeenMs.push(performance.now());
  }
  req.on('end', () => res.writeHead(200, OK_HEADERS).end(OK_BODY));
  req.resume();
}

/** The figures of the last `last` new ids; pure, over the arrays it is given. */
function lastStats(times, last) {
  const counted = Math.min(last, times.length);
  if (counted === 0) {
    return { requested: last, counted, complete: false, firstMs: null, lastMs: null, seconds: null,
      ratePerSecond: null };
  }
  const first = times[times.length - counted];
  const end = times[times.length - 1];
  const seconds = (end - first) / 1000;
  return { requested: last, counted, complete: counted === last, firstMs: first, lastMs: end, seconds,
    ratePerSecond: seconds > 0 ? counted / seconds : null };
}

function stats(req, res) {
  const text = new URL(req.url, `http://${HOST}`).searchParams.get('last') ?? '1';
  const last = Number(text);
  if (!Number.isInteger(last) || last < 1) {
    res.writeHead(400, JSON_HEADERS).end(JSON.stringify({ error: `last must be a positive integer, got '${text}'` }));
    return;
  }
  res.writeHead(200, JSON_HEADERS).end(JSON.stringify({ uniqueIds: ids.size, requests, requestsWithoutId,
    last: lastStats(firstSeenMs, last) }));
}

function reset(res) {
  ids = new Set();
  firstSeenMs = [];
  requests = 0;
  requestsWithoutId = 0;
  res.writeHead(200, JSON_HEADERS).end('{"reset":true}');
}

function handle(req, res) {
  if (req.headers[ID_HEADER] === undefined) {
    if (req.method === 'GET' && req.url.startsWith('/stats')) {
      req.resume();
      stats(req, res);
      return;
    }
    if (req.method === 'POST' && req.url === '/reset') {
      req.resume();
      reset(res);
      return;
    }
  }
  deliver(req, res);
}

function main() {
  const port = parsePort(process.argv[2] ?? process.env.RECEIVER_PORT ?? DEFAULT_PORT);
  const server = http.createServer(handle);
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  server.listen({ host: HOST, port, backlog: BACKLOG }, () => {
    process.stdout.write(`port=${server.address().port} pid=${process.pid}\n`);
  });
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => {
      server.closeAllConnections();
      server.close(() => process.exit(0));
    });
  }
}

main();
