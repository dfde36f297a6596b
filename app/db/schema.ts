import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

// Hand-kept mirror of migrations/; a column added there is added here.
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string, string>;

export interface ClientsTable {
  id: Generated<string>;
  name: string;
  created_at: CreatedAt;
  /** A deactivated client takes no new cases and its liaisons cannot sign in. */
  active: Generated<boolean>;
  deactivated_at: Timestamp | null;
}

export interface UsersTable {
  id: Generated<string>;
  role: "officer" | "liaison" | "complainant";
  email: string;
  name: string;
  password_hash: string | null;
  client_id: string | null;
  country: string | null;
  email_verified_at: Timestamp | null;
  created_at: CreatedAt;
  active: Generated<boolean>;
  deactivated_at: Timestamp | null;
  totp_secret: string | null;
  totp_enabled_at: Timestamp | null;
  totp_last_step: ColumnType<string | null, string | number | bigint | null, string | number | bigint | null>;
  last_sign_in_at: Timestamp | null;
  /** Wrong second-factor codes since the last correct one, over all sign-ins (ADR 061). */
  second_factor_failures: Generated<number>;
  /** Past FREE_WRONG_CODES: no code is checked before this moment. */
  second_factor_wait_until: Timestamp | null;
  /** Staff: one mail per deadline notice ('each') or one digest a day ('daily'). */
  notification_mode: ColumnType<"each" | "daily", "each" | "daily" | undefined, "each" | "daily">;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  /** The earlier of last_seen_at + idle timeout and absolute_expires_at. */
  expires_at: Timestamp;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
  absolute_expires_at: Timestamp;
  user_agent: string | null;
  ip_address: string | null;
}

export interface SignInTokensTable {
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  redirect_to: string | null;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: CreatedAt;
  /** The /signin request whose job issued this link (migration 036, ADR 065); null for other paths. */
  request_id: string | null;
}

