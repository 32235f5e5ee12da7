/**
 * A citizen's report, as JSON (photos in base64) or as multipart/form-data (photos as files,
 * what a phone's browser sends). Both end as the same input and the same request hash, so a
 * retry is recognised whatever multipart boundary the phone picks the second time.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { badRequest } from '../http/problem.ts';
import { readMultipart } from '../http/form.ts';
import { parseWith, readJsonBody } from '../http/validate.ts';
import { checkPhoto, decodePhotos, MAX_PHOTOS } from '../incidents/photos.ts';
import type { Photo } from '../incidents/queries.ts';
import { categoryCode, description, lat, lon, phone, photoInput } from '../incidents/schema.ts';

export const reportBody = z.object({
  category: categoryCode,
  lon,
  lat,
  description,
  address: z.string().trim().max(200).optional(),
  name: z.string().trim().max(50).optional(),
  phone: phone.optional(),
  photos: z.array(photoInput).max(MAX_PHOTOS, `at most ${MAX_PHOTOS} photos`).optional(),
});

export interface CitizenReport {
  fields: Omit<z.infer<typeof reportBody>, 'photos'>;
  photos: Photo[];
  /** What identifies the request for Idempotency-Key: the fields and the photos' bytes. */
  hashParts: (string | Uint8Array)[];
}

export async function readReport(c: Context): Promise<CitizenReport> {
  const type = c.req.header('content-type') ?? '';
  let fields: z.infer<typeof reportBody>;
  let photos: Photo[];
  if (type.startsWith('multipart/form-data')) {
    const form = await readMultipart(c.req);
    const text = (name: string) => {
      const value = form[name];
      return typeof value === 'string' ? value : undefined;
    };
    const number = (name: string) => (text(name) === undefined || text(name)!.trim() === '' ? undefined : Number(text(name)));
    fields = parseWith(
      reportBody,
      { category: text('category'), lon: number('lon'), lat: number('lat'), description: text('description'),
        address: text('address'), name: text('name'), phone: text('phone') },
      'body',
    );
    const files = [form.photo, form.photos].flat().filter((v): v is File => typeof v === 'object' && v !== null && 'arrayBuffer' in v);
    if (files.length > MAX_PHOTOS) throw badRequest(`invalid body: photos: at most ${MAX_PHOTOS} photos`, { errors: [{ field: 'photos', message: 'too many' }] });
    photos = await Promise.all(
      files.map(async (file, i) => checkPhoto(Buffer.from(await file.arrayBuffer()), `photos[${i}]`, /^image\/(jpeg|png)$/.test(file.type) ? file.type : undefined)),
    );
  } else {
    fields = parseWith(reportBody, await readJsonBody(c.req), 'body');
    photos = decodePhotos(fields.photos);
  }
  const { photos: _ignored, ...rest } = fields;
  const canonical = JSON.stringify([rest.category, rest.lon, rest.lat, rest.description, rest.address ?? null, rest.name ?? null, rest.phone ?? null]);
  return { fields: rest, photos, hashParts: [canonical, ...photos.map((p) => p.bytes)] };
}
