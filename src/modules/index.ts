import type { FastifyPluginAsync } from 'fastify';

/** Every capability registers its pages and API routes here, in one list. */
export const modules: FastifyPluginAsync[] = [];
