/** What this module offers other modules (they never import its repository). */
export {
  insertPerson,
  notifyUnseenMatches,
  searchPeople,
  unseenIdentifierMatch,
  type PossibleMatch,
} from './repository.js';
