// PLACEHOLDER until the grid database generator lands: loads nothing.
import type { Database } from '../../../api/db/database.ts';
import type { PukouNetwork, SeedProgress, SeedScale } from '../types.ts';

export async function loadGridDatabase(
  _db: Database,
  _network: PukouNetwork,
  _options: { scale: SeedScale; seed: number; onProgress?: (progress: SeedProgress) => void },
): Promise<{ entities: number }> {
  return { entities: 0 };
}
