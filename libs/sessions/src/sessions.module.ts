import { Module } from '@nestjs/common';
import { AuditModule } from '@academy/audit';
import { ProgrammesModule } from '@academy/programmes';
import { SessionsService } from './sessions.service.js';

/** Sessions of a programme's modules and their trainers. */
@Module({
  imports: [AuditModule, ProgrammesModule],
  providers: [SessionsService],
  exports: [SessionsService],
})
export class SessionsModule {}
