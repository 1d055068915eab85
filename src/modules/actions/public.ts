/** What this module offers other modules (they never import its repository). */
export { actionsFromPlan, checkAction, insertCheckedAction, type NewAction } from './service.js';
export {
  listForItems as actionsForItems,
  possibleOwners,
  siteAgencies,
  type ActionRow,
} from './repository.js';
export { ACTION_STATUS_LABELS } from './rules.js';
export { withdrawItemActions } from './withdrawals.js';
export { actionApi, actionInput, toApi as actionToApi } from './schemas.js';
