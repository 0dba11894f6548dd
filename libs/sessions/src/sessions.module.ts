import { Module } from '@nestjs/common';
import { AuditModule } from '@academy/audit';
import { ProgrammesModule } from '@academy/programmes';
import { MySessionsService } from './my-sessions.service.js';
import { SessionsService } from './sessions.service.js';

/** Sessions of a programme's modules and their trainers. */
@Module({
  imports: [AuditModule, ProgrammesModule],
  providers: [SessionsService, MySessionsService],
  exports: [SessionsService, MySessionsService],
})
export class SessionsModule {}
