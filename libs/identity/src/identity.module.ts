import { Module } from '@nestjs/common';
import { AuditModule } from '@academy/audit';
import { QueueModule } from '@academy/queue';
import { UsersService } from './users.service.js';

/** People of a city: accounts, logins, invitations. */
@Module({
  imports: [AuditModule, QueueModule],
  providers: [UsersService],
  exports: [UsersService],
})
export class IdentityModule {}
