/** What this module offers other modules (they never import its repository). */
// the reader-filtered meeting pack, for the PDF of the pack and minutes (src/platform/pdf, later)
export { meetingPackFor, type MeetingPack } from './service.js';
