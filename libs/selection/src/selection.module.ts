import { Module } from '@nestjs/common';
import { AuditModule } from '@academy/audit';
import { ProgrammesModule } from '@academy/programmes';
import { MyPlacesService } from './my-places.service.js';
import { SelectionService } from './selection.service.js';

/** Applications and the seeded selection of an oversubscribed session, beside the pure algorithm of this lib. */
@Module({
  imports: [AuditModule, ProgrammesModule],
  providers: [SelectionService, MyPlacesService],
  exports: [SelectionService, MyPlacesService],
})
export class SelectionModule {}
