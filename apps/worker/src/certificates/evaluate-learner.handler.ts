import { Injectable } from '@nestjs/common';
import { CertificateIssuer } from '@academy/certificates';
import { type JobHandler, JobName, type JobPayloads } from '@academy/queue';

/** One learner: the rule set's decision, recorded, and whatever it issues. */
@Injectable()
export class EvaluateLearnerHandler implements JobHandler<JobName.EvaluateLearner> {
  readonly job = JobName.EvaluateLearner;

  constructor(private readonly issuer: CertificateIssuer) {}

  async handle(data: JobPayloads[JobName.EvaluateLearner]): Promise<unknown> {
    const result = await this.issuer.evaluate(data.programmeId, data.userId);
    return result.outcome === 'decided'
      ? { awards: result.decision.awards, issued: result.issued.map((c) => c.code) }
      : result;
  }
}
