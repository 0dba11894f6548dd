import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A city is a tenant: its administrators see only its own people and programmes. */
@Entity({ name: 'cities' })
export class City {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') code: string;
  @Column('text') name: string;
  /** The issuing body printed on certificates, e.g. "Tirana Municipality". */
  @Column('text') issuer: string;
  @Column('text', { name: 'default_language' }) defaultLanguage: string;
  @Column('text') timezone: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
