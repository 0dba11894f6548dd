import { Module } from '@nestjs/common';
import { AuditModule } from '@academy/audit';
import { QueueModule } from '@academy/queue';
import { CitiesService } from './cities.service.js';
import { UsersService } from './users.service.js';

/** Cities and their people: onboarding, accounts, logins, invitations. */
@Module({
  imports: [AuditModule, QueueModule],
  providers: [UsersService, CitiesService],
  exports: [UsersService, CitiesService],
})
export class IdentityModule {}
