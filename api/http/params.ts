/** Query-parameter schemas shared by several domains. */
import { z } from 'zod';

export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

/** `bbox=minLon,minLat,maxLon,maxLat` in WGS84 degrees. */
export const bboxParam = z
  .string()
  .transform((value, ctx): BBox => {
    const parts = value.split(',').map((p) => p.trim());
    const numbers = parts.map(Number);
    if (parts.length !== 4 || parts.some((p) => p === '') || numbers.some((n) => !Number.isFinite(n))) {
      ctx.addIssue({ code: 'custom', message: 'bbox must be four numbers: minLon,minLat,maxLon,maxLat' });
      return z.NEVER;
    }
    const [minLon, minLat, maxLon, maxLat] = numbers;
    if (minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90) {
      ctx.addIssue({ code: 'custom', message: 'bbox is outside -180..180 / -90..90' });
      return z.NEVER;
    }
    if (minLon > maxLon || minLat > maxLat) {
      ctx.addIssue({ code: 'custom', message: 'bbox minimum is greater than its maximum' });
      return z.NEVER;
    }
    return [minLon, minLat, maxLon, maxLat];
  });

export const streetCode = z.string().regex(/^\d{9}$/, 'a street code has 9 digits');
export const communityCode = z.string().regex(/^\d{12}$/, 'a community code has 12 digits');
export const gridCode = z.string().regex(/^\d{15}$/, 'a grid code has 15 digits');
