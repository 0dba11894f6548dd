import { Get } from '@nestjs/common';
import { Roles } from '../../auth/auth.decorators.js';
import { Page, PageController } from '../page.decorators.js';

/** The administrators' pages (programmes, people, certificates) grow here. */
@PageController()
export class AdminPages {
  @Get('admin')
  @Roles('admin')
  @Page({ template: 'admin/home', title: 'admin.title' })
  home() {
    return {};
  }
}
