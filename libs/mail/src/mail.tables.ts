/**
 * Tables of this room: `mail_messages` (one row per message sent, by its Message-ID,
 * claimed in the transaction that sends it, so a mail job run twice sends nothing twice).
 * Their SQL is in migrations/.
 */
export const MAIL_TABLES = ['mail_messages'] as const;
