/** @meshwork/server: Meshwork's HTTP API (Fastify), composed from the catalog and the model. */
export { createServer, type ServerOptions } from './create-server.js';
export { type ErrorBody, errorHandler } from './errors.js';
export { Monitors, recordTestResult, type Schedule, scheduleOf } from './monitors.js';
