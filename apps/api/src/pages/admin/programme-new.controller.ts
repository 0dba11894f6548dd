import { Body, Get, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CatalogueService } from '@academy/catalogue';
import type { Actor } from '@academy/common';
import { DELIVERY_MODES, ProgrammesService } from '@academy/programmes';
import { RuleSetsService } from '@academy/rule-sets';
import { CurrentActor, Roles } from '../../auth/auth.decorators.js';
import { checkAs } from '../../common/validation.js';
import { CreateProgrammeDto } from '../../programmes/programmes.dto.js';
import { many, text } from '../form-fields.js';
import { Page, PageController, redirectTo } from '../page.decorators.js';
import { PageContextService } from '../page-context.service.js';
import { type FormError, formErrors, refusedForm } from './form-errors.js';

/** The API's fields of a new programme → the form's fields (and so the catalogue keys of their errors). */
const FIELDS: Record<string, string> = {
  code: 'code', title: 'title', ruleSet: 'ruleSet', timezone: 'timezone', moduleCodes: 'modules',
  periodStart: 'periodStart', periodEnd: 'periodEnd', languages: 'languages', deliveryMode: 'deliveryMode', titles: 'titles',
};
type Form = Record<string, unknown>;
const titleIn = (m: { title: string; titles?: Record<string, string> }, language: string) => m.titles?.[language] || m.title;

/**
 * A new programme from a form: code and title, one of the city's rule sets, the modules from
 * the catalogue, its time zone (the city's by default), languages and delivery. Checked by
 * the same CreateProgrammeDto and created by the same ProgrammesService.create as POST /api/programmes.
 */
@PageController()
@Roles('admin')
export class ProgrammeNewPages {
  constructor(
    private readonly programmes: ProgrammesService,
    private readonly ruleSets: RuleSetsService,
    private readonly catalogue: CatalogueService,
    private readonly pages: PageContextService,
  ) {}

  private async model(actor: Actor, req: Request, values: Form, errors: FormError[] = []) {
    const { language, timeZone } = await this.pages.viewer(req);
    const [ruleSets, modules] = await Promise.all([this.ruleSets.list(actor), this.catalogue.modules(actor, language)]);
    const chosen = many(values.moduleCodes);
    const languages = many(values.languages);
    const titles = (values.titles ?? {}) as Record<string, string>;
    return {
      values: { timezone: timeZone, ...values },
      errors,
      details: errors.filter((e) => e.detail).map((e) => e.detail),
      ruleSets: ruleSets.map((r) => ({ id: r.id, title: r.title, selected: r.id === values.ruleSet })),
      modules: modules.map((m) => ({ code: m.code, title: titleIn(m, language), checked: chosen.includes(m.code) })),
      languages: this.pages.messages.languages.map((l) => ({ code: l.code, name: l.name, checked: languages.includes(l.code) })),
      titleVersions: this.pages.messages.languages.map((l) => ({ code: l.code, name: l.name, value: titles[l.code] ?? '' })),
      deliveryModes: DELIVERY_MODES.map((d) => ({ value: d, key: `adminForms.delivery.${d}`, selected: d === (values.deliveryMode ?? 'online') })),
    };
  }

  /** The title's language versions from the form (`titles[sq]`, …): one text per language of the catalogues. */
  private titlesOf(field: unknown): Record<string, string> {
    const posted = typeof field === 'object' && field !== null ? (field as Record<string, unknown>) : {};
    return Object.fromEntries(this.pages.messages.codes.map((code) => [code, text(posted[code], 200)]));
  }

  @Get('admin/programmes/new')
  @Page({ template: 'admin/programme-new', title: 'adminForms.newProgramme.title' })
  async form(@CurrentActor() actor: Actor, @Req() req: Request) {
    return this.model(actor, req, { languages: this.pages.messages.codes });
  }

  @Post('admin/programmes/new')
  @Page({ template: 'admin/programme-new', title: 'adminForms.newProgramme.title' })
  async create(@CurrentActor() actor: Actor, @Body() body: Form, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const values: Form = {
      code: text(body.code, 40), title: text(body.title, 200), ruleSet: text(body.ruleSet, 100), timezone: text(body.timezone, 64),
      moduleCodes: many(body.moduleCodes), languages: many(body.languages), deliveryMode: text(body.deliveryMode, 20),
      periodStart: text(body.periodStart, 10), periodEnd: text(body.periodEnd, 10),
      titles: this.titlesOf(body.titles),
    };
    // Empty fields of the form are fields not given to the API (its defaults apply, or it names what is required).
    const { titles, ...fields } = values;
    const plain = Object.fromEntries(Object.entries(fields).filter(([k, v]) => v !== '' && !(k === 'languages' && !(v as string[]).length)));
    const given = Object.entries(titles as Record<string, string>).filter(([, t]) => t !== '');
    if (given.length) plain.titles = Object.fromEntries(given);
    plain.moduleCodes ??= [];
    const checked = await checkAs(CreateProgrammeDto, plain);
    if (checked.errors) {
      res.status(400);
      return this.model(actor, req, values, formErrors(checked.errors, FIELDS, 'code'));
    }
    try {
      const p = await this.programmes.create(actor, checked.value);
      return redirectTo(`/admin/programmes/${p.id}?created=1`);
    } catch (e) {
      const { errors, status } = refusedForm(e, FIELDS, 'code');
      res.status(status);
      return this.model(actor, req, values, errors);
    }
  }
}
