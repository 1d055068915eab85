/** What this module offers other modules (they never import its repository). */
export { latestSharedVoice, voiceCurrency, voiceFreshDays } from './repository.js';
