import type { Job } from 'bullmq';
import { type JobHandler, JobHandlerError, JobName, QueueName } from '@academy/queue';
import { JOB_HANDLER_CLASSES, JobDispatcher } from './job-dispatcher.js';

/** The worker's real handlers, built without their services (construction only stores them). */
const workerHandlers = (): JobHandler[] => JOB_HANDLER_CLASSES.map((Handler) => new Handler(undefined as never));

const job = (name: string, data: unknown = {}) => ({ name, data }) as Job;

describe("the worker's job handlers", () => {
  it('cover every job name exactly once', () => {
    const names = workerHandlers().map((h) => h.job).sort();
    expect(names).toEqual(Object.values(JobName).sort());
    expect(() => new JobDispatcher(workerHandlers())).not.toThrow();
  });

  it('stop the worker at start-up when a job name has no handler', () => {
    const withoutMail = workerHandlers().filter((h) => h.job !== JobName.SendInvitations);
    expect(() => new JobDispatcher(withoutMail)).toThrow(JobHandlerError);
    expect(() => new JobDispatcher(withoutMail)).toThrow('job "send-invitations" has no handler');
  });

  it('stop the worker at start-up when a job name has two handlers', () => {
    const handlers = workerHandlers();
    const doubled = [...handlers, handlers.find((h) => h.job === JobName.EvaluateLearner)!];
    expect(() => new JobDispatcher(doubled)).toThrow('job "evaluate-learner" has 2 handlers (EvaluateLearnerHandler, EvaluateLearnerHandler)');
  });

  it('route a job to the handler of its name, on its own queue only', async () => {
    const seen: string[] = [];
    const fake = (name: JobName): JobHandler => ({ job: name, handle: async (data) => seen.push(`${name}:${JSON.stringify(data)}`) });
    const dispatcher = new JobDispatcher(Object.values(JobName).map(fake));
    await dispatcher.dispatch(QueueName.Mail, job(JobName.SendInvitations, { userIds: ['u'], batch: 'u' }));
    expect(seen).toEqual(['send-invitations:{"userIds":["u"],"batch":"u"}']);
    expect(() => dispatcher.dispatch(QueueName.Mail, job(JobName.EvaluateLearner))).toThrow('unknown job "evaluate-learner" on queue mail');
    expect(() => dispatcher.dispatch(QueueName.Certificates, job('reticulate-splines'))).toThrow('unknown job "reticulate-splines"');
  });
});
