export const ROLES = ['learner', 'trainer', 'admin', 'platform'] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated caller, as every service sees it. */
export interface Actor {
  id: string;
  cityId: string;
  role: Role;
}
