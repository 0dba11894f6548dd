import type { LearnerAudience } from '@academy/catalogue';

/**
 * Whether a learner of `learner`'s audience may take a place in a module for `module`'s
 * audience (none: anyone). The one statement of the rule: applying checks it, and the list
 * of places a learner may apply for is filtered by it.
 */
export function audienceAllows(module: LearnerAudience | null, learner: string): boolean {
  return !module || module === learner;
}
