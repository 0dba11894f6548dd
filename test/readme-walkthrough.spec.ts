import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

/** The README shows the walk-through script that walkthrough.e2e-spec.ts runs, word for word. */
describe('README walk-through', () => {
  it('is docs/walkthrough.sh exactly, in one fenced block', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const script = readFileSync(path.join(ROOT, 'docs/walkthrough.sh'), 'utf8');
    const section = /^## Walk-through\b.*\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(readme)?.[1];
    expect(section).toBeDefined();
    const blocks = [...section!.matchAll(/^```(?:sh|bash)\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toBe(script);
  });

  it('uses sample files that are in the repository', () => {
    const script = readFileSync(path.join(ROOT, 'docs/walkthrough.sh'), 'utf8');
    const samples = [...script.matchAll(/\$SAMPLES\/([\w.-]+)/g)].map((m) => m[1]);
    expect(samples.length).toBeGreaterThan(0);
    for (const file of samples) expect(() => readFileSync(path.join(ROOT, 'docs/samples', file))).not.toThrow();
  });
});
