import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { AnswerBuffers } from './answer-buffers.ts';

const MB = 1024 * 1024;
const response = () => new EventEmitter() as unknown as ServerResponse;

describe('AnswerBuffers', () => {
  it('gives a buffer out again only after its answer has been sent', () => {
    const buffers = new AnswerBuffers();
    const first = response();
    const a = buffers.allocatorFor(first)(2 * MB);
    const b = buffers.allocatorFor(response())(2 * MB);
    expect(b.buffer).not.toBe(a.buffer); // a is still being sent
    first.emit('finish');
    const c = buffers.allocatorFor(response())(2 * MB - 10);
    expect(c.buffer).toBe(a.buffer);
    expect(c.length).toBe(2 * MB - 10);
  });

  it('keeps the buffer of an answer that was cut short, and pools no small answer', () => {
    const buffers = new AnswerBuffers();
    const aborted = response();
    const a = buffers.allocatorFor(aborted)(2 * MB).fill(1);
    aborted.emit('close');
    buffers.allocatorFor(response())(2 * MB).fill(2);
    expect(a.every((byte) => byte === 1)).toBe(true);
    const small = response();
    const s = buffers.allocatorFor(small)(1000).fill(1);
    small.emit('finish');
    buffers.allocatorFor(response())(1000).fill(2);
    expect(s.every((byte) => byte === 1)).toBe(true);
  });
});
