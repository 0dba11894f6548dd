import { Module } from '@nestjs/common';
import { CatalogueService } from './catalogue.service.js';

/** The module catalogue and its materials, shared by every city. */
@Module({
  providers: [CatalogueService],
  exports: [CatalogueService],
})
export class CatalogueModule {}
