import { Get } from '@nestjs/common';
import { Roles } from '../../auth/auth.decorators.js';
import { Page, PageController } from '../page.decorators.js';

/** The trainers' pages (their sessions, the session screen) grow here. */
@PageController()
export class TrainerPages {
  @Get('trainer')
  @Roles('trainer')
  @Page({ template: 'trainer/home', title: 'trainer.title' })
  home() {
    return {};
  }
}
