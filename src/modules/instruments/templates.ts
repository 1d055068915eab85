import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Recolo's own templates: the structure of a screening tool and of a structured professional
 * judgement tool, with neutral prompts of our own writing, to be replaced by licensed wording.
 */
export const TEMPLATE_FILES = ['screening-template.json', 'spj-template.json'] as const;
export const templatesDir = path.join(root, 'instruments/templates');

export function readTemplate(file: (typeof TEMPLATE_FILES)[number]): unknown {
  return JSON.parse(fs.readFileSync(path.join(templatesDir, file), 'utf8')) as unknown;
}
