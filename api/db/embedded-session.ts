/**
 * The embedded database's one session, lent to one client connection at a time.
 *
 * PGlite is a single PostgreSQL session; pglite-socket (0.2.11) serves every connection of the
 * `pg` pool from it and schedules their protocol messages one message at a time, keeping a
 * connection's turn only while `isInTransaction()`. A statement outside a transaction is several
 * messages (Parse, Bind, Describe, Execute, Sync), so two connections' statements interleave and
 * one binds the other's unnamed statement or portal: "unnamed prepared statement does not exist",
 * "portal does not exist", or silently another query's rows (electric-sql/pglite#1046, #977).
 * After one failed message its queue also stops for good (`processing` is never reset), which
 * left requests unanswered and pooled connections stuck.
 *
 * `SessionQueue` replaces that scheduler: a connection that sends a message takes the session
 * and keeps it until PostgreSQL reports it idle (ReadyForQuery 'I' after a Sync or a simple
 * query), so a whole statement, or a whole transaction up to COMMIT/ROLLBACK, runs without
 * another connection's messages in between; the others wait in arrival order. PGlite also answers
 * a failed Parse/Bind/Execute with a ReadyForQuery of its own before the client's Sync
 * (electric-sql/pglite#958): the client would count two and take the second for its next query's
 * end. Those are dropped; only a Sync or a simple query is answered with ReadyForQuery.
 *
 * A connection that holds the session while its code waits for another connection of the pool
 * would wait forever, as with one connection: code in a transaction uses only its own client
 * (api/auth/scope.ts, api/imports/pipeline.ts on the embedded database).
 */
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer, type PGLiteSocketServerOptions } from '@electric-sql/pglite-socket';

const READY_FOR_QUERY = 0x5a; // 'Z'
const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'
/** Extended-protocol messages other than Sync: PostgreSQL answers none of them with ReadyForQuery. */
const WITHOUT_READY = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]); // Parse, Bind, Describe, Execute, Close, Flush

interface Pending {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: Error) => void;
  /** Ends the connection's turn: its transaction is rolled back (the connection closed). */
  release?: boolean;
}

/** The scheduler pglite-socket's handlers call (the interface of its internal QueryQueueManager). */
export class SessionQueue {
  private queue: Pending[] = [];
  /** The connection whose statement or transaction is open on the session. */
  private owner: number | null = null;
  private running = false;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    // Terminate closes only the socket (PGlite ignores it): not a turn on the session.
    if (message[0] === TERMINATE) return Promise.resolve(0);
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.run();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  /** Drops what a closed connection still had waiting. */
  clearQueueForHandler(handlerId: number): void {
    this.queue = this.queue.filter((pending) => {
      if (pending.handlerId !== handlerId || pending.release) return true;
      pending.reject(new Error('the connection closed'));
      return false;
    });
  }

  /** A closed connection's turn ends: its open transaction is rolled back, the session passes on. */
  clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return Promise.resolve();
    return new Promise((resolve) => {
      this.queue.push({ handlerId, message: new Uint8Array(), onData: () => {}, resolve: () => resolve(), reject: () => resolve(), release: true });
      void this.run();
    });
  }

  private next(): Pending | undefined {
    const index = this.owner === null ? 0 : this.queue.findIndex((pending) => pending.handlerId === this.owner);
    return index < 0 ? undefined : this.queue.splice(index, 1)[0];
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let pending = this.next(); pending; pending = this.next()) {
        this.owner = pending.handlerId;
        try {
          if (pending.release) {
            await this.rollback();
            this.owner = null;
            pending.resolve(0);
            continue;
          }
          const { bytes, status } = await this.execute(pending);
          if (status === 'I') this.owner = null;
          pending.resolve(bytes);
        } catch (error) {
          // PGlite itself failed: the connection is closed by its handler, which then
          // releases its turn (clearTransactionIfNeeded).
          pending.reject(error as Error);
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** Runs one message; its answer goes to the connection (minus early ReadyForQuery messages). */
  private async execute(pending: Pending): Promise<{ bytes: number; status: string | null }> {
    const answer = new BackendMessages(WITHOUT_READY.has(pending.message[0]));
    let bytes = 0;
    await this.db.runExclusive(() =>
      this.db.execProtocolRawStream(pending.message, {
        onRawData: (chunk) => {
          // The chunk is a view of PGlite's buffer, reused by the next write: passed on copied.
          const kept = answer.take(chunk);
          if (kept.length === 0) return;
          bytes += kept.length;
          pending.onData(kept);
        },
      }),
    );
    // A Sync or simple query always ends with ReadyForQuery; anything else keeps the turn.
    const ends = pending.message[0] === SYNC || pending.message[0] === QUERY || pending.message[0] === 0;
    return { bytes, status: ends ? answer.status : null };
  }

  private async rollback(): Promise<void> {
    const discard = { onRawData: () => {} };
    await this.db.runExclusive(async () => {
      // A Sync ends a half-sent extended query (and the skipping after a failed one) first.
      await this.db.execProtocolRawStream(frontend(SYNC, new Uint8Array()), discard);
      if (this.db.isInTransaction()) await this.db.execProtocolRawStream(frontend(QUERY, new TextEncoder().encode('ROLLBACK\0')), discard);
    });
  }
}

/** A frontend message: type, length, body. */
function frontend(type: number, body: Uint8Array): Uint8Array {
  const message = new Uint8Array(5 + body.length);
  message[0] = type;
  new DataView(message.buffer).setInt32(1, 4 + body.length);
  message.set(body, 5);
  return message;
}

/**
 * Splits the backend's answer into messages across chunks, dropping ReadyForQuery when asked
 * to, and notes the transaction status of the last ReadyForQuery.
 */
export class BackendMessages {
  /** 'I' idle, 'T' in a transaction, 'E' in a failed transaction; null before any ReadyForQuery. */
  status: string | null = null;
  private header = new Uint8Array(5);
  private headerBytes = 0;
  private remaining = 0;
  private dropping = false;
  private ready = false;

  constructor(private readonly dropReady: boolean) {}

  /** The bytes of `chunk` to pass on, copied. */
  take(chunk: Uint8Array): Uint8Array {
    const kept: Uint8Array[] = [];
    let i = 0;
    while (i < chunk.length) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, chunk.length - i);
        if (this.ready) this.status = String.fromCharCode(chunk[i + n - 1]);
        if (!this.dropping) kept.push(chunk.subarray(i, i + n));
        i += n;
        this.remaining -= n;
        continue;
      }
      this.header[this.headerBytes++] = chunk[i++];
      if (this.headerBytes < 5) continue;
      this.headerBytes = 0;
      this.ready = this.header[0] === READY_FOR_QUERY;
      this.dropping = this.ready && this.dropReady;
      this.remaining = new DataView(this.header.buffer).getInt32(1) - 4;
      if (!this.dropping) kept.push(this.header.slice());
    }
    const out = new Uint8Array(kept.reduce((sum, part) => sum + part.length, 0));
    let at = 0;
    for (const part of kept) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}

/** pglite-socket's server with the session lent per statement or transaction (SessionQueue). */
export class SessionSocketServer extends PGLiteSocketServer {
  constructor(options: PGLiteSocketServerOptions) {
    super(options);
    // The handlers take the server's queue when they attach: replaced before any connection.
    (this as unknown as { queryQueue: SessionQueue }).queryQueue = new SessionQueue(options.db);
  }
}
