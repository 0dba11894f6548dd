import type { Role } from '@academy/common';

/**
 * Who may see the queue dashboard (/admin/queues): the people who run the platform.
 * Until a platform role exists, a city's administrator; once it does, replace the list
 * with ['platform'] — the dashboard shows the jobs of every city.
 */
export const OPERATOR_ROLES: readonly Role[] = ['admin'];
