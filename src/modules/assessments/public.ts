/** What this module offers other modules (they never import its repository). */
export { completedAssessments } from './repository.js';
export { riskFactsAtSite, type RiskFacts } from './meeting-facts.js';
