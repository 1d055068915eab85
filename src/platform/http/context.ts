import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Session, SessionUser } from '../auth/sessions.js';
import type { AuditCredential, RequestTx, Tx } from '../db/request-tx.js';
import type { AuditKeys } from '../audit/mac.js';
import type { Keyring } from '../crypto/keyring.js';

/** `keyring` defaults to RECOLO_MASTER_KEYS, or the local key file under the data directory. */
export type AppDeps = { config: Config; db: Database; keyring?: Keyring; auditKeys?: AuditKeys };

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
    keyring: Keyring;
    /** RECOLO_AUDIT_KEYS, or the local audit key file under the data directory */
    auditKeys: AuditKeys;
  }
  interface FastifyRequest {
    user: SessionUser | null;
    session: Session | null;
    /** 'session' for a signed-in browser, 'token' for an API client */
    authVia: 'session' | 'token' | null;
    /** the session or API token authentication found, and whose it is (for the audit MAC) */
    credential: AuditCredential | null;
    cspNonce: string;
    /** the CSRF token forms on this page must carry */
    csrfToken: string;
    /** a multipart body this request may send was admitted by its headers (auth and CSRF) */
    uploadAdmitted: boolean;
    /**
     * one transaction as this user, under row-level security: the first call of a GET request
     * runs in the transaction its session was found in (one transaction a page view)
     */
    inTx<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
    /** whether a unit of work of this post claimed its form's one-time token (one-time-form.ts) */
    formTokenClaimed: boolean;
    /** the transaction authentication opened for a GET request, until a unit of work claims it */
    requestTx: RequestTx | null;
  }
  interface FastifyReply {
    page(template: string, context?: Record<string, unknown>): FastifyReply;
  }
}
