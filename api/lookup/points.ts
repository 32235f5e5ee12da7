/**
 * Validation of coordinates. The batch body can hold 100,000 points, so it is checked with a
 * plain loop rather than a schema: same clear messages, a fraction of the cost.
 */
import { z } from 'zod';
import { badRequest } from '../http/problem.ts';

export const MAX_BATCH_POINTS = 100_000;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function coordinate(name: string, min: number, max: number) {
  return z
    .string({ error: `${name} is required` })
    .trim()
    .regex(NUMBER, `${name} must be a number`)
    .transform(Number)
    .refine((v) => v >= min && v <= max, `${name} must be within ${min}..${max}`);
}

export const lookupQuery = z.object({
  lon: coordinate('lon', -180, 180),
  lat: coordinate('lat', -90, 90),
});

/** Checks `{"points": [[lon, lat], ...]}` and returns the points as [lon, lat, lon, lat, …]. */
export function parsePointsBody(body: unknown): Float64Array {
  if (typeof body !== 'object' || body === null || !('points' in body)) {
    throw badRequest('body must be an object {"points": [[lon, lat], ...]}');
  }
  const points = (body as { points: unknown }).points;
  if (!Array.isArray(points)) throw badRequest('points must be an array of [lon, lat] pairs');
  if (points.length > MAX_BATCH_POINTS) {
    throw badRequest(`points holds ${points.length} points; at most ${MAX_BATCH_POINTS} per request`);
  }
  const lonLat = new Float64Array(points.length * 2);
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    if (!Array.isArray(p) || p.length !== 2) throw badRequest(`points[${i}] must be a [lon, lat] pair`);
    const [lon, lat] = p;
    if (typeof lon !== 'number' || !Number.isFinite(lon) || lon < -180 || lon > 180) {
      throw badRequest(`points[${i}]: longitude must be a number within -180..180`);
    }
    if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90) {
      throw badRequest(`points[${i}]: latitude must be a number within -90..90`);
    }
    lonLat[2 * i] = lon;
    lonLat[2 * i + 1] = lat;
  }
  return lonLat;
}
