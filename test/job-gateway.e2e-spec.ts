import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { JobGateway, JobName, QueueName, type SendInvitationsJob } from '@academy/queue';
import { TestAcademy } from './support/academy.js';

/** A job asked for inside a transaction reaches the queue only once that transaction commits. */
describe('the job gateway', () => {
  let academy: TestAcademy;
  let jobs: JobGateway;
  let mail: Queue;
  const invitation = (batch: string): SendInvitationsJob => ({ name: JobName.SendInvitations, data: { userIds: [randomUUID()], batch } });

  beforeAll(async () => {
    academy = await TestAcademy.start('job-gateway');
    jobs = academy.api.get(JobGateway);
    mail = academy.api.get(getQueueToken(QueueName.Mail));
  });
  // The test run's redis-server, and this file's queue prefix with it, go when the run ends.
  afterAll(() => academy.stop());

  it('sends a job with its deterministic id once the transaction commits, not before', async () => {
    const batch = randomUUID();
    await academy.db.transaction(async (m) => {
      await jobs.enqueue(invitation(batch), { manager: m });
      expect(await mail.getJob(`invite_${batch}`)).toBeUndefined();
    });
    const job = await mail.getJob(`invite_${batch}`);
    expect(job?.name).toBe(JobName.SendInvitations);
    expect(job?.opts.attempts).toBe(5);
  });

  it('drops the job when the transaction rolls back', async () => {
    const batch = randomUUID();
    await expect(
      academy.db.transaction(async (m) => {
        await jobs.enqueue(invitation(batch), { manager: m });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await mail.getJob(`invite_${batch}`)).toBeUndefined();
  });

  it('sends at once without a transaction', async () => {
    const batch = randomUUID();
    await jobs.enqueue(invitation(batch));
    expect(await mail.getJob(`invite_${batch}`)).toBeDefined();
  });
});
