import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { HttpProblem, problemResponse } from './problem.ts';

describe('problemResponse', () => {
  it('keeps status the HTTP status when an extension is named like a standard member', async () => {
    const app = new Hono().get('/x', () => {
      throw new HttpProblem(400, 'Bad Request', 'import 7 failed', { status: 'failed', title: 'other', importId: 7 });
    });
    app.onError((error, c) => problemResponse(c, error as HttpProblem));
    const answer = await app.request('/x');
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    expect(await answer.json()).toEqual({ type: 'about:blank', title: 'Bad Request', status: 400, detail: 'import 7 failed', instance: '/x', importId: 7 });
  });
});