export interface CasesTable {
  id: Generated<string>;
  reference: string;
  framework: string;
  stage: string;
  status: string;
  category: string;
  client_id: string | null;
  liaison_id: string | null;
  complainant_id: string;
  description: string;
  desired_outcome: string;
  country: string;
  earlier_contact: string | null;
  submission_key: string | null;
  stage_entered_at: Timestamp;
  stages_visited: string[];
  answer_rejected: Generated<boolean>;
  arbitration: Json<unknown>;
  closure: Json<unknown> | null;
  version: Generated<number>;
  /** The domain's nextRunningDeadline(state), written with every change of state (the queue's sort key). */
  next_due_at: Timestamp | null;
  /** The latest identity verification (docs/decisions/021-identity-verification.md). */
  identity_verification: Json<unknown> | null;
  opened_at: Timestamp;
  updated_at: Timestamp;
  /** The framework profile the case was opened under (ADR 012); null only before the legal-clocks migration ran on it. */
  profile: ColumnType<unknown, string | undefined, string> | null;
  /** A case opened by staff: how the complaint arrived, when, and the dispute body's own number. */
  received_via?: "web" | "email" | "postal" | "phone" | "referral" | null;
  received_at?: Timestamp | null;
  dispute_reference?: string | null;
  /** Who is working the case (an officer or a liaison of its client); migration 013-triage. */
  owner_id?: string | null;
  /** A legal hold ({reason, since, by}) stops anonymisation (migration 014, ADR 026). */
  legal_hold?: Json<unknown> | null;
  /** When the retention sweep anonymised the case; set once. */
  anonymised_at?: Timestamp | null;
  /** The complainant's language for this case (migration 021, ADR 033): mail to them goes in it. */
  language: ColumnType<"en" | "de" | "fr", "en" | "de" | "fr" | undefined, "en" | "de" | "fr">;
  /** The complainant's request to erase their account, filed from /my/export (migration 028, ADR 051). */
  erasure_request: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface CaseDeadlinesTable {
  id: Generated<string>;
  case_id: string;
  stage: string;
  kind: string;
  starts_at: Timestamp;
  due_at: Timestamp;
  met_at: Timestamp | null;
  paused_at: Timestamp | null;
  /** When the clock stopped unmet because the case ended (migration 031, ADR 053). */
  stopped_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  explanation: string;
  /** The domain's DeadlineComputation (ADR 011); null on deadlines counted before it was kept. */
  computation: ColumnType<unknown, string | null | undefined, string | null> | null;
}

export interface MessagesTable {
  id: Generated<string>;
  case_id: string;
  author_id: string | null;
  author_role: string;
  audience: "parties" | "staff" | "internal";
  channel: "web" | "email" | "postal" | "phone";
  body: string;
  /** The client a staff note was written for (null for other audiences); set at write time. */
  client_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  /** A logged letter or call: when it happened (created_at is when it was logged). */
  occurred_at?: Timestamp | null;
  /** A logged letter or call: "in" received by us, "out" sent or made by us. */
  direction?: "in" | "out" | null;
}

export interface CaseEventsTable {
  id: Generated<string>;
  case_id: string;
  type: string;
  actor_id: string | null;
  actor_role: string | null;
  payload: Json<Record<string, unknown>>;
  created_at: Timestamp;
  /** Position in the case's hash chain (1, 2, ...), set by the case_events_chain trigger. */
  seq: Generated<number>;
  /** SHA-256 (hex) over the event's content, seq and the previous event's hash; set by the trigger. */
  hash: Generated<string>;
}

export interface MailDeliveriesTable {
  id: Generated<string>;
  message_id: string;
  case_id: string | null;
  template: string;
  recipient: string;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  status: "queued" | "sent" | "failed";
  attempts: Generated<number>;
  last_error: string | null;
  smtp_response: string | null;
  queued_at: ColumnType<Date, Date | string | undefined, Date | string>;
  last_attempt_at: Timestamp | null;
  sending_since: Timestamp | null;
  next_attempt_at: Timestamp | null;
  sent_at: Timestamp | null;
  failed_at: Timestamp | null;
  updated_at: Generated<Date>;
  /** Threading, fixed at enqueue (migration 009): the previous mail of this case to this recipient. */
  in_reply_to: string | null;
  /** The first and the previous mail of this case to this recipient, space-separated. */
  references: string | null;
  /** The recipient's per-case reply address; null when inbound mail is off. */
  reply_to: string | null;
  /** Set when a delivery status notification (bounce) for this mail came back. */
  bounced_at: Timestamp | null;
  bounce_detail: string | null;
  /** The moment whose files this mail carries, kept when a resend moves queued_at (migration 012); null: queued_at. */
  files_at: Timestamp | null;
}

export interface MailReplyTokensTable {
  token: string;
  case_id: string;
  user_id: string;
  created_at: CreatedAt;
  /** The second address of a staff member (migration 012): mail to it is posted for all parties. */
  for_parties: Generated<boolean>;
}

export interface ClockSettingsTable {
  id: Generated<number>;
  zone: Generated<string>;
  cutoff: Generated<string>;
  holiday_state: string | null;
  certifications: string[] | null;
  updated_at: Generated<Date>;
}

export interface ClockClosuresTable {
  /** A civil day in the operator's zone; read it with to_char(day, 'YYYY-MM-DD') (pg turns a bare date into a Date at the server's midnight). */
  day: ColumnType<string | Date, string, string>;
  reason: string;
  added_by: string | null;
  created_at: CreatedAt;
}

export interface FrameworkProfilesTable {
  id: string;
  profile: ColumnType<unknown, string, string>;
  updated_at: Generated<Date>;
}

export interface ClockSettingChangesTable {
  id: Generated<string>;
  actor_id: string | null;
  subject: string;
  before: ColumnType<unknown, string | null, never> | null;
  after: ColumnType<unknown, string | null, never> | null;
  created_at: CreatedAt;
}

export interface AttachmentsTable {
  id: Generated<string>;
  case_id: string;
  /** null: the file came with the complaint form (seen by everyone on the case). */
  message_id: string | null;
  /** As the uploader's computer named it (shown to staff only, never used as a header). */
  file_name: string;
  /** What a download is called: see safeFileName in app/models/attachments.server.ts. */
  safe_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  content: Buffer;
  uploaded_by: string | null;
  created_at: CreatedAt;
}

export interface ThrottleCountersTable {
  key: string;
  hits: Generated<number>;
  window_started_at: Timestamp;
  blocked_until: Timestamp | null;
  updated_at: Timestamp;
}

export interface HeldFilingsTable {
  id: Generated<string>;
  reference: string;
  email: string;
  user_id: string | null;
  reason: "known_address" | "staff_address";
  submission_key: string | null;
  input: Json<Record<string, unknown>>;
  token_hash: string | null;
  mailed: Generated<boolean>;
  created_at: Timestamp;
  expires_at: Timestamp;
  confirmed_at: Timestamp | null;
  case_id: string | null;
  /** The officer discarded it (migration 020): when, who, why. */
  discarded_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  discarded_by: ColumnType<string | null, string | null | undefined, string | null>;
  discard_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface NoticesTable {
  id: Generated<string>;
  case_id: string;
  subject: string;
  kind: string;
  recipient_id: string;
  template: string;
  delivery: "mail" | "digest";
  line: string;
  mail_delivery_id: string | null;
  created_at: CreatedAt;
  digested_at: Timestamp | null;
}

export interface InboundMailsTable {
  id: Generated<string>;
  dedup_key: string;
  message_id: string | null;
  received_at: Timestamp;
  via: "webhook" | "smtp";
  envelope_from: string | null;
  envelope_to: ColumnType<string[], string[] | undefined, string[]>;
  from_address: string | null;
  from_name: string | null;
  subject: string | null;
  raw: Buffer;
  raw_size: number;
  raw_truncated: Generated<boolean>;
  kind: "message" | "auto_reply" | "bounce" | "loop" | "unreadable";
  outcome: "posted" | "intake" | "recorded" | "bounce_recorded" | "failed";
  matched_by: "token" | "thread" | "subject" | null;
  case_id: string | null;
  user_id: string | null;
  message_ref: string | null;
  full_text: Generated<string>;
  new_text: Generated<string>;
  note: string | null;
  /** What became of each attached file (migration 012). */
  attachments: ColumnType<InboundAttachmentOutcome[], string | undefined, string>;
  /** When the retention sweep emptied this mail, which matched no case (migration 2026-11-29-025). */
  anonymised_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** One file of an inbound mail: saved with the posted message, or refused (with the reason), or kept only in the original. */
export interface InboundAttachmentOutcome {
  name: string;
  size: number;
  outcome: "saved" | "refused" | "not_saved";
  reason?: string;
}

export interface IntakeItemsTable {
  id: Generated<string>;
  inbound_mail_id: string;
  received_at: Timestamp;
  from_address: string;
  from_name: Generated<string>;
  subject: Generated<string>;
  body: Generated<string>;
  reason: string;
  status: Generated<"open" | "case_opened" | "attached" | "discarded">;
  case_id: string | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  discard_reason: string | null;
  created_at: CreatedAt;
}

export interface Database {
  clients: ClientsTable;
  users: UsersTable;
  sessions: SessionsTable;
  sign_in_tokens: SignInTokensTable;
  cases: CasesTable;
  case_deadlines: CaseDeadlinesTable;
  messages: MessagesTable;
  case_events: CaseEventsTable;
  mail_deliveries: MailDeliveriesTable;
  mail_reply_tokens: MailReplyTokensTable;
  clock_settings: ClockSettingsTable;
  clock_closures: ClockClosuresTable;
  framework_profiles: FrameworkProfilesTable;
  clock_setting_changes: ClockSettingChangesTable;
  attachments: AttachmentsTable;
  recovery_codes: RecoveryCodesTable;
  staff_invites: StaffInvitesTable;
  sign_in_challenges: SignInChallengesTable;
  admin_events: AdminEventsTable;
  throttle_counters: ThrottleCountersTable;
  held_filings: HeldFilingsTable;
  notices: NoticesTable;
  inbound_mails: InboundMailsTable;
  intake_items: IntakeItemsTable;
  saved_filters: SavedFiltersTable;
  retention_policies: RetentionPoliciesTable;
  retention_policy_changes: RetentionPolicyChangesTable;
  public_filings: PublicFilingsTable;
  public_filing_files: PublicFilingFilesTable;
}

export type UserRow = Selectable<UsersTable>;
export type CaseRow = Selectable<CasesTable>;
export type NewCase = Insertable<CasesTable>;
export type CaseUpdate = Updateable<CasesTable>;
export type DeadlineRow = Selectable<CaseDeadlinesTable>;
export type MessageRow = Selectable<MessagesTable>;
export type CaseEventRow = Selectable<CaseEventsTable>;
export type MailDeliveryRow = Selectable<MailDeliveriesTable>;
export type AttachmentRow = Selectable<AttachmentsTable>;

// ---- staff accounts (migration 2026-11-29-006-accounts) ----

export interface RecoveryCodesTable {
  id: Generated<string>;
  user_id: string;
  code_hash: string;
  used_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface StaffInvitesTable {
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  totp_secret: string;
  invited_by: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface SignInChallengesTable {
  id: string;
  user_id: string;
  enrol_secret: string | null;
  next: string | null;
  attempts: Generated<number>;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface AdminEventsTable {
  id: Generated<string>;
  type: string;
  actor_id: string | null;
  user_id: string | null;
  client_id: string | null;
  payload: Json<Record<string, unknown>>;
  created_at: Timestamp;
}

// ---- triage (migration 2026-11-29-013-triage) ----

/** A person's named queue view: the query string of /cases (RLS: each user sees their own). */
export interface SavedFiltersTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  query: string;
  created_at: CreatedAt;
}

// ---- retention (migration 2026-11-29-014-retention, ADR 026) ----

export interface RetentionPoliciesTable {
  /** A case outcome, or mail that matched no case (migration 2026-11-29-025, ADR 038). */
  outcome: "resolved" | "withdrawn" | "closed" | "unmatched_mail";
  retain_months: number;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_by: string | null;
}

/** Append-only: each change of one retention item (migration 2026-11-30-029). */
export interface RetentionPolicyChangesTable {
  id: Generated<string>;
  item: RetentionPoliciesTable["outcome"];
  before_months: number;
  after_months: number;
  actor_id: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

// ---- durable public filing (migration 2026-11-29-020-durable-filing, ADR 032) ----

/** A submission of the public form, stored before any work that depends on the address. */
export interface PublicFilingsTable {
  id: Generated<string>;
  reference: string;
  submission_key: string;
  /** The form's address and input until the job has handled it; null afterwards. */
  email: string | null;
  input: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  created_at: Timestamp;
  processed_at: Timestamp | null;
  outcome: "opened" | "held" | "not_opened" | null;
  case_id: string | null;
  held_filing_id: string | null;
}

/** A file sent with the public form, until it is on a case (or with its held filing). */
export interface PublicFilingFilesTable {
  id: Generated<string>;
  filing_id: string;
  held_filing_id: string | null;
  position: number;
  file_name: string;
  content: Buffer;
  created_at: Timestamp;
}
