/**
 * Login throttling: failed sign-ins are counted per username and per client address in a
 * sliding window; past the limit, sign-in is refused (429) until the window has room again,
 * even with the right password, so guessing costs hours instead of seconds. In memory, per
 * process, like the public rate limits.
 */
export interface ThrottleOptions {
  /** Failures allowed per username in the window. */
  perUsername: number;
  /** Failures allowed per client address in the window (many usernames from one place). */
  perAddress: number;
  windowMs: number;
  now?: () => number;
}

export const LOGIN_THROTTLE: ThrottleOptions = { perUsername: 5, perAddress: 30, windowMs: 15 * 60_000 };

const MAX_KEYS = 100_000;

export class LoginThrottle {
  private failures = new Map<string, number[]>();
  private readonly now: () => number;

  constructor(private readonly options: ThrottleOptions = LOGIN_THROTTLE) {
    this.now = options.now ?? Date.now;
  }

  /** Seconds until the next attempt may be made, or 0 when it may be made now. */
  retryAfter(username: string, address: string): number {
    const t = this.now();
    const wait = (key: string, limit: number) => {
      const times = this.recent(key, t);
      return times.length < limit ? 0 : Math.ceil((times[times.length - limit] + this.options.windowMs - t) / 1000);
    };
    return Math.max(wait(`u:${username}`, this.options.perUsername), wait(`a:${address}`, this.options.perAddress));
  }

  failed(username: string, address: string): void {
    const t = this.now();
    if (this.failures.size >= MAX_KEYS) this.prune(t);
    for (const key of [`u:${username}`, `a:${address}`]) this.failures.set(key, [...this.recent(key, t), t]);
  }

  /** A successful sign-in clears the username's failures (not the address's). */
  succeeded(username: string): void {
    this.failures.delete(`u:${username}`);
  }

  private recent(key: string, t: number): number[] {
    return (this.failures.get(key) ?? []).filter((at) => at > t - this.options.windowMs);
  }

  private prune(t: number): void {
    for (const key of this.failures.keys()) if (this.recent(key, t).length === 0) this.failures.delete(key);
  }
}
