export * from './types.js';
export * from './registry.js';
export { tirana2023 } from './tirana-2023.rule-set.js';
