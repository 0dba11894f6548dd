import type { Actor } from '@academy/common';
import { DomainError } from '@academy/common';
import { editableOwner, type ModuleRef } from './self-paced-access.js';

const TIRANA = '00000000-0000-0000-0000-0000000000a1';
const DUBLIN = '00000000-0000-0000-0000-0000000000d1';
const COALITION = '00000000-0000-0000-0000-0000000000c0';
const actor = (role: Actor['role'], cityId: string): Actor => ({ id: 'u', cityId, role });
const shared: ModuleRef = { id: 'm1', code: 'DHR-INTRO', title: 'Intro', cityId: null };
const tiranas: ModuleRef = { id: 'm2', code: 'TIR-WALK', title: 'Walk', cityId: TIRANA };

/** Which definition of a module's lessons or check a caller may change: the owner written into the rows, or the refusal. */
describe('editableOwner', () => {
  const outcome = (a: Actor, m: ModuleRef, variant: boolean) => {
    try {
      return editableOwner(a, m, 'lessons', variant) ?? 'shared';
    } catch (e) {
      return (e as DomainError).code;
    }
  };

  it.each([
    // who, module, variant route, outcome
    ['platform', COALITION, shared, false, 'shared'],
    ['platform', COALITION, shared, true, 'forbidden'],
    ['platform', COALITION, tiranas, false, 'forbidden'],
    ['admin', TIRANA, shared, false, 'forbidden'],
    ['admin', TIRANA, shared, true, TIRANA],
    ['admin', DUBLIN, shared, true, DUBLIN],
    ['admin', TIRANA, tiranas, false, TIRANA],
    ['admin', TIRANA, tiranas, true, 'invalid'],
    ['admin', DUBLIN, tiranas, false, 'forbidden'],
    ['trainer', TIRANA, tiranas, false, 'forbidden'],
    ['trainer', TIRANA, shared, true, 'forbidden'],
    ['learner', TIRANA, shared, false, 'forbidden'],
  ] as const)('%s of %s on %s (variant %s): %s', (role, city, mod, variant, expected) => {
    expect(outcome(actor(role, city), mod, variant)).toBe(expected);
  });

  it('points a city administrator at the variant route for a shared module', () => {
    expect(() => editableOwner(actor('admin', TIRANA), shared, 'lessons', false)).toThrow(/\/api\/modules\/DHR-INTRO\/variant\/lessons/);
  });
});
