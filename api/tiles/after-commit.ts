/**
 * Notifications of tile_data sent after a writer's commit, for writers that defer them
 * (lianqin.tile_notify = 'after_commit', sql/015): a NOTIFY inside a case's transaction made
 * PostgreSQL serialise every case's commit. `changed` is called once the write has committed;
 * one notification covers every commit made before it is sent, so under load they go one at a
 * time, each covering all the cases committed meanwhile. Listening servers (tiles/versions.ts)
 * drop their cached tiles of the group on it, as before, only now a round trip later; should
 * this process stop in between, other servers see the change at the group's next one.
 */
import type pg from 'pg';
import type { DataGroup } from './layer.ts';

export class AfterCommitNotifier {
  private readonly changedGroups = new Set<DataGroup>();
  private sending = false;

  /** `enabled` false (the embedded database, whose servers read the sequences): nothing is sent. */
  constructor(
    private readonly pool: pg.Pool,
    private readonly enabled = true,
  ) {}

  /** A committed write changed `group`. */
  changed(group: DataGroup): void {
    if (!this.enabled) return;
    this.changedGroups.add(group);
    if (!this.sending) void this.send();
  }

  private async send(): Promise<void> {
    this.sending = true;
    try {
      while (this.changedGroups.size) {
        const groups = [...this.changedGroups];
        this.changedGroups.clear();
        await this.pool.query(`SELECT pg_notify('tile_data', g) FROM unnest($1::text[]) AS g`, [groups]).catch((error: Error) => {
          console.error('tiles: notifying tile_data failed:', error.message);
        });
      }
    } finally {
      this.sending = false;
    }
  }
}
