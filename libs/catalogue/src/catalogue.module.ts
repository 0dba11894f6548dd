import { Module } from '@nestjs/common';
import { AuditModule } from '@academy/audit';
import { CatalogueEditorService } from './catalogue-editor.service.js';
import { CatalogueService } from './catalogue.service.js';

/** The module catalogue and its materials: the coalition's shared modules and each city's own. */
@Module({
  imports: [AuditModule],
  providers: [CatalogueService, CatalogueEditorService],
  exports: [CatalogueService, CatalogueEditorService],
})
export class CatalogueModule {}
