/** What this module offers other modules (they never import its repository). */
export { currentPlan } from './plan.js';
/** Reliable and clinically significant change (Jacobson & Truax 1991), for the evaluation. */
export { classifyChange, CHANGE_LABELS, type ChangeCategory, type Norms } from './reliable-change.js';
export { normsSchema } from './definitions.js';
