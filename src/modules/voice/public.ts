/** What this module offers other modules (they never import its repository). */
export { latestSharedVoice, voiceCurrency, voiceFreshDays } from './repository.js';
export { voiceFactsAtSite, siteVoiceFreshDays, voiceEntriesByIds, type VoiceFacts } from './meeting-facts.js';
export { isVoiceCurrent, voiceDecisionProblem, staleVictims, VOICE_REASON_REQUIRED } from './freshness.js';
