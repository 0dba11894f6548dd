import { Module } from '@nestjs/common';
import { AuditModule } from '@academy/audit';
import { ProgrammesModule } from '@academy/programmes';
import { RedisModule } from '@academy/redis';
import { CheckinService } from './checkin.service.js';

/** In-person check-in with rotating codes, beside the pure code arithmetic of this lib. */
@Module({
  imports: [AuditModule, ProgrammesModule, RedisModule],
  providers: [CheckinService],
  exports: [CheckinService],
})
export class CheckinModule {}
