/**
 * Plan texts for `plan-file`: a file plan's bytes as they are on disk, a stored plan's
 * document written as YAML (it passes `roundtable validate`).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PlanTexts } from '../../core/service/plan-catalogue.js';
import { loadPlanFolder } from '../plan-files.js';
import { planDataToYaml } from './plan-data.js';

/** Plan texts over the plans folder `dir`. */
export function createPlanTexts(dir: string): PlanTexts {
  return {
    async fileText(id) {
      const file = (await loadPlanFolder(dir)).find((f) => f.id === id);
      return file ? { name: path.basename(file.file), content: await readFile(file.file, 'utf8') } : undefined;
    },
    yamlOf: planDataToYaml,
  };
}
