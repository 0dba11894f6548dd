import { Module } from '@nestjs/common';
import { SurveysService } from './surveys.service.js';

/** The needs assessment: the instrument, answers, results per city. */
@Module({
  providers: [SurveysService],
  exports: [SurveysService],
})
export class SurveysModule {}
