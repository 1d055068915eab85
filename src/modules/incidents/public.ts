/** What this module offers other modules (they never import its repository). */
export { caseVictims, insertIncident } from './repository.js';
export { ukLocalToDate } from './schemas.js';
