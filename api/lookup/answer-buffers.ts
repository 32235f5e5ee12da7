/**
 * Buffers for batch answers, used again once an answer has been sent. A batch of 100,000 points
 * answers ~24 MB; a fresh buffer each time made V8 run a full mark-compact for nearly every
 * batch (external memory pressure, `--trace-gc`), about 30 ms of server CPU per batch of the
 * ~140 ms it cost. A buffer is given back only when Node's response says 'finish' (the last
 * byte handed to the operating system); an answer cut short by the client keeps its buffer,
 * which the garbage collector then frees.
 */
import type { ServerResponse } from 'node:http';

/** Smaller answers come from Node's ordinary allocation. */
const POOLED_FROM_BYTES = 1024 * 1024;
/** Two concurrent batches reuse theirs; more allocate. */
const KEPT = 2;

export class AnswerBuffers {
  private free: Buffer[] = [];

  /** An allocator for one answer to `response`: a pooled buffer, given back when the answer has been sent. */
  allocatorFor(response: ServerResponse): (bytes: number) => Buffer {
    return (bytes) => {
      if (bytes < POOLED_FROM_BYTES) return Buffer.allocUnsafe(bytes);
      const at = this.free.findIndex((b) => b.length >= bytes);
      // A new buffer has some room to spare, so that answers of a little more fit next time.
      const buffer = at >= 0 ? this.free.splice(at, 1)[0] : Buffer.allocUnsafeSlow(Math.ceil(bytes * 1.25));
      response.once('finish', () => {
        if (this.free.length < KEPT) this.free.push(buffer);
      });
      return buffer.subarray(0, bytes);
    };
  }
}
