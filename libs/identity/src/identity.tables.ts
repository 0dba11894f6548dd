/**
 * Tables of this room (their SQL is in migrations/): `cities` (the
 * tenants, with the issuer printed on certificates), `departments` of a city, and `users`
 * (one login per e-mail; passwords argon2id, invitation tokens stored hashed).
 */
export const IDENTITY_TABLES = ['cities', 'departments', 'users'] as const;
