/**
 * The coalition's own row of `cities`: the home of the academy team's accounts (role
 * `platform`). It is never listed as a city, owns no programme and no learner, and its id is
 * where edits of the shared catalogue are audited.
 */
export const COALITION = {
  code: 'COALITION',
  name: 'Cities Coalition for Digital Rights',
  issuer: 'Cities Coalition for Digital Rights',
  issuers: { en: 'Cities Coalition for Digital Rights' },
};
