/** What this module offers other modules (they never import its repository). */
export { insertPerson, searchPeople, type PossibleMatch } from './repository.js';
