'use strict';
/*
 * BullMQ's side of the side-by-side (issue #13): a burst of webhooks through BullMQ, delivered by one worker process
 * with undici to the shared receiver (receiver.js), the rate counted at that receiver.
 *
 *   node bullmq-bench.js --target http://127.0.0.1:<port>/hook [--messages 20000] [--warmup 0] [--concurrency 50]
 *       [--batch 100] [--payload-bytes 1024] [--attempts 5] [--remove-on-complete] [--receiver-pid PID]
 *       [--redis redis://127.0.0.1:6379] [--timeout 300]
 *
 * 1. Fork one worker process (this file, role `worker`): a BullMQ Worker with --concurrency, each job POSTed with
 *    undici's `request` over a keep-alive Pool of --concurrency connections, headers `webhook-id: <queue>:<job id>`
 *    and `content-type: application/json`; a status other than 2xx fails the attempt (BullMQ retries it,
 *    --attempts in all, exponential backoff from 1 s). This process is the enqueuer.
 * 2. On a fresh queue, `compare-bullmq-<epoch ms>`, enqueue --warmup jobs (if any) with `addBulk` in chunks of
 *    --batch, and wait until the receiver has seen them all.
 * 3. Note the CPU time of both processes, the receiver's (with --receiver-pid) and Redis's (INFO cpu, commandstats);
 *    enqueue --messages jobs the same way, in one burst; wait until the receiver has seen them all.
 * 4. Print one JSON line: ratePerSecond from the receiver (its last --messages new ids, first to last seen), the
 *    CPU seconds of the measured burst, Redis's cost per message. Stop the worker, remove the queue's keys
 *    (obliterate) and exit 0, or 1 when messages did not arrive within --timeout, 2 for a bad option.
 * Every wait is bounded by --timeout (seconds). Only loopback targets are accepted. Redis: --redis, else
 * $BULLMQ_REDIS_URL, else $HOOKSHOT_REDIS_URL, else redis://127.0.0.1:6379.
 */
const { fork } = require('node:child_process');
const fs = require('node:fs');
const { Queue, Worker } = require('bullmq');
const { Redis } = require('ioredis');
const { Pool, request } = require('undici');

const DEFAULTS = Object.freeze({
  messages: 20_000,
  warmup: 0,
  concurrency: 50,
  batch: 100,
  payloadBytes: 1024,
  attempts: 5,
  timeout: 300,
  redis: process.env.BULLMQ_REDIS_URL ?? process.env.HOOKSHOT_REDIS_URL ?? 'redis://127.0.0.1:6379',
});
const BACKOFF = Object.freeze({ type: 'exponential', delay: 1_000 });
const POLL_MS = 100;
const STOP_TIMEOUT_MS = 15_000;
const CPU_REPLY_TIMEOUT_MS = 10_000;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const INTEGER_OPTIONS = Object.freeze({
  messages: [1, 10_000_000], warmup: [0, 10_000_000], concurrency: [1, 10_000], batch: [1, 10_000],
  payloadBytes: [16, 262_144], attempts: [1, 100], timeout: [1, 86_400], receiverPid: [1, 2 ** 31],
});
const EXIT_OK = 0;
const EXIT_LOST = 1;
const EXIT_USAGE = 2;

class UsageError extends Error {}

function camel(flag) {
  return flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
}

