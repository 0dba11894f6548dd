import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository root: the first folder above this file holding a package.json. Works from
 * the sources and from the compiled tree under dist/ (templates, catalogues and static files
 * are read from the repository, not copied into dist/).
 */
export function projectRoot(): string {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${import.meta.dirname}`);
    dir = parent;
  }
  return dir;
}

export const webDir = (): string => join(projectRoot(), 'libs', 'web');
/** One JSON catalogue per language: `en.json`, `sq.json`, … */
export const messagesDir = (): string => join(webDir(), 'messages');
/** layout.hbs and partials/ (the shared components). */
export const viewsDir = (): string => join(webDir(), 'views');
/** CSS and the small scripts, served under /static/. */
export const staticDir = (): string => join(webDir(), 'static');
