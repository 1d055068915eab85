import type { ModuleManifest } from '../../platform/manifest.js';
import { diaryImportRoutes } from './routes.js';
import { leak } from './leak.js';

/** What this capability adds to the app: see src/platform/manifest.ts. */
export const manifest: ModuleManifest = {
  name: 'diary-import',
  routes: diaryImportRoutes,
  leak,
};
