import type { ReportParticipant } from '@academy/vc-reports';
import { combine, type EnrolledLearner, joinedLateBy, matchParticipant, normalizeName } from './vc-matching.js';

const at = (hhmm: string) => new Date(`2023-01-24T${hhmm}:00Z`);
const person = (name: string, email: string | null, spans: [string, string][] = [['09:00', '10:30']], organiser = false): ReportParticipant => {
  const intervals = spans.map(([join, leave]) => ({ join: at(join), leave: at(leave) }));
  const minutes = intervals.reduce((n, i) => n + (i.leave.getTime() - i.join.getTime()) / 60_000, 0);
  return {
    name, email, organiser, intervals, minutes, firstJoin: intervals[0]!.join, lastLeave: intervals[intervals.length - 1]!.leave, sourceLines: [1],
  };
};
const learner = (id: string, name: string, inModule = true): EnrolledLearner => ({ id, email: `${id}@tirana.example`, name, inModule });
const LEARNERS = [learner('arta', 'Arta Hoxha'), learner('dritan', 'Dritan Çela'), learner('ilir', 'Ilir Gashi'), learner('ilir2', 'ilir  gashi'), learner('besa', 'Besa Dervishi', false)];
const KNOWN = new Set([...LEARNERS.map((l) => l.email), 'admin@tirana.example']);

describe('matching report participants to enrolled learners', () => {
  it('normalizes names: trim, one space, lower case, accents kept', () => {
    expect(normalizeName('  Arta\t HOXHA ')).toBe('arta hoxha');
    expect(normalizeName('Dritan Çela')).not.toBe(normalizeName('Dritan Cela'));
    expect(normalizeName('Dritan C\u0327ela')).toBe(normalizeName('Dritan Çela')); // composed or not, the same letter
  });

  it.each<[string, ReportParticipant, ReturnType<typeof matchParticipant>]>([
    ['the organiser', person('Arta Hoxha', 'arta@tirana.example', undefined, true), { kind: 'organiser' }],
    ['by e-mail, whatever the name', person('A. H.', 'arta@tirana.example'), { kind: 'matched', learner: LEARNERS[0]!, by: 'email' }],
    ['by a unique name without e-mail', person(' arta  hoxha', null), { kind: 'matched', learner: LEARNERS[0]!, by: 'name' }],
    ['by a unique name with an unknown e-mail', person('Arta Hoxha', 'arta@mail.example'), { kind: 'matched', learner: LEARNERS[0]!, by: 'name' }],
    ['not by name when the e-mail is someone else’s', person('Arta Hoxha', 'admin@tirana.example'),
      { kind: 'unmatched', reason: 'the e-mail admin@tirana.example is not that of a learner enrolled in this programme' }],
    ['not by a name without its accent', person('Dritan Cela', null), { kind: 'unmatched', reason: 'no e-mail in the report and no enrolled learner is named "Dritan Cela"' }],
    ['not by an ambiguous name', person('Ilir Gashi', null),
      { kind: 'unmatched', reason: 'no e-mail in the report and 2 enrolled learners are named "Ilir Gashi"; assign by hand' }],
    ['not a learner of another module', person('Besa Dervishi', null),
      { kind: 'unmatched', reason: 'the name is that of a learner of this programme who is not enrolled in DHR-PRIVACY' }],
  ])('%s', (_case, participant, expected) => {
    expect(matchParticipant(participant, LEARNERS, KNOWN, 'DHR-PRIVACY')).toEqual(expected);
  });

  it('combines several entries of one person from their merged intervals', () => {
    const phone = person('Arta (phone)', null, [['09:10', '09:40']]);
    const laptop = person('Arta Hoxha', 'arta@tirana.example', [['09:00', '09:30'], ['09:50', '10:00']]);
    expect(combine([laptop, phone])).toEqual({
      minutes: 50, firstJoin: at('09:00'), lastLeave: at('10:00'),
      intervals: [{ join: at('09:00'), leave: at('09:40') }, { join: at('09:50'), leave: at('10:00') }],
    });
  });

  it('counts lateness in whole minutes after the start, never negative', () => {
    expect(joinedLateBy(at('09:00'), new Date('2023-01-24T09:10:59Z'))).toBe(10);
    expect(joinedLateBy(at('09:00'), new Date('2023-01-24T08:55:00Z'))).toBe(0);
    expect(joinedLateBy(at('09:00'), null)).toBeNull();
  });
});
