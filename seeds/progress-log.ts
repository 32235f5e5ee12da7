/** Seed progress as log lines, at most one per stage every two seconds (for `npm start`). */
import type { SeedProgress } from './pukou/types.ts';

export function progressLogger(log: (message: string) => void, everyMs = 2_000): (p: SeedProgress) => void {
  let lastStage = '';
  let lastAt = 0;
  return (p) => {
    const now = Date.now();
    const finished = p.done >= p.total;
    if (p.stage === lastStage && !finished && now - lastAt < everyMs) return;
    if (p.stage === lastStage && finished && lastAt === -1) return;
    lastStage = p.stage;
    lastAt = finished ? -1 : now;
    const percent = p.total ? Math.floor((100 * p.done) / p.total) : 100;
    log(`loading demo data: ${p.stage} ${p.done.toLocaleString('en')}/${p.total.toLocaleString('en')} (${percent}%)`);
  };
}