/** Options from `--name value` pairs and the flag `--remove-on-complete`; a UsageError names a bad one. */
function parseOptions(argv) {
  const options = { ...DEFAULTS, removeOnComplete: false, target: null, receiverPid: null };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const name = camel(flag);
    if (flag === '--remove-on-complete') {
      options.removeOnComplete = true;
    } else if (flag.startsWith('--') && (name in INTEGER_OPTIONS || name === 'target' || name === 'redis')) {
      if (i + 1 >= argv.length) {
        throw new UsageError(`${flag} needs a value`);
      }
      options[name] = argv[++i];
    } else {
      throw new UsageError(`unknown option '${flag}'`);
    }
  }
  for (const [name, [min, max]] of Object.entries(INTEGER_OPTIONS)) {
    if (options[name] === null) {
      continue;
    }
    const value = Number(options[name]);
    if (!Number.isInteger(value) || value < min || value > max) {
      const flag = '--' + name.replace(/[A-Z]/g, c => '-' + c.toLowerCase());
      throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got '${options[name]}'`);
    }
    options[name] = value;
  }
  if (options.target === null) {
    throw new UsageError('--target is required: the receiver URL, like http://127.0.0.1:<port>/hook');
  }
  let target;
  try {
    target = new URL(options.target);
  } catch {
    throw new UsageError(`--target must be an http URL, got '${options.target}'`);
  }
  if (target.protocol !== 'http:' || !LOOPBACK_HOSTS.has(target.hostname)) {
    throw new UsageError(`--target must be an http URL on loopback (127.0.0.1), got '${options.target}'`);
  }
  if (options.receiverPid !== null && !fs.existsSync(`/proc/${options.receiverPid}/stat`)) {
    throw new UsageError(`--receiver-pid ${options.receiverPid}: no such process`);
  }
  return Object.freeze(options);
}

/** A JSON payload of `bytes` bytes, like the Hookshot bench's: the same for every job but for its sequence number. */
function payload(seq, bytes) {
  const start = `{"type":"bench.event","seq":${seq},"data":"`;
  return start + 'x'.repeat(Math.max(0, bytes - start.length - 2)) + '"}';
}

function redisConnection(url) {
  return new Redis(url, { maxRetriesPerRequest: null });
}

// ---- the worker process ----

function runWorker(queueName, options) {
  const target = new URL(options.target);
  const pool = new Pool(target.origin, { connections: options.concurrency, pipelining: 1 });
  const connection = redisConnection(options.redis);
  let failedAttempts = 0;
  const worker = new Worker(queueName, async job => {
    const { statusCode, body } = await request(options.target, {
      dispatcher: pool,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': `${queueName}:${job.id}` },
      body: job.data.body,
    });
    await body.dump();
    if (statusCode < 200 || statusCode > 299) {
      throw new Error(`receiver answered ${statusCode}`);
    }
  }, { connection, concurrency: options.concurrency });
  worker.on('failed', () => failedAttempts++);
  worker.on('error', e => process.stderr.write(`bullmq-bench worker: ${e.message}\n`));
  process.on('message', async message => {
    if (message.type === 'cpu') {
      process.send({ type: 'cpu', usage: process.cpuUsage(), failedAttempts });
    } else if (message.type === 'stop') {
      await worker.close();
      await pool.close();
      await connection.quit();
      process.disconnect();
    }
  });
  worker.waitUntilReady().then(() => process.send({ type: 'ready' }));
}

// ---- the enqueuer process ----

/** Resolves with the child's next message of `type`, or rejects after `ms`. */
function nextMessage(child, type, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', listener);
      reject(new Error(`the worker process sent no '${type}' within ${ms} ms`));
    }, ms);
    const listener = message => {
      if (message.type === type) {
        clearTimeout(timer);
        child.off('message', listener);
        resolve(message);
      }
    };
    child.on('message', listener);
  });
}

async function receiverStats(statsUrl, last) {
  const { statusCode, body } = await request(`${statsUrl}?last=${last}`);
  const json = await body.json();
  if (statusCode !== 200) {
    throw new Error(`receiver /stats answered ${statusCode}: ${JSON.stringify(json)}`);
  }
  return json;
}

/** Waits until the receiver has seen `uniqueIds` ids; false after `timeoutMs`. */
async function awaitReceived(statsUrl, uniqueIds, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await receiverStats(statsUrl, 1)).uniqueIds >= uniqueIds) {
      return true;
    }
    await new Promise(resolve => setTimeout(resolve, POLL_MS));
  }
  return false;
}

async function enqueue(queue, options, firstSeq, count) {
  const jobOptions = { attempts: options.attempts, backoff: BACKOFF, removeOnComplete: options.removeOnComplete };
  const start = process.hrtime.bigint();
  for (let from = 0; from < count; from += options.batch) {
    const jobs = [];
    for (let i = from; i < Math.min(count, from + options.batch); i++) {
      jobs.push({ name: 'webhook', data: { url: options.target, body: payload(firstSeq + i, options.payloadBytes) },
        opts: jobOptions });
    }
    await queue.addBulk(jobs);
  }
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Redis's CPU seconds (used_cpu_user + used_cpu_sys) and its summed commandstats calls and usec. */
function parseRedisInfo(text) {
  const fields = new Map();
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      fields.set(line.slice(0, colon), line.slice(colon + 1));
    }
  }
  let calls = 0;
  let usec = 0;
  for (const [key, value] of fields) {
    if (key.startsWith('cmdstat_')) {
      calls += Number(/(?:^|,)calls=(\d+)/.exec(value)?.[1] ?? 0);
      usec += Number(/(?:^|,)usec=(\d+)/.exec(value)?.[1] ?? 0);
    }
  }
  return { cpuSeconds: Number(fields.get('used_cpu_user')) + Number(fields.get('used_cpu_sys')), calls, usec };
}

