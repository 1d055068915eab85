/** What this module offers other modules (they never import its repository). */
export { firstNewStalkingOrHarassment, offendingSummary, type OffendingSummary } from './repository.js';
export { dateAt } from './timeline.js';
