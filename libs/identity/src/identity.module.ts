import { Module } from '@nestjs/common';
import { AuditModule } from '@academy/audit';
import { QueueModule } from '@academy/queue';
import { RedisModule } from '@academy/redis';
import { AccountStateService } from './account-state.service.js';
import { AccountsService } from './accounts.service.js';
import { CitiesService } from './cities.service.js';
import { PasswordChangesService } from './password-changes.service.js';
import { UsersService } from './users.service.js';

/**
 * Cities and their people: onboarding, accounts, logins, invitations, password changes, and the
 * per-request account check.
 */
@Module({
  imports: [AuditModule, QueueModule, RedisModule],
  providers: [UsersService, CitiesService, AccountsService, AccountStateService, PasswordChangesService],
  exports: [UsersService, CitiesService, AccountsService, AccountStateService, PasswordChangesService],
})
export class IdentityModule {}
