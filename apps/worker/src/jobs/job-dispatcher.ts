import { Inject, Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { dispatchJob, type JobHandler, type JobHandlerMap, jobHandlerMap, type QueueName } from '@academy/queue';
import { CloseProgrammeHandler } from '../certificates/close-programme.handler.js';
import { EvaluateLearnerHandler } from '../certificates/evaluate-learner.handler.js';
import { SendInvitationsHandler } from '../mail/send-invitations.handler.js';
import { SendPasswordResetHandler } from '../mail/send-password-reset.handler.js';
import { RefreshStatisticsHandler } from '../statistics/refresh-statistics.handler.js';

/** The worker's handlers, one per job name (checked when the worker starts). */
export const JOB_HANDLER_CLASSES = [
  CloseProgrammeHandler, EvaluateLearnerHandler, SendInvitationsHandler, SendPasswordResetHandler, RefreshStatisticsHandler,
];

export const JOB_HANDLERS = Symbol('JOB_HANDLERS');

/**
 * Routes each job to the handler of its name. Built when the worker starts: a job name
 * without a handler, or with two, stops the worker before it takes any job.
 */
@Injectable()
export class JobDispatcher {
  private readonly handlers: JobHandlerMap;

  constructor(@Inject(JOB_HANDLERS) handlers: JobHandler[]) {
    this.handlers = jobHandlerMap(handlers);
  }

  dispatch(queue: QueueName, job: Job): Promise<unknown> {
    return dispatchJob(this.handlers, queue, job);
  }
}
