/**
 * A dependency beyond the database and the queue that `/health/ready` also checks (evidence storage). The
 * domain that owns it provides this token; the check rejects when the dependency cannot be used.
 */
export abstract class ReadinessCheck {
  /** Key in the readiness answer, e.g. `storage`. */
  abstract readonly name: string;
  /** Which implementation answers, reported alongside (e.g. `local`, `s3`). */
  abstract readonly kind: string;
  abstract check(): Promise<void>;
}
