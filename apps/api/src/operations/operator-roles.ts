import type { Role } from '@academy/common';

/**
 * Who may see the queue dashboard (/admin/queues): the people who run the platform, the
 * coalition's academy team. The dashboard shows the jobs of every city, so no city's
 * administrator may see it.
 */
export const OPERATOR_ROLES: readonly Role[] = ['platform'];
