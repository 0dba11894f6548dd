import { Injectable } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { AttendanceCsvFormatError, decodeAttendanceFile } from '@academy/attendance-csv';
import { type Actor, DomainError, invalid } from '@academy/common';
import { UsersService } from '@academy/identity';
import { checkAs } from '../common/validation.js';
import { CreateUserDto } from './users.controller.js';

/** The columns of a people file; `email` and `name` are required, `role` defaults to learner. */
export const USER_IMPORT_COLUMNS = ['email', 'name', 'role', 'department', 'language'] as const;
const MAX_ROWS = 5000;

export interface UserImportResult {
  /** Data lines read. */
  rows: number;
  /** People created; `invited` of them were mailed an invitation (all, as a file carries no passwords). */
  created: number;
  invited: number;
  /** Lines not imported, with the reason naming the column; the other lines are imported. */
  errors: { line: number; message: string }[];
}

/**
 * Many people of the city from one CSV file: each line is created exactly as POST /api/users
 * creates one (the same checks of CreateUserDto, the same UsersService.create with its
 * invitation mail). A bad or already registered line is reported with its line number and
 * does not stop the others.
 */
@Injectable()
export class UserImportService {
  constructor(private readonly users: UsersService) {}

  async import(actor: Actor, file: Buffer): Promise<UserImportResult> {
    let utf8: Buffer;
    try {
      ({ utf8 } = decodeAttendanceFile(file));
    } catch (e) {
      if (e instanceof AttendanceCsvFormatError) throw invalid(`file: ${e.message}`);
      throw e;
    }
    let records: { record: Record<string, string>; info: { lines: number } }[];
    try {
      records = parse(utf8, {
        bom: true, columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), delimiter: [',', ';', '\t'],
        skip_empty_lines: true, trim: true, info: true, relax_column_count: true,
      });
    } catch (e) {
      throw invalid(`file: not a CSV file (${(e as Error).message})`);
    }
    if (!records.length) throw invalid(`file: no people in it; the first line names the columns (${USER_IMPORT_COLUMNS.join(',')})`);
    const header = Object.keys(records[0]!.record);
    const missing = ['email', 'name'].filter((c) => !header.includes(c));
    if (missing.length) throw invalid(`file: the header line lacks the column ${missing.join(', ')} (columns: ${USER_IMPORT_COLUMNS.join(',')})`);
    if (records.length > MAX_ROWS) throw invalid(`file: at most ${MAX_ROWS} people in one file; split it`);
    const result: UserImportResult = { rows: records.length, created: 0, invited: 0, errors: [] };
    for (const { record, info } of records) {
      const line = info.lines;
      const plain: Record<string, unknown> = { email: record.email, name: record.name, role: record.role || 'learner' };
      for (const c of ['department', 'language'] as const) if (record[c]) plain[c] = record[c];
      const checked = await checkAs(CreateUserDto, plain);
      if (checked.errors) {
        result.errors.push({ line, message: checked.errors.map((e) => e.message).join('; ') });
        continue;
      }
      try {
        const user = await this.users.create(actor, checked.value);
        result.created++;
        if (user.invited) result.invited++;
      } catch (e) {
        if (!(e instanceof DomainError) || !['conflict', 'invalid'].includes(e.code)) throw e;
        result.errors.push({ line, message: e.code === 'conflict' ? `email: ${record.email} is already registered` : e.message });
      }
    }
    return result;
  }
}
