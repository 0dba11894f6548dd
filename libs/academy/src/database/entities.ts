import { AttendanceImportRecord } from '../attendance/attendance-import.entity.js';
import { Attendance } from '../attendance/attendance.entity.js';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { Material } from '../catalogue/material.entity.js';
import { CourseModule } from '../catalogue/module.entity.js';
import { Certificate } from '../certificates/certificate.entity.js';
import { DecisionRecord } from '../certificates/decision.entity.js';
import { City } from '../identity/city.entity.js';
import { Department } from '../identity/department.entity.js';
import { User } from '../identity/user.entity.js';
import { Enrolment } from '../programmes/enrolment.entity.js';
import { ProgrammeModule } from '../programmes/programme-module.entity.js';
import { Programme } from '../programmes/programme.entity.js';
import { SessionTrainer } from '../sessions/session-trainer.entity.js';
import { Session } from '../sessions/session.entity.js';

export const ENTITIES = [
  City,
  Department,
  User,
  CourseModule,
  Material,
  Programme,
  ProgrammeModule,
  Enrolment,
  Session,
  SessionTrainer,
  Attendance,
  AttendanceImportRecord,
  DecisionRecord,
  Certificate,
  AuditEvent,
];
