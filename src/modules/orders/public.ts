/** What this module offers other modules (they never import its repository). */
export { listOrderAlerts, type OrderAlertRow } from './alerts.js';
export { ORDER_KIND_SHORT } from './rules.js';
export { ordersOverview } from './service.js';
