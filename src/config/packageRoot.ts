import fs from 'node:fs';
import path from 'node:path';

/** The folder holding package.json, found by walking up so it works from `src/` under tsx and from `dist/src/`. */
export function findPackageRoot(startDir: string = __dirname): string {
  let dir = path.resolve(startDir);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json found above ${startDir}`);
    dir = parent;
  }
}
