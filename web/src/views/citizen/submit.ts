/**
 * Sending a report over a phone's connection: retried on network errors, 5xx and 429 with the
 * same Idempotency-Key, so however many tries reach the server, there is one case.
 */
import { ApiError } from '../../api.ts';
import { citizenApi, type PublicTicket, type ReportDraft } from '../../citizen-api.ts';

const ATTEMPTS = 4;
const MAX_WAIT_MS = 10_000;

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether another try may succeed; and after how long. */
function retryAfter(error: unknown, attempt: number): number | null {
  const backoff = 1000 * 2 ** (attempt - 1);
  if (!(error instanceof ApiError)) return backoff; // fetch failed: no answer reached us
  if (error.status === 429) {
    const seconds = Number(error.problem.retryAfter);
    return Number.isFinite(seconds) && seconds * 1000 <= MAX_WAIT_MS ? seconds * 1000 : null;
  }
  return error.status >= 500 ? backoff : null;
}

export async function sendReport(draft: ReportDraft, key: string, onRetry: (attempt: number) => void): Promise<PublicTicket> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await citizenApi.report(draft, key);
    } catch (error) {
      const delay = attempt < ATTEMPTS ? retryAfter(error, attempt) : null;
      if (delay === null) throw error;
      onRetry(attempt);
      await wait(delay);
    }
  }
}

/** The words to show for a failed request. */
export function failureText(error: unknown, t: (key: 'citizen.rateLimited' | 'citizen.network', params?: Record<string, number>) => string): string {
  if (error instanceof ApiError) {
    if (error.status === 429) return t('citizen.rateLimited', { n: Number(error.problem.retryAfter) || 10 });
    return error.detail ?? error.title;
  }
  return t('citizen.network');
}
