/** What this module offers other modules (they never import its repository). */
export { lastVictimUpdate } from './repository.js';
