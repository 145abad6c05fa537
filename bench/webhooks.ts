import './production';
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { Agent, request } from 'undici';
import { UnitOfWork } from '@aims/audit-log';
import { loadConfig, QueueName, systemActor } from '@aims/platform';
import { createRuntime } from '@aims/runtime';
import { generateSecret, signatureHeader, WebhookEndpointService, webhookBody } from '@aims/webhooks';
import { createWorkerApp } from '../apps/worker/src/worker-app';
import { createScratchDatabase } from './scratch-database';

/**
 * P6, webhook delivery on one worker process against a local receiver: deliveries per second (from
 * committed outbox events to the last receipt, relay and fan-out included) as a ratio to a plain signed
 * POST loop with the same concurrency in the same run, the same with the events' commits in this process
 * on the clock, and commit-to-receipt latency at a steady 200 events per second.
 * Latency runs from the moment an event's commit returns to the first receipt of its `seq`; the first
 * seconds of the steady run are a warm-up whose events are sent but not counted. Runs on a scratch
 * database of its own.
 */
const CONCURRENCY = 50;
const THROUGHPUT_EVENTS = 5000;
const STEADY_RATE = 200;
const STEADY_WARMUP_SECONDS = 2;
const STEADY_SECONDS = 15;

/** Counts requests and notes when each `data.seq` arrived. */
class Receiver {
  count = 0;
  readonly arrivals = new Map<number, number>();
  private waiters: { n: number; resolve: () => void }[] = [];
  private server?: Server;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const at = performance.now();
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: { seq?: number } };
        if (typeof body.data.seq === 'number' && !this.arrivals.has(body.data.seq))
          this.arrivals.set(body.data.seq, at);
        this.count += 1;
        res.writeHead(204).end();
        this.waiters = this.waiters.filter((w) => (this.count >= w.n ? (w.resolve(), false) : true));
      });
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Resolves once `n` requests have arrived. */
  until(n: number): Promise<void> {
    return this.count >= n ? Promise.resolve() : new Promise((resolve) => this.waiters.push({ n, resolve }));
  }

  /** Resolves once every `seq` below `n` has arrived (redeliveries do not stand in for a missing one). */
  async untilEverySeq(n: number): Promise<void> {
    while (this.arrivals.size < n) await this.until(this.count + n - this.arrivals.size);
  }

  reset(): void {
    this.count = 0;
    this.arrivals.clear();
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()));
  }
}

