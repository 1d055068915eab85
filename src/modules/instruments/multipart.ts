/** The instrument import takes one definition file (or pasted text) of up to 1 MB. */
export const UPLOAD_LIMIT = 1024 * 1024;
export type { UploadedFile } from '../../platform/http/multipart.js';
