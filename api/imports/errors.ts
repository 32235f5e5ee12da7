/** Why a whole import failed (as opposed to one rejected row). */

/** The file cannot be read as declared (wrong format, encoding, missing columns): the job fails, the API answers 400. */
export class ImportInputError extends Error {
  override readonly name = 'ImportInputError';
}

/** The upload stopped before the end of the file (client gone, connection reset). */
export class ImportAbortedError extends Error {
  override readonly name = 'ImportAbortedError';
}