/** The baseline: sign and POST `n` bodies with `CONCURRENCY` requests in flight, nothing else. */
async function plainPostLoop(url: string, n: number): Promise<number> {
  const agent = new Agent({ connections: CONCURRENCY });
  const secret = generateSecret();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) {
        const i = next++;
        const id = randomUUID();
        const body = webhookBody('risk.created', new Date(), { riskId: id, title: `Risk ${i}` });
        const timestamp = Math.floor(Date.now() / 1000);
        const res = await request(url, {
          method: 'POST',
          dispatcher: agent,
          headers: {
            'content-type': 'application/json',
            'webhook-id': id,
            'webhook-timestamp': String(timestamp),
            'webhook-signature': signatureHeader([secret], id, timestamp, body),
          },
          body,
        });
        await res.body.dump();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await agent.close();
  return n / seconds;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function run(): Promise<void> {
  Logger.overrideLogger(['error', 'warn']);
  const scratch = await createScratchDatabase();
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: scratch.url,
    QUEUE_PREFIX: scratch.queuePrefix,
    LOG_LEVEL: 'warn',
    WEBHOOK_ALLOW_HTTP: 'true',
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    WEBHOOK_CONCURRENCY: String(CONCURRENCY),
  });
  const runtime = await createRuntime(config, { migrate: true, loadCatalogs: false, poolSize: 20 });
  const receiver = new Receiver();
  await receiver.start();
  const target = `http://127.0.0.1:${receiver.port}/hook`;
  try {
    const worker = await createWorkerApp(runtime);
    const uow = worker.get(UnitOfWork);
    const [{ id: organisationId }] = await runtime.dataSource.query(
      `INSERT INTO organisation (name) VALUES ('Bench org') RETURNING id`,
    );
    const actor = systemActor(organisationId);
    await worker.get(WebhookEndpointService, { strict: false }).create(actor, { url: target });

    /** Commits `THROUGHPUT_EVENTS` events, 500 a transaction. */
    const commitEvents = async () => {
      for (let batch = 0; batch < THROUGHPUT_EVENTS / 500; batch++) {
        await uow.run(actor, async (work) => {
          for (let i = 0; i < 500; i++)
            work.emit('risk.created', { riskId: randomUUID(), title: `Risk ${i}` });
        });
      }
    };

    // Baseline and pipeline alternate twice; the second round of each is reported (warm connections, JIT).
    let plainPerSecond = 0;
    let deliveriesPerSecond = 0;
    let withCommitsPerSecond = 0;
    let committedMs = 0;
    for (let round = 0; round < 2; round++) {
      receiver.reset();
      plainPerSecond = await plainPostLoop(target, THROUGHPUT_EVENTS);

      // From the outbox: the events are committed first, as the API's process commits them, while a lock
      // on the endpoints holds the relay at its first fan-out; the clock starts when the lock is released.
      receiver.reset();
      const hold = runtime.dataSource.createQueryRunner();
      await hold.connect();
      await hold.startTransaction();
      await hold.query('LOCK TABLE webhook_endpoint IN ACCESS EXCLUSIVE MODE');
      await commitEvents();
      const released = performance.now();
      await hold.commitTransaction();
      await hold.release();
      await receiver.until(THROUGHPUT_EVENTS);
      deliveriesPerSecond = THROUGHPUT_EVENTS / ((performance.now() - released) / 1000);

      // The same with the commits in this process and on the clock.
      receiver.reset();
      const started = performance.now();
      await commitEvents();
      committedMs = performance.now() - started;
      await receiver.until(THROUGHPUT_EVENTS);
      withCommitsPerSecond = THROUGHPUT_EVENTS / ((performance.now() - started) / 1000);
    }

    receiver.reset();
    const warmup = STEADY_RATE * STEADY_WARMUP_SECONDS;
    const total = warmup + STEADY_RATE * STEADY_SECONDS;
    const committedAt = new Map<number, number>();
    const commits: Promise<void>[] = [];
    const start = performance.now();
    for (let seq = 0; seq < total; seq++) {
      const due = start + (seq * 1000) / STEADY_RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      commits.push(
        uow
          .run(actor, async (work) => work.emit('risk.updated', { riskId: randomUUID(), seq }))
          .then(() => void committedAt.set(seq, performance.now())),
      );
    }
    await Promise.all(commits);
    await receiver.untilEverySeq(total);
    // A receipt may be handled before its commit's promise settles: that is no latency, not a negative one.
    const latencies = [...committedAt]
      .filter(([seq]) => seq >= warmup)
      .map(([seq, at]) => Math.max(0, receiver.arrivals.get(seq)! - at))
      .sort((a, b) => a - b);

    console.log(`backend: ${runtime.queues.kind}, concurrency ${CONCURRENCY}`);
    console.log(
      `plain signed POST loop: ${plainPerSecond.toFixed(0)} requests/s (${THROUGHPUT_EVENTS} requests)`,
    );
    console.log(
      `webhook pipeline from the outbox (relay → fan-out → first attempt, job as safety net → signed POST): ${deliveriesPerSecond.toFixed(0)} deliveries/s`,
    );
    console.log(
      `ratio deliveries/s ÷ plain POSTs/s: ${(deliveriesPerSecond / plainPerSecond).toFixed(2)} (goal ≥ 0.5)`,
    );
    console.log(
      `with the ${THROUGHPUT_EVENTS} events committed in this process on the clock (10 transactions, ${committedMs.toFixed(0)} ms): ${withCommitsPerSecond.toFixed(0)} deliveries/s, ratio ${(withCommitsPerSecond / plainPerSecond).toFixed(2)}`,
    );
    console.log(
      `commit-to-receipt latency at ${STEADY_RATE} events/s for ${STEADY_SECONDS} s after ${STEADY_WARMUP_SECONDS} s of warm-up (${latencies.length} events): p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms, max ${latencies[latencies.length - 1].toFixed(0)} ms (goal p99 < 250 ms)`,
    );

    await worker.close();
    await Promise.all(
      [QueueName.Outbox, QueueName.Reassessment, QueueName.Webhooks].map((q) =>
        runtime.queues.queue(q).obliterate({ force: true }),
      ),
    );
  } finally {
    await receiver.stop();
    await runtime.close();
    await scratch.drop();
  }
}

if (require.main === module) {
  run().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
