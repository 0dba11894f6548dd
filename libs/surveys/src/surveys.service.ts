import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Actor, conflict } from '@academy/common';
import {
  aggregateNeeds, AREAS, CONCERNS, FORMATS, KNOWLEDGE_LEVELS, NECESSITY_SCALE, NEEDS_ASSESSMENT, type NeedsAnswers,
  type NeedsResults,
} from './needs-assessment.js';

/** The needs assessment: answered once per person; results per city, small groups suppressed. */
@Injectable()
export class SurveysService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  instrument() {
    return {
      survey: NEEDS_ASSESSMENT,
      knowledgeLevels: KNOWLEDGE_LEVELS,
      necessityScale: NECESSITY_SCALE.map((label, i) => ({ value: i + 1, label })),
      areas: AREAS.map(({ key, label }) => ({ key, label })),
      concerns: CONCERNS,
      formats: FORMATS,
    };
  }

  async answer(actor: Actor, answers: NeedsAnswers): Promise<{ survey: string; submittedAt: string }> {
    const rows = await this.ds.query(
      `INSERT INTO survey_responses (survey, user_id, city_id, answers) VALUES ($1, $2, $3, $4)
       ON CONFLICT (survey, user_id) DO NOTHING RETURNING submitted_at`,
      [NEEDS_ASSESSMENT, actor.id, actor.cityId, JSON.stringify(answers)],
    );
    if (!rows.length) throw conflict('you have already answered the needs assessment');
    return { survey: NEEDS_ASSESSMENT, submittedAt: rows[0].submitted_at.toISOString() };
  }

  /** When the caller answered the needs assessment, or null if they have not. */
  async answeredAt(actor: Actor): Promise<string | null> {
    const [row] = await this.ds.query(`SELECT submitted_at FROM survey_responses WHERE survey = $1 AND user_id = $2`, [
      NEEDS_ASSESSMENT,
      actor.id,
    ]);
    return row ? row.submitted_at.toISOString() : null;
  }

  async results(actor: Actor): Promise<NeedsResults> {
    const rows: { answers: NeedsAnswers }[] = await this.ds.query(
      `SELECT answers FROM survey_responses WHERE survey = $1 AND city_id = $2`,
      [NEEDS_ASSESSMENT, actor.cityId],
    );
    return aggregateNeeds(rows.map((r) => r.answers));
  }
}
