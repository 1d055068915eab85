import pino, { type Logger } from 'pino';

// Personal data never goes to logs: bodies are not logged, query strings are cut from URLs and
// credentials are redacted wherever they appear.
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'headers.cookie', 'headers.authorization'],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { method?: string; url?: string; id?: string }) => ({
        method: req.method,
        path: req.url?.split('?')[0],
        id: req.id,
      }),
    },
  });
}

export type { Logger };