async function redisInfo(redis) {
  return parseRedisInfo((await redis.info('cpu')) + '\n' + (await redis.info('commandstats')));
}

/** CPU seconds (utime + stime) of a Linux process, from /proc; -1 when unknown. */
function processCpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return -1;
  }
}

function cpuSeconds(usage) {
  return (usage.user + usage.system) / 1e6;
}

async function sample(child, redis, options) {
  const reply = nextMessage(child, 'cpu', CPU_REPLY_TIMEOUT_MS);
  child.send({ type: 'cpu' });
  const worker = await reply;
  return { enqueuer: cpuSeconds(process.cpuUsage()), worker: cpuSeconds(worker.usage),
    failedAttempts: worker.failedAttempts, redis: await redisInfo(redis),
    receiver: options.receiverPid === null ? -1 : processCpuSeconds(options.receiverPid) };
}

function round(value, digits) {
  return Number(value.toFixed(digits));
}

async function stopWorker(child) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise(resolve => child.once('exit', resolve));
  child.send({ type: 'stop' });
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

async function runEnqueuer(options) {
  const queueName = `compare-bullmq-${Date.now()}`;
  const statsUrl = `${new URL(options.target).origin}/stats`;
  const timeoutMs = options.timeout * 1000;
  const child = fork(__filename, ['worker', queueName, JSON.stringify(options)], { stdio: 'inherit' });
  const ready = nextMessage(child, 'ready', timeoutMs);
  const connection = redisConnection(options.redis);
  const info = redisConnection(options.redis);
  const queue = new Queue(queueName, { connection });
  try {
    await ready;
    const base = (await receiverStats(statsUrl, 1)).uniqueIds;
    let arrived = true;
    if (options.warmup > 0) {
      process.stderr.write(`bullmq-bench: warm-up, ${options.warmup} jobs (not reported) ...\n`);
      await enqueue(queue, options, 0, options.warmup);
      arrived = await awaitReceived(statsUrl, base + options.warmup, timeoutMs);
    }
    process.stderr.write(`bullmq-bench: burst, ${options.messages} jobs on ${queueName} ...\n`);
    const before = await sample(child, info, options);
    const enqueueSeconds = await enqueue(queue, options, options.warmup, options.messages);
    arrived = arrived && await awaitReceived(statsUrl, base + options.warmup + options.messages, timeoutMs);
    const after = await sample(child, info, options);
    const stats = await receiverStats(statsUrl, options.messages);
    const perMessage = value => round(value / options.messages, 2);
    process.stdout.write(JSON.stringify({
      system: 'bullmq',
      versions: { bullmq: require('bullmq/package.json').version, undici: require('undici/package.json').version,
        ioredis: require('ioredis/package.json').version, node: process.version },
      queue: queueName,
      messages: options.messages,
      warmup: options.warmup,
      concurrency: options.concurrency,
      workerProcesses: 1,
      ratePerSecond: arrived ? round(stats.last.ratePerSecond, 1) : -1,
      receiverSeconds: round(stats.last.seconds ?? -1, 3),
      enqueuePerSecond: round(options.messages / enqueueSeconds, 1),
      cpuSeconds: round(after.enqueuer - before.enqueuer + after.worker - before.worker, 3),
      enqueuerCpuSeconds: round(after.enqueuer - before.enqueuer, 3),
      workerCpuSeconds: round(after.worker - before.worker, 3),
      receiverCpuSeconds: options.receiverPid === null ? -1 : round(after.receiver - before.receiver, 3),
      redisCpuSeconds: round(after.redis.cpuSeconds - before.redis.cpuSeconds, 3),
      redisCallsPerMessage: perMessage(after.redis.calls - before.redis.calls),
      redisMicrosPerMessage: perMessage(after.redis.usec - before.redis.usec),
      failedAttempts: after.failedAttempts,
      removeOnComplete: options.removeOnComplete,
      ok: arrived,
    }) + '\n');
    return arrived ? EXIT_OK : EXIT_LOST;
  } finally {
    await stopWorker(child);
    await queue.obliterate({ force: true });
    await queue.close();
    await connection.quit();
    await info.quit();
  }
}

async function main() {
  if (process.argv[2] === 'worker') {
    runWorker(process.argv[3], JSON.parse(process.argv[4]));
    return;
  }
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`bullmq-bench: ${e.message}\n`);
      process.exit(EXIT_USAGE);
    }
    throw e;
  }
  process.exitCode = await runEnqueuer(options);
}

main().catch(e => {
  process.stderr.write(`bullmq-bench: ${e.stack ?? e}\n`);
  process.exit(EXIT_LOST);
});
