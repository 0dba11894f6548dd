import { Module } from '@nestjs/common';
import { TrainerRecordService } from './trainer-record.service.js';

/** A trainer's path: the train-the-trainer module, then sessions co-facilitated, then led. */
@Module({
  providers: [TrainerRecordService],
  exports: [TrainerRecordService],
})
export class TrainersModule {}
