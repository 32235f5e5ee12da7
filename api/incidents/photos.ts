/** Photos of a case: JPEG or PNG by their magic bytes, at most 5 MB each and 3 per request. */
import { HttpProblem, badRequest } from '../http/problem.ts';
import type { Photo } from './queries.ts';

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const MAX_PHOTOS = 3;

const JPEG = [0xff, 0xd8, 0xff];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** The image type the bytes really are, whatever the client claims. */
export function sniffImage(bytes: Uint8Array): Photo['contentType'] | null {
  if (startsWith(bytes, JPEG)) return 'image/jpeg';
  if (startsWith(bytes, PNG)) return 'image/png';
  return null;
}

/** Checks one photo's bytes; `field` names it in the error (e.g. photos[1]). */
export function checkPhoto(bytes: Buffer, field: string, claimed?: string): Photo {
  if (bytes.length === 0) throw badRequest(`invalid body: ${field}: the photo is empty`, { errors: [{ field, message: 'empty' }] });
  if (bytes.length > MAX_PHOTO_BYTES) {
    throw new HttpProblem(413, 'Content Too Large', `${field}: the photo has ${bytes.length} bytes; at most ${MAX_PHOTO_BYTES} (5 MB)`, {
      errors: [{ field, message: 'larger than 5 MB' }],
    });
  }
  const type = sniffImage(bytes);
  if (!type) throw badRequest(`invalid body: ${field}: only JPEG and PNG photos are accepted`, { errors: [{ field, message: 'not JPEG or PNG' }] });
  if (claimed && claimed !== type) {
    throw badRequest(`invalid body: ${field}: the photo is ${type}, not ${claimed}`, { errors: [{ field, message: `is ${type}` }] });
  }
  return { contentType: type, bytes };
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** Photos sent in JSON as `{contentType?, data: base64}` (a data: URL prefix is accepted). */
export function decodePhotos(photos: { contentType?: string; data: string }[] | undefined, field = 'photos'): Photo[] {
  if (!photos?.length) return [];
  if (photos.length > MAX_PHOTOS) throw badRequest(`invalid body: ${field}: at most ${MAX_PHOTOS} photos`, { errors: [{ field, message: 'too many' }] });
  return photos.map((photo, i) => {
    const data = photo.data.replace(/^data:[^;,]*;base64,/, '').replace(/\s+/g, '');
    if (!BASE64.test(data)) {
      throw badRequest(`invalid body: ${field}[${i}].data: not base64`, { errors: [{ field: `${field}[${i}].data`, message: 'not base64' }] });
    }
    return checkPhoto(Buffer.from(data, 'base64'), `${field}[${i}]`, photo.contentType);
  });
}

/**
 * Headers of a photo answer. Photos are checked to be JPEG or PNG when stored, but the answer
 * does not rely on it: a sandboxed document with no sources runs nothing, whatever the bytes,
 * and the file name is made here, never taken from the upload.
 */
export function photoHeaders(contentType: string, photoId: number): Record<string, string> {
  const ext = contentType === 'image/png' ? 'png' : contentType === 'image/jpeg' ? 'jpg' : 'bin';
  return {
    'content-type': contentType,
    'content-security-policy': "default-src 'none'; sandbox",
    'content-disposition': `inline; filename="photo-${photoId}.${ext}"`,
  };
}
