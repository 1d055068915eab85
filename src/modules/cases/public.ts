/** What this module offers other modules (they never import its repository). */
export { listVictims, addTeamMember, insertStatusEvent } from './repository.js';
export { changeStatus } from './service.js';
