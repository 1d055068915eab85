/** What this module offers other modules (they never import its repository). */
export { listVictims, addTeamMember, insertStatusEvent, updateInvestigationStatus } from './repository.js';
export { INVESTIGATION_STATUSES, type InvestigationStatus } from './rules.js';
export { changeStatus } from './service.js';
export { openCasesAtSite, caseSummary, caseByReference, type OpenCaseAtSite } from './meeting-facts.js';
