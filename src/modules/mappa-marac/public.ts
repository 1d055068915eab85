/** What this module offers other modules (they never import its repository). */
export { currentMappa, listMappaReviewsDue, type MappaReviewRow } from './repository.js';
export { mappaReviewState } from './rules.js';
