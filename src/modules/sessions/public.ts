/** What this module offers other modules (they never import its repository). */
export { nextAppointment } from './service.js';
export { MODE_TEXT } from './rules.js';
