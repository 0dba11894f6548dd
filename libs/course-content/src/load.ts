import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ModuleContent, Problem } from './types.js';
import { validateModuleContent } from './validate.js';

/**
 * The repository's `libs/course-content/content` folder, found by walking up from this
 * file to the first folder holding a package.json, so it resolves the same from the
 * sources and from the compiled tree under dist/.
 */
export function contentDir(): string {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${import.meta.dirname}`);
    dir = parent;
  }
  return join(dir, 'libs', 'course-content', 'content');
}

/** Raised by {@link loadCourseContent}; `problems` holds every problem of every file. */
export class CourseContentError extends Error {
  constructor(readonly problems: Problem[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in the course content:\n` +
        problems.map((p) => `  ${p.file}: ${p.path}: ${p.message}`).join('\n'),
    );
    this.name = 'CourseContentError';
  }
}

/** Reads and validates one file; the problems name it by its file name. */
export function readModuleFile(path: string, file = path.split(/[\\/]/).pop()!): { module: ModuleContent | null; problems: Problem[] } {
  const raw = readFileSync(path, 'utf8');
  if (raw.charCodeAt(0) === 0xfeff) {
    return { module: null, problems: [{ file, path: '$', message: 'starts with a byte order mark; save it as UTF-8 without BOM' }] };
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    return { module: null, problems: [{ file, path: '$', message: `is not valid JSON: ${(err as Error).message}` }] };
  }
  const problems = validateModuleContent(value, file);
  return { module: problems.length ? null : (value as ModuleContent), problems };
}

/**
 * Every module of a content folder (each `*.json` file, in file-name order), validated.
 * Throws one {@link CourseContentError} listing every problem of every file, so one run
 * shows everything that needs fixing.
 */
export function loadCourseContent(dir: string = contentDir()): ModuleContent[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const modules: ModuleContent[] = [];
  const problems: Problem[] = [];
  for (const file of files) {
    const result = readModuleFile(join(dir, file), file);
    problems.push(...result.problems);
    if (result.module) modules.push(result.module);
  }
  if (problems.length) throw new CourseContentError(problems);
  return modules;
}
