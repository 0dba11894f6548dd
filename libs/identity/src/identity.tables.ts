/**
 * Tables of this room (their SQL is in migrations/): `cities` (the
 * tenants, with the issuer printed on certificates), `departments` of a city, and `users`
 * (one login per e-mail; passwords argon2id, invitation tokens stored hashed; a token version and
 * an active flag every request is checked against), `password_resets` (forgotten-password
 * requests, their tokens hashed, single-use, expiring).
 */
export const IDENTITY_TABLES = ['cities', 'departments', 'users', 'password_resets'] as const;
