/** What this module offers other modules (they never import its repository). */
export { currentPlan } from './plan.js';
