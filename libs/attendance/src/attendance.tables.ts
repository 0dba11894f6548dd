/**
 * Tables of this room: `attendance` (one record per learner and session, with its source:
 * manual, csv, checkin, zoom, teams), `attendance_imports` (each uploaded CSV and what it
 * did), `vc_imports` (each Zoom or Teams report, with one outcome per participant) and
 * `vc_review_items` (the people of a report still to be matched by hand). Their SQL is in
 * migrations/.
 */
export const ATTENDANCE_TABLES = ['attendance', 'attendance_imports', 'vc_imports', 'vc_review_items'] as const;
