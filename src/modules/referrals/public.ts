/** What this module offers other modules (they never import its repository). */
export { visiblePerson } from './repository.js';
