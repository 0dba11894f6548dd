import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { notFound } from '../common/domain-error.js';
import { Programme } from './programme.entity.js';

/**
 * Loads a programme the caller's city owns. Another city's programme is reported as not
 * found, exactly like a missing one, so ids leak nothing across cities.
 */
export async function programmeOfCity(m: EntityManager, actor: Actor, id: string): Promise<Programme> {
  const programme = await m.findOne(Programme, { where: { id, cityId: actor.cityId } });
  if (!programme) throw notFound('programme', id);
  return programme;
}
