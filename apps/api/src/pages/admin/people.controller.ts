import { Body, Get, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { isEmail } from 'class-validator';
import type { Request, Response } from 'express';
import { type Actor, DomainError } from '@academy/common';
import { AccountsService, CITY_ROLES, type CityRole, UsersService } from '@academy/identity';
import type { FieldError } from '@academy/web';
import { CurrentActor, Roles } from '../../auth/auth.decorators.js';
import { DOMAIN_ERROR_STATUS } from '../../common/http-exception.filter.js';
import { UuidParam } from '../../common/validation.js';
import { USER_IMPORT_COLUMNS, UserImportService } from '../../users/user-import.service.js';
import { text } from '../form-fields.js';
import { Page, PageController, redirectTo } from '../page.decorators.js';
import { FILE_REFUSALS, type KnownRefusal, lineWords, refusalWords } from '../refusal-words.js';

type Form = Record<string, unknown>;
const isRole = (v: string): v is CityRole => (CITY_ROLES as readonly string[]).includes(v);
const DONE = ['invited', 'role', 'deactivated', 'reactivated'];
/** The refusals of the accounts services the page says in the viewer's words (the last administrator, …). */
const ACCOUNT_REFUSALS: KnownRefusal[] = [
  { code: 'conflict', when: /without an active administrator/, key: 'refusals.people.lastAdmin' },
  { code: 'conflict', when: /is deactivated: reactivate them first$/, key: 'refusals.people.deactivated' },
  { code: 'conflict', when: /has already set a password/, key: 'refusals.people.passwordSet' },
  { code: 'forbidden', when: /which city administrators do not manage$/, key: 'refusals.people.notManaged' },
  { code: 'invalid', when: /^role: /, key: 'refusals.people.role' },
];
/** The refusals of a whole people file (UserImportService). */
const PEOPLE_FILE_REFUSALS: KnownRefusal[] = [
  ...FILE_REFUSALS,
  { code: 'invalid', when: /^file: not a CSV file/, key: 'refusals.peopleFile.notCsv' },
  { code: 'invalid', when: /^file: no people in it/, key: 'refusals.peopleFile.noPeople' },
  { code: 'invalid', when: /^file: the header line lacks the column ([^ ]+(?:, [^ ]+)*) \(/, names: ['column'], key: 'refusals.peopleFile.missingColumn' },
  { code: 'invalid', when: /^file: at most (\d+) people in one file/, names: ['max'], key: 'refusals.peopleFile.tooMany' },
];
const refusal = (e: unknown) => {
  if (e instanceof DomainError && e.code === 'not-found') throw e;
  return refusalWords(e, ACCOUNT_REFUSALS, 'refusals.people.other');
};

/**
 * The people of the administrator's city: invite one (the invitation mail goes out as from
 * POST /api/users), change a role, deactivate and reactivate — the services behind /api/users.
 */
@PageController()
@Roles('admin')
export class PeoplePages {
  constructor(
    private readonly users: UsersService,
    private readonly accounts: AccountsService,
    private readonly userImport: UserImportService,
  ) {}

  private async model(actor: Actor, extra: Record<string, unknown> = {}) {
    const page = await this.users.list(actor, { page: 1, perPage: 500 });
    return {
      roles: CITY_ROLES.map((r) => ({ value: r, key: `people.role.${r}` })),
      people: page.items.filter((u) => u.role !== 'platform').map((u) => ({
        ...u, self: u.id === actor.id, roleKey: `people.role.${u.role}`,
        stateKey: !u.active ? 'people.state.inactive' : u.invited ? 'people.state.invited' : 'people.state.active',
        roles: CITY_ROLES.map((r) => ({ value: r, key: `people.role.${r}`, selected: r === u.role })),
      })),
      more: page.total > page.items.length,
      values: { role: 'learner' },
      importColumns: USER_IMPORT_COLUMNS.join(','),
      ...extra,
    };
  }

  @Get('admin/people')
  @Page({ template: 'admin/people', title: 'people.title' })
  async list(@CurrentActor() actor: Actor, @Query('done') done?: string) {
    return this.model(actor, { doneKey: done && DONE.includes(done) ? `people.done.${done}` : undefined });
  }

  @Post('admin/people')
  @Page({ template: 'admin/people', title: 'people.title' })
  async invite(@CurrentActor() actor: Actor, @Body() body: Form, @Res({ passthrough: true }) res: Response) {
    const values = { email: text(body.email, 254), name: text(body.name, 200), role: text(body.role, 200), department: text(body.department, 200) };
    const errors: FieldError[] = [];
    if (!values.email) errors.push({ field: 'email', message: 'people.errors.emailMissing' });
    else if (!isEmail(values.email)) errors.push({ field: 'email', message: 'people.errors.emailInvalid' });
    if (!values.name) errors.push({ field: 'name', message: 'people.errors.nameMissing' });
    if (!isRole(values.role)) errors.push({ field: 'role', message: 'people.errors.role' });
    if (!errors.length) {
      try {
        await this.users.create(actor, { email: values.email, name: values.name, role: values.role as CityRole,
          ...(values.department ? { department: values.department } : {}) });
        return redirectTo('/admin/people?done=invited');
      } catch (e) {
        if (!(e instanceof DomainError) || e.code !== 'conflict') throw e;
        errors.push({ field: 'email', message: 'people.errors.taken' });
      }
    }
    res.status(errors.some((e) => e.message === 'people.errors.taken') ? 409 : 400);
    return this.model(actor, { errors, values });
  }

  /**
   * Many people from an uploaded CSV, through the same UserImportService as POST /api/users/import:
   * how many were created and invited, and each line left out with its number. Multipart: the
   * CSRF token travels in the action's query (see csrf.ts).
   */
  @Post('admin/people/import')
  @UseInterceptors(FileInterceptor('file'))
  @Page({ template: 'admin/people', title: 'people.title' })
  async import(@CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response, @UploadedFile() file?: { buffer: Buffer }) {
    if (!file?.buffer?.length) {
      res.status(400);
      return this.model(actor, { errors: [{ field: 'file', message: 'adminForms.errors.fileMissing' }] });
    }
    try {
      const imported = await this.userImport.import(actor, file.buffer);
      return this.model(actor, { imported: { ...imported, errors: imported.errors.map((x) => ({ line: x.line, words: lineWords(x.message) })) } });
    } catch (e) {
      if (!(e instanceof DomainError) || e.code !== 'invalid') throw e;
      res.status(DOMAIN_ERROR_STATUS[e.code]);
      return this.model(actor, { errors: [{ field: 'file', message: 'adminForms.errors.peopleFile' }],
        importRefusal: refusalWords(e, PEOPLE_FILE_REFUSALS, 'refusals.peopleFile.other') });
    }
  }

  @Post('admin/people/:id/role')
  @Page({ template: 'admin/people', title: 'people.title' })
  async role(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: Form, @Res({ passthrough: true }) res: Response) {
    const role = text(body.role, 200);
    if (!isRole(role)) {
      res.status(400);
      return this.model(actor, { refusal: { key: 'refusals.people.role' } });
    }
    try {
      await this.accounts.update(actor, id, { role });
    } catch (e) {
      res.status(409);
      return this.model(actor, { refusal: refusal(e) });
    }
    // Changing one's own role ends one's own session: sign in again.
    return redirectTo(id === actor.id ? '/sign-in' : '/admin/people?done=role');
  }

  @Post('admin/people/:id/deactivate')
  @Page({ template: 'admin/people', title: 'people.title' })
  async deactivate(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Res({ passthrough: true }) res: Response) {
    try {
      await this.accounts.deactivate(actor, id);
    } catch (e) {
      res.status(409);
      return this.model(actor, { refusal: refusal(e) });
    }
    return redirectTo(id === actor.id ? '/sign-in' : '/admin/people?done=deactivated');
  }

  @Post('admin/people/:id/reactivate')
  @Page({ template: 'admin/people', title: 'people.title' })
  async reactivate(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Req() _req: Request) {
    await this.accounts.reactivate(actor, id);
    return redirectTo('/admin/people?done=reactivated');
  }
}
