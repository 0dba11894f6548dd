import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'programme_modules' })
export class ProgrammeModule {
  @PrimaryColumn('uuid', { name: 'programme_id' }) programmeId: string;
  @PrimaryColumn('uuid', { name: 'module_id' }) moduleId: string;
  @Column('int') position: number;
}
