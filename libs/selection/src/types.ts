export interface Applicant {
  id: string;
  /**
   * Declared attributes, e.g. `{ gender: 'female', deis: true }`. Demographic
   * data is optional: a null or missing attribute never counts towards a
   * criterion.
   */
  attributes: Record<string, string | boolean | null>;
  appliedAt: Date;
}

/** "At least `minShare` of the places go to applicants whose `attribute` equals `value`." */
export interface Criterion {
  attribute: string;
  /** Compared with ===: the boolean true and the string 'true' are different values. */
  value: string | boolean;
  /** From 0 to 1, e.g. 0.5. */
  minShare: number;
  label: string;
}

export interface CriterionReport {
  label: string;
  attribute: string;
  value: string | boolean;
  minShare: number;
  /** Places needed to reach the minimum: ceil(minShare × places that can be filled). */
  target: number;
  /** achievedCount / number selected (0 when nobody is selected). */
  achievedShare: number;
  achievedCount: number;
  met: boolean;
}

export interface SelectionResult {
  /** Selected ids, in the order they were picked. */
  selected: string[];
  /** Not (yet) selected ids, best-ranked first. */
  waitingList: string[];
  seed: string;
  report: {
    places: number;
    applicants: number;
    criteria: CriterionReport[];
  };
  /**
   * For every id in `selected` and `waitingList`: indices into
   * `report.criteria` of the criteria the applicant counts towards. This is
   * all that promotion needs, so the result carries no raw demographic data.
   */
  matches: Record<string, number[]>;
  /** Ids withdrawn so far through {@link promoteFromWaitingList}, in order. */
  withdrawn: string[];
}
