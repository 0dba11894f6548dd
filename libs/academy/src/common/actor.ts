import type { Role } from '../identity/user.entity.js';

/** The authenticated caller, as every service sees it. */
export interface Actor {
  id: string;
  cityId: string;
  role: Role;
}
