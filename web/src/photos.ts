/**
 * Photos as the server takes them (JPEG or PNG, at most 5 MB): small JPEG/PNG files as they are,
 * anything else (big camera photos, HEIC the browser can decode, WebP) redrawn as a JPEG of at
 * most 1600 px. Shared by the citizen's report and the handler's feedback on the desk.
 */
const KEEP_BYTES = 1_500_000;
const MAX_SIDE = 1600;

/** The photo as the server takes it: JPEG/PNG as chosen when small, else a downscaled JPEG. */
export async function preparePhoto(file: Blob): Promise<Blob> {
  if ((file.type === 'image/jpeg' || file.type === 'image/png') && file.size <= KEEP_BYTES) return file;
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('toBlob failed'))), 'image/jpeg', 0.85));
}

/** A photo as JSON carries it: base64 in a data: URL (the server strips the prefix). */
export function photoDataUrl(photo: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(photo);
  });
}
