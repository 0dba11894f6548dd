/**
 * The table of this room: `audit_events`, who changed what and when (attendance
 * corrections, imports, closes, issues, revocations…). Its SQL is in
 * migrations; rows are written only through the AuditService.
 */
export const AUDIT_TABLES = ['audit_events'] as const;
